import type { Result } from "@hyperwire/grammar";
import type { HeadersError } from "./errors.js";
import { type AcceptParseOptions, parseWeightedTokens } from "./internal/weighted-list.js";

/** One element of `Accept-Charset`: a lower-cased charset name or "*", with its weight. */
export interface AcceptedCharset {
  readonly charset: string;
  readonly q: number;
}

/**
 * Parses an `Accept-Charset` field value (RFC 9110 §12.5.2), in field order.
 *
 * ```
 * Accept-Charset = #( ( token / "*" ) [ weight ] )          RFC 9110 §12.5.2
 * ```
 *
 * Charset names are case-insensitive (RFC 9110 §8.3.2) and returned lower-cased.
 * Errors: `HW_HEADERS_INVALID_ACCEPT_CHARSET`, `HW_HEADERS_INVALID_QVALUE`.
 *
 * @example
 * ```ts
 * parseAcceptCharset("iso-8859-5, unicode-1-1;q=0.8");
 * ```
 */
export function parseAcceptCharset(
  value: string,
  options?: AcceptParseOptions,
): Result<AcceptedCharset[], HeadersError> {
  const r = parseWeightedTokens(
    value,
    "HW_HEADERS_INVALID_ACCEPT_CHARSET",
    "Accept-Charset",
    () => true,
    options,
  );
  if (!r.ok) return r;
  return { ok: true, value: r.value.map(({ value: charset, q }) => ({ charset, q })) };
}
