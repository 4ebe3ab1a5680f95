import * as cookie from "cookie";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCookie, parseCookieRecord } from "../src/parse-cookie.js";
import { parseSetCookie } from "../src/parse-set-cookie.js";
import { serializeSetCookie } from "../src/serialize-set-cookie.js";

/**
 * hyperwire's cookie functions against `cookie` v2 (jshttp: parseCookie,
 * stringifySetCookie, parseSetCookie). Values here avoid "%", since `cookie`
 * percent-decodes by default and hyperwire does not (a listed difference).
 */

const tchars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&'*+-.^_`|~";
const name = fc.string({ unit: fc.constantFrom(...tchars), minLength: 1, maxLength: 8 });
const octets = fc.string({
  unit: fc
    .integer({ min: 0x21, max: 0x7e })
    .filter((c) => c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c && c !== 0x25)
    .map((c) => String.fromCharCode(c)),
  maxLength: 10,
});
const value = fc.oneof(
  octets,
  octets.map((v) => `"${v}"`),
);
const ows = fc.constantFrom("", " ", "\t");

describe("differential: cookie parsing vs cookie", () => {
  it("parseCookieRecord agrees with parseCookie (first occurrence wins in both)", () => {
    const header = fc
      .array(fc.tuple(name, value, ows, ows), { maxLength: 8 })
      .map((pairs) => pairs.map(([n, v, a, b]) => `${a}${n}=${v}${b}`).join(";"));
    fc.assert(
      fc.property(header, (h) => {
        expect({ ...parseCookieRecord(h) }).toEqual({ ...cookie.parseCookie(h) });
      }),
      { numRuns: 300 },
    );
  });

  it("agrees on hand-picked headers", () => {
    for (const h of [
      "SID=31d4d96e407aad42; lang=en-US",
      "a=1; a=2",
      'a="x"',
      "a=b=c",
      "a=1;;b=2",
      " a = 1 ; b = 2 ",
    ]) {
      expect({ ...parseCookieRecord(h) }).toEqual({ ...cookie.parseCookie(h) });
    }
  });

  it("Set-Cookie: each serializer's output is read the same way by both parsers", () => {
    const init = fc.record(
      {
        name,
        value: octets,
        expires: fc.integer({ min: 0, max: 253402300799 }).map((s) => new Date(s * 1000)),
        maxAge: fc.integer({ min: 0, max: 2 ** 31 }),
        domain: fc.constantFrom("example.com", "a.b-c.org"),
        path: fc.constantFrom("/", "/a", "/a/b"),
        httpOnly: fc.boolean(),
        secure: fc.boolean(),
        sameSite: fc.constantFrom("strict" as const, "lax" as const),
      },
      { requiredKeys: ["name", "value"] },
    );
    fc.assert(
      fc.property(init, (c) => {
        const ours = serializeSetCookie(c);
        const theirsText = cookie.stringifySetCookie(c);
        for (const line of [ours, theirsText]) {
          const a = parseSetCookie(line);
          const b = cookie.parseSetCookie(line);
          expect(a).not.toBeNull();
          expect({
            name: a?.name,
            value: a?.value,
            expires: a?.expires,
            maxAge: a?.maxAge,
            domain: a?.domain,
            path: a?.path,
            httpOnly: a?.httpOnly,
            secure: a?.secure,
            sameSite: a?.sameSite,
          }).toEqual({
            name: b.name,
            value: b.value,
            expires: b.expires,
            maxAge: b.maxAge,
            domain: b.domain,
            path: b.path,
            httpOnly: b.httpOnly === true,
            secure: b.secure === true,
            sameSite: b.sameSite,
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  describe("deliberate differences", () => {
    it("Cookie values are not percent-decoded (RFC 6265 §4.1.1 defines no encoding)", () => {
      expect(cookie.parseCookie("a=%20x").a).toBe(" x");
      expect(parseCookieRecord("a=%20x").a).toBe("%20x");
    });

    it("a pair with an empty name is skipped (cookie-name = token, RFC 6265 §4.1.1)", () => {
      expect(cookie.parseCookie("=v; a=1")[""]).toBe("v");
      expect(parseCookie("=v; a=1")).toEqual([{ name: "a", value: "1" }]);
    });

    it("Set-Cookie without = or with an empty name is ignored (RFC 6265 §5.2 steps 2 and 5)", () => {
      expect(cookie.parseSetCookie("novalue")).toEqual({ name: "", value: "novalue" });
      expect(parseSetCookie("novalue")).toBeNull();
      expect(cookie.parseSetCookie("=v")).toEqual({ name: "", value: "v" });
      expect(parseSetCookie("=v")).toBeNull();
    });

    it("Domain loses its leading dot and is lower-cased (§5.2.3); a Path not starting with / means the default-path (§5.2.4)", () => {
      const line = "a=b; Domain=.Foo.com; Path=rel";
      expect(cookie.parseSetCookie(line)).toMatchObject({ domain: ".Foo.com", path: "rel" });
      const ours = parseSetCookie(line);
      expect(ours?.domain).toBe("foo.com");
      expect(ours).not.toHaveProperty("path");
    });

    it("Expires is read with the cookie-date algorithm (§5.1.1), not Date.parse", () => {
      expect(cookie.parseSetCookie("a=b; Expires=2021-06-09").expires).toEqual(
        new Date("2021-06-09"),
      );
      expect(parseSetCookie("a=b; Expires=2021-06-09")).not.toHaveProperty("expires");
      const odd = "a=b; Expires=Wed, 09-Jun-2021 10:18:14 UTC+xyz";
      expect(cookie.parseSetCookie(odd).expires).toBeUndefined();
      expect(parseSetCookie(odd)?.expires).toEqual(new Date(Date.UTC(2021, 5, 9, 10, 18, 14)));
    });

    it("serializeSetCookie validates instead of encoding (RFC 6265 §4.1.1 cookie-octet)", () => {
      expect(cookie.stringifySetCookie({ name: "a", value: "x y" })).toBe("a=x%20y");
      expect(() => serializeSetCookie({ name: "a", value: "x y" })).toThrow(
        expect.objectContaining({ code: "HW_HEADERS_INVALID_COOKIE_VALUE" }),
      );
      expect(serializeSetCookie({ name: "a", value: "x y" }, { encode: encodeURIComponent })).toBe(
        "a=x%20y",
      );
    });

    it("SameSite=None and Partitioned require Secure (rfc6265bis, CHIPS)", () => {
      expect(cookie.stringifySetCookie({ name: "a", value: "b", sameSite: "none" })).toBe(
        "a=b; SameSite=None",
      );
      expect(() => serializeSetCookie({ name: "a", value: "b", sameSite: "none" })).toThrow(
        expect.objectContaining({ code: "HW_HEADERS_INVALID_COOKIE_ATTRIBUTE" }),
      );
      expect(cookie.stringifySetCookie({ name: "a", value: "b", partitioned: true })).toBe(
        "a=b; Partitioned",
      );
      expect(() => serializeSetCookie({ name: "a", value: "b", partitioned: true })).toThrow(
        expect.objectContaining({ code: "HW_HEADERS_INVALID_COOKIE_ATTRIBUTE" }),
      );
    });

    it("cookie names must be tokens (RFC 6265 §4.1.1); cookie v2 allows more", () => {
      expect(cookie.stringifySetCookie({ name: "a(b)", value: "c" })).toBe("a(b)=c");
      expect(() => serializeSetCookie({ name: "a(b)", value: "c" })).toThrow(
        expect.objectContaining({ code: "HW_HEADERS_INVALID_COOKIE_NAME" }),
      );
    });
  });
});
