import type { Result } from "@hyperwire/grammar";
import type { HeadersError } from "./errors.js";
import { type AcceptParseOptions, parseWeightedTokens } from "./internal/weighted-list.js";

/** One element of `Accept-Language`: a lower-cased language range or "*", with its weight. */
export interface AcceptedLanguage {
  readonly range: string;
  readonly q: number;
}

/**
 * Whether `text` (lower-cased) is a basic language range:
 *
 * ```
 * language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"     RFC 4647 §2.1
 * alphanum       = ALPHA / DIGIT
 * ```
 */
export function isLanguageRange(text: string): boolean {
  if (text === "*") return true;
  let run = 0;
  let first = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alpha = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    const digit = c >= 0x30 && c <= 0x39;
    if (c === 0x2d) {
      if (run === 0) return false;
      run = 0;
      first = false;
    } else if (alpha || (digit && !first)) {
      if (++run > 8) return false;
    } else return false;
  }
  return run > 0;
}

/**
 * Parses an `Accept-Language` field value (RFC 9110 §12.5.4), in field order.
 *
 * ```
 * Accept-Language = #( language-range [ weight ] )         RFC 9110 §12.5.4
 * ```
 *
 * Ranges are returned lower-cased (language tags are case-insensitive, RFC 5646 §2.1.1).
 * Errors: `HW_HEADERS_INVALID_ACCEPT_LANGUAGE`, `HW_HEADERS_INVALID_QVALUE`.
 *
 * @example
 * ```ts
 * parseAcceptLanguage("da, en-gb;q=0.8, en;q=0.7");
 * ```
 */
export function parseAcceptLanguage(
  value: string,
  options?: AcceptParseOptions,
): Result<AcceptedLanguage[], HeadersError> {
  const r = parseWeightedTokens(
    value,
    "HW_HEADERS_INVALID_ACCEPT_LANGUAGE",
    "Accept-Language",
    isLanguageRange,
    options,
  );
  if (!r.ok) return r;
  return { ok: true, value: r.value.map(({ value: range, q }) => ({ range, q })) };
}
