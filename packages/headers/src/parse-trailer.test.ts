import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTrailer, parseTrailer } from "./parse-trailer.js";

const tokenArb = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"),
  minLength: 1,
  maxLength: 10,
});

describe("parseTrailer (RFC 9110 §6.6.2)", () => {
  it("reads lowercase field names", () => {
    expect(parseTrailer("Content-Digest, Server-Timing, content-digest")).toEqual({
      ok: true,
      value: ["content-digest", "server-timing"],
    });
    expect(parseTrailer(" ")).toEqual({ ok: true, value: [] });
  });
  it.each(["Expires:", "a;b=c", "a b", "X\nY"])("rejects %j", (value) => {
    const r = parseTrailer(value);
    expect(r.ok ? undefined : r.error.code).toBe("HW_HEADERS_INVALID_TRAILER");
  });
  it("formats and round-trips", () => {
    expect(() => formatTrailer(["A:B"])).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_TRAILER" }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(tokenArb, { maxLength: 5 }), (names) => {
        expect(parseTrailer(formatTrailer(names))).toEqual({ ok: true, value: names });
      }),
      { numRuns: 200 },
    );
  });
  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseTrailer(s)),
      { numRuns: 300 },
    );
  });
});
