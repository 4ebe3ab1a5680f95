import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatUpgrade, parseUpgrade } from "./parse-upgrade.js";

const tokenArb = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABC0123456789-."),
  minLength: 1,
  maxLength: 8,
});

describe("parseUpgrade (RFC 9110 §7.8)", () => {
  it("reads protocol names and versions as sent", () => {
    expect(parseUpgrade("HTTP/2.0, SHTTP/1.3, IRC/6.9, RTA/x11")).toEqual({
      ok: true,
      value: [
        { name: "HTTP", version: "2.0" },
        { name: "SHTTP", version: "1.3" },
        { name: "IRC", version: "6.9" },
        { name: "RTA", version: "x11" },
      ],
    });
    expect(parseUpgrade("websocket")).toEqual({
      ok: true,
      value: [{ name: "websocket", version: undefined }],
    });
  });
  it.each(["HTTP/", "HTTP /2", "HTTP/ 2", "/2", "a;b", "a b", "a/b/c"])("rejects %j", (value) => {
    const r = parseUpgrade(value);
    expect(r.ok ? undefined : r.error.code).toBe("HW_HEADERS_INVALID_UPGRADE");
  });
  it("formats and round-trips", () => {
    expect(formatUpgrade(["websocket", { name: "HTTP", version: "2.0" }])).toBe(
      "websocket, HTTP/2.0",
    );
    expect(() => formatUpgrade(["a/b"])).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_UPGRADE" }),
    );
    const protocol = fc.record({
      name: tokenArb,
      version: fc.option(tokenArb, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(protocol, { maxLength: 4 }), (protocols) => {
        expect(parseUpgrade(formatUpgrade(protocols))).toEqual({ ok: true, value: protocols });
      }),
      { numRuns: 200 },
    );
  });
  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseUpgrade(s)),
      { numRuns: 300 },
    );
  });
});
