import { isHyperwireError } from "@hyperwire/grammar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CookieJar } from "./cookie-jar.js";

const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

describe("CookieJar: RFC 6265 §3.1 examples", () => {
  it("a plain cookie comes back on the next request", () => {
    const jar = new CookieJar();
    jar.setCookie("SID=31d4d96e407aad42", "https://example.com/", NOW);
    expect(jar.getCookieHeader("https://example.com/", NOW)).toBe("SID=31d4d96e407aad42");
  });

  it("Secure/HttpOnly and Domain cookies: Cookie: SID=…; lang=en-US", () => {
    const jar = new CookieJar();
    jar.setCookie("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly", "https://example.com/", NOW);
    jar.setCookie("lang=en-US; Path=/; Domain=example.com", "https://example.com/", NOW);
    expect(jar.getCookieHeader("https://example.com/", NOW)).toBe(
      "SID=31d4d96e407aad42; lang=en-US",
    );
    // The Domain cookie reaches subdomains; the host-only Secure one does not, nor plain http.
    expect(jar.getCookieHeader("https://www.example.com/", NOW)).toBe("lang=en-US");
    expect(jar.getCookieHeader("http://example.com/", NOW)).toBe("lang=en-US");
  });

  it("an Expires in the past removes the cookie", () => {
    const jar = new CookieJar();
    const t = Date.UTC(2021, 5, 1);
    jar.setCookie("SID=31d4d96e407aad42; Path=/; Domain=example.com", "https://example.com/", t);
    jar.setCookie("lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT", "https://example.com/", t);
    expect(jar.getCookieHeader("https://example.com/", t)).toBe("SID=31d4d96e407aad42; lang=en-US");
    const outcome = jar.setCookie(
      "lang=; Expires=Sun, 06 Nov 1994 08:49:37 GMT",
      "https://example.com/",
      t,
    );
    expect(outcome).toEqual({ stored: false, reason: "expired", removed: true });
    expect(jar.getCookieHeader("https://example.com/", t)).toBe("SID=31d4d96e407aad42");
    // And the persistent cookie expires on its own at the stated time.
    const jar2 = new CookieJar();
    jar2.setCookie("lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT", "https://example.com/", t);
    expect(jar2.getCookieHeader("https://example.com/", Date.UTC(2021, 5, 9, 10, 18, 13))).toBe(
      "lang=en-US",
    );
    expect(jar2.getCookieHeader("https://example.com/", Date.UTC(2021, 5, 9, 10, 18, 14))).toBe("");
  });
});

