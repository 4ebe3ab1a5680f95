import { err, formatHttpDate, ok, parseHttpDate, type Result, trimOws } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/** A Retry-After value: a point in time, or a delay. */
export type RetryAfter = { kind: "date"; date: Date } | { kind: "delay"; seconds: number };

/**
 * Parses Retry-After, RFC 9110 §10.2.3: `Retry-After = HTTP-date / delay-seconds`,
 * delay-seconds = 1*DIGIT (values past 2^53-1 saturate). Fails with
 * `HW_HEADERS_INVALID_RETRY_AFTER`.
 *
 * @example
 * ```ts
 * parseRetryAfter("120"); // ok: { kind: "delay", seconds: 120 }
 * parseRetryAfter("Fri, 31 Dec 1999 23:59:59 GMT"); // ok: { kind: "date", date }
 * ```
 */
export function parseRetryAfter(value: string): Result<RetryAfter, HeadersError> {
  const v = trimOws(value);
  if (/^[0-9]+$/.test(v))
    return ok({ kind: "delay", seconds: Math.min(Number(v), Number.MAX_SAFE_INTEGER) });
  const date = parseHttpDate(v);
  if (date.ok) return ok({ kind: "date", date: date.value });
  return err(
    new HeadersError("HW_HEADERS_INVALID_RETRY_AFTER", "neither an HTTP-date nor delay-seconds", {
      cause: date.error,
    }),
  );
}

/**
 * Serializes Retry-After from a Date (IMF-fixdate) or a number of seconds.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_RETRY_AFTER` for a negative or non-integer delay or an invalid date.
 */
export function formatRetryAfter(value: Date | number): string {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new HeadersError(
        "HW_HEADERS_INVALID_RETRY_AFTER",
        "delay-seconds is a non-negative integer",
      );
    }
    return String(value);
  }
  if (Number.isNaN(value.getTime()))
    throw new HeadersError("HW_HEADERS_INVALID_RETRY_AFTER", "invalid date");
  return formatHttpDate(value);
}
