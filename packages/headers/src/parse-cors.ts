import {
  err,
  isToken,
  ok,
  parseHostAndPort,
  type Result,
  splitList,
  trimOws,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/** A serialized origin (RFC 6454 §6.2): scheme, host and port when not the default. */
export interface SerializedOrigin {
  /** Lowercase scheme. */
  scheme: string;
  /** Host as written (IPv6 in brackets). */
  host: string;
  port?: number;
}

/** The Origin field: "null" (an opaque origin) or a list of origins (RFC 6454 §7.1). */
export type OriginField = { kind: "null" } | { kind: "origins"; origins: SerializedOrigin[] };

function fail(code: string, message: string): { ok: false; error: HeadersError } {
  return err(new HeadersError(code, message, { statusHint: 400 }));
}

// serialized-origin = scheme "://" host [ ":" port ]   RFC 6454 §7.1
function parseSerializedOrigin(text: string): SerializedOrigin | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.+)$/.exec(text);
  if (m === null) return null;
  const hp = parseHostAndPort(m[2]!);
  if (!hp.ok || hp.value.host === "") return null;
  // RFC 6454 §6.2: the serialization lowercases the scheme and the host.
  const origin: SerializedOrigin = {
    scheme: m[1]!.toLowerCase(),
    host: hp.value.host.toLowerCase(),
  };
  if (hp.value.port !== undefined) origin.port = hp.value.port;
  return origin;
}

/** Writes an origin as RFC 6454 §6.2 serializes it. */
export function formatOrigin(origin: SerializedOrigin | null): string {
  if (origin === null) return "null";
  return `${origin.scheme}://${origin.host}${origin.port === undefined ? "" : `:${origin.port}`}`;
}

/**
 * Parses Origin, RFC 6454 §7.1:
 * ```abnf
 * origin            = "origin" ":" OWS origin-list-or-null OWS
 * origin-list-or-null = %x6E %x75 %x6C %x6C / origin-list   ; "null", lowercase only
 * origin-list       = serialized-origin *( SP serialized-origin )
 * serialized-origin = scheme "://" host [ ":" port ]
 * ```
 * Fetch sends one origin; RFC 6454 allows a list, which is accepted. Paths,
 * userinfo, queries and fragments make it fail with `HW_HEADERS_INVALID_ORIGIN`.
 *
 * @example
 * ```ts
 * parseOrigin("https://example.com:8443"); // ok: { kind: "origins", origins: [{ scheme: "https", host: "example.com", port: 8443 }] }
 * parseOrigin("null"); // ok: { kind: "null" }
 * ```
 */
export function parseOrigin(value: string): Result<OriginField, HeadersError> {
  const v = trimOws(value);
  if (v === "null") return ok({ kind: "null" });
  const parts = v.split(" ");
  const origins: SerializedOrigin[] = [];
  for (const p of parts) {
    const o = parseSerializedOrigin(p);
    if (o === null)
      return fail("HW_HEADERS_INVALID_ORIGIN", `${JSON.stringify(p)} is not a serialized origin`);
    origins.push(o);
  }
  return ok({ kind: "origins", origins });
}

/**
 * Parses Access-Control-Allow-Origin (Fetch §3.3.4):
 * `Access-Control-Allow-Origin = origin-or-null / wildcard`. Returns "*", "null"
 * or the serialized origin (normalised per RFC 6454 §6.2). Fails with
 * `HW_HEADERS_INVALID_CORS` (a list is not allowed here).
 */
export function parseAccessControlAllowOrigin(value: string): Result<string, HeadersError> {
  const v = trimOws(value);
  if (v === "*" || v === "null") return ok(v);
  const o = parseSerializedOrigin(v);
  if (o === null)
    return fail(
      "HW_HEADERS_INVALID_CORS",
      "Access-Control-Allow-Origin is '*', 'null' or one origin",
    );
  return ok(formatOrigin(o));
}

/** Access-Control-Allow-Credentials (Fetch §3.3.4): only the exact, case-sensitive "true" counts. */
export function parseAccessControlAllowCredentials(value: string): boolean {
  return trimOws(value) === "true";
}

