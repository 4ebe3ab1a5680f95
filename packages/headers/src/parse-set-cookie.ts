import { findKnownWord, knownWords } from "./internal/known-words.js";
import { skipWhitespaceBackIn, skipWhitespaceIn } from "./internal/scan.js";
import { parseCookieDateIn } from "./parse-cookie-date.js";

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
  start = skipWhitespaceIn(text, start, end);
  return text.slice(start, skipWhitespaceBackIn(text, start, end));
}

/**
 * The attribute names of §5.2.1–§5.2.6, rfc6265bis §5.6.7 (SameSite) and
 * CHIPS (Partitioned), lower-case: recognised in place, in any ASCII case
 * (§5.2: "case-insensitively"; no non-ASCII character lower-cases to one of
 * them), so a known attribute costs no copy of its name.
 */
const ATTRIBUTE_NAMES = knownWords([
  "expires",
  "max-age",
  "domain",
  "path",
  "secure",
  "httponly",
  "samesite",
  "partitioned",
]);
const EXPIRES = 0;
const MAX_AGE = 1;
const DOMAIN = 2;
const PATH = 3;
const SECURE = 4;
const HTTP_ONLY = 5;
const SAME_SITE = 6;
const PARTITIONED = 7;

/** SameSite values (rfc6265bis §5.6.7), matched case-insensitively. */
const SAME_SITE_VALUES = knownWords(["strict", "lax", "none"]);

/**
 * Max-Age's value (§5.2.2 steps 1–2: the first character a DIGIT or "-",
 * the rest DIGITs) as a number, or NaN when it is not one.
 */
function maxAgeIn(text: string, start: number, end: number): number {
  const negative = start < end && text.charCodeAt(start) === 0x2d;
  let i = negative ? start + 1 : start;
  if (i === end) return Number.NaN;
  // Up to 15 digits add up exactly; longer ones (clamped by the caller anyway) go through Number.
  if (end - i > 15) {
    for (let k = i; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c < 0x30 || c > 0x39) return Number.NaN;
    }
    return Number(text.slice(start, end));
  }
  let n = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return Number.NaN;
    n = n * 10 + (c - 0x30);
  }
  return negative ? -n : n;
}

/**
 * One cookie-av, §5.2.1–§5.2.6: the attribute `known` (an index in
 * {@link ATTRIBUTE_NAMES}, or -1) named `line[nameStart, nameEnd)` with the
 * value `line[valueStart, valueEnd)`, both already trimmed. Values are
 * copied only where the cookie keeps them.
 */
function applyAttribute(
  cookie: SetCookie,
  known: number,
  line: string,
  nameStart: number,
  nameEnd: number,
  valueStart: number,
  valueEnd: number,
): void {
  switch (known) {
    case EXPIRES: {
      // §5.2.1: if the value fails to parse as a cookie date, ignore the cookie-av.
      const date = parseCookieDateIn(line, valueStart, valueEnd);
      if (date !== undefined) cookie.expires = date;
      return;
    }
    case MAX_AGE: {
      // §5.2.2: first char DIGIT or "-", the rest DIGITs; otherwise ignore the cookie-av.
      const n = maxAgeIn(line, valueStart, valueEnd);
      if (!Number.isNaN(n)) {
        cookie.maxAge = Math.max(Math.min(n, Number.MAX_SAFE_INTEGER), Number.MIN_SAFE_INTEGER);
      }
      return;
    }
    case DOMAIN:
      // §5.2.3: an empty value SHOULD make the user agent ignore the cookie-av; a leading "." is dropped.
      if (valueStart !== valueEnd) {
        const from = line.charCodeAt(valueStart) === 0x2e ? valueStart + 1 : valueStart;
        cookie.domain = line.slice(from, valueEnd).toLowerCase();
      }
      return;
    case PATH:
      // §5.2.4: empty or not starting with "/" → the default-path.
      if (valueStart !== valueEnd && line.charCodeAt(valueStart) === 0x2f) {
        cookie.path = line.slice(valueStart, valueEnd);
      } else delete cookie.path;
      return;
    case SECURE:
      cookie.secure = true; // §5.2.5
      return;
    case HTTP_ONLY:
      cookie.httpOnly = true; // §5.2.6
      return;
    case SAME_SITE: {
      // rfc6265bis §5.6.7: Strict, Lax or None, case-insensitive; anything else is the default.
      const value = findKnownWord(SAME_SITE_VALUES, line, valueStart, valueEnd);
      if (value !== -1)
        cookie.sameSite = SAME_SITE_VALUES.words[value] as "strict" | "lax" | "none";
      else delete cookie.sameSite;
      return;
    }
    case PARTITIONED:
      cookie.partitioned = true;
      return;
    default:
      cookie.extensions.push({
        name: line.slice(nameStart, nameEnd),
        value: line.slice(valueStart, valueEnd),
      });
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
    const nameStart = skipWhitespaceIn(line, start, eqAt);
    const nameEnd = skipWhitespaceBackIn(line, nameStart, eqAt);
    let valueStart = end;
    let valueEnd = end;
    if (eqAt !== end) {
      valueStart = skipWhitespaceIn(line, eqAt + 1, end);
      valueEnd = skipWhitespaceBackIn(line, valueStart, end);
    }
    start = end + 1;
    // An empty attribute name: nothing to apply.
    if (nameStart === nameEnd) continue;
    const known = findKnownWord(ATTRIBUTE_NAMES, line, nameStart, nameEnd);
    applyAttribute(cookie, known, line, nameStart, nameEnd, valueStart, valueEnd);
  }
  return cookie;
}
