import { HeadersError } from "./errors.js";
import { skipWhitespaceBackIn, skipWhitespaceIn } from "./internal/scan.js";
import { isCookieName, isCookieValue } from "./serialize-set-cookie.js";

/** One `name=value` pair of a `Cookie` field, as sent (no decoding). */
export interface CookiePair {
  readonly name: string;
  readonly value: string;
}

/**
 * Records whose prototype is an empty object with no prototype: like
 * `Object.create(null)`, no inherited keys and "__proto__" is a plain key,
 * but created in fast mode, so filling one is cheaper.
 */
const CookieRecord = function CookieRecord() {} as unknown as new () => Record<string, string>;
CookieRecord.prototype = Object.create(null);

/**
 * Parses a `Cookie` field value into its pairs, in order, keeping
 * duplicates. Values are returned as sent: no percent-decoding, and a
 * DQUOTE-wrapped value keeps its quotes (RFC 6265 §4.1.1 makes them part of
 * the cookie-value).
 *
 * ```
 * cookie-string = cookie-pair *( ";" SP cookie-pair )      RFC 6265 §4.2.1
 * ```
 *
 * A server reads what user agents send, so this is lenient and never fails:
 * pairs are split at ";", whitespace around names and values is trimmed,
 * and pieces without "=" or with an empty name are skipped. Order matters:
 * user agents list cookies with longer paths first (RFC 6265 §5.4 step 2),
 * so when a name repeats, the first pair is the most specific.
 *
 * @example
 * ```ts
 * parseCookie("SID=31d4d96e407aad42; lang=en-US");
 * // [{ name: "SID", value: "31d4d96e407aad42" }, { name: "lang", value: "en-US" }]
 * ```
 */
export function parseCookie(value: string): CookiePair[] {
  const out: CookiePair[] = [];
  const length = value.length;
  let start = 0;
  // The next "=" is searched again only once passed: pieces without "=" stay linear.
  let eq = value.indexOf("=");
  while (start < length) {
    let end = value.indexOf(";", start);
    if (end === -1) end = length;
    if (eq !== -1 && eq < start) eq = value.indexOf("=", start);
    if (eq === -1) break; // no pair in the rest
    if (eq < end) {
      const nameStart = skipWhitespaceIn(value, start, eq);
      const nameEnd = skipWhitespaceBackIn(value, nameStart, eq);
      if (nameStart !== nameEnd) {
        const valueStart = skipWhitespaceIn(value, eq + 1, end);
        out.push({
          name: value.slice(nameStart, nameEnd),
          value: value.slice(valueStart, skipWhitespaceBackIn(value, valueStart, end)),
        });
      }
    }
    start = end + 1;
  }
  return out;
}

/**
 * Parses a `Cookie` field value into a record (without prototype) where the
 * FIRST pair of each name wins, for the reason given in {@link parseCookie}.
 *
 * @example
 * ```ts
 * parseCookieRecord("a=1; b=2; a=3"); // { a: "1", b: "2" }
 * ```
 */
export function parseCookieRecord(value: string): Record<string, string> {
  // The loop of parseCookie, written straight into the record: no array of
  // pairs in between (this runs once per request on most servers), and a
  // value is copied only for a name not seen before.
  const record = new CookieRecord();
  const length = value.length;
  let empty = true;
  let start = 0;
  // The next "=" is searched again only once passed: pieces without "=" stay linear.
  let eq = value.indexOf("=");
  while (start < length) {
    let end = value.indexOf(";", start);
    if (end === -1) end = length;
    if (eq !== -1 && eq < start) eq = value.indexOf("=", start);
    if (eq === -1) break; // no pair in the rest
    if (eq < end) {
      const nameStart = skipWhitespaceIn(value, start, eq);
      const nameEnd = skipWhitespaceBackIn(value, nameStart, eq);
      if (nameStart !== nameEnd) {
        const name = value.slice(nameStart, nameEnd);
        // The first pair cannot repeat a name: no lookup for it.
        if (empty || record[name] === undefined) {
          const valueStart = skipWhitespaceIn(value, eq + 1, end);
          record[name] = value.slice(valueStart, skipWhitespaceBackIn(value, valueStart, end));
          empty = false;
        }
      }
    }
    start = end + 1;
  }
  return record;
}

/**
 * Formats a `Cookie` field value from pairs (what a user agent sends,
 * RFC 6265 §4.2.1: joined by "; "). Throws `HeadersError`
 * (`HW_HEADERS_INVALID_COOKIE_NAME` / `HW_HEADERS_INVALID_COOKIE_VALUE`) for a
 * name that is not a token or a value that is not a cookie-value.
 *
 * @example
 * ```ts
 * formatCookie([{ name: "SID", value: "31d4" }, { name: "lang", value: "en-US" }]); // "SID=31d4; lang=en-US"
 * ```
 */
export function formatCookie(pairs: Iterable<CookiePair>): string {
  const parts: string[] = [];
  for (const { name, value } of pairs) {
    if (!isCookieName(name))
      throw new HeadersError(
        "HW_HEADERS_INVALID_COOKIE_NAME",
        `invalid cookie name ${JSON.stringify(name)}`,
      );
    if (!isCookieValue(value))
      throw new HeadersError("HW_HEADERS_INVALID_COOKIE_VALUE", `invalid cookie value for ${name}`);
    parts.push(`${name}=${value}`);
  }
  return parts.join("; ");
}
