import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isToken } from "./byte-classes.js";
import { GrammarErrorCode } from "./errors.js";
import { formatQuotedString, formatTokenOrQuotedString } from "./format-quoted-string.js";
import { parseQuotedString } from "./parse-quoted-string.js";

/** Latin-1 text without CTLs (HTAB allowed): everything a quoted-string can carry. */
const quotable = fc.string({
  unit: fc
    .integer({ min: 0x09, max: 0xff })
    .filter((c) => c === 0x09 || (c >= 0x20 && c !== 0x7f))
    .map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

describe("formatQuotedString (RFC 9110 §5.6.4)", () => {
  it("always quotes and escapes only DQUOTE and backslash", () => {
    expect(formatQuotedString("utf-8")).toBe('"utf-8"');
    expect(formatQuotedString('say "hi"')).toBe('"say \\"hi\\""');
    expect(formatQuotedString("a\\b")).toBe('"a\\\\b"');
    expect(formatQuotedString("")).toBe('""');
    expect(formatQuotedString("\tcaf\u00e9")).toBe('"\tcaf\u00e9"');
  });
  it("throws HW_GRAMMAR_UNQUOTABLE for CTLs and characters above U+00FF", () => {
    for (const bad of ["a\r\nb", "\n", "\0", "\x7f", "\u0100", "\u{1f600}"]) {
      expect(() => formatQuotedString(bad)).toThrow(
        expect.objectContaining({ code: GrammarErrorCode.UNQUOTABLE }),
      );
    }
  });
});

describe("formatTokenOrQuotedString", () => {
  it("leaves tokens bare and quotes the rest", () => {
    expect(formatTokenOrQuotedString("utf-8")).toBe("utf-8");
    expect(formatTokenOrQuotedString("a b")).toBe('"a b"');
    expect(formatTokenOrQuotedString("a,b")).toBe('"a,b"');
    expect(formatTokenOrQuotedString("")).toBe('""');
  });
  it("throws HW_GRAMMAR_UNQUOTABLE for a CR", () => {
    expect(() => formatTokenOrQuotedString("\r")).toThrow(
      expect.objectContaining({ code: GrammarErrorCode.UNQUOTABLE }),
    );
  });
  it("round trips any Latin-1 string without CTLs through token or parseQuotedString", () => {
    fc.assert(
      fc.property(quotable, (value) => {
        const wire = formatTokenOrQuotedString(value);
        if (wire.charCodeAt(0) === 0x22) {
          expect(parseQuotedString(wire, 0)).toEqual({ value, end: wire.length });
        } else {
          expect(isToken(wire)).toBe(true);
          expect(wire).toBe(value);
        }
      }),
      { numRuns: 300 },
    );
  });
});
