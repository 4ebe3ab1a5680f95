import { daysFromCivil, daysInMonth, weekdayOfDays } from "./calendar.js";
import { GrammarError, GrammarErrorCode } from "./errors.js";
import { DAY_NAMES, DAY_NAMES_LONG, MONTH_NAMES } from "./http-date-names.js";
import { err, ok, type Result } from "./result.js";

/** Options of {@link parseHttpDate}. */
export interface ParseHttpDateOptions {
  /**
   * The present, against which a two-digit RFC 850 year is placed
   * (RFC 9110 §5.6.7). Defaults to `Date.now()`; pass a fixed value for
   * reproducible results.
   */
  now?: Date | number;
}

const MS_PER_DAY = 86_400_000;

function fail(text: string, reason: string, offset?: number) {
  return err(
    new GrammarError(
      GrammarErrorCode.INVALID_DATE,
      `${JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text)} is not an HTTP-date: ${reason}`,
      offset === undefined ? {} : { offset },
    ),
  );
}

/** Exactly `count` DIGITs at `index` as a number, or -1. */
function digits(text: string, index: number, count: number): number {
  let value = 0;
  for (let i = index; i < index + count; i++) {
    const code = text.charCodeAt(i);
    if (!(code >= 0x30 && code <= 0x39)) return -1;
    value = value * 10 + (code - 0x30);
  }
  return value;
}

function nameAt(names: readonly string[], text: string, index: number, length: number): number {
  return names.indexOf(text.slice(index, index + length));
}

interface Fields {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday, as written
}

/**
 * time-of-day = hour ":" minute ":" second   ; 00:00:00 - 23:59:60 (leap second)
 * hour = 2DIGIT, minute = 2DIGIT, second = 2DIGIT
 * RFC 9110 §5.6.7
 */
function readTime(
  text: string,
  index: number,
): { hour: number; minute: number; second: number } | null {
  if (text.charCodeAt(index + 2) !== 0x3a || text.charCodeAt(index + 5) !== 0x3a) return null;
  const hour = digits(text, index, 2);
  const minute = digits(text, index + 3, 2);
  const second = digits(text, index + 6, 2);
  if (hour < 0 || minute < 0 || second < 0) return null;
  return { hour, minute, second };
}

/**
 * IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT
 * date1       = day SP month SP year   ; e.g., 02 Jun 1982
 * day = 2DIGIT, year = 4DIGIT, GMT = %s"GMT"
 * RFC 9110 §5.6.7
 */
function readImfFixdate(text: string): Fields | string {
  if (text.length !== 29) return "IMF-fixdate is exactly 29 characters";
  const weekday = nameAt(DAY_NAMES, text, 0, 3);
  const month = nameAt(MONTH_NAMES, text, 8, 3) + 1;
  const day = digits(text, 5, 2);
  const year = digits(text, 12, 4);
  const time = readTime(text, 17);
  if (
    weekday < 0 ||
    text.slice(3, 5) !== ", " ||
    day < 0 ||
    text.charCodeAt(7) !== 0x20 ||
    month === 0 ||
    text.charCodeAt(11) !== 0x20 ||
    year < 0 ||
    text.charCodeAt(16) !== 0x20 ||
    time === null ||
    text.slice(25) !== " GMT"
  ) {
    return "does not match IMF-fixdate (e.g. Sun, 06 Nov 1994 08:49:37 GMT)";
  }
  return { year, month, day, weekday, ...time };
}

/**
 * rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT
 * date2       = day "-" month "-" 2DIGIT   ; e.g., 02-Jun-82
 * RFC 9110 §5.6.7
 */