describe("CookieJar: domain (RFC 6265 §5.3 steps 4–6)", () => {
  it("makes cookies without Domain host-only", () => {
    const jar = new CookieJar();
    const r = jar.setCookie("a=1", "https://www.example.com/", NOW);
    expect(r.stored && r.cookie.hostOnly).toBe(true);
    expect(jar.getCookieHeader("https://sub.www.example.com/", NOW)).toBe("");
    expect(jar.getCookieHeader("https://WWW.EXAMPLE.COM/", NOW)).toBe("a=1");
  });

  it("accepts a leading dot and upper case in Domain", () => {
    const jar = new CookieJar();
    const r = jar.setCookie("a=1; Domain=.Example.COM", "https://www.example.com/", NOW);
    expect(r.stored && r.cookie).toMatchObject({ domain: "example.com", hostOnly: false });
  });

  it("refuses a Domain the request host does not domain-match", () => {
    const jar = new CookieJar();
    expect(jar.setCookie("a=1; Domain=other.com", "https://example.com/", NOW)).toMatchObject({
      stored: false,
      reason: "domain-mismatch",
    });
    expect(jar.setCookie("a=1; Domain=www.example.com", "https://example.com/", NOW)).toMatchObject(
      {
        reason: "domain-mismatch",
      },
    );
    expect(jar.setCookie("a=1; Domain=ample.com", "https://example.com/", NOW)).toMatchObject({
      reason: "domain-mismatch",
    });
  });

  it("refuses public suffixes (single-label built-in rule) unless equal to the host", () => {
    const jar = new CookieJar();
    expect(jar.setCookie("a=1; Domain=com", "https://example.com/", NOW)).toMatchObject({
      reason: "public-suffix",
    });
    // Equal to the request host: kept as a host-only cookie (§5.3 step 5).
    const r = jar.setCookie("a=1; Domain=localhost", "http://localhost/", NOW);
    expect(r.stored && r.cookie).toMatchObject({ domain: "localhost", hostOnly: true });
  });

  it("uses a plugged-in public suffix list", () => {
    const jar = new CookieJar({ isPublicSuffix: (d) => d === "co.uk" || !d.includes(".") });
    expect(jar.setCookie("a=1; Domain=co.uk", "https://bbc.co.uk/", NOW)).toMatchObject({
      reason: "public-suffix",
    });
    expect(jar.setCookie("a=1; Domain=bbc.co.uk", "https://www.bbc.co.uk/", NOW).stored).toBe(true);
  });

  it("treats IP hosts as exact-match only", () => {
    const jar = new CookieJar();
    expect(jar.setCookie("a=1; Domain=0.2.1", "http://192.0.2.1/", NOW)).toMatchObject({
      reason: "domain-mismatch",
    });
    const r = jar.setCookie("b=2; Domain=192.0.2.1", "http://192.0.2.1/", NOW);
    expect(r.stored).toBe(true);
    expect(jar.getCookieHeader("http://192.0.2.1/", NOW)).toBe("b=2");
    jar.setCookie("c=3", "http://[::1]:8080/", NOW);
    expect(jar.getCookieHeader("http://[::1]/", NOW)).toBe("c=3");
  });

  it("canonicalises an internationalised Domain to A-labels", () => {
    const jar = new CookieJar();
    const r = jar.setCookie(
      "a=1; Domain=bücher.example",
      "https://www.xn--bcher-kva.example/",
      NOW,
    );
    expect(r.stored && r.cookie.domain).toBe("xn--bcher-kva.example");
  });
});

describe("CookieJar: path (RFC 6265 §5.1.4, §5.3 step 7)", () => {
  it("uses the default-path without a Path attribute", () => {
    const jar = new CookieJar();
    const r = jar.setCookie("a=1", "https://example.com/docs/web/page.html", NOW);
    expect(r.stored && r.cookie.path).toBe("/docs/web");
    expect(jar.getCookieHeader("https://example.com/docs/web", NOW)).toBe("a=1");
    expect(jar.getCookieHeader("https://example.com/docs/web/x/y", NOW)).toBe("a=1");
    expect(jar.getCookieHeader("https://example.com/docs/webby", NOW)).toBe("");
    expect(jar.getCookieHeader("https://example.com/docs", NOW)).toBe("");
  });

  it("a Path that does not start with / falls back to the default-path", () => {
    const jar = new CookieJar();
    const r = jar.setCookie("a=1; Path=docs", "https://example.com/x/y", NOW);
    expect(r.stored && r.cookie.path).toBe("/x");
  });

  it("orders the Cookie header by path length, then creation time (§5.4 step 2)", () => {
    const jar = new CookieJar();
    jar.setCookie("first=1; Path=/", "https://example.com/", NOW);
    jar.setCookie("deep=2; Path=/a/b", "https://example.com/", NOW + 1);
    jar.setCookie("mid=3; Path=/a", "https://example.com/", NOW + 2);
    jar.setCookie("second=4; Path=/", "https://example.com/", NOW + 3);
    expect(jar.getCookieHeader("https://example.com/a/b/c", NOW + 4)).toBe(
      "deep=2; mid=3; first=1; second=4",
    );
  });

  it("keeps the creation time on replacement, so the order is stable", () => {
    const jar = new CookieJar();
    jar.setCookie("a=1", "https://example.com/", NOW);
    jar.setCookie("b=2", "https://example.com/", NOW + 1);
    const r = jar.setCookie("a=updated", "https://example.com/", NOW + 2);
    expect(r).toMatchObject({ stored: true, replaced: true, cookie: { creationTime: NOW } });
    expect(jar.getCookieHeader("https://example.com/", NOW + 3)).toBe("a=updated; b=2");
    expect(jar.size).toBe(2);
  });

  it("keeps cookies with the same name but different paths or domains apart", () => {
    const jar = new CookieJar();
    jar.setCookie("a=root; Path=/", "https://example.com/", NOW);
    jar.setCookie("a=sub; Path=/sub", "https://example.com/", NOW + 1);
    jar.setCookie("a=www; Path=/", "https://www.example.com/", NOW + 2);
    expect(jar.getCookieHeader("https://example.com/sub/x", NOW + 3)).toBe("a=sub; a=root");
    expect(jar.getCookieHeader("https://www.example.com/", NOW + 3)).toBe("a=www");
    // §5.3 step 11 compares name, domain and path only: a Domain cookie for
    // example.com replaces the host-only one of example.com, keeping its creation time.
    const r = jar.setCookie(
      "a=dom; Domain=example.com; Path=/",
      "https://www.example.com/",
      NOW + 4,
    );
    expect(r).toMatchObject({ replaced: true, cookie: { hostOnly: false, creationTime: NOW } });
    expect(jar.getCookieHeader("https://example.com/", NOW + 5)).toBe("a=dom");
    expect(jar.getCookieHeader("https://www.example.com/", NOW + 5)).toBe("a=dom; a=www");
  });
});

