import {
  formatContentSecurityPolicy,
  formatStrictTransportSecurity,
  type ReferrerPolicy,
} from "@hyperwire/headers";
import { addMissingFields } from "./edit-response.js";
import type { Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";
import { forwardedClient } from "./trusted-proxy.js";

/**
 * Content-Security-Policy directives: name → source list. Keyword sources
 * keep their quotes (`"'self'"`). `null` in an override removes a default
 * directive.
 */
export type ContentSecurityPolicyDirectives = Readonly<Record<string, readonly string[] | null>>;

/**
 * The default policy, a strict baseline in the spirit of the Mozilla web
 * security guidelines: everything from the page's own origin only, no
 * plugins (`object-src 'none'`), `<base>` and form targets pinned to the
 * origin (they let injected markup redirect scripts and forms), and no
 * framing (`frame-ancestors 'none'`, CSP3 §6.4.2).
 */
export const DEFAULT_CONTENT_SECURITY_POLICY: ContentSecurityPolicyDirectives = Object.freeze({
  "default-src": ["'self'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
  "object-src": ["'none'"],
});

/** Options of {@link buildContentSecurityPolicy}. */
export interface BuildContentSecurityPolicyOptions {
  /** Start from {@link DEFAULT_CONTENT_SECURITY_POLICY} and apply the directives on top. Default true. */
  readonly useDefaults?: boolean;
}

/**
 * Builds a serialized Content-Security-Policy (W3C CSP Level 3 §2.2) from
 * directives, by default merged over {@link DEFAULT_CONTENT_SECURITY_POLICY}
 * (a directive given replaces the default one; `null` removes it).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_CSP` for an invalid directive name or source.
 *
 * @example
 * ```ts
 * buildContentSecurityPolicy({ "img-src": ["'self'", "https://cdn.example"], "frame-ancestors": null });
 * // "default-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'; img-src 'self' https://cdn.example"
 * ```
 */
export function buildContentSecurityPolicy(
  directives: ContentSecurityPolicyDirectives = {},
  options: BuildContentSecurityPolicyOptions = {},
): string {
  const merged = new Map<string, readonly string[] | null>();
  if (options.useDefaults !== false) {
    for (const [name, value] of Object.entries(DEFAULT_CONTENT_SECURITY_POLICY))
      merged.set(name, value);
  }
  for (const [name, value] of Object.entries(directives)) merged.set(name.toLowerCase(), value);
  const kept = new Map<string, readonly string[]>();
  for (const [name, value] of merged) if (value !== null) kept.set(name, value);
  return formatContentSecurityPolicy(kept);
}

/** Strict-Transport-Security settings (RFC 6797 §6.1). */
export interface StrictTransportSecurityOptions {
  /** Seconds browsers remember to use HTTPS only. Default 63 072 000 (two years). */
  readonly maxAge?: number;
  /** Apply to every subdomain too. Default false: turn it on once every subdomain serves HTTPS. */
  readonly includeSubDomains?: boolean;
  /**
   * Ask to be on the browsers' preload list (needs `includeSubDomains` and a
   * max-age of at least a year). Opt-in: leaving the list takes months.
   */
  readonly preload?: boolean;
}

/**
 * Options of {@link withSecurityHeaders}. Every field has a safe default; `false`
 * leaves that field out.
 */
export interface SecurityHeadersOptions {
  /** `Strict-Transport-Security`, sent on HTTPS responses only (RFC 6797 §7.2: ignored over HTTP). */
  readonly strictTransportSecurity?: StrictTransportSecurityOptions | false;
  /**
   * `Content-Security-Policy`: directives merged over the defaults (see
   * {@link buildContentSecurityPolicy}), a ready string, or `false`.
   */
  readonly contentSecurityPolicy?: ContentSecurityPolicyDirectives | string | false;
  /** Send the policy as `Content-Security-Policy-Report-Only` (to try a policy out). Default false. */
  readonly contentSecurityPolicyReportOnly?: boolean;
  /**
   * Frame protection: `X-Frame-Options` (RFC 7034) for old browsers, and the
   * matching `frame-ancestors` directive when the policy has none (CSP3
   * §6.4.2, which supersedes it). Default "DENY".
   */
  readonly frameOptions?: "DENY" | "SAMEORIGIN" | false;
  /** `X-Content-Type-Options: nosniff` (Fetch §3.5): no MIME sniffing. Default true. */
  readonly noSniff?: boolean;
  /** `Referrer-Policy` (W3C Referrer Policy §3). Default "strict-origin-when-cross-origin". */
  readonly referrerPolicy?: ReferrerPolicy | false;
  /** `Cross-Origin-Opener-Policy` (WHATWG HTML §7.1.3). Default "same-origin". */
  readonly crossOriginOpenerPolicy?:
    | "same-origin"
    | "same-origin-allow-popups"
    | "noopener-allow-popups"
    | "unsafe-none"
    | false;
  /**
   * `Cross-Origin-Embedder-Policy` (WHATWG HTML §7.1.4). Default false: it
   * breaks cross-origin subresources that do not opt in; set
   * "require-corp" or "credentialless" (with COOP same-origin) for
   * cross-origin isolation.
   */
  readonly crossOriginEmbedderPolicy?: "require-corp" | "credentialless" | "unsafe-none" | false;
  /** `Cross-Origin-Resource-Policy` (Fetch §3.7). Default "same-origin". */
  readonly crossOriginResourcePolicy?: "same-origin" | "same-site" | "cross-origin" | false;
}

const TWO_YEARS = 63_072_000;

/**
 * The security fields for a response, as `[name, value]` pairs, without
 * looking at any response: what {@link withSecurityHeaders} adds where the
 * handler set nothing. `secure` says whether the client uses HTTPS.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_CSP` / `HW_HEADERS_INVALID_STRICT_TRANSPORT_SECURITY` for invalid settings.
 *
 * @example
 * ```ts
 * securityHeaderFields({}, { secure: true });
 * // [["Strict-Transport-Security", "max-age=63072000"], ["Content-Security-Policy", "default-src 'self'; …"],
 * //  ["X-Frame-Options", "DENY"], ["X-Content-Type-Options", "nosniff"], …]
 * ```
 */
export function securityHeaderFields(
  options: SecurityHeadersOptions = {},
  context: { readonly secure: boolean },
): [string, string][] {
  const out: [string, string][] = [];
  const hsts = options.strictTransportSecurity ?? {};
  if (hsts !== false && context.secure) {
    out.push([
      "Strict-Transport-Security",
      formatStrictTransportSecurity({
        maxAge: hsts.maxAge ?? TWO_YEARS,
        includeSubDomains: hsts.includeSubDomains === true,
        preload: hsts.preload === true,
      }),
    ]);
  }
  const frame = options.frameOptions ?? "DENY";
  const csp = options.contentSecurityPolicy ?? {};
  if (csp !== false) {
    let value: string;
    if (typeof csp === "string") value = csp;
    else {
      const directives: Record<string, readonly string[] | null> = { ...csp };
      const own = Object.keys(csp).some((name) => name.toLowerCase() === "frame-ancestors");
      // Keep the two frame protections in agreement unless the policy says otherwise.
      if (!own && frame === "SAMEORIGIN") directives["frame-ancestors"] = ["'self'"];
      if (!own && frame === false) directives["frame-ancestors"] = null;
      value = buildContentSecurityPolicy(directives);
    }
    out.push([
      options.contentSecurityPolicyReportOnly === true
        ? "Content-Security-Policy-Report-Only"
        : "Content-Security-Policy",
      value,
    ]);
  }
  if (frame !== false) out.push(["X-Frame-Options", frame]);
  if (options.noSniff !== false) out.push(["X-Content-Type-Options", "nosniff"]);
  const referrer = options.referrerPolicy ?? "strict-origin-when-cross-origin";
  if (referrer !== false) out.push(["Referrer-Policy", referrer]);
  const coop = options.crossOriginOpenerPolicy ?? "same-origin";
  if (coop !== false) out.push(["Cross-Origin-Opener-Policy", coop]);
  const coep = options.crossOriginEmbedderPolicy ?? false;
  if (coep !== false) out.push(["Cross-Origin-Embedder-Policy", coep]);
  const corp = options.crossOriginResourcePolicy ?? "same-origin";
  if (corp !== false) out.push(["Cross-Origin-Resource-Policy", corp]);
  return out;
}

/**
 * Wraps a handler so that every response carries security fields with safe
 * defaults (see {@link SecurityHeadersOptions}). A field the handler set is
 * never replaced. HSTS goes out only when the client uses HTTPS — TLS on the
 * socket, or `https` from a trusted proxy (see `withTrustedProxy`).
 *
 * @throws HeadersError at wrap time for an invalid policy, so a typo fails at startup.
 *
 * @example
 * ```ts
 * const page: Handler = () => ({ headers: { "content-type": "text/html" }, body: "<h1>hi</h1>" });
 * const app = withSecurityHeaders(page, {
 *   contentSecurityPolicy: { "img-src": ["'self'", "data:"] },
 *   strictTransportSecurity: { includeSubDomains: true },
 * });
 * // or with the defaults, among other features: compose(withSecurityHeaders, withCompression)(page)
 * await serve({ port: 8443, tls: { cert, key }, handler: app });
 * ```
 */
export function withSecurityHeaders(
  handler: Handler,
  options: SecurityHeadersOptions = {},
): Handler {
  // Computed once per scheme; the policy is checked here rather than on the first request.
  const plain = securityHeaderFields(options, { secure: false });
  const tls = securityHeaderFields(options, { secure: true });
  return async (request: ServerRequest) => {
    const response = await handler(request);
    return addMissingFields(response, forwardedClient(request).secure ? tls : plain);
  };
}
