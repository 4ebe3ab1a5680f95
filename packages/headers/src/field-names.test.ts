import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FIELD_NAMES_CANONICAL,
  FIELD_NAMES_LOWER,
  findFieldName,
  internFieldName,
  internRawFieldName,
} from "./field-names.js";

const encode = (s: string) => new TextEncoder().encode(s);

describe("field name interning", () => {
  it("has one lowercase and one canonical name per index", () => {
    expect(FIELD_NAMES_LOWER.length).toBe(FIELD_NAMES_CANONICAL.length);
    expect(new Set(FIELD_NAMES_LOWER).size).toBe(FIELD_NAMES_LOWER.length);
    FIELD_NAMES_LOWER.forEach((lower, i) => {
      expect(FIELD_NAMES_CANONICAL[i]!.toLowerCase()).toBe(lower);
    });
    expect(FIELD_NAMES_LOWER).toContain("proxy-connection");
    expect(FIELD_NAMES_LOWER).toContain("x-forwarded-for");
  });

  it("finds every known name in any ASCII casing, within a larger buffer", () => {
    FIELD_NAMES_LOWER.forEach((lower, i) => {
      for (const spelling of [lower, lower.toUpperCase(), FIELD_NAMES_CANONICAL[i]!]) {
        const bytes = encode(`xx${spelling}: v`);
        expect(findFieldName(bytes, 2, 2 + spelling.length)).toBe(i);
      }
    });
  });

  it("returns -1 for unknown names, empty ranges and near misses", () => {
    const bytes = encode("Content-Lengthx X-Unknown Content-Lengt");
    expect(findFieldName(bytes, 0, 15)).toBe(-1);
    expect(findFieldName(bytes, 16, 25)).toBe(-1);
    expect(findFieldName(bytes, 26, 40)).toBe(-1);
    expect(findFieldName(bytes, 3, 3)).toBe(-1);
    expect(findFieldName(encode("a".repeat(200)), 0, 200)).toBe(-1);
  });

  it("folds letters only: bytes that differ by 0x20 outside letters do not match", () => {
    // "-" (0x2d) | 0x20 = "-", but "\r" (0x0d) | 0x20 = "-": must not alias.
    expect(findFieldName(encode("content\rlength"), 0, 14)).toBe(-1);
    expect(findFieldName(encode("CONTENT\u000dLENGTH"), 0, 14)).toBe(-1);
    // "@" (0x40) is "`" (0x60) without 0x20: no folding there either.
    expect(findFieldName(new Uint8Array([0xc5, 0x6b]), 0, 2)).toBe(-1);
  });

  it("interns lowercase strings and keeps unknown ones", () => {
    const built = ["content", "type"].join("-");
    const interned = internFieldName(built);
    expect(interned).toBe("content-type");
    expect(internFieldName("x-mine")).toBe("x-mine");
  });

  it("returns shared raw-name strings for canonical and lowercase spellings", () => {
    const i = findFieldName(encode("Content-Type"), 0, 12);
    expect(internRawFieldName(i, encode("Content-Type"), 0, 12)).toBe(FIELD_NAMES_CANONICAL[i]);
    expect(internRawFieldName(i, encode("content-type"), 0, 12)).toBe(FIELD_NAMES_LOWER[i]);
    expect(internRawFieldName(i, encode("CONTENT-TYPE"), 0, 12)).toBe("CONTENT-TYPE");
  });

  it("internRawFieldName is right for any bytes, whatever findFieldName saw last", () => {
    const canonicalBytes = encode("Content-Type");
    const i = findFieldName(canonicalBytes, 0, 12);
    expect(internRawFieldName(i, encode("CONTENT-TYPE"), 0, 12)).toBe("CONTENT-TYPE");
    const both = encode("content-type Content-Type");
    expect(findFieldName(both, 13, 25)).toBe(i);
    expect(internRawFieldName(i, both, 0, 12)).toBe(FIELD_NAMES_LOWER[i]);
    expect(findFieldName(both, 0, 12)).toBe(i);
    expect(internRawFieldName(i, both, 0, 12)).toBe(FIELD_NAMES_LOWER[i]);
    expect(internRawFieldName(i, both, 13, 25)).toBe(FIELD_NAMES_CANONICAL[i]);
    FIELD_NAMES_LOWER.forEach((lower, index) => {
      const upper = lower.toUpperCase();
      for (const spelling of [lower, upper, FIELD_NAMES_CANONICAL[index]!]) {
        const bytes = encode(`:${spelling}:`);
        expect(findFieldName(bytes, 1, spelling.length + 1)).toBe(index);
        expect(internRawFieldName(index, bytes, 1, spelling.length + 1)).toBe(spelling);
      }
    });
  });

  it("property: findFieldName agrees with a string lookup on arbitrary bytes", () => {
    const index = new Map(FIELD_NAMES_LOWER.map((n, i) => [n, i]));
    const nameish = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(...FIELD_NAMES_LOWER),
          fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
        )
        .map(([n, upper]) => [...n].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("")),
      fc.uint8Array({ maxLength: 20 }).map((b) => String.fromCharCode(...b)),
    );
    fc.assert(
      fc.property(nameish, (text) => {
        const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
        const folded = String.fromCharCode(
          ...bytes.map((b) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b)),
        );
        expect(findFieldName(bytes, 0, bytes.length)).toBe(index.get(folded) ?? -1);
      }),
      { numRuns: 300 },
    );
  });
});
