import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatContentLength, parseContentLength } from "./parse-content-length.js";

function errorCode(value: string): string | undefined {
  const r = parseContentLength(value);
  return r.ok ? undefined : r.error.code;
}

describe("parseContentLength (RFC 9110 §8.6)", () => {
  it("reads 1*DIGIT", () => {
    expect(parseContentLength("0")).toEqual({ ok: true, value: 0 });
    expect(parseContentLength("42")).toEqual({ ok: true, value: 42 });
    expect(parseContentLength("007")).toEqual({ ok: true, value: 7 });
    expect(parseContentLength(" 42\t")).toEqual({ ok: true, value: 42 });
    expect(parseContentLength(String(Number.MAX_SAFE_INTEGER))).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER,
    });
  });

  it("collapses a list of the same value (¶4)", () => {
    expect(parseContentLength("42, 42")).toEqual({ ok: true, value: 42 });
    expect(parseContentLength("42,42 ,\t42")).toEqual({ ok: true, value: 42 });
    expect(parseContentLength("42, 042")).toEqual({ ok: true, value: 42 });
  });

  it("refuses differing list members", () => {
    expect(errorCode("42, 43")).toBe("HW_HEADERS_CONTENT_LENGTH_MISMATCH");
    expect(errorCode("0, 1")).toBe("HW_HEADERS_CONTENT_LENGTH_MISMATCH");
  });

  it.each([
    ["", "empty"],
    ["   ", "only whitespace"],
    ["+42", "plus sign"],
    ["-1", "minus sign"],
    ["4 2", "space inside digits"],
    ["4\t2", "tab inside digits"],
    ["0x2a", "hex"],
    ["2a", "hex digit"],
    ["42.0", "decimal point"],
    ["1e3", "exponent"],
    ["42,", "trailing empty member"],
    [",42", "leading empty member"],
    ["42,,42", "empty member"],
    ["42;x", "parameter"],
    ["٤٢", "non-ASCII digits"],
    ["42\r\n", "CRLF"],
    ["\u00a042", "NBSP is not OWS"],
  ])("rejects %j (%s)", (value) => {
    expect(errorCode(value)).toBe("HW_HEADERS_INVALID_CONTENT_LENGTH");
  });

  it("refuses values beyond Number.MAX_SAFE_INTEGER", () => {
    expect(errorCode("9007199254740992")).toBe("HW_HEADERS_CONTENT_LENGTH_TOO_LARGE");
    expect(errorCode("99999999999999999999999999")).toBe("HW_HEADERS_CONTENT_LENGTH_TOO_LARGE");
    const r = parseContentLength("1, 9007199254740993");
    expect(r.ok || r.error.offset).toBe(3);
  });

  it("errors carry offset and statusHint 400", () => {
    const r = parseContentLength("12x");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.offset).toBe(2);
      expect(r.error.statusHint).toBe(400);
    }
  });

  it("formats and round-trips", () => {
    expect(formatContentLength(0)).toBe("0");
    for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, Infinity]) {
      expect(() => formatContentLength(bad)).toThrow(
        expect.objectContaining({ code: "HW_HEADERS_INVALID_CONTENT_LENGTH" }),
      );
    }
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(parseContentLength(formatContentLength(n))).toEqual({ ok: true, value: n });
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseContentLength(s);
        if (r.ok) expect(Number.isSafeInteger(r.value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