describe("CookieJar: expiry (RFC 6265 §5.3 step 3)", () => {
  it("Max-Age takes precedence over Expires", () => {
    const jar = new CookieJar();
    const r = jar.setCookie(
      "a=1; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=60",
      "https://example.com/",
      NOW,
    );
    expect(r.stored && r.cookie.expires).toBe(NOW + 60_000);
    const r2 = jar.setCookie(
      "b=1; Max-Age=60; Expires=Thu, 01 Jan 2099 00:00:01 GMT",
      "https://example.com/",
      NOW,
    );
    expect(r2.stored && r2.cookie.expires).toBe(NOW + 60_000);
  });

  it("Max-Age=0 or negative deletes", () => {
    const jar = new CookieJar();
    jar.setCookie("a=1", "https://example.com/", NOW);
    expect(jar.setCookie("a=1; Max-Age=0", "https://example.com/", NOW)).toMatchObject({
      removed: true,
    });
    expect(jar.setCookie("a=1; Max-Age=-5", "https://example.com/", NOW)).toEqual({
      stored: false,
      reason: "expired",
      removed: false,
    });
  });

  it("caps lifetimes at 400 days (RFC 6265bis §5.6.1)", () => {
    const jar = new CookieJar();
    const r = jar.setCookie("a=1; Max-Age=999999999", "https://example.com/", NOW);
    expect(r.stored && r.cookie.expires).toBe(NOW + 400 * DAY);
    const r2 = jar.setCookie(
      "b=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
      "https://example.com/",
      NOW,
    );
    expect(r2.stored && r2.cookie.expires).toBe(NOW + 400 * DAY);
  });

  it("session cookies have no expiry and can be dropped together", () => {
    const jar = new CookieJar();
    jar.setCookie("s=1", "https://example.com/", NOW);
    jar.setCookie("p=1; Max-Age=100", "https://example.com/", NOW);
    expect(jar.allCookies(NOW).map((c) => [c.name, c.expires])).toEqual([
      ["s", null],
      ["p", NOW + 100_000],
    ]);
    expect(jar.removeSessionCookies()).toBe(1);
    expect(jar.getCookieHeader("https://example.com/", NOW)).toBe("p=1");
  });

  it("evicts expired cookies", () => {
    const jar = new CookieJar();
    jar.setCookie("a=1; Max-Age=1", "https://example.com/", NOW);
    jar.setCookie("b=1; Max-Age=10", "https://example.com/", NOW);
    expect(jar.removeExpired(NOW + 5000)).toBe(1);
    expect(jar.size).toBe(1);
  });
});

