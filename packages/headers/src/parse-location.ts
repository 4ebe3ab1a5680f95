import { err, ok, type Result, trimOws } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

// URI-reference characters (RFC 3986 §2): unreserved, reserved, "%". Anything
// else (spaces, controls, DQUOTE, "<", ">", "\", "^", "`", "{", "|", "}", non-ASCII) is not.
const URI_REFERENCE_RE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/**
 * Parses Location, RFC 9110 §10.2.2: `Location = URI-reference`. The value is
 * returned as written (relative references are resolved by the recipient
 * against the target URI; see {@link resolveLocation}). Fails with
 * `HW_HEADERS_INVALID_LOCATION` for characters a URI-reference cannot contain
 * or a "%" not followed by two hex digits.
 *
 * @example
 * ```ts
 * parseLocation("/People.html#tim"); // ok: "/People.html#tim"
 * ```
 */
export function parseLocation(value: string): Result<string, HeadersError> {
  const v = trimOws(value);
  if (!URI_REFERENCE_RE.test(v) || /%(?![0-9A-Fa-f]{2})/.test(v)) {
    return err(new HeadersError("HW_HEADERS_INVALID_LOCATION", "Location is not a URI-reference"));
  }
  return ok(v);
}

/**
 * Resolves a Location value against the request's target URI (RFC 9110
 * §10.2.2 ¶3, RFC 3986 §5). When the reference has no fragment the target's
 * fragment is inherited (RFC 9110 §10.2.2 ¶6). Returns `null` when the value
 * or the base is unusable.
 *
 * @example
 * ```ts
 * resolveLocation("/People.html#tim", "http://www.example.org/index.html"); // "http://www.example.org/People.html#tim"
 * ```
 */
export function resolveLocation(value: string, base: string): string | null {
  const parsed = parseLocation(value);
  if (!parsed.ok) return null;
  try {
    const url = new URL(parsed.value, base);
    const baseHash = new URL(base).hash;
    if (!parsed.value.includes("#") && baseHash !== "") url.hash = baseHash;
    return url.href;
  } catch {
    return null;
  }
}
