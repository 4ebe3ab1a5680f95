import { formatHttpDate, isToken } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/** What {@link serializeSetCookie} writes: a cookie and its attributes (RFC 6265 §4.1). */
export interface SetCookieInit {
  /** cookie-name = token (RFC 6265 §4.1.1). */
  name: string;
  /** cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ) (RFC 6265 §4.1.1), after `encode`. */
  value: string;
  /** Expires (RFC 6265 §4.1.2.1), written as an IMF-fixdate; the year must be 1601–9999. */
  expires?: Date | number | undefined;
  /**
   * Max-Age in seconds (RFC 6265 §4.1.2.2). §4.1.1 only allows positive
   * values, but 0 and negative values are accepted: §5.2.2 defines them
   * ("expire now") and servers use `Max-Age=0` to delete a cookie.
   */
  maxAge?: number | undefined;
  /** Domain (RFC 6265 §4.1.2.3): a host name, optionally with a leading ".". */
  domain?: string | undefined;
  /** Path (RFC 6265 §4.1.2.4): any CHAR except CTLs and ";". */
  path?: string | undefined;
  /** Secure (RFC 6265 §4.1.2.5). */
  secure?: boolean | undefined;
  /** HttpOnly (RFC 6265 §4.1.2.6). */
  httpOnly?: boolean | undefined;
  /** SameSite (draft-ietf-httpbis-rfc6265bis §4.1.2.7), any case; `None` requires `secure`. */
  sameSite?: "Strict" | "Lax" | "None" | "strict" | "lax" | "none" | undefined;
  /** Partitioned (CHIPS, draft-cutler-httpbis-partitioned-cookies); requires `secure`. */
  partitioned?: boolean | undefined;
}

/** Options of {@link serializeSetCookie}. */
export interface SerializeSetCookieOptions {
  /** Turns the value into a cookie-value first, e.g. `encodeURIComponent`. The result is validated. */
  encode?: (value: string) => string;
}

/**
 * cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E   RFC 6265 §4.1.1
 */
function isCookieOctet(c: number): boolean {
  return (
    c === 0x21 ||
    (c >= 0x23 && c <= 0x2b) ||
    (c >= 0x2d && c <= 0x3a) ||
    (c >= 0x3c && c <= 0x5b) ||
    (c >= 0x5d && c <= 0x7e)
  );
}

/** Whether `name` is a cookie-name: a token (RFC 6265 §4.1.1). */
export function isCookieName(name: string): boolean {
  return isToken(name);
}

/** Whether `value` is a cookie-value: `*cookie-octet / ( DQUOTE *cookie-octet DQUOTE )` (RFC 6265 §4.1.1). */
export function isCookieValue(value: string): boolean {
  let start = 0;
  let end = value.length;
  if (end >= 2 && value.charCodeAt(0) === 0x22 && value.charCodeAt(end - 1) === 0x22) {
    start = 1;
    end--;
  }
  for (let i = start; i < end; i++) if (!isCookieOctet(value.charCodeAt(i))) return false;
  return true;
}

/**
 * domain-value = <subdomain>  (RFC 1034 §3.5 as enhanced by RFC 1123 §2.1)
 * RFC 6265 §4.1.2.3; a leading "." is tolerated (§5.2.3 ignores it).
 */
const DOMAIN =
  /^\.?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** path-value = <any CHAR except CTLs or ";"> (RFC 6265 §4.1.1) */
function isPathValue(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x3b) return false;
  }
  return true;
}

function attributeError(message: string): HeadersError {
  return new HeadersError("HW_HEADERS_INVALID_COOKIE_ATTRIBUTE", message);
}

