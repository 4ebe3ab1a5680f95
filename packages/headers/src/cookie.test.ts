import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCookie, parseCookie, parseCookieRecord } from "./parse-cookie.js";
import { parseCookieDate } from "./parse-cookie-date.js";
import { parseSetCookie } from "./parse-set-cookie.js";
import { isCookieValue, type SetCookieInit, serializeSetCookie } from "./serialize-set-cookie.js";

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return "no error";
};

const tokenChar = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~",
);
const cookieName = fc.string({ unit: tokenChar, minLength: 1, maxLength: 10 });
const cookieOctets = fc.string({
  unit: fc
    .integer({ min: 0x21, max: 0x7e })
    .filter((c) => c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c)
    .map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
const cookieValue = fc.oneof(
  cookieOctets,
  cookieOctets.map((v) => `"${v}"`),
);

describe("parseCookie (RFC 6265 §4.2.1)", () => {
  it("reads the RFC example in order", () => {
    expect(parseCookie("SID=31d4d96e407aad42; lang=en-US")).toEqual([
      { name: "SID", value: "31d4d96e407aad42" },
      { name: "lang", value: "en-US" },
    ]);
  });

  it("keeps duplicates in order; the record keeps the first", () => {
    expect(parseCookie("a=1; a=2")).toEqual([
      { name: "a", value: "1" },
      { name: "a", value: "2" },
    ]);
    expect({ ...parseCookieRecord("a=1; b=2; a=3") }).toEqual({ a: "1", b: "2" });
    expect(Object.entries(parseCookieRecord("__proto__=x; constructor=y"))).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
  });

  it("is lenient: no decoding, quotes kept, junk skipped", () => {
    expect(parseCookie(' a = %20x ;b="q"; junk; =v;c=d=e;;')).toEqual([
      { name: "a", value: "%20x" },
      { name: "b", value: '"q"' },
      { name: "c", value: "d=e" },
    ]);
    expect(parseCookie("")).toEqual([]);
  });

  it("round-trips with formatCookie and never throws", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: cookieName, value: cookieValue }), { maxLength: 6 }),
        (pairs) => {
          expect(parseCookie(formatCookie(pairs))).toEqual(pairs);
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => void parseCookie(s)),
      { numRuns: 300 },
    );
    expect(code(() => formatCookie([{ name: "a b", value: "1" }]))).toBe(
      "HW_HEADERS_INVALID_COOKIE_NAME",
    );
    expect(code(() => formatCookie([{ name: "a", value: "1;2" }]))).toBe(
      "HW_HEADERS_INVALID_COOKIE_VALUE",
    );
  });
});