describe("CookieJar: Secure, HttpOnly, prefixes, SameSite", () => {
  it("refuses Secure cookies from http (RFC 6265bis §5.7)", () => {
    const jar = new CookieJar();
    expect(jar.setCookie("a=1; Secure", "http://example.com/", NOW)).toMatchObject({
      reason: "insecure-scheme",
    });
    expect(jar.setCookie("a=1; Secure", "wss://example.com/", NOW).stored).toBe(true);
  });

  it("does not let http overwrite or shadow a Secure cookie", () => {
    const jar = new CookieJar();
    jar.setCookie("sid=good; Secure; Path=/", "https://example.com/", NOW);
    expect(jar.setCookie("sid=evil; Path=/", "http://example.com/", NOW)).toMatchObject({
      reason: "secure-overlap",
    });
    expect(jar.setCookie("sid=evil; Path=/deeper", "http://example.com/", NOW)).toMatchObject({
      reason: "secure-overlap",
    });
    expect(
      jar.setCookie("sid=evil; Domain=example.com", "http://www.example.com/", NOW),
    ).toMatchObject({
      reason: "secure-overlap",
    });
    expect(jar.setCookie("other=ok", "http://example.com/", NOW).stored).toBe(true);
  });

  it("keeps HttpOnly from non-HTTP APIs", () => {
    const jar = new CookieJar();
    jar.setCookie("h=1; HttpOnly", "https://example.com/", NOW);
    jar.setCookie("v=2", "https://example.com/", NOW);
    expect(jar.getCookieHeader("https://example.com/", NOW, { httpApi: false })).toBe("v=2");
    expect(jar.getCookieHeader("https://example.com/", NOW)).toBe("h=1; v=2");
    expect(jar.setCookie("h=2", "https://example.com/", NOW, { httpApi: false })).toMatchObject({
      reason: "http-only",
    });
    expect(
      jar.setCookie("n=2; HttpOnly", "https://example.com/", NOW, { httpApi: false }),
    ).toMatchObject({
      reason: "http-only",
    });
  });

  it("enforces __Secure- and __Host- prefixes", () => {
    const jar = new CookieJar();
    expect(jar.setCookie("__Secure-a=1", "https://example.com/", NOW)).toMatchObject({
      reason: "prefix",
    });
    expect(jar.setCookie("__Secure-a=1; Secure", "https://example.com/", NOW).stored).toBe(true);
    expect(jar.setCookie("__Host-a=1; Secure", "https://example.com/", NOW)).toMatchObject({
      reason: "prefix",
    });
    expect(
      jar.setCookie("__host-a=1; Secure; Path=/; Domain=example.com", "https://example.com/", NOW),
    ).toMatchObject({
      reason: "prefix",
    });
    expect(jar.setCookie("__Host-a=1; Secure; Path=/", "https://example.com/", NOW).stored).toBe(
      true,
    );
  });

  it("filters by SameSite context", () => {
    const jar = new CookieJar();
    jar.setCookie("s=1; SameSite=Strict", "https://example.com/", NOW);
    jar.setCookie("l=1; SameSite=Lax", "https://example.com/", NOW);
    jar.setCookie("n=1; SameSite=None; Secure", "https://example.com/", NOW);
    jar.setCookie("d=1", "https://example.com/", NOW);
    const url = "https://example.com/";
    expect(jar.getCookieHeader(url, NOW)).toBe("s=1; l=1; n=1; d=1");
    expect(jar.getCookieHeader(url, NOW, { sameSiteContext: "lax" })).toBe("l=1; n=1; d=1");
    expect(jar.getCookieHeader(url, NOW, { sameSiteContext: "none" })).toBe("n=1");
  });
});

