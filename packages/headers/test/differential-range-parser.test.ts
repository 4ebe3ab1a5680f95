import fc from "fast-check";
import rangeParser from "range-parser";
import { describe, expect, it } from "vitest";
import { parseRange, type RangeOptions } from "../src/parse-range.js";

/**
 * hyperwire's Range parser against `range-parser` (jshttp). With
 * `overlapping: "allow"` (range-parser keeps overlaps) they agree on every
 * valid byte ranges-specifier; `combine` matches range-parser's `combine`.
 * Deliberate differences are asserted at the end and listed in the README.
 */

const theirs = (size: number, value: string, combine = false) => {
  const r = rangeParser(size, value, { combine });
  return typeof r === "number" ? r : r.map(({ start, end }) => ({ start, end }));
};
const ours = (size: number, value: string, options: RangeOptions) => {
  const r = parseRange(value, size, { maxRanges: 1000, ...options });
  if (r.ok) return r.value.ranges;
  if (r.error.code === "HW_HEADERS_UNSATISFIABLE_RANGE") return -1;
  return -2;
};

const spec = fc.oneof(
  fc
    .tuple(fc.nat(300), fc.option(fc.nat(300), { nil: undefined }))
    .map(([a, d]) => (d === undefined ? `${a}-` : `${a}-${a + d}`)),
  fc.nat(300).map((n) => `-${n}`),
);
/** Suffixes longer than the representation are one of the deliberate differences (below). */
const noLongSuffix = (value: string, size: number) =>
  !value
    .slice(value.indexOf("=") + 1)
    .split(",")
    .some((x) => x.trim().startsWith("-") && Number(x.trim().slice(1)) > size);

const rangeValue = fc
  .tuple(
    fc.constantFrom("bytes", "BYTES", "Bytes"),
    fc.array(spec, { minLength: 1, maxLength: 8 }),
    fc.constantFrom(",", ", ", " ,\t"),
  )
  .map(([unit, specs, sep]) => `${unit}=${specs.join(sep)}`);

describe("differential: parseRange vs range-parser", () => {
  it("agrees on generated valid ranges (overlaps allowed)", () => {
    fc.assert(
      fc.property(rangeValue, fc.nat(400), (value, size) => {
        fc.pre(noLongSuffix(value, size));
        expect(ours(size, value, { overlapping: "allow" })).toEqual(theirs(size, value));
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with combine", () => {
    fc.assert(
      fc.property(rangeValue, fc.nat(400), (value, size) => {
        fc.pre(noLongSuffix(value, size));
        // Same merged ranges; their order can differ (see "deliberate differences").
        const sorted = (x: ReturnType<typeof ours>) =>
          typeof x === "number" ? x : [...x].sort((a, b) => a.start - b.start);
        expect(sorted(ours(size, value, { overlapping: "allow", combine: true }))).toEqual(
          sorted(theirs(size, value, true)),
        );
        expect(sorted(ours(size, value, { combine: true }))).toEqual(
          sorted(theirs(size, value, true)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("agrees on hand-picked values", () => {
    for (const [size, value] of [
      [10000, "bytes=0-499"],
      [10000, "bytes=-500"],
      [10000, "bytes=9500-"],
      [10000, "bytes=0-0,-1"],
      [100, "bytes=100-"],
      [100, "bytes=-0"],
      [0, "bytes=0-"],
      [100, "bytes=0-999999999999999"],
    ] as const) {
      expect(ours(size, value, { overlapping: "allow" })).toEqual(theirs(size, value));
    }
  });

  describe("deliberate differences", () => {
    it("an int-range with last-pos < first-pos is invalid (RFC 9110 §14.1.1), not unsatisfiable", () => {
      expect(theirs(100, "bytes=5-4")).toBe(-1);
      expect(theirs(100, "bytes=5-4,0-1")).toEqual([{ start: 0, end: 1 }]);
      expect(parseRange("bytes=5-4", 100)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_RANGE" },
      });
      expect(parseRange("bytes=5-4,0-1", 100)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_RANGE" },
      });
    });

    it("a suffix longer than the representation selects all of it (RFC 9110 §14.1.1)", () => {
      expect(theirs(100, "bytes=-500")).toBe(-1);
      expect(ours(100, "bytes=-500", {})).toEqual([{ start: 0, end: 99 }]);
    });

    it("empty list elements are ignored (RFC 9110 §5.6.1.2)", () => {
      expect(theirs(1000, "bytes=0-1,,5-6")).toBe(-2);
      expect(ours(1000, "bytes=0-1,,5-6", {})).toEqual([
        { start: 0, end: 1 },
        { start: 5, end: 6 },
      ]);
    });

    it("a merged range takes the position of its earliest member", () => {
      // range-parser moves a merged range to its earliest member only when that member extends it.
      expect(theirs(4, "bytes=3-3,0-0,2-3", true)).toEqual([
        { start: 0, end: 0 },
        { start: 2, end: 3 },
      ]);
      expect(ours(4, "bytes=3-3,0-0,2-3", { combine: true })).toEqual([
        { start: 2, end: 3 },
        { start: 0, end: 0 },
      ]);
    });

    it("a range unit other than bytes is not understood (RFC 9110 §14.2)", () => {
      expect(theirs(100, "items=0-1")).toEqual([{ start: 0, end: 1 }]);
      expect(parseRange("items=0-1", 100)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_UNSUPPORTED_RANGE_UNIT" },
      });
    });

    it("whitespace inside a range-spec or around = is invalid (RFC 9110 §14.1.1 grammar)", () => {
      expect(theirs(100, "bytes= 0 - 1")).toEqual([{ start: 0, end: 1 }]);
      expect(parseRange("bytes=0 - 1", 100)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_RANGE" },
      });
      expect(parseRange("bytes = 0-1", 100)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_RANGE" },
      });
    });

    it("overlapping ranges are coalesced by default (RFC 9110 §14.2, §17.15)", () => {
      expect(theirs(100, "bytes=0-10,5-20")).toEqual([
        { start: 0, end: 10 },
        { start: 5, end: 20 },
      ]);
      expect(ours(100, "bytes=0-10,5-20", {})).toEqual([{ start: 0, end: 20 }]);
    });

    it("more than 100 ranges are refused by default (RFC 9110 §14.2)", () => {
      const value = `bytes=${Array.from({ length: 101 }, (_, i) => `${i}-${i}`).join(",")}`;
      expect(theirs(1000, value)).toHaveLength(101);
      expect(parseRange(value, 1000)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_TOO_MANY_RANGES" },
      });
    });
  });
});
