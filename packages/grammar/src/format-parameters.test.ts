import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GrammarErrorCode } from "./errors.js";
import { formatParameters } from "./format-parameters.js";
import { parseParameters } from "./parse-parameters.js";

describe("formatParameters (RFC 9110 §5.6.6)", () => {
  it("writes ;name=value, quoting values that are not tokens", () => {
    expect(formatParameters({ charset: "utf-8", title: "a b" })).toBe(';charset=utf-8;title="a b"');
    expect(formatParameters([{ name: "q", value: "0.5" }])).toBe(";q=0.5");
    expect(formatParameters({ x: "" })).toBe(';x=""');
    expect(formatParameters({ x: 'a"b' })).toBe(';x="a\\"b"');
    expect(formatParameters([])).toBe("");
  });
  it("accepts any iterable of parameters", () => {
    const params = new Set([{ name: "a", value: "1" }]);
    expect(formatParameters(params)).toBe(";a=1");
  });
  it("throws HW_GRAMMAR_INVALID_PARAMETER for a name that is not a token", () => {
    expect(() => formatParameters({ "a b": "1" })).toThrow(
      expect.objectContaining({ code: GrammarErrorCode.INVALID_PARAMETER }),
    );
    expect(() => formatParameters({ "": "1" })).toThrow(
      expect.objectContaining({ code: GrammarErrorCode.INVALID_PARAMETER }),
    );
  });
  it("throws HW_GRAMMAR_UNQUOTABLE for a value with CR LF", () => {
    expect(() => formatParameters({ a: "x\r\nSet-Cookie: y" })).toThrow(
      expect.objectContaining({ code: GrammarErrorCode.UNQUOTABLE }),
    );
  });
  it("round trips through parseParameters", () => {
    const name = fc.stringMatching(/^[a-z0-9!#$%&'*+.^_`|~-]{1,8}$/);
    const value = fc.string({
      unit: fc
        .integer({ min: 0x20, max: 0xff })
        .filter((c) => c !== 0x7f)
        .map((c) => String.fromCharCode(c)),
      maxLength: 20,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ name, value }), { selector: (p) => p.name }),
        (params) => {
          const wire = formatParameters(params);
          expect(parseParameters(wire, 0)).toEqual({
            ok: true,
            value: { parameters: params, end: wire.length },
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
