import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAllow, parseAllow } from "./parse-allow.js";
import { formatContentEncoding, parseContentEncoding } from "./parse-content-encoding.js";
import {
  corsCheck,
  formatAccessControlRequestHeaders,
  formatOrigin,
  parseAccessControlAllowCredentials,
  parseAccessControlAllowHeaders,
  parseAccessControlAllowMethods,
  parseAccessControlAllowOrigin,
  parseAccessControlExposeHeaders,
  parseAccessControlMaxAge,
  parseAccessControlRequestHeaders,
  parseAccessControlRequestMethod,
  parseOrigin,
} from "./parse-cors.js";
import { formatDate, parseDate } from "./parse-date.js";
import {
  type ForwardedElementInit,
  formatForwarded,
  parseForwarded,
  parseForwardedNode,
  parseXForwardedFor,
} from "./parse-forwarded.js";
import { parseHost } from "./parse-host.js";
import { formatLink, parseLink } from "./parse-link.js";
import { parseLocation, resolveLocation } from "./parse-location.js";
import { formatProducts, parseProducts } from "./parse-product.js";
import { formatRetryAfter, parseRetryAfter } from "./parse-retry-after.js";
import { formatVia, parseVia } from "./parse-via.js";

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? undefined : r.error?.code);

describe("Link (RFC 8288)", () => {
  it("parses the RFC 8288 §3.5 examples", () => {
    const a = parseLink(
      '<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter"',
    );
    expect(a.ok && a.value[0]).toMatchObject({
      target: "http://example.com/TheBook/chapter2",
      rel: ["previous"],
      title: "previous chapter",
    });
    const b = parseLink('</>; rel="http://example.net/foo"');
    expect(b.ok && b.value[0]?.rel).toEqual(["http://example.net/foo"]);
    const c = parseLink('</terms>; rel="copyright"; anchor="#foo"');
    expect(c.ok && c.value[0]?.anchor).toBe("#foo");
    const d = parseLink(
      "</TheBook/chapter2>; rel=\"previous\"; title*=UTF-8'de'letztes%20Kapitel, </TheBook/chapter4>; rel=\"next\"; title*=UTF-8'de'n%c3%a4chstes%20Kapitel",
    );
    expect(d.ok && d.value.map((l) => [l.target, l.rel, l.title])).toEqual([
      ["/TheBook/chapter2", ["previous"], "letztes Kapitel"],
      ["/TheBook/chapter4", ["next"], "nächstes Kapitel"],
    ]);
    const e = parseLink('<http://example.org/>; rel="start http://example.net/relation/other"');
    expect(e.ok && e.value[0]?.rel).toEqual(["start", "http://example.net/relation/other"]);
  });
  it("ignores repeated rel/title, prefers title*, keeps commas and semicolons inside <>", () => {
    const r = parseLink(
      "<http://x/a,b;c>; REL=Next; rel=prev; title*=UTF-8''%e2%82%ac; title=\"euro\"; foo; hreflang=de; hreflang=fr",
    );
    expect(r.ok && r.value[0]).toMatchObject({
      target: "http://x/a,b;c",
      rel: ["next"],
      title: "€",
      hreflang: ["de", "fr"],
    });
    expect(r.ok && r.value[0]?.params.find((p) => p.name === "foo")).toEqual({
      name: "foo",
      value: "",
    });
  });
  it("rejects malformed values", () => {
    for (const text of ["http://x", "<http://x", "<a b>", '<x>; rel="a', "<x> <y>", "<x>; =a"]) {
      expect(codeOf(parseLink(text)), text).toBe("HW_HEADERS_INVALID_LINK");
    }
    expect(codeOf(parseLink("<x>; title*=nope"))).toBe("HW_HEADERS_INVALID_EXT_VALUE");
  });
  it("formats and round-trips", () => {
    expect(
      formatLink([
        { target: "/page/3", rel: "next" },
        { target: "/", rel: ["start", "index"], title: "Start" },
      ]),
    ).toBe('</page/3>; rel="next", </>; rel="start index"; title="Start"');
    const t = formatLink([{ target: "/x", title: "nächstes" }]);
    expect(parseLink(t)).toMatchObject({ ok: true, value: [{ title: "nächstes" }] });
    expect(() => formatLink([{ target: "a b" }])).toThrowError(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_LINK" }),
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9/:.?=&-]{0,20}$/),
        fc.array(fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/), { minLength: 1, maxLength: 3 }),
        fc.string({ maxLength: 12 }).filter((s) => !/[\u0000-\u001f\u007f\ud800-\udfff]/.test(s)),
        (target, rel, title) => {
          const r = parseLink(formatLink([{ target, rel, title }]));
          expect(r.ok && [r.value[0]?.target, r.value[0]?.rel, r.value[0]?.title]).toEqual([
            target,
            rel,
            title,
          ]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("Allow, Content-Encoding, Location, Retry-After, Date, Host", () => {
  it("Allow", () => {
    expect(parseAllow("GET, HEAD, PUT")).toEqual({ ok: true, value: ["GET", "HEAD", "PUT"] });
    expect(parseAllow("")).toEqual({ ok: true, value: [] });
    expect(codeOf(parseAllow("GET, P UT"))).toBe("HW_HEADERS_INVALID_ALLOW");
    expect(formatAllow(["GET", "HEAD", "GET"])).toBe("GET, HEAD");
    expect(() => formatAllow(["G T"])).toThrow();
  });
  it("Content-Encoding", () => {
    expect(parseContentEncoding("gzip, BR")).toEqual({ ok: true, value: ["gzip", "br"] });
    expect(codeOf(parseContentEncoding('"gzip"'))).toBe("HW_HEADERS_INVALID_CONTENT_ENCODING");
    expect(formatContentEncoding(["gzip", "br"])).toBe("gzip, br");
    expect(() => formatContentEncoding([])).toThrow();
  });
  it("Location", () => {
    expect(parseLocation("/People.html#tim")).toEqual({ ok: true, value: "/People.html#tim" });
    expect(codeOf(parseLocation("/a b"))).toBe("HW_HEADERS_INVALID_LOCATION");
    expect(codeOf(parseLocation("/%zz"))).toBe("HW_HEADERS_INVALID_LOCATION");
    expect(codeOf(parseLocation("/caf\u00e9"))).toBe("HW_HEADERS_INVALID_LOCATION");
    // RFC 9110 §10.2.2 examples
    expect(resolveLocation("/People.html#tim", "http://www.example.org/~tim")).toBe(
      "http://www.example.org/People.html#tim",
    );
    expect(
      resolveLocation(
        "http://www.example.net/index.html",
        "http://www.example.org/index.html#larry",
      ),
    ).toBe("http://www.example.net/index.html#larry");
    expect(resolveLocation("/a b", "http://x/")).toBeNull();
  });
  it("Retry-After", () => {
    expect(parseRetryAfter("120")).toEqual({ ok: true, value: { kind: "delay", seconds: 120 } });
    const d = parseRetryAfter("Fri, 31 Dec 1999 23:59:59 GMT");
    expect(d.ok && d.value.kind === "date" && d.value.date.toISOString()).toBe(
      "1999-12-31T23:59:59.000Z",
    );
    expect(codeOf(parseRetryAfter("-1"))).toBe("HW_HEADERS_INVALID_RETRY_AFTER");
    expect(codeOf(parseRetryAfter("1.5"))).toBe("HW_HEADERS_INVALID_RETRY_AFTER");
    expect(formatRetryAfter(120)).toBe("120");
    expect(formatRetryAfter(new Date(Date.UTC(1999, 11, 31, 23, 59, 59)))).toBe(
      "Fri, 31 Dec 1999 23:59:59 GMT",
    );
    expect(() => formatRetryAfter(-1)).toThrow();
  });
  it("Date", () => {
    const d = parseDate("Tue, 15 Nov 1994 08:12:31 GMT");
    expect(d.ok && d.value.toISOString()).toBe("1994-11-15T08:12:31.000Z");
    expect(codeOf(parseDate("yesterday"))).toBe("HW_HEADERS_INVALID_DATE");
    expect(formatDate(Date.UTC(1994, 10, 6, 8, 49, 37))).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
    expect(() => formatDate(new Date(Number.NaN))).toThrow();
  });
  it("Host", () => {
    expect(parseHost("www.example.org")).toMatchObject({
      ok: true,
      value: { host: "www.example.org", port: undefined },
    });
    expect(parseHost("[::1]:8080")).toMatchObject({
      ok: true,
      value: { port: 8080, kind: "ipv6" },
    });
    expect(parseHost("")).toMatchObject({ ok: true, value: { host: "" } });
    expect(codeOf(parseHost("user@host"))).toBe("HW_HEADERS_INVALID_HOST");
    expect(codeOf(parseHost("a b"))).toBe("HW_HEADERS_INVALID_HOST");
  });
});

describe("Forwarded (RFC 7239) and X-Forwarded-For", () => {
  it("parses the RFC 7239 §4 and §7.4 examples", () => {
    expect(parseForwarded('for="_gazonk"')).toEqual({
      ok: true,
      value: [{ for: { kind: "obfuscated", name: "_gazonk" }, extensions: {} }],
    });
    expect(parseForwarded('For="[2001:db8:cafe::17]:4711"')).toEqual({
      ok: true,
      value: [{ for: { kind: "ipv6", name: "2001:db8:cafe::17", port: 4711 }, extensions: {} }],
    });
    expect(parseForwarded("for=192.0.2.60;proto=http;by=203.0.113.43")).toEqual({
      ok: true,
      value: [
        {
          for: { kind: "ipv4", name: "192.0.2.60" },
          proto: "http",
          by: { kind: "ipv4", name: "203.0.113.43" },
          extensions: {},
        },
      ],
    });
    const list = parseForwarded(
      "for=192.0.2.43, for=198.51.100.17;by=203.0.113.60;proto=http;host=example.com",
    );
    expect(list.ok && list.value.length).toBe(2);
    expect(list.ok && list.value[1]?.host).toBe("example.com");
    expect(parseForwarded('for=unknown, for="_abc:_p1"')).toMatchObject({
      ok: true,
      value: [
        { for: { kind: "unknown" } },
        { for: { kind: "obfuscated", name: "_abc", port: "_p1" } },
      ],
    });
  });
  it("rejects what RFC 7239 forbids", () => {
    const bad = [
      "for=2001:db8::1", // unquoted IPv6 cannot be a token
      'for="2001:db8::1"', // IPv6 needs brackets
      "for=192.0.2.43;for=192.0.2.44",
      "for=example.com",
      'for="192.0.2.1:99999"',
      "proto=1http",
      "for",
      "",
      "for=1.2.3.4 x",
    ];
    for (const text of bad)
      expect(codeOf(parseForwarded(text)), text).toBe("HW_HEADERS_INVALID_FORWARDED");
  });
  it("formats and round-trips", () => {
    expect(formatForwarded([{ for: "[2001:db8::1]:4711", proto: "https" }])).toBe(
      'for="[2001:db8::1]:4711";proto=https',
    );
    expect(() => formatForwarded([{ for: "example.com" }])).toThrowError(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_FORWARDED" }),
    );
    const ipv4 = fc
      .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
      .map((p) => p.join("."));
    const node = fc.oneof(
      ipv4,
      fc.constant("unknown"),
      fc.stringMatching(/^_[A-Za-z0-9._-]{1,6}$/),
      ipv4.map((a) => `${a}:8080`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ for: node, proto: fc.constantFrom("http", "https") }), {
          minLength: 1,
          maxLength: 3,
        }),
        (els: ForwardedElementInit[]) => {
          const r = parseForwarded(formatForwarded(els));
          expect(
            r.ok &&
              r.value.map((e) => [parseForwardedNode(formatNodeText(e.for!)) !== null, e.proto]),
          ).toEqual(els.map((e) => [true, e.proto]));
        },
      ),
      { numRuns: 100 },
    );
  });
  it("X-Forwarded-For", () => {
    expect(parseXForwardedFor("203.0.113.195, 2001:db8:85a3::8a2e:370:7334, [::1]")).toEqual({
      ok: true,
      value: ["203.0.113.195", "2001:db8:85a3::8a2e:370:7334", "::1"],
    });
    expect(codeOf(parseXForwardedFor("203.0.113.195, evil.example"))).toBe(
      "HW_HEADERS_INVALID_X_FORWARDED_FOR",
    );
    expect(codeOf(parseXForwardedFor("1.2.3.4:80"))).toBe("HW_HEADERS_INVALID_X_FORWARDED_FOR");
  });
});

function formatNodeText(n: { kind: string; name: string; port?: number | string }): string {
  return `${n.kind === "ipv6" ? `[${n.name}]` : n.name}${n.port === undefined ? "" : `:${n.port}`}`;
}

describe("Via (RFC 9110 §7.6.3)", () => {
  it("parses the RFC example and comments with commas", () => {
    expect(parseVia("1.0 fred, 1.1 p.example.net")).toEqual({
      ok: true,
      value: [
        { protocolVersion: "1.0", receivedBy: "fred" },
        { protocolVersion: "1.1", receivedBy: "p.example.net" },
      ],
    });
    expect(parseVia("HTTP/1.1 [::1]:8080 (Proxy, (nested) v2), 2 x")).toEqual({
      ok: true,
      value: [
        {
          protocolName: "HTTP",
          protocolVersion: "1.1",
          receivedBy: "[::1]:8080",
          comment: "Proxy, (nested) v2",
        },
        { protocolVersion: "2", receivedBy: "x" },
      ],
    });
  });
  it("rejects malformed entries", () => {
    for (const text of ["", "1.1", "1.1 fred(x)", "1.1 fred (x", "1.1 fred x", "HTTP/ fred"]) {
      expect(codeOf(parseVia(text)), text).toBe("HW_HEADERS_INVALID_VIA");
    }
  });
  it("formats and round-trips", () => {
    const entries = [
      {
        protocolName: "HTTP",
        protocolVersion: "1.1",
        receivedBy: "proxy:8080",
        comment: "a (b) \\c",
      },
      { protocolVersion: "1.0", receivedBy: "fred" },
    ];
    expect(parseVia(formatVia(entries))).toEqual({ ok: true, value: entries });
  });
});

describe("Server / User-Agent (RFC 9110 §10.1.5, §10.2.4)", () => {
  it("parses products and comments", () => {
    expect(parseProducts("CERN-LineMode/2.15 libwww/2.17b3")).toEqual({
      ok: true,
      value: [
        { kind: "product", name: "CERN-LineMode", version: "2.15" },
        { kind: "product", name: "libwww", version: "2.17b3" },
      ],
    });
    expect(
      parseProducts("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"),
    ).toMatchObject({
      ok: true,
      value: [
        { name: "Mozilla" },
        { kind: "comment", comment: "X11; Linux x86_64; rv:120.0" },
        { name: "Gecko" },
        { name: "Firefox" },
      ],
    });
    for (const text of ["", "(comment) x", "a/", "a/b/c", "a(b)", "a (b"]) {
      expect(codeOf(parseProducts(text)), text).toBe("HW_HEADERS_INVALID_PRODUCTS");
    }
  });
  it("formats and round-trips", () => {
    const els = [
      { kind: "product" as const, name: "hyperwire", version: "1.0" },
      { kind: "comment" as const, comment: "+https://example.com; (x)" },
      { kind: "product" as const, name: "node" },
    ];
    expect(formatProducts(els)).toBe("hyperwire/1.0 (+https://example.com; \\(x\\)) node");
    expect(parseProducts(formatProducts(els))).toEqual({ ok: true, value: els });
    expect(() => formatProducts([{ kind: "comment", comment: "x" }])).toThrow();
  });
});

describe("CORS fields", () => {
  it("Origin (RFC 6454 §7)", () => {
    expect(parseOrigin("null")).toEqual({ ok: true, value: { kind: "null" } });
    expect(parseOrigin("https://Example.com:8443")).toEqual({
      ok: true,
      value: { kind: "origins", origins: [{ scheme: "https", host: "example.com", port: 8443 }] },
    });
    expect(parseOrigin("http://a.example https://[::1]")).toMatchObject({
      ok: true,
      value: { origins: [{ host: "a.example" }, { host: "[::1]" }] },
    });
    for (const text of [
      "Null",
      "",
      "https://a.example/",
      "https://u@a.example",
      "a.example",
      "https://a.example  https://b.example",
    ]) {
      expect(codeOf(parseOrigin(text)), text).toBe("HW_HEADERS_INVALID_ORIGIN");
    }
    expect(formatOrigin({ scheme: "https", host: "a.example", port: 8443 })).toBe(
      "https://a.example:8443",
    );
    expect(formatOrigin(null)).toBe("null");
  });
  it("Access-Control-* response fields", () => {
    expect(parseAccessControlAllowOrigin("*")).toEqual({ ok: true, value: "*" });
    expect(parseAccessControlAllowOrigin("https://a.example")).toEqual({
      ok: true,
      value: "https://a.example",
    });
    expect(codeOf(parseAccessControlAllowOrigin("https://a.example, https://b.example"))).toBe(
      "HW_HEADERS_INVALID_CORS",
    );
    expect(parseAccessControlAllowCredentials("true")).toBe(true);
    expect(parseAccessControlAllowCredentials("True")).toBe(false);
    expect(parseAccessControlAllowMethods("GET, PUT, *")).toEqual({
      ok: true,
      value: ["GET", "PUT", "*"],
    });
    expect(parseAccessControlAllowHeaders("X-Custom, Content-Type")).toEqual({
      ok: true,
      value: ["x-custom", "content-type"],
    });
    expect(parseAccessControlExposeHeaders("ETag")).toEqual({ ok: true, value: ["etag"] });
    expect(codeOf(parseAccessControlAllowHeaders("a b"))).toBe("HW_HEADERS_INVALID_CORS");
    expect(parseAccessControlMaxAge("600")).toEqual({ ok: true, value: 600 });
    expect(codeOf(parseAccessControlMaxAge("-1"))).toBe("HW_HEADERS_INVALID_CORS");
  });
  it("Access-Control-Request-* fields", () => {
    expect(parseAccessControlRequestMethod("PUT")).toEqual({ ok: true, value: "PUT" });
    expect(codeOf(parseAccessControlRequestMethod("P T"))).toBe("HW_HEADERS_INVALID_CORS");
    expect(parseAccessControlRequestHeaders("X-B,x-a")).toEqual({
      ok: true,
      value: ["x-b", "x-a"],
    });
    expect(formatAccessControlRequestHeaders(["X-B", "x-a", "X-A"])).toBe("x-a,x-b");
  });
  it("the CORS check (Fetch §4.9)", () => {
    const origin = "https://a.example";
    expect(corsCheck({ allowOrigin: "*", origin, credentials: false })).toBe(true);
    expect(
      corsCheck({ allowOrigin: "*", origin, credentials: true, allowCredentials: "true" }),
    ).toBe(false);
    expect(
      corsCheck({ allowOrigin: origin, origin, credentials: true, allowCredentials: "true" }),
    ).toBe(true);
    expect(
      corsCheck({ allowOrigin: origin, origin, credentials: true, allowCredentials: "TRUE" }),
    ).toBe(false);
    expect(corsCheck({ allowOrigin: "https://b.example", origin, credentials: false })).toBe(false);
    expect(corsCheck({ allowOrigin: null, origin, credentials: false })).toBe(false);
  });
});

describe("never throws on arbitrary input", () => {
  it("every parser in this file", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        parseLink(s);
        parseAllow(s);
        parseContentEncoding(s);
        parseLocation(s);
        resolveLocation(s, "http://x/");
        parseRetryAfter(s);
        parseDate(s);
        parseHost(s);
        parseForwarded(s);
        parseXForwardedFor(s);
        parseVia(s);
        parseProducts(s);
        parseOrigin(s);
        parseAccessControlAllowOrigin(s);
        parseAccessControlAllowHeaders(s);
        parseAccessControlMaxAge(s);
      }),
      { numRuns: 300 },
    );
  });
});
