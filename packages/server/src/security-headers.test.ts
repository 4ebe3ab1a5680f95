import { parseContentSecurityPolicy, parseStrictTransportSecurity } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { fakeRequest } from "../test/fake-request.js";
import { toResponseFields } from "./response-fields.js";
import {
  buildContentSecurityPolicy,
  DEFAULT_CONTENT_SECURITY_POLICY,
  securityHeaderFields,
  withSecurityHeaders,
} from "./security-headers.js";
import type { Handler } from "./server-options.js";
import { withTrustedProxy } from "./trusted-proxy.js";

const fieldsOf = (pairs: [string, string][]) => Object.fromEntries(pairs);

describe("buildContentSecurityPolicy", () => {
  it("defaults to a strict same-origin policy", () => {
    expect(buildContentSecurityPolicy()).toBe(
      "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
    );
    expect(Object.isFrozen(DEFAULT_CONTENT_SECURITY_POLICY)).toBe(true);
  });

  it("replaces, adds and removes directives over the defaults", () => {
    const csp = buildContentSecurityPolicy({
      "img-src": ["'self'", "https://cdn.example"],
      "default-src": ["'none'"],
      "frame-ancestors": null,
    });
    const [policy] = parseContentSecurityPolicy(csp);
    expect(policy!.directives.get("default-src")).toEqual(["'none'"]);
    expect(policy!.directives.get("img-src")).toEqual(["'self'", "https://cdn.example"]);
    expect(policy!.directives.has("frame-ancestors")).toBe(false);
  });

  it("starts empty without the defaults, and refuses invalid names", () => {
    expect(buildContentSecurityPolicy({ "script-src": ["'self'"] }, { useDefaults: false })).toBe(
      "script-src 'self'",
    );
    expect(() => buildContentSecurityPolicy({ "bad name": ["x"] })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CSP" }),
    );
  });
});

describe("securityHeaderFields", () => {
  it("sends the Mozilla-style defaults over HTTP, without HSTS (RFC 6797 §7.2)", () => {
    const fields = fieldsOf(securityHeaderFields({}, { secure: false }));
    expect(fields).toEqual({
      "Content-Security-Policy": buildContentSecurityPolicy(),
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
  });

  it("adds HSTS for two years over HTTPS; includeSubDomains and preload are opt-in", () => {
    const plain = fieldsOf(securityHeaderFields({}, { secure: true }));
    expect(plain["Strict-Transport-Security"]).toBe("max-age=63072000");
    const all = fieldsOf(
      securityHeaderFields(
        { strictTransportSecurity: { includeSubDomains: true, preload: true } },
        { secure: true },
      ),
    );
    const parsed = parseStrictTransportSecurity(all["Strict-Transport-Security"]!);
    expect(parsed.ok && parsed.value).toEqual({
      maxAge: 63_072_000,
      includeSubDomains: true,
      preload: true,
    });
    const off = fieldsOf(
      securityHeaderFields({ strictTransportSecurity: false }, { secure: true }),
    );
    expect(off["Strict-Transport-Security"]).toBeUndefined();
  });

  it("keeps frame-ancestors in step with X-Frame-Options unless the policy sets it", () => {
    const same = fieldsOf(securityHeaderFields({ frameOptions: "SAMEORIGIN" }, { secure: false }));
    expect(same["X-Frame-Options"]).toBe("SAMEORIGIN");
    expect(same["Content-Security-Policy"]).toContain("frame-ancestors 'self'");
    const none = fieldsOf(securityHeaderFields({ frameOptions: false }, { secure: false }));
    expect(none["X-Frame-Options"]).toBeUndefined();
    expect(none["Content-Security-Policy"]).not.toContain("frame-ancestors");
    const own = fieldsOf(
      securityHeaderFields(
        {
          frameOptions: "SAMEORIGIN",
          contentSecurityPolicy: { "frame-ancestors": ["https://a.example"] },
        },
        { secure: false },
      ),
    );
    expect(own["Content-Security-Policy"]).toContain("frame-ancestors https://a.example");
  });

  it("takes a ready policy string, report-only mode, and the cross-origin options", () => {
    const fields = fieldsOf(
      securityHeaderFields(
        {
          contentSecurityPolicy: "default-src https:",
          contentSecurityPolicyReportOnly: true,
          crossOriginEmbedderPolicy: "require-corp",
          crossOriginOpenerPolicy: "same-origin-allow-popups",
          crossOriginResourcePolicy: "cross-origin",
          referrerPolicy: "no-referrer",
          noSniff: false,
        },
        { secure: false },
      ),
    );
    expect(fields["Content-Security-Policy-Report-Only"]).toBe("default-src https:");
    expect(fields["Content-Security-Policy"]).toBeUndefined();
    expect(fields["Cross-Origin-Embedder-Policy"]).toBe("require-corp");
    expect(fields["Cross-Origin-Opener-Policy"]).toBe("same-origin-allow-popups");
    expect(fields["Cross-Origin-Resource-Policy"]).toBe("cross-origin");
    expect(fields["Referrer-Policy"]).toBe("no-referrer");
    expect(fields["X-Content-Type-Options"]).toBeUndefined();
  });

  it("can leave every field out", () => {
    expect(
      securityHeaderFields(
        {
          strictTransportSecurity: false,
          contentSecurityPolicy: false,
          frameOptions: false,
          noSniff: false,
          referrerPolicy: false,
          crossOriginOpenerPolicy: false,
          crossOriginResourcePolicy: false,
        },
        { secure: true },
      ),
    ).toEqual([]);
  });
});

describe("withSecurityHeaders", () => {
  it("adds the fields but never overwrites what the handler set", async () => {
    const handler: Handler = () => ({
      headers: { "X-Frame-Options": "SAMEORIGIN", "content-security-policy": "default-src *" },
      body: "x",
    });
    const response = await withSecurityHeaders(handler)(fakeRequest());
    const fields = toResponseFields(response.headers);
    expect(fields.getAll("x-frame-options")).toEqual(["SAMEORIGIN"]);
    expect(fields.getAll("content-security-policy")).toEqual(["default-src *"]);
    expect(fields.get("x-content-type-options")).toBe("nosniff");
    expect(fields.has("strict-transport-security")).toBe(false);
    expect(response.body).toBe("x");
  });

  it("sends HSTS on TLS, and behind a trusted proxy that says https", async () => {
    const handler = withSecurityHeaders(() => ({}));
    const tls = await handler(fakeRequest({ secure: true }));
    expect(toResponseFields(tls.headers).has("strict-transport-security")).toBe(true);
    const proxied = withTrustedProxy(handler, { trust: ["127.0.0.1"] });
    const viaProxy = await proxied(
      fakeRequest({ headers: { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" } }),
    );
    expect(toResponseFields(viaProxy.headers).has("strict-transport-security")).toBe(true);
    // The same claim from an untrusted peer is ignored.
    const spoofed = await proxied(
      fakeRequest({ remoteAddress: "198.51.100.1", headers: { "x-forwarded-proto": "https" } }),
    );
    expect(toResponseFields(spoofed.headers).has("strict-transport-security")).toBe(false);
  });

  it("checks the policy when wrapping, not on the first request", () => {
    expect(() => withSecurityHeaders(() => ({}), { contentSecurityPolicy: { "a b": [] } })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CSP" }),
    );
  });
});
