import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAcceptRanges, parseAcceptRanges } from "./parse-accept-ranges.js";
import { formatContentRange, parseContentRange } from "./parse-content-range.js";
import { type ByteRangeSpec, formatRange, parseRange, parseRangeSpecifier } from "./parse-range.js";

const ranges = (value: string, size: number, options?: Parameters<typeof parseRange>[2]) => {
  const r = parseRange(value, size, options);
  return r.ok ? r.value.ranges.map(({ start, end }) => [start, end]) : r.error.code;
};

describe("parseRange (RFC 9110 §14.1.2 examples, length 10000)", () => {
  it("reads the examples", () => {
    expect(ranges("bytes=0-499", 10000)).toEqual([[0, 499]]);
    expect(ranges("bytes=500-999", 10000)).toEqual([[500, 999]]);
    expect(ranges("bytes=-500", 10000)).toEqual([[9500, 9999]]);
    expect(ranges("bytes=9500-", 10000)).toEqual([[9500, 9999]]);
    expect(ranges("bytes=0-0,-1", 10000)).toEqual([
      [0, 0],
      [9999, 9999],
    ]);
    expect(ranges("bytes= 0-999, 4500-5499, -1000", 10000)).toEqual([
      [0, 999],
      [4500, 5499],
      [9000, 9999],
    ]);
    expect(ranges("bytes=500-600,601-999", 10000)).toEqual([
      [500, 600],
      [601, 999],
    ]);
    expect(ranges("bytes=500-700,601-999", 10000)).toEqual([[500, 999]]);
  });

  it("clamps last-pos and long suffixes to the representation (§14.1.1)", () => {
    expect(ranges("bytes=0-99999", 100)).toEqual([[0, 99]]);
    expect(ranges("bytes=-500", 100)).toEqual([[0, 99]]);
  });

  it("is unsatisfiable when no range starts inside the representation", () => {
    expect(ranges("bytes=100-", 100)).toBe("HW_HEADERS_UNSATISFIABLE_RANGE");
    expect(ranges("bytes=-0", 100)).toBe("HW_HEADERS_UNSATISFIABLE_RANGE");
    expect(ranges("bytes=0-1", 0)).toBe("HW_HEADERS_UNSATISFIABLE_RANGE");
    const r = parseRange("bytes=200-300", 100);
    expect(!r.ok && r.error.statusHint).toBe(416);
    expect(ranges("bytes=200-300, 5-6", 100)).toEqual([[5, 6]]);
  });

  it("rejects invalid specifiers and unknown units", () => {
    for (const bad of [
      "bytes=",
      "bytes=a-b",
      "bytes=5-4",
      "bytes=1-2-3",
      "bytes 0-1",
      "=0-1",
      "bytes=0 -1",
      "bytes=--1",
      "bytes=0-1;x",
    ])
      expect(ranges(bad, 100)).toBe("HW_HEADERS_INVALID_RANGE");
    expect(ranges("items=0-1", 100)).toBe("HW_HEADERS_UNSUPPORTED_RANGE_UNIT");
    expect(ranges("Bytes=0-1", 100)).toEqual([[0, 1]]);
  });

  it("limits the number of ranges (default 100)", () => {
    const many = `bytes=${Array.from({ length: 101 }, (_, i) => `${i * 2}-${i * 2}`).join(",")}`;
    expect(ranges(many, 1000)).toBe("HW_HEADERS_TOO_MANY_RANGES");
    expect(ranges(many, 1000, { maxRanges: 200 })).toHaveLength(101);
    expect(ranges("bytes=0-1,2-3", 10, { maxRanges: 1 })).toBe("HW_HEADERS_TOO_MANY_RANGES");
  });

  it("overlap policy: coalesce (default), reject, allow; combine merges adjacent ones too", () => {
    const value = "bytes=0-10, 5-20, 30-40, 41-50, 0-0";
    expect(ranges(value, 100)).toEqual([
      [0, 20],
      [30, 40],
      [41, 50],
    ]);
    expect(ranges(value, 100, { overlapping: "reject" })).toBe("HW_HEADERS_OVERLAPPING_RANGES");
    expect(ranges(value, 100, { overlapping: "allow" })).toEqual([
      [0, 10],
      [5, 20],
      [30, 40],
      [41, 50],
      [0, 0],
    ]);
    expect(ranges(value, 100, { combine: true })).toEqual([
      [0, 20],
      [30, 50],
    ]);
    expect(ranges("bytes=50-60, 0-10, 55-70", 100)).toEqual([
      [50, 70],
      [0, 10],
    ]);
  });

  it("coalesced ranges never add up to more than the representation", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(200), fc.nat(200)), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 150 }),
        (pairs, size) => {
          const value = `bytes=${pairs.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`).join(",")}`;
          const r = parseRange(value, size);
          if (!r.ok) return;
          const total = r.value.ranges.reduce((n, x) => n + x.end - x.start + 1, 0);
          expect(total).toBeLessThanOrEqual(size);
          for (const x of r.value.ranges) expect(x.start <= x.end && x.end < size).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (s, n) => void parseRange(s, n)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."bytes=0123456789-, ") }),
        (s) => void parseRange(s, 50),
      ),
      {
        numRuns: 300,
      },
    );
  });

  it("round-trips specs through formatRange", () => {
    const spec: fc.Arbitrary<ByteRangeSpec> = fc.oneof(
      fc.record({ kind: fc.constant("suffix" as const), length: fc.nat() }),
      fc.tuple(fc.nat(), fc.option(fc.nat(), { nil: undefined })).map(([first, d]) => ({
        kind: "int" as const,
        first,
        last: d === undefined ? undefined : first + d,
      })),
    );
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 10 }), (specs) => {
        expect(parseRangeSpecifier(formatRange(specs))).toEqual({
          ok: true,
          value: { unit: "bytes", specs },
        });
      }),
      { numRuns: 300 },
    );
    expect(() => formatRange([])).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_RANGE" }),
    );
  });
});

describe("Content-Range (RFC 9110 §14.4)", () => {
  it("reads the RFC examples", () => {
    expect(parseContentRange("bytes 42-1233/1234")).toEqual({
      ok: true,
      value: { unit: "bytes", start: 42, end: 1233, size: 1234 },
    });
    expect(parseContentRange("bytes 42-1233/*")).toEqual({
      ok: true,
      value: { unit: "bytes", start: 42, end: 1233, size: undefined },
    });
    expect(parseContentRange("bytes */1234")).toEqual({
      ok: true,
      value: { unit: "bytes", unsatisfied: true, size: 1234 },
    });
  });

  it("rejects the invalid combinations of §14.4", () => {
    for (const bad of [
      "bytes 5-4/10",
      "bytes 0-9/9",
      "bytes 0-9/5",
      "bytes 0-9",
      "bytes=0-9/10",
      "bytes */*",
      "bytes  0-9/10",
      "bytes 0-9/10x",
    ])
      expect(parseContentRange(bad)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_CONTENT_RANGE" },
      });
  });

  it("formats and round-trips", () => {
    expect(formatContentRange({ start: 0, end: 499, size: 1234 })).toBe("bytes 0-499/1234");
    expect(formatContentRange({ unsatisfied: true, size: 1234 })).toBe("bytes */1234");
    expect(() => formatContentRange({ start: 5, end: 4, size: 10 })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CONTENT_RANGE" }),
    );
    expect(() => formatContentRange({ start: 0, end: 9, size: 9 })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CONTENT_RANGE" }),
    );
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        (start, len, extra) => {
          const end = start + len;
          const value = {
            unit: "bytes",
            start,
            end,
            size: extra === undefined ? undefined : end + extra,
          };
          expect(parseContentRange(formatContentRange(value))).toEqual({ ok: true, value });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("Accept-Ranges (RFC 9110 §14.3)", () => {
  it("parses and formats", () => {
    expect(parseAcceptRanges("bytes")).toEqual({ ok: true, value: ["bytes"] });
    expect(parseAcceptRanges("None")).toEqual({ ok: true, value: ["none"] });
    expect(parseAcceptRanges("")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_ACCEPT_RANGES" },
    });
    expect(parseAcceptRanges("by tes")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_ACCEPT_RANGES" },
    });
    expect(formatAcceptRanges(["bytes"])).toBe("bytes");
    expect(() => formatAcceptRanges([])).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_ACCEPT_RANGES" }),
    );
  });
});
