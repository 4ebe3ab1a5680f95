import type { Result } from "@hyperwire/grammar";
import type { HeadersError } from "./errors.js";
import { formatTokenList, parseTokenSet } from "./internal/token-list.js";

/**
 * Parses a Trailer field value: the names of the fields the sender
 * anticipates in the trailer section, lowercased and interned, duplicates
 * removed.
 *
 * ```abnf
 * Trailer = #field-name      ; RFC 9110 §6.6.2
 * ```
 *
 * Names are not filtered: whether a named field may appear in trailers is
 * `isForbiddenInTrailers`' question (RFC 9110 §6.5.1). Anything that is not a
 * token list fails with `HW_HEADERS_INVALID_TRAILER`.
 *
 * @example
 * ```ts
 * parseTrailer("Content-Digest, Server-Timing"); // { ok: true, value: ["content-digest", "server-timing"] }
 * ```
 */
export function parseTrailer(value: string): Result<string[], HeadersError> {
  return parseTokenSet(value, "Trailer", "HW_HEADERS_INVALID_TRAILER");
}

/**
 * Serializes field names as a Trailer field value (RFC 9110 §6.6.2).
 * @throws {HeadersError} `HW_HEADERS_INVALID_TRAILER` when a name is not a token.
 * @example
 * ```ts
 * formatTrailer(["Content-Digest"]); // "Content-Digest"
 * ```
 */
export function formatTrailer(names: readonly string[]): string {
  return formatTokenList(names, "HW_HEADERS_INVALID_TRAILER", "field name");
}