describe("CookieJar: malformed input and limits", () => {
  it("ignores what §5.2 ignores, and control characters", () => {
    const jar = new CookieJar();
    expect(jar.setCookie("no-equals-sign", "https://example.com/", NOW)).toMatchObject({
      reason: "malformed",
    });
    expect(jar.setCookie("=value", "https://example.com/", NOW)).toMatchObject({
      reason: "malformed",
    });
    expect(jar.setCookie("a=b\u0001c", "https://example.com/", NOW)).toMatchObject({
      reason: "malformed",
    });
    expect(jar.size).toBe(0);
  });

  it("refuses cookies over 4096 bytes of name and value", () => {
    const jar = new CookieJar();
    expect(jar.setCookie(`a=${"x".repeat(4094)}`, "https://example.com/", NOW).stored).toBe(true);
    expect(jar.setCookie(`b=${"x".repeat(4096)}`, "https://example.com/", NOW)).toMatchObject({
      reason: "too-large",
    });
    expect(jar.setCookie(`c=${"é".repeat(2048)}`, "https://example.com/", NOW)).toMatchObject({
      reason: "too-large",
    });
  });

  it("evicts the least recently used cookie of a domain over 50", () => {
    const jar = new CookieJar();
    for (let i = 0; i < 50; i++) jar.setCookie(`c${i}=1`, "https://example.com/", NOW + i);
    // Touch c0 so that c1 is the least recently used.
    jar.getCookies("https://example.com/", NOW + 100);
    for (let i = 1; i < 50; i++) jar.setCookie(`c${i}=2`, "https://example.com/", NOW + 100 + i);
    jar.setCookie("c50=1", "https://example.com/", NOW + 200);
    expect(jar.size).toBe(50);
    expect(jar.allCookies(NOW + 200).some((c) => c.name === "c0")).toBe(false);
    jar.setCookie("other=1", "https://other.example/", NOW + 201);
    expect(jar.size).toBe(51);
  });

  it("evicts globally over the total limit", () => {
    const jar = new CookieJar({ maxCookies: 3, maxCookiesPerDomain: 2 });
    jar.setCookie("a=1", "https://a.example/", NOW);
    jar.setCookie("b=1", "https://b.example/", NOW + 1);
    jar.setCookie("c=1", "https://c.example/", NOW + 2);
    jar.setCookie("d=1", "https://d.example/", NOW + 3);
    expect(jar.allCookies(NOW + 4).map((c) => c.name)).toEqual(["b", "c", "d"]);
  });

  it("throws ClientError for an invalid URL or option", () => {
    const jar = new CookieJar();
    for (const bad of [
      () => jar.setCookie("a=1", "not a url", NOW),
      () => new CookieJar({ maxCookies: 0 }),
    ]) {
      try {
        bad();
        expect.unreachable();
      } catch (e) {
        expect(isHyperwireError(e)).toBe(true);
        expect((e as { code: string }).code).toMatch(/^HW_CLIENT_INVALID_(URL|OPTION)$/);
      }
    }
  });
});