/**
 * Serializes a `Set-Cookie` field value (RFC 6265 §4.1) with every attribute
 * set in `cookie`, validating each so that what is sent is what a user agent
 * reads back. Nothing is encoded unless `options.encode` says so.
 *
 * Throws `HeadersError`:
 * - `HW_HEADERS_INVALID_COOKIE_NAME`: the name is not a token.
 * - `HW_HEADERS_INVALID_COOKIE_VALUE`: the value is not a cookie-value
 *   (no SP, DQUOTE inside, ",", ";", "\\", CTLs, non-ASCII).
 * - `HW_HEADERS_INVALID_COOKIE_ATTRIBUTE`: an invalid Domain, Path, Expires or
 *   Max-Age; `SameSite=None` or `Partitioned` without `Secure` (user agents
 *   reject those cookies); a `__Secure-` name without `Secure`, or a `__Host-`
 *   name without `Secure`, with a Domain, or with a Path other than "/"
 *   (rfc6265bis §4.1.3).
 *
 * @example
 * ```ts
 * serializeSetCookie({ name: "SID", value: "31d4d96e407aad42", path: "/", secure: true, httpOnly: true });
 * // "SID=31d4d96e407aad42; Path=/; Secure; HttpOnly"
 * ```
 */
export function serializeSetCookie(
  cookie: SetCookieInit,
  options?: SerializeSetCookieOptions,
): string {
  const { name } = cookie;
  if (!isCookieName(name)) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_COOKIE_NAME",
      `cookie name must be a token: ${JSON.stringify(name)}`,
    );
  }
  const value = options?.encode === undefined ? cookie.value : options.encode(cookie.value);
  if (typeof value !== "string" || !isCookieValue(value)) {
    throw new HeadersError("HW_HEADERS_INVALID_COOKIE_VALUE", `invalid cookie-value for ${name}`);
  }
  let out = `${name}=${value}`;
  if (cookie.expires !== undefined) {
    const t = +cookie.expires;
    const year = Number.isFinite(t) ? new Date(t).getUTCFullYear() : Number.NaN;
    // RFC 6265 §5.1.1 step 5: user agents fail dates before 1601; IMF-fixdate has four-digit years.
    if (!(year >= 1601 && year <= 9999))
      throw attributeError("Expires must be a valid date in years 1601–9999");
    out += `; Expires=${formatHttpDate(t)}`;
  }
  if (cookie.maxAge !== undefined) {
    if (!Number.isSafeInteger(cookie.maxAge))
      throw attributeError(`Max-Age must be an integer, got ${cookie.maxAge}`);
    out += `; Max-Age=${cookie.maxAge}`;
  }
  if (cookie.domain !== undefined) {
    if (!DOMAIN.test(cookie.domain))
      throw attributeError(`invalid Domain ${JSON.stringify(cookie.domain)}`);
    out += `; Domain=${cookie.domain}`;
  }
  if (cookie.path !== undefined) {
    if (!isPathValue(cookie.path))
      throw attributeError(`invalid Path ${JSON.stringify(cookie.path)}`);
    out += `; Path=${cookie.path}`;
  }
  if (cookie.secure === true) out += "; Secure";
  if (cookie.httpOnly === true) out += "; HttpOnly";
  if (cookie.sameSite !== undefined) {
    const s = String(cookie.sameSite).toLowerCase();
    if (s !== "strict" && s !== "lax" && s !== "none")
      throw attributeError(`invalid SameSite ${cookie.sameSite}`);
    // rfc6265bis §5.6 step 18: a SameSite=None cookie without Secure is ignored by user agents.
    if (s === "none" && cookie.secure !== true)
      throw attributeError("SameSite=None requires Secure");
    out +=
      s === "strict" ? "; SameSite=Strict" : s === "lax" ? "; SameSite=Lax" : "; SameSite=None";
  }
  if (cookie.partitioned === true) {
    if (cookie.secure !== true) throw attributeError("Partitioned requires Secure");
    out += "; Partitioned";
  }
  // rfc6265bis §4.1.3: cookie name prefixes.
  if (name.startsWith("__Secure-") && cookie.secure !== true)
    throw attributeError("a __Secure- cookie requires Secure");
  if (
    name.startsWith("__Host-") &&
    (cookie.secure !== true || cookie.domain !== undefined || cookie.path !== "/")
  ) {
    throw attributeError("a __Host- cookie requires Secure, Path=/ and no Domain");
  }
  return out;
}
