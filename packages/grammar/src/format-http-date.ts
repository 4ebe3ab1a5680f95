import { daysFromCivil, weekdayOfDays } from "./calendar.js";
import { GrammarError, GrammarErrorCode } from "./errors.js";
import { DAY_NAMES, MONTH_NAMES } from "./http-date-names.js";

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * Formats a time as an IMF-fixdate, the only HTTP-date format a sender may
 * generate (RFC 9110 §5.6.7 ¶6). Milliseconds are dropped (rounding down), as
 * HTTP-date has a resolution of one second.
 *
 * ```abnf
 * IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT   ; RFC 9110 §5.6.7
 * ```
 *
 * @throws GrammarError `HW_GRAMMAR_INVALID_DATE` when `date` is not a valid
 * time or its year is outside 0000–9999 (year = 4DIGIT).
 *
 * @example
 * ```ts
 * formatHttpDate(784111777000);                        // "Sun, 06 Nov 1994 08:49:37 GMT"
 * formatHttpDate(new Date("1994-11-06T08:49:37.999Z")); // "Sun, 06 Nov 1994 08:49:37 GMT"
 * ```
 */
export function formatHttpDate(date: Date | number): string {
  const time = typeof date === "number" ? date : date.getTime();
  const d = new Date(Math.floor(time / 1000) * 1000);
  const year = d.getUTCFullYear();
  if (!Number.isFinite(time) || Number.isNaN(year) || year < 0 || year > 9999) {
    throw new GrammarError(
      GrammarErrorCode.INVALID_DATE,
      `cannot format ${String(date)} as an HTTP-date: not a time in years 0000–9999`,
    );
  }
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const weekday = weekdayOfDays(daysFromCivil(year, month + 1, day));
  return `${DAY_NAMES[weekday]}, ${pad2(day)} ${MONTH_NAMES[month]} ${String(year).padStart(4, "0")} ${pad2(
    d.getUTCHours(),
  )}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} GMT`;
}
