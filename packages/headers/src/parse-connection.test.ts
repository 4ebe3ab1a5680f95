import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatConnection, parseConnection } from "./parse-connection.js";

const tokenArb = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_."),
  minLength: 1,
  maxLength: 10,
});

describe("parseConnection (RFC 9110 §7.6.1)", () => {
  it("reads lowercase options without duplicates", () => {
    expect(parseConnection("Keep-Alive, Upgrade")).toEqual({
      ok: true,
      value: ["keep-alive", "upgrade"],
    });
    expect(parseConnection("close,CLOSE , ,x-a")).toEqual({ ok: true, value: ["close", "x-a"] });
    expect(parseConnection("")).toEqual({ ok: true, value: [] });
  });
  it.each(["close;x=1", "a b", "a\r\nb", "(close)", "close, \u00e9"])("rejects %j", (value) => {
    const r = parseConnection(value);
    expect(r.ok ? undefined : r.error.code).toBe("HW_HEADERS_INVALID_CONNECTION");
  });
  it("formats and round-trips", () => {
    expect(formatConnection(["close"])).toBe("close");
    expect(() => formatConnection(["a b"])).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CONNECTION" }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(tokenArb, { maxLength: 5 }), (options) => {
        expect(parseConnection(formatConnection(options))).toEqual({ ok: true, value: options });
      }),
      { numRuns: 200 },
    );
  });
  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseConnection(s)),
      { numRuns: 300 },
    );
  });
});
