import { isToken, ok, type Result } from "@hyperwire/grammar";
import { parseCodingList } from "./coding-list.js";
import { HeadersError } from "./errors.js";
import { internFieldName } from "./field-names.js";

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
  const parsed = parseCodingList(value, "Connection", "HW_HEADERS_INVALID_CONNECTION", false);
  if (!parsed.ok) return parsed;
  const out: string[] = [];
  for (const element of parsed.value) {
    const name = internFieldName(element.name);
    if (out.indexOf(name) === -1) out.push(name);
  }
  return ok(out);
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
  for (const option of options) {
    if (!isToken(option)) {
      throw new HeadersError(
        "HW_HEADERS_INVALID_CONNECTION",
        `connection option ${JSON.stringify(option)} is not a token`,
      );
    }
  }
  return options.join(", ");
}
