import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiLower } from "./ascii-lower.js";

describe("asciiLower", () => {
  it("returns the same string when nothing needs folding", () => {
    const s = "content-type";
    expect(asciiLower(s)).toBe(s);
  });
  it("folds A-Z only", () => {
    expect(asciiLower("Content-TYPE")).toBe("content-type");
    expect(asciiLower("\u212Aeep-Alive")).toBe("\u212Aeep-alive");
    expect(asciiLower("\u00C9A")).toBe("\u00C9a");
    expect(asciiLower("ΣA")).toBe("Σa");
  });
  it("property: equals toLowerCase on ASCII and never changes non-ASCII chars", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const out = asciiLower(s);
        expect(out.length).toBe(s.length);
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          expect(out.charCodeAt(i)).toBe(c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
        }
      }),
      { numRuns: 300 },
    );
  });
});
