import type { Result } from "@hyperwire/grammar";
import type { HeadersError } from "./errors.js";
import { formatTokenList, parseTokenSet } from "./internal/token-list.js";

/**
 * Parses a Connection field value into its connection options, lowercased,
 * duplicates removed, in order.
 *
 * ```abnf
 * Connection        = #connection-option    ; RFC 9110 §7.6.1
 * connection-option = token
 * ```
 *
 * Options are case-insensitive (RFC 9110 §7.6.1 ¶3). Each option other than
 * "close" (and "keep-alive" / "upgrade") names a hop-by-hop field a proxy
 * must remove (see `stripHopByHop`). Anything that is not a token list fails
 * with `HW_HEADERS_INVALID_CONNECTION`. An empty value is an empty list.
 *
 * @example
 * ```ts
 * parseConnection("Keep-Alive, Upgrade"); // { ok: true, value: ["keep-alive", "upgrade"] }
 * ```
 */
export function parseConnection(value: string): Result<string[], HeadersError> {
  return parseTokenSet(value, "Connection", "HW_HEADERS_INVALID_CONNECTION");
}

/**
 * Serializes connection options as a Connection field value (RFC 9110 §7.6.1).
 * @throws {HeadersError} `HW_HEADERS_INVALID_CONNECTION` when an option is not a token.
 * @example
 * ```ts
 * formatConnection(["keep-alive", "upgrade"]); // "keep-alive, upgrade"
 * ```
 */
export function formatConnection(options: readonly string[]): string {
  return formatTokenList(options, "HW_HEADERS_INVALID_CONNECTION", "connection option");
}