describe("serializeSetCookie (RFC 6265 §4.1)", () => {
  it("writes every attribute", () => {
    expect(
      serializeSetCookie({
        name: "SID",
        value: "31d4d96e407aad42",
        expires: new Date(Date.UTC(2021, 5, 9, 10, 18, 14)),
        maxAge: 3600,
        domain: "example.com",
        path: "/",
        secure: true,
        httpOnly: true,
        sameSite: "lax",
        partitioned: true,
      }),
    ).toBe(
      "SID=31d4d96e407aad42; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=3600; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax; Partitioned",
    );
    expect(serializeSetCookie({ name: "a", value: '"quoted"' })).toBe('a="quoted"');
    expect(serializeSetCookie({ name: "a", value: "", maxAge: 0 })).toBe("a=; Max-Age=0");
  });

  it("validates names, values and attributes with exact codes", () => {
    expect(code(() => serializeSetCookie({ name: "a;b", value: "x" }))).toBe(
      "HW_HEADERS_INVALID_COOKIE_NAME",
    );
    expect(code(() => serializeSetCookie({ name: "", value: "x" }))).toBe(
      "HW_HEADERS_INVALID_COOKIE_NAME",
    );
    for (const v of ["a b", "a;b", "a,b", 'a"b', "a\\b", "é", '"a', "\n"])
      expect(code(() => serializeSetCookie({ name: "a", value: v }))).toBe(
        "HW_HEADERS_INVALID_COOKIE_VALUE",
      );
    const attr: Partial<SetCookieInit>[] = [
      { domain: "exa mple.com" },
      { domain: "-bad.com" },
      { path: "/a;b" },
      { path: "/\u00e9" },
      { maxAge: 1.5 },
      { expires: new Date(Number.NaN) },
      { expires: new Date(Date.UTC(1600, 0, 1)) },
      { sameSite: "None" },
      { sameSite: "sometimes" as "lax" },
      { partitioned: true },
    ];
    for (const a of attr)
      expect(code(() => serializeSetCookie({ name: "a", value: "b", ...a }))).toBe(
        "HW_HEADERS_INVALID_COOKIE_ATTRIBUTE",
      );
    expect(serializeSetCookie({ name: "a", value: "b", sameSite: "None", secure: true })).toBe(
      "a=b; Secure; SameSite=None",
    );
    expect(serializeSetCookie({ name: "a", value: "b", domain: ".Example.COM" })).toBe(
      "a=b; Domain=.Example.COM",
    );
  });

  it("enforces the __Secure- and __Host- prefixes", () => {
    expect(code(() => serializeSetCookie({ name: "__Secure-a", value: "b" }))).toBe(
      "HW_HEADERS_INVALID_COOKIE_ATTRIBUTE",
    );
    expect(code(() => serializeSetCookie({ name: "__Host-a", value: "b", secure: true }))).toBe(
      "HW_HEADERS_INVALID_COOKIE_ATTRIBUTE",
    );
    expect(
      code(() =>
        serializeSetCookie({
          name: "__Host-a",
          value: "b",
          secure: true,
          path: "/",
          domain: "a.com",
        }),
      ),
    ).toBe("HW_HEADERS_INVALID_COOKIE_ATTRIBUTE");
    expect(serializeSetCookie({ name: "__Host-a", value: "b", secure: true, path: "/" })).toBe(
      "__Host-a=b; Path=/; Secure",
    );
  });

  it("encodes through options.encode and validates the result", () => {
    expect(serializeSetCookie({ name: "a", value: "x y" }, { encode: encodeURIComponent })).toBe(
      "a=x%20y",
    );
    expect(code(() => serializeSetCookie({ name: "a", value: "x" }, { encode: () => "x y" }))).toBe(
      "HW_HEADERS_INVALID_COOKIE_VALUE",
    );
  });

  it("round-trips through parseSetCookie", () => {
    const init = fc.record(
      {
        name: cookieName,
        value: cookieValue,
        expires: fc
          .integer({ min: -11644473600, max: 253402300799 })
          .map((s) => new Date(s * 1000)),
        maxAge: fc.integer({ min: -10, max: 2 ** 40 }),
        domain: fc.constantFrom("example.com", "a.b-c.org", "localhost"),
        path: fc.constantFrom("/", "/a", "/a/b c", "/x=y"),
        httpOnly: fc.boolean(),
        sameSite: fc.constantFrom("strict" as const, "lax" as const),
      },
      { requiredKeys: ["name", "value"] },
    );
    fc.assert(
      fc.property(init, fc.boolean(), (c, secure) => {
        const parsed = parseSetCookie(serializeSetCookie({ ...c, secure }));
        expect(parsed).toEqual({
          name: c.name,
          value: c.value,
          ...(c.expires !== undefined && { expires: c.expires }),
          ...(c.maxAge !== undefined && { maxAge: c.maxAge }),
          ...(c.domain !== undefined && { domain: c.domain }),
          ...(c.path !== undefined && { path: c.path }),
          ...(c.sameSite !== undefined && { sameSite: c.sameSite }),
          secure,
          httpOnly: c.httpOnly === true,
          partitioned: false,
          extensions: [],
        });
      }),
      { numRuns: 300 },
    );
  });

  it("isCookieValue follows cookie-octet", () => {
    expect(isCookieValue("")).toBe(true);
    expect(isCookieValue('""')).toBe(true);
    expect(isCookieValue('"')).toBe(false);
  });
});

