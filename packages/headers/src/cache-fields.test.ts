import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAge, parseAge } from "./parse-age.js";
import { formatExpires, parseExpires } from "./parse-expires.js";
import { parsePragma } from "./parse-pragma.js";
import { formatVary, parseVary } from "./parse-vary.js";

describe("parseExpires (RFC 9111 §5.3)", () => {
  it("reads the RFC example", () => {
    expect(parseExpires("Thu, 01 Dec 1994 16:00:00 GMT")).toEqual({
      date: new Date(Date.UTC(1994, 11, 1, 16)),
      valid: true,
    });
  });

  it("reads an invalid date, especially 0, as already expired", () => {
    expect(parseExpires("0")).toEqual({ date: new Date(0), valid: false });
    expect(parseExpires("-1")).toEqual({ date: new Date(0), valid: false });
    expect(parseExpires("tomorrow")).toEqual({ date: new Date(0), valid: false });
  });

  it("round-trips whole seconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799 }), (s) => {
        expect(parseExpires(formatExpires(s * 1000)).date.getTime()).toBe(s * 1000);
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseAge (RFC 9111 §5.1)", () => {
  it("reads delta-seconds, the first member of a list, and saturates", () => {
    expect(parseAge("60")).toBe(60);
    expect(parseAge(" 60 , 70")).toBe(60);
    expect(parseAge("99999999999")).toBe(2147483648);
  });

  it("ignores an invalid value", () => {
    for (const bad of ["", "-1", "1.5", "abc", ", 5"]) expect(parseAge(bad)).toBeUndefined();
  });

  it("formats", () => {
    expect(formatAge(5)).toBe("5");
    expect(() => formatAge(-1)).toThrow(RangeError);
  });
});

describe("parsePragma (RFC 9111 §5.4)", () => {
  it("finds no-cache among extensions", () => {
    expect(parsePragma("no-cache")).toEqual({ ok: true, value: { noCache: true, extensions: [] } });
    expect(parsePragma('x=1, No-Cache, y="a b"')).toEqual({
      ok: true,
      value: {
        noCache: true,
        extensions: [
          { name: "x", value: "1" },
          { name: "y", value: "a b" },
        ],
      },
    });
    expect(parsePragma("no-cache=1")).toEqual({
      ok: true,
      value: { noCache: false, extensions: [{ name: "no-cache", value: "1" }] },
    });
    expect(parsePragma("a b")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_PRAGMA" },
    });
  });
});

describe("parseVary (RFC 9110 §12.5.5)", () => {
  it("reads names and *", () => {
    expect(parseVary("Accept-Encoding, accept-encoding, Accept-Language")).toEqual({
      ok: true,
      value: ["accept-encoding", "accept-language"],
    });
    expect(parseVary("*")).toEqual({ ok: true, value: "*" });
    expect(parseVary("accept, *")).toEqual({ ok: true, value: "*" });
    expect(parseVary("")).toEqual({ ok: true, value: [] });
    expect(parseVary("a b")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_VARY" },
    });
  });

  it("formats and round-trips", () => {
    expect(formatVary("*")).toBe("*");
    expect(() => formatVary(["a b"])).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_VARY" }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom("accept", "origin", "x-y", "cookie"), { maxLength: 4 }),
        (names) => {
          expect(parseVary(formatVary(names))).toEqual({ ok: true, value: names });
        },
      ),
      { numRuns: 100 },
    );
  });
});