function tokenList(value: string, what: string): Result<string[], HeadersError> {
  const items = splitList(value);
  for (const t of items)
    if (!isToken(t))
      return fail("HW_HEADERS_INVALID_CORS", `${JSON.stringify(t)} is not a ${what}`);
  return ok(items);
}

/**
 * Access-Control-Allow-Methods (Fetch §3.3.4): `#method`, "*" allowed (a
 * wildcard only for requests without credentials). Methods stay as written
 * (they are case-sensitive; Fetch normalises only the six standard ones).
 */
export function parseAccessControlAllowMethods(value: string): Result<string[], HeadersError> {
  return tokenList(value, "method");
}

/**
 * Access-Control-Allow-Headers and Access-Control-Expose-Headers (Fetch
 * §3.3.4): `#field-name`, "*" allowed; names are lowercased (field names are
 * case-insensitive, RFC 9110 §5.1).
 */
export function parseAccessControlAllowHeaders(value: string): Result<string[], HeadersError> {
  const r = tokenList(value, "field name");
  return r.ok ? ok(r.value.map((n) => n.toLowerCase())) : r;
}

/** Access-Control-Expose-Headers: same grammar as {@link parseAccessControlAllowHeaders}. */
export const parseAccessControlExposeHeaders = parseAccessControlAllowHeaders;

/**
 * Access-Control-Max-Age (Fetch §3.3.4): delta-seconds = 1*DIGIT; values past
 * 2^53-1 saturate. Fails with `HW_HEADERS_INVALID_CORS`.
 */
export function parseAccessControlMaxAge(value: string): Result<number, HeadersError> {
  const v = trimOws(value);
  if (!/^[0-9]+$/.test(v))
    return fail("HW_HEADERS_INVALID_CORS", "Access-Control-Max-Age is delta-seconds");
  return ok(Math.min(Number(v), Number.MAX_SAFE_INTEGER));
}

/** Access-Control-Request-Method (Fetch §3.3.3): one method token, kept as written. */
export function parseAccessControlRequestMethod(value: string): Result<string, HeadersError> {
  const v = trimOws(value);
  return isToken(v)
    ? ok(v)
    : fail("HW_HEADERS_INVALID_CORS", "Access-Control-Request-Method is a method token");
}

/** Access-Control-Request-Headers (Fetch §3.3.3): `#field-name`, lowercased. */
export function parseAccessControlRequestHeaders(value: string): Result<string[], HeadersError> {
  const r = tokenList(value, "field name");
  return r.ok ? ok(r.value.map((n) => n.toLowerCase())) : r;
}

/**
 * Writes Access-Control-Request-Headers the way Fetch's "CORS-unsafe request-header
 * names" does: lowercased, de-duplicated, sorted, joined with ",".
 *
 * @throws HeadersError `HW_HEADERS_INVALID_CORS` for a name that is not a token.
 */
export function formatAccessControlRequestHeaders(names: Iterable<string>): string {
  const set = new Set<string>();
  for (const n of names) {
    if (!isToken(n))
      throw new HeadersError("HW_HEADERS_INVALID_CORS", `${JSON.stringify(n)} is not a field name`);
    set.add(n.toLowerCase());
  }
  return [...set].sort().join(",");
}

/**
 * The CORS check of Fetch §4.9: does a response with these
 * Access-Control-Allow-Origin / -Credentials values let `origin` read it?
 * With credentials, "*" is not enough and Allow-Credentials must be "true".
 *
 * @example
 * ```ts
 * corsCheck({ allowOrigin: "*", origin: "https://a.example", credentials: false }); // true
 * corsCheck({ allowOrigin: "*", origin: "https://a.example", credentials: true }); // false
 * ```
 */
export function corsCheck(input: {
  allowOrigin: string | null;
  allowCredentials?: string | null;
  /** The request's serialized origin ("null" for an opaque one). */
  origin: string;
  credentials: boolean;
}): boolean {
  if (input.allowOrigin === null) return false;
  const acao = trimOws(input.allowOrigin);
  if (!input.credentials && acao === "*") return true;
  const parsed = parseAccessControlAllowOrigin(acao);
  // Fetch compares byte-for-byte with the serialized origin of the request.
  if (!parsed.ok || acao !== input.origin) return false;
  if (!input.credentials) return true;
  return (
    input.allowCredentials != null && parseAccessControlAllowCredentials(input.allowCredentials)
  );
}