describe("parseSetCookie (RFC 6265 §5.2, user-agent algorithm)", () => {
  it("reads the RFC 6265 §3.1 examples", () => {
    expect(parseSetCookie("SID=31d4d96e407aad42; Path=/; Domain=example.com")).toMatchObject({
      name: "SID",
      value: "31d4d96e407aad42",
      path: "/",
      domain: "example.com",
    });
    expect(parseSetCookie("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly")).toMatchObject({
      secure: true,
      httpOnly: true,
    });
    expect(parseSetCookie("lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT")).toMatchObject({
      expires: new Date(Date.UTC(2021, 5, 9, 10, 18, 14)),
    });
    expect(parseSetCookie("lang=; Expires=Sun, 06 Nov 1994 08:49:37 GMT")).toMatchObject({
      value: "",
    });
  });

  it("ignores lines without = or with an empty name (§5.2 steps 2 and 5)", () => {
    expect(parseSetCookie("novalue")).toBeNull();
    expect(parseSetCookie("=value")).toBeNull();
    expect(parseSetCookie("  = value; Path=/")).toBeNull();
    expect(parseSetCookie("")).toBeNull();
  });

  it("trims WSP, splits at the first =, keeps quotes", () => {
    expect(parseSetCookie(" a = b=c ;x")).toMatchObject({
      name: "a",
      value: "b=c",
      extensions: [{ name: "x", value: "" }],
    });
    expect(parseSetCookie('a="b c"')).toMatchObject({ value: '"b c"' });
  });

  it("applies §5.2.1–§5.2.6; the last attribute wins", () => {
    const c = parseSetCookie(
      "a=b; max-age=10; MAX-AGE=x; Max-Age=-5; domain=.Foo.COM; Domain=; path=/p; Path=rel; expires=nonsense; secure=no; HTTPONLY; SameSite=LAX; samesite=bogus; Partitioned; Priority=High",
    );
    expect(c).toEqual({
      name: "a",
      value: "b",
      maxAge: -5,
      domain: "foo.com",
      secure: true,
      httpOnly: true,
      partitioned: true,
      extensions: [{ name: "Priority", value: "High" }],
    });
    expect(parseSetCookie("a=b; Path=/x; Path=/y")).toMatchObject({ path: "/y" });
    expect(parseSetCookie("a=b; Max-Age=1e3")).not.toHaveProperty("maxAge");
    expect(parseSetCookie("a=b; SameSite=None")).toMatchObject({ sameSite: "none" });
  });

  it("matches attribute names whole and reads Max-Age exactly (§5.2, §5.2.2)", () => {
    expect(parseSetCookie("a=b; Secure x; Securex; Path; SameSite = Strict ")).toEqual({
      name: "a",
      value: "b",
      sameSite: "strict",
      secure: false,
      httpOnly: false,
      partitioned: false,
      extensions: [
        { name: "Secure x", value: "" },
        { name: "Securex", value: "" },
      ],
    });
    const maxAge = (v: string) => parseSetCookie(`a=b; Max-Age=${v}`)?.maxAge;
    expect(Object.is(maxAge("-0"), -0)).toBe(true);
    expect(maxAge("007")).toBe(7);
    expect(maxAge("999999999999999")).toBe(999999999999999);
    expect(maxAge("12345678901234567890")).toBe(Number.MAX_SAFE_INTEGER);
    expect(maxAge("-12345678901234567890")).toBe(Number.MIN_SAFE_INTEGER);
    for (const bad of ["", "-", "+5", "5 5", "0x10"]) expect(maxAge(bad)).toBeUndefined();
    expect(parseSetCookie("a=b; EXPIRES=Wed, 09 JUN 2021 10:18:14 GMT")?.expires).toEqual(
      new Date(Date.UTC(2021, 5, 9, 10, 18, 14)),
    );
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseSetCookie(s)),
      { numRuns: 300 },
    );
  });
});

describe("parseCookieDate (RFC 6265 §5.1.1)", () => {
  const d = (y: number, m: number, day: number, h = 0, min = 0, s = 0) =>
    new Date(Date.UTC(y, m, day, h, min, s));
  it("reads the forms user agents meet", () => {
    expect(parseCookieDate("Wed, 09 Jun 2021 10:18:14 GMT")).toEqual(d(2021, 5, 9, 10, 18, 14));
    expect(parseCookieDate("Wednesday, 09-Jun-21 10:18:14 GMT")).toEqual(d(2021, 5, 9, 10, 18, 14));
    expect(parseCookieDate("Wed Jun  9 10:18:14 2021")).toEqual(d(2021, 5, 9, 10, 18, 14));
    expect(parseCookieDate("09 June 1970 1:2:3")).toEqual(d(1970, 5, 9, 1, 2, 3));
    expect(parseCookieDate("1 jan 69 00:00:00")).toEqual(d(2069, 0, 1));
    expect(parseCookieDate("1 jan 70 00:00:00")).toEqual(d(1970, 0, 1));
  });

  it("fails as §5.1.1 says", () => {
    for (const bad of [
      "",
      "Wed, 09 Jun 2021",
      "09 Jun 2021 24:00:00",
      "32 Jun 2021 10:00:00",
      "31 Feb 2021 10:00:00",
      "09 Jun 1600 10:00:00",
      "09 Foo 2021 10:00:00",
      "09 Jun 12345 10:00:00",
    ])
      expect(parseCookieDate(bad)).toBeUndefined();
  });

  it("knows the calendar: leap years and month lengths", () => {
    expect(parseCookieDate("Thu, 29 Feb 2024 23:59:59 GMT")).toEqual(d(2024, 1, 29, 23, 59, 59));
    expect(parseCookieDate("Tue, 29 Feb 2000 00:00:00 GMT")).toEqual(d(2000, 1, 29));
    expect(parseCookieDate("Mon, 01 Jan 1601 00:00:00 GMT")).toEqual(d(1601, 0, 1));
    expect(parseCookieDate("Fri, 31 Dec 9999 23:59:59 GMT")).toEqual(d(9999, 11, 31, 23, 59, 59));
    for (const bad of [
      "Thu, 29 Feb 2023 00:00:00 GMT",
      "Thu, 29 Feb 1900 00:00:00 GMT",
      "Thu, 31 Apr 2023 00:00:00 GMT",
    ])
      expect(parseCookieDate(bad)).toBeUndefined();
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseCookieDate(s)),
      { numRuns: 300 },
    );
  });
});
