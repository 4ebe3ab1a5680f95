/**
 * delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E   RFC 6265 §5.1.1
 */
function isDelimiter(c: number): boolean {
  return (
    c === 0x09 ||
    (c >= 0x20 && c <= 0x2f) ||
    (c >= 0x3b && c <= 0x40) ||
    (c >= 0x5b && c <= 0x60) ||
    (c >= 0x7b && c <= 0x7e)
  );
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Two DIGITs at `i` as a number, or -1. */
function two(text: string, i: number): number {
  const a = text.charCodeAt(i) - 0x30;
  const b = text.charCodeAt(i + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The §5.1.1 algorithm specialised to the layout servers send
 * (sane-cookie-date = rfc1123-date, RFC 6265 §4.1.1: "Wed, 09 Jun 2021
 * 10:18:14 GMT"), on `text[start, end)`: the same tokens are found at fixed
 * positions, so the result is the algorithm's. Returns `undefined` when the
 * text has another layout, and the general algorithm runs.
 */
function imfFixdateLayout(text: string, start: number, end: number): Date | undefined {
  if (end - start !== 29) return undefined;
  if (
    text.charCodeAt(start + 3) !== 0x2c ||
    text.charCodeAt(start + 4) !== 0x20 ||
    text.charCodeAt(start + 7) !== 0x20 ||
    text.charCodeAt(start + 11) !== 0x20 ||
    text.charCodeAt(start + 16) !== 0x20
  )
    return undefined;
  if (text.charCodeAt(start + 19) !== 0x3a || text.charCodeAt(start + 22) !== 0x3a)
    return undefined;
  // " GMT", as sent (the general algorithm ignores the zone whatever it is).
  if (
    text.charCodeAt(start + 25) !== 0x20 ||
    text.charCodeAt(start + 26) !== 0x47 ||
    text.charCodeAt(start + 27) !== 0x4d ||
    text.charCodeAt(start + 28) !== 0x54
  )
    return undefined;
  const day = two(text, start + 5);
  const month = monthAt(text, start + 8);
  const century = two(text, start + 12);
  const yy = two(text, start + 14);
  const hour = two(text, start + 17);
  const minute = two(text, start + 20);
  const second = two(text, start + 23);
  if (day < 0 || month < 0 || century < 0 || yy < 0 || hour < 0 || minute < 0 || second < 0)
    return undefined;
  return validDate(century * 100 + yy, month, day, hour, minute, second);
}

/**
 * The three letters of each month, lower-case, packed as `a << 16 | b << 8 | c`
 * for {@link monthAt}.
 */
const MONTH_KEYS: readonly number[] = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
].map((m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2));

/**
 * The month (0–11) whose name the three characters at `i` spell, ignoring
 * ASCII case, or -1: `month = ( "jan" / … / "dec" ) *OCTET` (RFC 6265 §5.1.1),
 * without slicing or lower-casing.
 */
function monthAt(text: string, i: number): number {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const c = text.charCodeAt(i + 2);
  // Letters only: OR-ing 0x20 lower-cases A-Z, and leaves no other
  // character equal to a lower-case letter.
  if (a > 0x7a || b > 0x7a || c > 0x7a) return -1;
  const key = ((a | 0x20) << 16) | ((b | 0x20) << 8) | (c | 0x20);
  for (let m = 0; m < 12; m++) if (MONTH_KEYS[m] === key) return m;
  return -1;
}

/** Days in each month (0–11) of a common year. */
const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days before each month (0–11) of a common year. */
const DAYS_BEFORE_MONTH: readonly number[] = [
  0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
];

/** Leap days (Gregorian) in the years 1 to 1969, subtracted to count from 1970. */
const LEAP_DAYS_BEFORE_1970 = 477;

/**
 * §5.1.1 steps 5–7: range checks, then the UTC date if it exists. The
 * calendar arithmetic is done here (year ≥ 1601, so no `Date.UTC` two-digit
 * year remapping applies): cheaper than `Date.UTC` and a read-back check.
 */
function validDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): Date | undefined {
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  // A date that does not exist (e.g. 31 Feb) fails.
  if (day > (month === 1 && leap ? 29 : DAYS_IN_MONTH[month]!)) return undefined;
  const y = year - 1;
  const leapDays = Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  const days =
    365 * (year - 1970) +
    (leapDays - LEAP_DAYS_BEFORE_1970) +
    DAYS_BEFORE_MONTH[month]! +
    (month > 1 && leap ? 1 : 0) +
    day -
    1;
  return new Date(((days * 24 + hour) * 60 + minute) * 60000 + second * 1000);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Reads min..max DIGITs at the start of `token`, followed by the end or a non-digit; -1 if not. */
function leadingDigits(token: string, min: number, max: number): [number, number] {
  let i = 0;
  let n = 0;
  while (i < token.length && isDigit(token.charCodeAt(i))) {
    n = n * 10 + token.charCodeAt(i) - 0x30;
    i++;
  }
  return i < min || i > max ? [-1, i] : [n, i];
}

/**
 * Parses a cookie date with the algorithm user agents use (RFC 6265 §5.1.1),
 * far more lenient than HTTP-date: the date is split into tokens at
 * delimiters, and the first tokens that look like a time, a day of month, a
 * month and a year are taken, in any order. Two-digit years 70–99 mean
 * 19xx and 00–69 mean 20xx. Returns `undefined` when the algorithm fails
 * (missing part, out-of-range field, year before 1601, impossible date).
 *
 * @example
 * ```ts
 * parseCookieDate("Wed, 09 Jun 2021 10:18:14 GMT"); // 2021-06-09T10:18:14Z
 * parseCookieDate("09-Jun-21 10:18:14"); // 2021-06-09T10:18:14Z
 * ```
 */
export function parseCookieDate(text: string): Date | undefined {
  const fast = imfFixdateLayout(text, 0, text.length);
  if (fast !== undefined) return fast;
  return generalCookieDate(text);
}

/**
 * {@link parseCookieDate} on `text[start, end)`: a Set-Cookie parser reads
 * the usual IMF-fixdate in place, and copies only another layout.
 * @internal
 */
export function parseCookieDateIn(text: string, start: number, end: number): Date | undefined {
  const fast = imfFixdateLayout(text, start, end);
  if (fast !== undefined) return fast;
  return generalCookieDate(text.slice(start, end));
}

/** The general §5.1.1 algorithm: tokens at delimiters, read in any order. */
function generalCookieDate(text: string): Date | undefined {
  let time: [number, number, number] | undefined;
  let day = -1;
  let month = -1;
  let year = -1;
  const length = text.length;
  let i = 0;
  while (i < length) {
    while (i < length && isDelimiter(text.charCodeAt(i))) i++;
    const start = i;
    while (i < length && !isDelimiter(text.charCodeAt(i))) i++;
    if (start === i) continue;
    const token = text.slice(start, i);
    if (time === undefined) {
      // time = hms-time ( non-digit *OCTET ); hms-time = time-field ":" time-field ":" time-field
      const m = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/.exec(token);
      if (m !== null) {
        time = [Number(m[1]), Number(m[2]), Number(m[3])];
        continue;
      }
    }
    if (day < 0) {
      // day-of-month = 1*2DIGIT ( non-digit *OCTET )
      const [n] = leadingDigits(token, 1, 2);
      if (n >= 0) {
        day = n;
        continue;
      }
    }
    if (month < 0 && token.length >= 3) {
      // month = ( "jan" / ... / "dec" ) *OCTET, case-insensitive
      const m = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
      if (m >= 0) {
        month = m;
        continue;
      }
    }
    if (year < 0) {
      // year = 2*4DIGIT ( non-digit *OCTET )
      const [n] = leadingDigits(token, 2, 4);
      if (n >= 0) {
        year = n;
      }
    }
  }
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  if (time === undefined || day < 0 || month < 0 || year < 0) return undefined;
  const [hour, minute, second] = time;
  return validDate(year, month, day, hour, minute, second);
}
