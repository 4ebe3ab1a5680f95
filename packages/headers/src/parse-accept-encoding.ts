import type { Result } from "@hyperwire/grammar";
import type { HeadersError } from "./errors.js";
import { type AcceptParseOptions, parseWeightedTokens } from "./internal/weighted-list.js";

/** One element of `Accept-Encoding`: a lower-cased content coding, "identity" or "*", with its weight. */
export interface AcceptedEncoding {
  readonly coding: string;
  readonly q: number;
}

/**
 * Parses an `Accept-Encoding` field value (RFC 9110 §12.5.3), in field order.
 *
 * ```
 * Accept-Encoding = #( codings [ weight ] )
 * codings         = content-coding / "identity" / "*"
 * content-coding  = token                                  RFC 9110 §8.4.1
 * ```
 *
 * An empty value is valid and means "no content coding but identity".
 * Errors: `HW_HEADERS_INVALID_ACCEPT_ENCODING`, `HW_HEADERS_INVALID_QVALUE`.
 *
 * @example
 * ```ts
 * parseAcceptEncoding("gzip;q=1.0, identity; q=0.5, *;q=0");
 * // ok: [{coding:"gzip",q:1},{coding:"identity",q:0.5},{coding:"*",q:0}]
 * ```
 */
export function parseAcceptEncoding(
  value: string,
  options?: AcceptParseOptions,
): Result<AcceptedEncoding[], HeadersError> {
  const r = parseWeightedTokens(
    value,
    "HW_HEADERS_INVALID_ACCEPT_ENCODING",
    "Accept-Encoding",
    () => true,
    options,
  );
  if (!r.ok) return r;
  return { ok: true, value: r.value.map(({ value: coding, q }) => ({ coding, q })) };
}
