import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type EntityTag,
  formatETag,
  formatETagList,
  parseETag,
  parseETagList,
  strongCompare,
  weakCompare,
} from "./parse-entity-tag.js";
import { evaluateIfRange, parseIfRange } from "./parse-if-range.js";

const tag = (t: string): EntityTag => {
  const r = parseETag(t);
  if (!r.ok) throw r.error;
  return r.value;
};

describe("parseETag (RFC 9110 §8.8.3)", () => {
  it("reads the RFC examples", () => {
    expect(parseETag('"xyzzy"')).toEqual({ ok: true, value: { weak: false, opaque: "xyzzy" } });
    expect(parseETag('W/"xyzzy"')).toEqual({ ok: true, value: { weak: true, opaque: "xyzzy" } });
    expect(parseETag('""')).toEqual({ ok: true, value: { weak: false, opaque: "" } });
  });

  it("rejects unquoted tags, lower-case w/, DQUOTE and SP inside", () => {
    for (const bad of ["xyzzy", 'w/"x"', '"a"b"', '"a b"', '"a', 'W/ "a"', '"a" "b"', "", '"\x7f"'])
      expect(parseETag(bad)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_ENTITY_TAG" },
      });
  });

  it("round-trips", () => {
    const etagc = fc.oneof(
      fc.integer({ min: 0x21, max: 0x21 }),
      fc.integer({ min: 0x23, max: 0x7e }),
      fc.integer({ min: 0x80, max: 0xff }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(etagc, { maxLength: 16 }), (weak, codes) => {
        const t = { weak, opaque: String.fromCharCode(...codes) };
        expect(parseETag(formatETag(t))).toEqual({ ok: true, value: t });
      }),
      { numRuns: 300 },
    );
  });

  it("formatETag throws for characters outside etagc", () => {
    expect(() => formatETag({ weak: false, opaque: 'a"b' })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_ENTITY_TAG" }),
    );
    expect(() => formatETag({ weak: false, opaque: "€" })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_ENTITY_TAG" }),
    );
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseETag(s);
        parseETagList(s);
        parseIfRange(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe("comparison (RFC 9110 §8.8.3.2, the RFC's table)", () => {
  const table: [string, string, boolean, boolean][] = [
    ['W/"1"', 'W/"1"', false, true],
    ['W/"1"', 'W/"2"', false, false],
    ['W/"1"', '"1"', false, true],
    ['"1"', '"1"', true, true],
  ];
  it.each(table)("%s vs %s: strong %s, weak %s", (a, b, strong, weak) => {
    expect(strongCompare(tag(a), tag(b))).toBe(strong);
    expect(strongCompare(tag(b), tag(a))).toBe(strong);
    expect(weakCompare(tag(a), tag(b))).toBe(weak);
    expect(weakCompare(tag(b), tag(a))).toBe(weak);
  });
});

describe("parseETagList (RFC 9110 §13.1.1, §13.1.2)", () => {
  it("reads the RFC examples", () => {
    expect(parseETagList('"xyzzy"')).toEqual({
      ok: true,
      value: [{ weak: false, opaque: "xyzzy" }],
    });
    expect(
      parseETagList('"xyzzy", "r2d2xxxx", "c3piozzzz"').ok &&
        (parseETagList('"xyzzy", "r2d2xxxx", "c3piozzzz"') as { value: unknown[] }).value.length,
    ).toBe(3);
    expect(parseETagList('W/"xyzzy", W/"r2d2xxxx"')).toEqual({
      ok: true,
      value: [
        { weak: true, opaque: "xyzzy" },
        { weak: true, opaque: "r2d2xxxx" },
      ],
    });
    expect(parseETagList(" * ")).toEqual({ ok: true, value: "*" });
    expect(parseETagList('"a",, "b"').ok).toBe(true);
    expect(parseETagList('"a,b", "c"')).toEqual({
      ok: true,
      value: [
        { weak: false, opaque: "a,b" },
        { weak: false, opaque: "c" },
      ],
    });
  });

  it("rejects * mixed with tags, empty lists and junk", () => {
    for (const bad of ['*, "a"', "", " , ", '"a" x', "a"])
      expect(parseETagList(bad)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_ENTITY_TAG" },
      });
  });

  it("formats", () => {
    expect(formatETagList("*")).toBe("*");
    expect(
      formatETagList([
        { weak: true, opaque: "a" },
        { weak: false, opaque: "b" },
      ]),
    ).toBe('W/"a", "b"');
  });
});

describe("If-Range (RFC 9110 §13.1.5)", () => {
  const lastModified = new Date(Date.UTC(1994, 9, 29, 19, 43, 31));
  it("parses an entity-tag or a date", () => {
    expect(parseIfRange('"xyzzy"')).toEqual({
      ok: true,
      value: { etag: { weak: false, opaque: "xyzzy" } },
    });
    expect(parseIfRange("Sat, 29 Oct 1994 19:43:31 GMT")).toEqual({
      ok: true,
      value: { date: lastModified },
    });
    expect(parseIfRange("yesterday")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_IF_RANGE" },
    });
  });

  it("matches an entity-tag only by strong comparison", () => {
    expect(evaluateIfRange('"v2"', { etag: '"v2"' })).toBe(true);
    expect(evaluateIfRange('W/"v2"', { etag: 'W/"v2"' })).toBe(false);
    expect(evaluateIfRange('"v2"', { etag: 'W/"v2"' })).toBe(false);
    expect(evaluateIfRange('"v1"', { etag: '"v2"' })).toBe(false);
    expect(evaluateIfRange('"v1"', {})).toBe(false);
  });

  it("matches a date only when equal to Last-Modified", () => {
    expect(
      evaluateIfRange("Sat, 29 Oct 1994 19:43:31 GMT", {
        lastModified: lastModified.getTime() + 999,
      }),
    ).toBe(true);
    expect(evaluateIfRange("Sat, 29 Oct 1994 19:43:30 GMT", { lastModified })).toBe(false);
    expect(evaluateIfRange("Sat, 29 Oct 1994 19:43:31 GMT", {})).toBe(false);
    expect(evaluateIfRange("garbage", { lastModified })).toBe(false);
  });
});
