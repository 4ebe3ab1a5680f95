import { err, isToken, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/**
 * Parses an `Accept-Ranges` field value into lower-cased range units; `["none"]`
 * says the server supports no range requests.
 *
 * ```
 * Accept-Ranges     = acceptable-ranges
 * acceptable-ranges = 1#range-unit                          RFC 9110 §14.3
 * ```
 *
 * Errors: `HW_HEADERS_INVALID_ACCEPT_RANGES`.
 *
 * @example
 * ```ts
 * parseAcceptRanges("bytes"); // ok: ["bytes"]
 * ```
 */
export function parseAcceptRanges(value: string): Result<string[], HeadersError> {
  const units: string[] = [];
  for (const raw of value.split(",")) {
    const unit = raw.trim();
    if (unit === "") continue;
    if (!isToken(unit)) {
      return err(
        new HeadersError(
          "HW_HEADERS_INVALID_ACCEPT_RANGES",
          `not a range unit: ${JSON.stringify(unit)}`,
        ),
      );
    }
    units.push(unit.toLowerCase());
  }
  if (units.length === 0)
    return err(new HeadersError("HW_HEADERS_INVALID_ACCEPT_RANGES", "Accept-Ranges is empty"));
  return ok(units);
}

/**
 * Formats an `Accept-Ranges` value. Throws `HeadersError`
 * (`HW_HEADERS_INVALID_ACCEPT_RANGES`) for an empty list or a non-token.
 *
 * @example
 * ```ts
 * formatAcceptRanges(["bytes"]); // "bytes"
 * ```
 */
export function formatAcceptRanges(units: readonly string[]): string {
  if (units.length === 0 || !units.every(isToken)) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_ACCEPT_RANGES",
      "Accept-Ranges needs one or more tokens",
    );
  }
  return units.join(", ");
}
