import { parseHttpDate } from "@hyperwire/grammar";

/**
 * Parses the HTTP-date of `Last-Modified` (RFC 9110 §8.8.2),
 * `If-Modified-Since` (§13.1.3) or `If-Unmodified-Since` (§13.1.4), or returns
 * `undefined` when the field must be ignored.
 *
 * RFC 9110 §13.1.3 and §13.1.4: a recipient MUST ignore the field "if the
 * received field value is not a valid HTTP-date, or if the field value has
 * more than one member" — a combined value such as two dates joined by ", "
 * is not a date. All three date forms of §5.6.7 are accepted.
 *
 * @example
 * ```ts
 * parseConditionalDate("Sat, 29 Oct 1994 19:43:31 GMT"); // 1994-10-29T19:43:31Z
 * parseConditionalDate("0"); // undefined
 * ```
 */
export function parseConditionalDate(value: string): Date | undefined {
  const r = parseHttpDate(value.trim());
  return r.ok ? r.value : undefined;
}
