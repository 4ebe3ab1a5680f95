import { err, ok, parseQuotedString, parseToken, type Result, skipOws } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/** A Strict-Transport-Security policy (RFC 6797 §6.1). */
export interface StrictTransportSecurity {
  /** Seconds the host is to be treated as a Known HSTS Host; 0 removes it (RFC 6797 §6.1.1). */
  maxAge: number;
  includeSubDomains: boolean;
  /** The `preload` directive of the browsers' preload lists (not in RFC 6797; an extension directive). */
  preload: boolean;
}

function invalid(message: string, offset?: number): { ok: false; error: HeadersError } {
  return err(
    new HeadersError(
      "HW_HEADERS_INVALID_STRICT_TRANSPORT_SECURITY",
      message,
      offset === undefined ? {} : { offset },
    ),
  );
}

/**
 * Parses Strict-Transport-Security, RFC 6797 §6.1:
 * ```abnf
 * Strict-Transport-Security = [ directive ] *( ";" [ directive ] )
 * directive       = directive-name [ "=" directive-value ]
 * directive-name  = token
 * directive-value = token / quoted-string
 * ```
 * Directive names are case-insensitive; every directive may appear at most
 * once and max-age is required, else the whole field is invalid (RFC 6797
 * §6.1 ¶5-6, §6.1.1); unknown directives are ignored (§6.1 ¶3). max-age is
 * delta-seconds, also accepted quoted; values past 2^53-1 saturate.
 *
 * @example
 * ```ts
 * parseStrictTransportSecurity("max-age=31536000; includeSubDomains");
 * // ok: { maxAge: 31536000, includeSubDomains: true, preload: false }
 * ```
 */
export function parseStrictTransportSecurity(
  value: string,
): Result<StrictTransportSecurity, HeadersError> {
  const seen = new Set<string>();
  let maxAge: number | undefined;
  let includeSubDomains = false;
  let preload = false;
  let i = skipOws(value, 0);
  for (;;) {
    if (i < value.length && value.charCodeAt(i) !== 0x3b) {
      const name = parseToken(value, i);
      if (name === null) return invalid("expected a directive name", i);
      const lower = name.value.toLowerCase();
      if (seen.has(lower)) return invalid(`directive ${lower} appears twice`, i);
      seen.add(lower);
      i = skipOws(value, name.end);
      let directiveValue: string | undefined;
      if (value.charCodeAt(i) === 0x3d) {
        i = skipOws(value, i + 1);
        const q = value.charCodeAt(i) === 0x22 ? parseQuotedString(value, i) : parseToken(value, i);
        if (q === null) return invalid("expected a token or quoted-string", i);
        directiveValue = q.value;
        i = skipOws(value, q.end);
      }
      if (lower === "max-age") {
        if (directiveValue === undefined || !/^[0-9]+$/.test(directiveValue)) {
          return invalid("max-age is delta-seconds (1*DIGIT)");
        }
        maxAge = Math.min(Number(directiveValue), Number.MAX_SAFE_INTEGER);
      } else if (lower === "includesubdomains") {
        // RFC 6797 §6.1.2: a valueless directive.
        if (directiveValue !== undefined) return invalid("includeSubDomains takes no value");
        includeSubDomains = true;
      } else if (lower === "preload") {
        if (directiveValue !== undefined) return invalid("preload takes no value");
        preload = true;
      }
    }
    if (i >= value.length) break;
    if (value.charCodeAt(i) !== 0x3b) return invalid("expected ';'", i);
    i = skipOws(value, i + 1);
  }
  if (maxAge === undefined) return invalid("max-age is required (RFC 6797 §6.1.1)");
  return ok({ maxAge, includeSubDomains, preload });
}

/**
 * Serializes Strict-Transport-Security.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_STRICT_TRANSPORT_SECURITY` when
 * maxAge is not a non-negative integer.
 *
 * @example
 * ```ts
 * formatStrictTransportSecurity({ maxAge: 63072000, includeSubDomains: true, preload: true });
 * // "max-age=63072000; includeSubDomains; preload"
 * ```
 */
export function formatStrictTransportSecurity(
  policy: Pick<StrictTransportSecurity, "maxAge"> & Partial<StrictTransportSecurity>,
): string {
  if (!Number.isSafeInteger(policy.maxAge) || policy.maxAge < 0) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_STRICT_TRANSPORT_SECURITY",
      "maxAge is a non-negative integer",
    );
  }
  return `max-age=${policy.maxAge}${policy.includeSubDomains ? "; includeSubDomains" : ""}${policy.preload ? "; preload" : ""}`;
}
