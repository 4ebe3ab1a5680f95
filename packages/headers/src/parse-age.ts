import { parseDeltaSeconds } from "./parse-delta-seconds.js";

/**
 * Parses an `Age` field value (RFC 9111 §5.1): delta-seconds, saturating at
 * 2147483648 (RFC 9111 §1.2.2).
 *
 * RFC 9111 §5.1: a list-based value uses its first member; if that member is
 * invalid the cache SHOULD ignore the field, so this returns `undefined`.
 *
 * @example
 * ```ts
 * parseAge("60"); // 60
 * parseAge("60, 70"); // 60
 * parseAge("-1"); // undefined
 * ```
 */
export function parseAge(value: string): number | undefined {
  const comma = value.indexOf(",");
  const first = (comma === -1 ? value : value.slice(0, comma)).trim();
  return parseDeltaSeconds(first);
}

/**
 * Formats an `Age` value. Throws `RangeError` for a negative or fractional
 * number; values above 2147483648 are written as 2147483648.
 */
export function formatAge(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new RangeError(`Age must be a non-negative integer, got ${seconds}`);
  return String(Math.min(seconds, 2147483648));
}
