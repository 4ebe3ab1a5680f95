import { err, ok, type Result } from "@hyperwire/grammar";
import { framingError } from "./coding-list.js";
import { HeadersError } from "./errors.js";

const FIELD = "Content-Length";

/**
 * Parses a Content-Length field value.
 *
 * ```abnf
 * Content-Length = 1*DIGIT        ; RFC 9110 §8.6
 * ```
 *
 * Strict, because disagreement about Content-Length is request smuggling
 * (CVE-2019-18277, CVE-2022-32213 and many alike):
 * - no sign, no whitespace inside the digits, no hex, no empty value
 *   (`HW_HEADERS_INVALID_CONTENT_LENGTH`);
 * - a value above `Number.MAX_SAFE_INTEGER` cannot be represented exactly
 *   and is refused (`HW_HEADERS_CONTENT_LENGTH_TOO_LARGE`);
 * - RFC 9110 §8.6 ¶4: a comma list of the same decimal value ("42, 42", as
 *   several field lines combined produce) collapses to that value; differing
 *   members are an error (`HW_HEADERS_CONTENT_LENGTH_MISMATCH`); empty list
 *   members are refused.
 * Leading zeros are digits like any other ("007" is 7), as the ABNF allows.
 * OWS around the whole value or around commas is allowed (RFC 9110 §5.6.1).
 * Every error carries `statusHint: 400` (RFC 9112 §6.3 ¶5).
 *
 * To check several field lines, pass `fields.get("content-length")`, which
 * joins them with ", ".
 *
 * @example
 * ```ts
 * parseContentLength("42");     // { ok: true, value: 42 }
 * parseContentLength("42, 42"); // { ok: true, value: 42 }
 * parseContentLength("+42");    // { ok: false, error: { code: "HW_HEADERS_INVALID_CONTENT_LENGTH" } }
 * ```
 */
export function parseContentLength(value: string): Result<number, HeadersError> {
  const length = value.length;
  let result = -1;
  let i = 0;
  for (;;) {
    while (i < length && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) i++;
    const start = i;
    let n = 0;
    while (i < length) {
      const digit = value.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
      // Checked at every digit so `n` never loses precision before the test.
      if (n > Number.MAX_SAFE_INTEGER) {
        return err(
          framingError(
            "HW_HEADERS_CONTENT_LENGTH_TOO_LARGE",
            `${FIELD}: value exceeds ${Number.MAX_SAFE_INTEGER}`,
            start,
          ),
        );
      }
      i++;
    }
    if (i === start) {
      return err(
        framingError(
          "HW_HEADERS_INVALID_CONTENT_LENGTH",
          i >= length
            ? `${FIELD}: expected digits at index ${i}, found the end of the value`
            : `${FIELD}: expected a digit at index ${i}, found ${JSON.stringify(value[i])}`,
          i,
        ),
      );
    }
    if (result === -1) result = n;
    else if (result !== n) {
      // RFC 9110 §8.6 ¶4: only a list of one repeated value may be collapsed.
      return err(
        framingError(
          "HW_HEADERS_CONTENT_LENGTH_MISMATCH",
          `${FIELD}: list members differ (${result} and ${n})`,
          start,
        ),
      );
    }
    while (i < length && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) i++;
    if (i >= length) return ok(result);
    if (value.charCodeAt(i) !== 0x2c) {
      return err(
        framingError(
          "HW_HEADERS_INVALID_CONTENT_LENGTH",
          `${FIELD}: unexpected ${JSON.stringify(value[i])} at index ${i}`,
          i,
        ),
      );
    }
    i++;
  }
}

/**
 * Serializes a Content-Length value (RFC 9110 §8.6: `1*DIGIT`).
 * @throws {HeadersError} `HW_HEADERS_INVALID_CONTENT_LENGTH` when `length` is not a
 *   non-negative safe integer.
 * @example
 * ```ts
 * formatContentLength(1024); // "1024"
 * ```
 */
export function formatContentLength(length: number): string {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_CONTENT_LENGTH",
      `Content-Length must be a non-negative safe integer, got ${String(length)}`,
    );
  }
  return String(length);
}
