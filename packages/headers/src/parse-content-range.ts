import { err, isToken, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { tokenEnd } from "./internal/scan.js";

/**
 * A parsed `Content-Range`: either the range sent (`start`..`end` inclusive,
 * `size` the complete length or `undefined` for "*"), or, in a 416, the
 * complete length alone.
 */
export type ContentRange =
  | {
      readonly unit: string;
      readonly start: number;
      readonly end: number;
      readonly size: number | undefined;
    }
  | { readonly unit: string; readonly unsatisfied: true; readonly size: number };

function invalid(message: string, offset?: number): HeadersError {
  return new HeadersError(
    "HW_HEADERS_INVALID_CONTENT_RANGE",
    message,
    offset === undefined ? {} : { offset },
  );
}

function readDigits(text: string, i: number): [number, number] {
  const start = i;
  let n = 0;
  for (;;) {
    const d = text.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) break;
    n = n * 10 + d;
    i++;
  }
  return [i === start || n > Number.MAX_SAFE_INTEGER ? -1 : n, i];
}

/**
 * Parses a `Content-Range` field value.
 *
 * ```
 * Content-Range     = range-unit SP ( range-resp / unsatisfied-range )
 * range-resp        = incl-range "/" ( complete-length / "*" )
 * incl-range        = first-pos "-" last-pos
 * unsatisfied-range = "*" "/" complete-length               RFC 9110 §14.4
 * ```
 *
 * RFC 9110 §14.4: a range-resp whose last-pos is less than its first-pos, or
 * whose complete-length is less than or equal to its last-pos, is invalid.
 * Errors: `HW_HEADERS_INVALID_CONTENT_RANGE`.
 *
 * @example
 * ```ts
 * parseContentRange("bytes 42-1233/1234"); // ok: { unit: "bytes", start: 42, end: 1233, size: 1234 }
 * // and for "bytes *", "/1234" (written here in two parts, a TSDoc comment cannot hold it):
 * // ok: { unit: "bytes", unsatisfied: true, size: 1234 }
 * ```
 */
export function parseContentRange(value: string): Result<ContentRange, HeadersError> {
  const text = value.trim();
  const unitEnd = tokenEnd(text, 0);
  if (unitEnd === 0 || text.charCodeAt(unitEnd) !== 0x20)
    return err(invalid("expected range-unit SP", unitEnd));
  const unit = text.slice(0, unitEnd).toLowerCase();
  let i = unitEnd + 1;
  if (text.charCodeAt(i) === 0x2a /* * */) {
    if (text.charCodeAt(i + 1) !== 0x2f) return err(invalid('expected "*/" complete-length', i));
    const [size, end] = readDigits(text, i + 2);
    if (size < 0 || end !== text.length) return err(invalid("invalid complete-length", i + 2));
    return ok({ unit, unsatisfied: true, size });
  }
  const [start, afterFirst] = readDigits(text, i);
  if (start < 0 || text.charCodeAt(afterFirst) !== 0x2d)
    return err(invalid("invalid first-pos", i));
  const [end, afterLast] = readDigits(text, afterFirst + 1);
  if (end < 0 || text.charCodeAt(afterLast) !== 0x2f)
    return err(invalid("invalid last-pos", afterFirst + 1));
  if (end < start) return err(invalid("last-pos is less than first-pos", afterFirst + 1));
  i = afterLast + 1;
  if (text.charCodeAt(i) === 0x2a && i + 1 === text.length)
    return ok({ unit, start, end, size: undefined });
  const [size, afterSize] = readDigits(text, i);
  if (size < 0 || afterSize !== text.length) return err(invalid("invalid complete-length", i));
  if (size <= end) return err(invalid("complete-length must exceed last-pos", i));
  return ok({ unit, start, end, size });
}

/**
 * Formats a `Content-Range` value (RFC 9110 §14.4): `bytes 0-499/1234`,
 * `bytes 0-499/*`, or "bytes *" + "/1234" for a 416. The unit defaults to "bytes".
 * Throws `HeadersError` (`HW_HEADERS_INVALID_CONTENT_RANGE`) for the invalid
 * combinations §14.4 names, negative or fractional numbers.
 *
 * @example
 * ```ts
 * formatContentRange({ start: 0, end: 499, size: 1234 }); // "bytes 0-499/1234"
 * formatContentRange({ unsatisfied: true, size: 1234 }); // "bytes *" + "/1234"
 * ```
 */
export function formatContentRange(
  range:
    | { unit?: string; start: number; end: number; size: number | undefined }
    | { unit?: string; unsatisfied: true; size: number },
): string {
  const unit = range.unit ?? "bytes";
  if (!isToken(unit)) throw invalid(`range unit must be a token: ${JSON.stringify(unit)}`);
  const check = (n: number) => {
    if (!Number.isSafeInteger(n) || n < 0) throw invalid(`invalid number ${n}`);
    return n;
  };
  if ("unsatisfied" in range) return `${unit} */${check(range.size)}`;
  check(range.start);
  check(range.end);
  if (range.end < range.start) throw invalid("end is less than start");
  if (range.size === undefined) return `${unit} ${range.start}-${range.end}/*`;
  if (check(range.size) <= range.end) throw invalid("size must exceed end");
  return `${unit} ${range.start}-${range.end}/${range.size}`;
}