function readRfc850(text: string, comma: number, now: number): Fields | string {
  const weekday = nameAt(DAY_NAMES_LONG, text, 0, comma);
  const i = comma + 2;
  if (text.length !== i + 22) return "RFC 850 date has the wrong length";
  const day = digits(text, i, 2);
  const month = nameAt(MONTH_NAMES, text, i + 3, 3) + 1;
  const twoDigitYear = digits(text, i + 7, 2);
  const time = readTime(text, i + 10);
  if (
    weekday < 0 ||
    text.charCodeAt(comma + 1) !== 0x20 ||
    day < 0 ||
    text.charCodeAt(i + 2) !== 0x2d ||
    month === 0 ||
    text.charCodeAt(i + 6) !== 0x2d ||
    twoDigitYear < 0 ||
    text.charCodeAt(i + 9) !== 0x20 ||
    time === null ||
    text.slice(i + 18) !== " GMT"
  ) {
    return "does not match rfc850-date (e.g. Sunday, 06-Nov-94 08:49:37 GMT)";
  }
  // RFC 9110 §5.6.7 ¶9: a two-digit year that appears to be more than 50 years in the
  // future is the most recent past year with the same last two digits. So: take the
  // latest year ending in those digits whose timestamp is at most 50 years from now.
  const present = new Date(now);
  const presentYear = present.getUTCFullYear();
  let year = presentYear - (presentYear % 100) + twoDigitYear + 100;
  const limitDays =
    daysFromCivil(
      presentYear + 50,
      present.getUTCMonth() + 1,
      Math.min(present.getUTCDate(), daysInMonth(presentYear + 50, present.getUTCMonth() + 1)),
    ) * MS_PER_DAY;
  const limit = limitDays + (((now % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
  const clampedDay = (y: number) => Math.min(day, daysInMonth(y, month));
  while (
    daysFromCivil(year, month, clampedDay(year)) * MS_PER_DAY +
      ((time.hour * 60 + time.minute) * 60 + time.second) * 1000 >
    limit
  ) {
    year -= 100;
  }
  return { year, month, day, weekday, ...time };
}

/**
 * asctime-date = day-name SP date3 SP time-of-day SP year
 * date3        = month SP ( 2DIGIT / ( SP DIGIT ) )   ; e.g., Jun  2
 * RFC 9110 §5.6.7
 */
function readAsctime(text: string): Fields | string {
  if (text.length !== 24) return "asctime-date is exactly 24 characters";
  const weekday = nameAt(DAY_NAMES, text, 0, 3);
  const month = nameAt(MONTH_NAMES, text, 4, 3) + 1;
  const day = text.charCodeAt(8) === 0x20 ? digits(text, 9, 1) : digits(text, 8, 2);
  const time = readTime(text, 11);
  const year = digits(text, 20, 4);
  if (
    weekday < 0 ||
    text.charCodeAt(3) !== 0x20 ||
    month === 0 ||
    text.charCodeAt(7) !== 0x20 ||
    day < 0 ||
    text.charCodeAt(10) !== 0x20 ||
    time === null ||
    text.charCodeAt(19) !== 0x20 ||
    year < 0
  ) {
    return "does not match asctime-date (e.g. Sun Nov  6 08:49:37 1994)";
  }
  return { year, month, day, weekday, ...time };
}

/**
 * Parses an HTTP-date in any of its three formats (RFC 9110 §5.6.7).
 *
 * ```abnf
 * HTTP-date    = IMF-fixdate / obs-date
 * obs-date     = rfc850-date / asctime-date
 * ```
 *
 * Strict: the text must match one format exactly, case-sensitively, with no
 * surrounding whitespace (trim a field value with `trimOws` first). Dates that
 * do not exist are refused, not normalised: day 0 or 30 February, hour 24,
 * minute 60, a day name that is not the weekday of the date. Second 60 is
 * accepted only as a leap second, at 23:59:60 on 30 June or 31 December, and
 * read as 23:59:59 because `Date` cannot represent it. A two-digit RFC 850
 * year more than 50 years in the future (relative to `options.now`) is placed
 * in the previous century (RFC 9110 §5.6.7 ¶9).
 *
 * Fails with `HW_GRAMMAR_INVALID_DATE`. RFC 9110 §5.6.7 lets a recipient
 * ignore a field whose date it cannot parse, which is what callers should do.
 *
 * @example
 * ```ts
 * parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");  // ok: 1994-11-06T08:49:37.000Z
 * parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"); // ok: same instant
 * parseHttpDate("Sun Nov  6 08:49:37 1994");       // ok: same instant
 * parseHttpDate("Mon, 06 Nov 1994 08:49:37 GMT");  // error: 6 Nov 1994 was a Sunday
 * ```
 */
export function parseHttpDate(
  text: string,
  options: ParseHttpDateOptions = {},
): Result<Date, GrammarError> {
  let fields: Fields | string;
  const fourth = text.charCodeAt(3);
  if (fourth === 0x2c) {
    fields = readImfFixdate(text);
  } else if (fourth === 0x20) {
    fields = readAsctime(text);
  } else {
    const comma = text.indexOf(",");
    if (comma < 6 || comma > 9) return fail(text, "no day name followed by a comma or space");
    const now = options.now === undefined ? Date.now() : +options.now;
    if (!Number.isFinite(now)) return fail(text, "options.now is not a valid time");
    fields = readRfc850(text, comma, now);
  }
  if (typeof fields === "string") return fail(text, fields);
  const { year, month, day, hour, minute, second, weekday } = fields;
  if (day < 1 || day > daysInMonth(year, month)) {
    return fail(text, `${MONTH_NAMES[month - 1]} ${year} has no day ${day}`);
  }
  if (hour > 23 || minute > 59) return fail(text, "time of day out of range");
  let seconds = second;
  if (second === 60) {
    // RFC 9110 §5.6.7: second 60 exists only as a leap second, which UTC inserts
    // at the end of June or December.
    const lastDayOfHalf = (month === 6 && day === 30) || (month === 12 && day === 31);
    if (!(lastDayOfHalf && hour === 23 && minute === 59)) {
      return fail(text, "second 60 is only a leap second at 23:59:60 on 30 June or 31 December");
    }
    seconds = 59;
  } else if (second > 60) {
    return fail(text, "second out of range");
  }
  const days = daysFromCivil(year, month, day);
  if (weekdayOfDays(days) !== weekday) {
    return fail(
      text,
      `${DAY_NAMES[weekdayOfDays(days)]}, not ${DAY_NAMES[weekday]}, is that date's weekday`,
    );
  }
  return ok(new Date(days * MS_PER_DAY + ((hour * 60 + minute) * 60 + seconds) * 1000));
}
