import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatContentSecurityPolicy,
  parseContentSecurityPolicy,
  parseSerializedCsp,
} from "./parse-content-security-policy.js";
import {
  formatPermissionsPolicy,
  parseCrossOriginEmbedderPolicy,
  parseCrossOriginOpenerPolicy,
  parseCrossOriginResourcePolicy,
  parsePermissionsPolicy,
  parseReferrerPolicy,
  parseXContentTypeOptions,
  parseXFrameOptions,
} from "./parse-security-fields.js";
import {
  formatStrictTransportSecurity,
  parseStrictTransportSecurity,
} from "./parse-strict-transport-security.js";

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? undefined : r.error?.code);

describe("Content-Security-Policy (CSP3 §2.2)", () => {
  it("parses directives and source lists, first duplicate wins, names lowercased", () => {
    const p = parseSerializedCsp(
      "  Script-Src 'self'  https://cdn.example\t'nonce-abc' ; ; object-src 'none'; script-src *; upgrade-insecure-requests",
    );
    expect([...p.directives]).toEqual([
      ["script-src", ["'self'", "https://cdn.example", "'nonce-abc'"]],
      ["object-src", ["'none'"]],
      ["upgrade-insecure-requests", []],
    ]);
  });
  it("skips non-ASCII tokens and invalid names", () => {
    const p = parseSerializedCsp("img-src é; b@d x; default-src 'none'");
    expect([...p.directives.keys()]).toEqual(["default-src"]);
  });
  it("splits several policies on ','", () => {
    const ps = parseContentSecurityPolicy("default-src 'self', img-src *, ");
    expect(ps.map((p) => [...p.directives.keys()])).toEqual([["default-src"], ["img-src"]]);
  });
  it("builds and round-trips", () => {
    const text = formatContentSecurityPolicy({
      "default-src": ["'self'"],
      "img-src": ["*", "data:"],
      sandbox: [],
    });
    expect(text).toBe("default-src 'self'; img-src * data:; sandbox");
    expect([...parseSerializedCsp(text).directives]).toEqual([
      ["default-src", ["'self'"]],
      ["img-src", ["*", "data:"]],
      ["sandbox", []],
    ]);
    expect(() => formatContentSecurityPolicy({ "a b": [] })).toThrowError(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CSP" }),
    );
    expect(() => formatContentSecurityPolicy({ a: ["x;y"] })).toThrow();
    expect(() => formatContentSecurityPolicy({ a: ["x,y"] })).toThrow();
    expect(() =>
      formatContentSecurityPolicy(
        new Map([
          ["a", []],
          ["A", []],
        ]),
      ),
    ).toThrow();
  });
  it("round-trips generated policies and never throws", () => {
    const name = fc.stringMatching(/^[a-z0-9-]{1,10}$/);
    const source = fc.stringMatching(/^[\x21-\x2b\x2d-\x3a\x3c-\x7e]{1,10}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, fc.array(source, { maxLength: 3 })), {
          selector: (e) => e[0],
          maxLength: 5,
        }),
        (entries) => {
          const p = parseSerializedCsp(formatContentSecurityPolicy(new Map(entries)));
          expect([...p.directives]).toEqual(entries);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => void parseContentSecurityPolicy(s)),
      { numRuns: 200 },
    );
  });
});

describe("Strict-Transport-Security (RFC 6797 §6.1)", () => {
  it("parses the RFC examples", () => {
    expect(parseStrictTransportSecurity("max-age=31536000")).toEqual({
      ok: true,
      value: { maxAge: 31536000, includeSubDomains: false, preload: false },
    });
    expect(parseStrictTransportSecurity('max-age="15768000" ; includeSubDomains')).toEqual({
      ok: true,
      value: { maxAge: 15768000, includeSubDomains: true, preload: false },
    });
    expect(parseStrictTransportSecurity("max-age=0")).toMatchObject({
      ok: true,
      value: { maxAge: 0 },
    });
    expect(
      parseStrictTransportSecurity("MAX-AGE=5; INCLUDESUBDOMAINS; Preload; future=1;"),
    ).toEqual({
      ok: true,
      value: { maxAge: 5, includeSubDomains: true, preload: true },
    });
  });
  const bad = [
    "",
    "includeSubDomains",
    "max-age",
    "max-age=-1",
    "max-age=1.5",
    "max-age=1; max-age=2",
    "max-age=1; includeSubDomains; includesubdomains",
    "max-age=1; includeSubDomains=yes",
    "max-age=1 includeSubDomains",
    'max-age="1',
  ];
  for (const text of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      expect(codeOf(parseStrictTransportSecurity(text))).toBe(
        "HW_HEADERS_INVALID_STRICT_TRANSPORT_SECURITY",
      );
    });
  }
  it("formats and round-trips", () => {
    fc.assert(
      fc.property(fc.nat(), fc.boolean(), fc.boolean(), (maxAge, includeSubDomains, preload) => {
        const v = { maxAge, includeSubDomains, preload };
        expect(parseStrictTransportSecurity(formatStrictTransportSecurity(v))).toEqual({
          ok: true,
          value: v,
        });
      }),
      { numRuns: 100 },
    );
    expect(() => formatStrictTransportSecurity({ maxAge: -1 })).toThrow();
    fc.assert(
      fc.property(fc.string(), (s) => void parseStrictTransportSecurity(s)),
      { numRuns: 200 },
    );
  });
});

