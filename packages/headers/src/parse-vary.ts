import { err, isToken, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/**
 * A parsed `Vary` field: `"*"` when the response varies on something other
 * than request fields, else the lower-cased field names in order, without
 * duplicates.
 */
export type Vary = "*" | string[];

/**
 * Parses a `Vary` field value (RFC 9110 §12.5.5).
 *
 * ```
 * Vary = #( "*" / field-name )                              RFC 9110 §12.5.5
 * ```
 *
 * A "*" anywhere in the list makes the whole value "*": it signals that
 * anything about the request might play a role. Errors: `HW_HEADERS_INVALID_VARY`.
 *
 * @example
 * ```ts
 * parseVary("Accept-Encoding, Accept-Language"); // ok: ["accept-encoding", "accept-language"]
 * parseVary("*"); // ok: "*"
 * ```
 */
export function parseVary(value: string): Result<Vary, HeadersError> {
  const names: string[] = [];
  let star = false;
  let offset = 0;
  for (const raw of value.split(",")) {
    const member = raw.trim();
    if (member === "*") star = true;
    else if (member !== "") {
      if (!isToken(member)) {
        return err(
          new HeadersError(
            "HW_HEADERS_INVALID_VARY",
            `Vary: not a field name: ${JSON.stringify(member)}`,
            {
              offset,
              statusHint: 400,
            },
          ),
        );
      }
      const lower = member.toLowerCase();
      if (!names.includes(lower)) names.push(lower);
    }
    offset += raw.length + 1;
  }
  return ok(star ? "*" : names);
}

/**
 * Formats a `Vary` value. Throws `HeadersError` (`HW_HEADERS_INVALID_VARY`)
 * for a name that is not a token.
 *
 * @example
 * ```ts
 * formatVary(["accept-encoding", "origin"]); // "accept-encoding, origin"
 * ```
 */
export function formatVary(vary: Vary): string {
  if (vary === "*") return "*";
  for (const name of vary) {
    if (!isToken(name) || name === "*") {
      throw new HeadersError(
        "HW_HEADERS_INVALID_VARY",
        `not a field name: ${JSON.stringify(name)}`,
      );
    }
  }
  return vary.join(", ");
}
