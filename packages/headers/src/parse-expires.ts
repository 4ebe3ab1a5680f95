import { formatHttpDate, parseHttpDate } from "@hyperwire/grammar";

/**
 * Parses an `Expires` field value (RFC 9111 §5.3) for a cache.
 *
 * RFC 9111 §5.3: "A cache recipient MUST interpret invalid date formats,
 * especially the value "0", as representing a time in the past (i.e.,
 * already expired)." So this never fails: an invalid value yields the epoch
 * (1970-01-01T00:00:00Z) and `valid: false`.
 *
 * @example
 * ```ts
 * parseExpires("Thu, 01 Dec 1994 16:00:00 GMT"); // { date: 1994-12-01T16:00:00Z, valid: true }
 * parseExpires("0"); // { date: 1970-01-01T00:00:00Z, valid: false }
 * ```
 */
export function parseExpires(value: string): { date: Date; valid: boolean } {
  const r = parseHttpDate(value.trim());
  return r.ok ? { date: r.value, valid: true } : { date: new Date(0), valid: false };
}

/**
 * Formats an `Expires` value as an IMF-fixdate (RFC 9110 §5.6.7).
 *
 * @example
 * ```ts
 * formatExpires(new Date(Date.UTC(1994, 11, 1, 16))); // "Thu, 01 Dec 1994 16:00:00 GMT"
 * ```
 */
export function formatExpires(date: Date | number): string {
  return formatHttpDate(date);
}