describe("X-Content-Type-Options, X-Frame-Options, Referrer-Policy", () => {
  it("X-Content-Type-Options: first element nosniff (Fetch)", () => {
    expect(parseXContentTypeOptions("nosniff")).toBe(true);
    expect(parseXContentTypeOptions(" NoSniff ,foo")).toBe(true);
    expect(parseXContentTypeOptions("foo, nosniff")).toBe(false);
    expect(parseXContentTypeOptions("")).toBe(false);
  });
  it("X-Frame-Options: conflicts deny, unknown values impose nothing (HTML)", () => {
    expect(parseXFrameOptions("DENY")).toBe("deny");
    expect(parseXFrameOptions("sameorigin, SAMEORIGIN")).toBe("sameorigin");
    expect(parseXFrameOptions("sameorigin, deny")).toBe("deny");
    expect(parseXFrameOptions("ALLOW-FROM https://a.example")).toBeNull();
    expect(parseXFrameOptions("allowall")).toBeNull();
    expect(parseXFrameOptions("")).toBeNull();
  });
  it("Referrer-Policy: last recognised token wins", () => {
    expect(parseReferrerPolicy("no-referrer, strict-origin-when-cross-origin")).toBe(
      "strict-origin-when-cross-origin",
    );
    expect(parseReferrerPolicy("unsafe-url, not-a-policy")).toBe("unsafe-url");
    expect(parseReferrerPolicy("No-Referrer")).toBe("");
    expect(parseReferrerPolicy("")).toBe("");
  });
});

describe("Cross-Origin-*-Policy", () => {
  it("COOP and COEP are structured-field tokens with report-to", () => {
    expect(parseCrossOriginOpenerPolicy('same-origin; report-to="coop"')).toEqual({
      value: "same-origin",
      reportTo: "coop",
    });
    expect(parseCrossOriginOpenerPolicy("same-origin-allow-popups")).toEqual({
      value: "same-origin-allow-popups",
    });
    expect(parseCrossOriginOpenerPolicy('"same-origin"')).toEqual({ value: "unsafe-none" }); // a String, not a Token
    expect(parseCrossOriginOpenerPolicy("same-origin, x")).toEqual({ value: "unsafe-none" }); // not an Item
    expect(parseCrossOriginEmbedderPolicy("require-corp; report-to=endpoint")).toEqual({
      value: "require-corp",
    });
    expect(parseCrossOriginEmbedderPolicy("credentialless")).toEqual({ value: "credentialless" });
    expect(parseCrossOriginEmbedderPolicy("bogus")).toEqual({ value: "unsafe-none" });
  });
  it("CORP compares the exact value", () => {
    expect(parseCrossOriginResourcePolicy("same-site")).toBe("same-site");
    expect(parseCrossOriginResourcePolicy("Same-Site")).toBeNull();
    expect(parseCrossOriginResourcePolicy("same-origin;x")).toBeNull();
  });
});

describe("Permissions-Policy (structured dictionary)", () => {
  it("parses allowlists", () => {
    const p = parsePermissionsPolicy(
      'geolocation=(self "https://maps.example"), camera=(), fullscreen=*, payment=self',
    );
    expect(p && Object.fromEntries(p)).toEqual({
      geolocation: { all: false, self: true, src: false, origins: ["https://maps.example"] },
      camera: { all: false, self: false, src: false, origins: [] },
      fullscreen: { all: true, self: false, src: false, origins: [] },
      payment: { all: false, self: true, src: false, origins: [] },
    });
    expect(parsePermissionsPolicy("Geolocation=self")).toBeNull();
  });
  it("formats", () => {
    const text = formatPermissionsPolicy({
      geolocation: ["self", "https://maps.example"],
      camera: [],
      fullscreen: "*",
    });
    expect(text).toBe('geolocation=(self "https://maps.example"), camera=(), fullscreen=*');
    expect(parsePermissionsPolicy(text)?.get("geolocation")?.origins).toEqual([
      "https://maps.example",
    ]);
    expect(() => formatPermissionsPolicy({ Camera: [] })).toThrowError(
      expect.objectContaining({ code: "HW_HEADERS_SF_UNSERIALIZABLE" }),
    );
  });
});
