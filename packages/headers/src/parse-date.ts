import { err, formatHttpDate, ok, parseHttpDate, type Result, trimOws } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/**
 * Parses the Date field, RFC 9110 §6.6.1: `Date = HTTP-date` (IMF-fixdate, or
 * the obsolete RFC 850 and asctime forms a recipient must accept, RFC 9110
 * §5.6.7). Fails with `HW_HEADERS_INVALID_DATE` (the grammar error as `cause`).
 *
 * @example
 * ```ts
 * parseDate("Tue, 15 Nov 1994 08:12:31 GMT"); // ok: Date 1994-11-15T08:12:31Z
 * ```
 */
export function parseDate(value: string): Result<Date, HeadersError> {
  const r = parseHttpDate(trimOws(value));
  if (r.ok) return ok(r.value);
  return err(
    new HeadersError("HW_HEADERS_INVALID_DATE", "Date is not an HTTP-date", { cause: r.error }),
  );
}

/**
 * Serializes a Date field value as IMF-fixdate (RFC 9110 §5.6.7: senders MUST
 * generate that form).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_DATE` for an invalid Date.
 *
 * @example
 * ```ts
 * formatDate(new Date(Date.UTC(1994, 10, 6, 8, 49, 37))); // "Sun, 06 Nov 1994 08:49:37 GMT"
 * ```
 */
export function formatDate(date: Date | number): string {
  const t = typeof date === "number" ? date : date.getTime();
  if (!Number.isFinite(t)) throw new HeadersError("HW_HEADERS_INVALID_DATE", "invalid date");
  return formatHttpDate(t);
}
