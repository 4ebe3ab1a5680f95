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
 * 10:18:14 GMT"): the same tokens are found at fixed positions, so the result
 * is the algorithm's. Returns `undefined` when the text has another layout,
 * and the general algorithm runs.
 */
function imfFixdateLayout(text: string): Date | undefined {
  if (text.length !== 29 || text.charCodeAt(3) !== 0x2c || text.charCodeAt(4) !== 0x20)
    return undefined;
  if (text.charCodeAt(7) !== 0x20 || text.charCodeAt(11) !== 0x20 || text.charCodeAt(16) !== 0x20)
    return undefined;
  if (text.charCodeAt(19) !== 0x3a || text.charCodeAt(22) !== 0x3a || !text.endsWith(" GMT"))
    return undefined;
  const day = two(text, 5);
  const month = MONTHS.indexOf(text.slice(8, 11).toLowerCase());
  const century = two(text, 12);
  const yy = two(text, 14);
  const hour = two(text, 17);
  const minute = two(text, 20);
  const second = two(text, 23);
  if (day < 0 || month < 0 || century < 0 || yy < 0 || hour < 0 || minute < 0 || second < 0)
    return undefined;
  return validDate(century * 100 + yy, month, day, hour, minute, second);
}

/** §5.1.1 steps 5–7: range checks, then the UTC date if it exists. */
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
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  // A date that does not exist (e.g. 31 Feb) fails.
  return date.getUTCDate() === day ? date : undefined;
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
  const fast = imfFixdateLayout(text);
  if (fast !== undefined) return fast;
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
