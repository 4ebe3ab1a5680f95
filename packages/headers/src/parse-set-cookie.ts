import { parseCookieDate } from "./parse-cookie-date.js";

/**
 * A `Set-Cookie` line as a user agent reads it (RFC 6265 §5.2). Attributes
 * that were absent, or ignored by the algorithm, are absent. Max-Age and
 * Expires are both returned as received: Max-Age's precedence (§5.3 step 3)
 * is the cookie jar's business.
 */
export interface SetCookie {
  name: string;
  value: string;
  /** Expires (§5.2.1), when its value parsed as a cookie date. */
  expires?: Date;
  /** Max-Age in seconds (§5.2.2); 0 or negative means "expire now". */
  maxAge?: number;
  /** Domain (§5.2.3), lower-cased, leading "." removed. */
  domain?: string;
  /** Path (§5.2.4) when it starts with "/"; absent means the default-path. */
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  /** SameSite (rfc6265bis §5.6.7), lower-cased; absent means the default enforcement. */
  sameSite?: "strict" | "lax" | "none";
  /** Partitioned (CHIPS). */
  partitioned: boolean;
  /** Attributes not listed above, in order, names as sent (§5.2: the user agent ignores them). */
  extensions: { name: string; value: string }[];
}

/** `text[start, end)` without leading and trailing WSP = SP / HTAB (RFC 5234), which RFC 6265 §5.2 removes. */
function trimmedSlice(text: string, start: number, end: number): string {
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09))
    start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09))
    end--;
  return text.slice(start, end);
}

/** Whether `value` is `[ "-" ] 1*DIGIT` (RFC 6265 §5.2.2 steps 1–2). */
function isMaxAge(value: string): boolean {
  const length = value.length;
  let i = value.charCodeAt(0) === 0x2d ? 1 : 0;
  if (i === length) return false;
  for (; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** One cookie-av, §5.2.1–§5.2.6 (names case-insensitive). */
function applyAttribute(cookie: SetCookie, attrName: string, attrValue: string): void {
  switch (attrName.length === 0 ? "" : attrName.toLowerCase()) {
    case "expires": {
      // §5.2.1: if the value fails to parse as a cookie date, ignore the cookie-av.
      const date = parseCookieDate(attrValue);
      if (date !== undefined) cookie.expires = date;
      return;
    }
    case "max-age":
      // §5.2.2: first char DIGIT or "-", the rest DIGITs; otherwise ignore the cookie-av.
      if (isMaxAge(attrValue)) {
        const n = Number(attrValue);
        cookie.maxAge = Math.max(Math.min(n, Number.MAX_SAFE_INTEGER), Number.MIN_SAFE_INTEGER);
      }
      return;
    case "domain":
      // §5.2.3: an empty value SHOULD make the user agent ignore the cookie-av; a leading "." is dropped.
      if (attrValue !== "") {
        cookie.domain = (
          attrValue.charCodeAt(0) === 0x2e ? attrValue.slice(1) : attrValue
        ).toLowerCase();
      }
      return;
    case "path":
      // §5.2.4: empty or not starting with "/" → the default-path.
      if (attrValue.charCodeAt(0) === 0x2f) cookie.path = attrValue;
      else delete cookie.path;
      return;
    case "secure":
      cookie.secure = true; // §5.2.5
      return;
    case "httponly":
      cookie.httpOnly = true; // §5.2.6
      return;
    case "samesite": {
      // rfc6265bis §5.6.7: Strict, Lax or None, case-insensitive; anything else is the default.
      const s = attrValue.toLowerCase();
      if (s === "strict" || s === "lax" || s === "none") cookie.sameSite = s;
      else delete cookie.sameSite;
      return;
    }
    case "partitioned":
      cookie.partitioned = true;
      return;
    case "":
      return;
    default:
      cookie.extensions.push({ name: attrName, value: attrValue });
  }
}

/**
 * Parses one `Set-Cookie` field line with the user-agent algorithm of
 * RFC 6265 §5.2: lenient as browsers are, and never throwing. Returns `null`
 * when §5.2 says to ignore the line entirely: no "=" in the name-value-pair
 * (step 2) or an empty name (step 5).
 *
 * Attributes (§5.2.1–§5.2.6, plus SameSite and Partitioned) are matched
 * case-insensitively and the last occurrence wins (§5.3 step 11 reads the
 * last of each in the attribute list). An attribute whose value §5.2 says to
 * ignore (an Expires that is not a cookie date, a Max-Age that is not an
 * integer, an empty Domain) leaves any earlier one in place; a Path that
 * does not start with "/" resets the path to the default-path.
 *
 * @example
 * ```ts
 * parseSetCookie("lang=en-US; Path=/; Domain=Example.com; Max-Age=3600; Secure");
 * // { name: "lang", value: "en-US", path: "/", domain: "example.com", maxAge: 3600,
 * //   secure: true, httpOnly: false, partitioned: false, extensions: [] }
 * ```
 */
export function parseSetCookie(line: string): SetCookie | null {
  // Step 1: the name-value-pair runs to the first ";".
  const semi = line.indexOf(";");
  const pairEnd = semi === -1 ? line.length : semi;
  // Step 2: no "=" → ignore the line. (Bounds on `line` rather than a
  // slice of the pair: one string fewer per cookie.)
  const eq = line.indexOf("=");
  if (eq === -1 || eq > pairEnd) return null;
  // Steps 3–4: split at the first "=", remove WSP.
  const name = trimmedSlice(line, 0, eq);
  const value = trimmedSlice(line, eq + 1, pairEnd);
  // Step 5: an empty name → ignore the line.
  if (name === "") return null;
  const cookie: SetCookie = {
    name,
    value,
    secure: false,
    httpOnly: false,
    partitioned: false,
    extensions: [],
  };
  if (semi === -1) return cookie;
  const length = line.length;
  let start = semi + 1;
  // The next "=" is searched again only once passed, so many attributes
  // without "=" stay linear rather than quadratic.
  let nextEq = line.indexOf("=", start);
  while (start <= length) {
    let end = line.indexOf(";", start);
    if (end === -1) end = length;
    if (nextEq !== -1 && nextEq < start) nextEq = line.indexOf("=", start);
    const eqAt = nextEq === -1 || nextEq > end ? end : nextEq;
    const attrName = trimmedSlice(line, start, eqAt);
    const attrValue = eqAt === end ? "" : trimmedSlice(line, eqAt + 1, end);
    start = end + 1;
    applyAttribute(cookie, attrName, attrValue);
  }
  return cookie;
}
