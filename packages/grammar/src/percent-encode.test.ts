import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteClass } from "./byte-classes.js";
import { GrammarErrorCode } from "./errors.js";
import { percentDecode } from "./percent-decode.js";
import { percentEncode } from "./percent-encode.js";

describe("percentEncode (RFC 3986 §2.1)", () => {
  it("keeps unreserved characters by default and encodes the rest as UTF-8", () => {
    expect(percentEncode("café au lait")).toBe("caf%C3%A9%20au%20lait");
    expect(percentEncode("AZaz09-._~")).toBe("AZaz09-._~");
    expect(percentEncode("a/b?c=d&e")).toBe("a%2Fb%3Fc%3Dd%26e");
    expect(percentEncode("😀")).toBe("%F0%9F%98%80");
    expect(percentEncode("")).toBe("");
  });
  it("keeps whatever the mask allows, but always encodes '%'", () => {
    expect(percentEncode("a/b:c@d;e%", ByteClass.PCHAR)).toBe("a%2Fb:c@d;e%25");
    expect(percentEncode("a/b?c=d %", ByteClass.QUERY)).toBe("a/b?c=d%20%25");
  });
  it("throws HW_GRAMMAR_UNENCODABLE for a lone surrogate", () => {
    expect(() => percentEncode("a\ud800b")).toThrow(
      expect.objectContaining({ code: GrammarErrorCode.UNENCODABLE }),
    );
    expect(() => percentEncode("\udc00")).toThrow(
      expect.objectContaining({ code: GrammarErrorCode.UNENCODABLE }),
    );
  });
  it("round trips any well-formed string through percentDecode", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom(ByteClass.UNRESERVED, ByteClass.PCHAR, ByteClass.QUERY, 0),
        (text, keep) => {
          expect(percentDecode(percentEncode(text, keep))).toEqual({ ok: true, value: text });
        },
      ),
      { numRuns: 300 },
    );
  });
});