describe("CookieJar: persistence", () => {
  function sample(): CookieJar {
    const jar = new CookieJar();
    jar.setCookie(
      "sid=abc; Secure; HttpOnly; Path=/; SameSite=Lax",
      "https://www.example.com/",
      NOW,
    );
    jar.setCookie(
      "lang=en; Domain=example.com; Max-Age=3600",
      "https://www.example.com/docs/",
      NOW + 1,
    );
    return jar;
  }

  it("round-trips through JSON", () => {
    const jar = sample();
    const copy = CookieJar.fromJSON(JSON.parse(JSON.stringify(jar)));
    expect(copy.toJSON()).toEqual(jar.toJSON());
    expect(copy.getCookieHeader("https://www.example.com/docs/", NOW + 2)).toBe("lang=en; sid=abc");
  });

  it("rejects malformed JSON documents with HW_CLIENT_INVALID_COOKIE_JSON", () => {
    for (const doc of [
      null,
      { version: 2, cookies: [] },
      { version: 1 },
      { version: 1, cookies: [{ name: 1 }] },
    ]) {
      expect(() => CookieJar.fromJSON(doc)).toThrow(
        expect.objectContaining({ code: "HW_CLIENT_INVALID_COOKIE_JSON" }),
      );
    }
  });

  it("writes curl's Netscape cookie file format", () => {
    const text = sample().toNetscape(NOW + 2);
    const lines = text.split("\n").filter((l) => l !== "" && !l.startsWith("# "));
    expect(lines).toEqual([
      "#HttpOnly_www.example.com\tFALSE\t/\tTRUE\t0\tsid\tabc",
      `.example.com\tTRUE\t/docs\tFALSE\t${Math.floor((NOW + 1 + 3_600_000) / 1000)}\tlang\ten`,
    ]);
    expect(text.startsWith("# Netscape HTTP Cookie File\n")).toBe(true);
  });

  it("reads a curl cookie file", () => {
    const file = [
      "# Netscape HTTP Cookie File",
      "# https://curl.se/docs/http-cookies.html",
      "",
      ".example.com\tTRUE\t/\tFALSE\t0\tdomainwide\t1",
      "#HttpOnly_www.example.com\tFALSE\t/app\tTRUE\t4102444800\tsecret\ts3",
      "www.example.com\tFALSE\t/\tFALSE\t0\tempty",
      "old.example.com\tFALSE\t/\tFALSE\t1000\tgone\tx",
      "this line is broken",
      "x.example.com\tFALSE\t/\tFALSE\tsoon\tn\tv",
    ].join("\r\n");
    const jar = new CookieJar();
    expect(jar.importNetscape(file, NOW)).toEqual({
      imported: 3,
      invalidLines: [8, 9],
      expired: 1,
    });
    expect(jar.getCookieHeader("https://www.example.com/app/x", NOW)).toBe(
      "secret=s3; domainwide=1; empty=",
    );
    expect(jar.getCookieHeader("http://api.example.com/", NOW)).toBe("domainwide=1");
    expect(jar.getCookieHeader("https://www.example.com/app", NOW, { httpApi: false })).toBe(
      "domainwide=1; empty=",
    );
  });

  it("round-trips through the Netscape format", () => {
    const jar = sample();
    const copy = CookieJar.fromNetscape(jar.toNetscape(NOW + 2), { now: NOW + 2 });
    expect(copy.getCookieHeader("https://www.example.com/docs/", NOW + 3)).toBe(
      jar.getCookieHeader("https://www.example.com/docs/", NOW + 3),
    );
  });
});

describe("CookieJar: properties", () => {
  const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
  const cookieValue = fc.stringMatching(/^[A-Za-z0-9!#$%&'()*+./:<=>?@[\]^_`{|}~-]{0,30}$/);
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);

  it("a cookie set is returned for the same URL until it expires", () => {
    fc.assert(
      fc.property(
        token.filter((n) => !n.toLowerCase().startsWith("__")),
        cookieValue,
        fc.array(label, { minLength: 1, maxLength: 3 }),
        fc.array(label, { maxLength: 3 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.boolean(),
        (name, value, hostLabels, pathSegments, maxAge, https) => {
          const url = `${https ? "https" : "http"}://${hostLabels.join(".")}.test/${pathSegments.join("/")}`;
          const jar = new CookieJar();
          const r = jar.setCookie(`${name}=${value}; Max-Age=${maxAge}`, url, NOW);
          expect(r.stored).toBe(true);
          expect(jar.getCookieHeader(url, NOW)).toBe(`${name}=${value}`);
          expect(jar.getCookieHeader(url, NOW + maxAge * 1000 - 1)).toBe(`${name}=${value}`);
          expect(jar.getCookieHeader(url, NOW + maxAge * 1000)).toBe("");
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never throws on arbitrary Set-Cookie lines", () => {
    const jar = new CookieJar();
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        jar.setCookie(line, "https://www.example.com/a/b", NOW);
        jar.getCookieHeader("https://www.example.com/a/b", NOW);
      }),
      { numRuns: 300 },
    );
  });
});
