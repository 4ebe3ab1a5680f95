import { formatHttpDate } from "@hyperwire/grammar";

/** The formatted Date of the current second, or null once that second has passed. */
let cachedDate: string | null = null;

/**
 * Drops the cached string: the next call reads the clock. The expiry timer
 * calls it; tests that move a fake clock call it too. @internal
 */
export function expireHttpDate(): void {
  cachedDate = null;
}

/**
 * The current time as an IMF-fixdate, for the `Date` field of responses.
 * RFC 9110 §6.6.1 ¶6: an origin server with a clock MUST send Date in 2xx,
 * 3xx and 4xx responses (and may in others). Its resolution is one second,
 * so the string is formatted once per second and reused in between: a busy
 * server formats it once per second instead of once per response, and does
 * not even read the clock per response.
 *
 * The string expires on an unreferenced timer set for the next second
 * boundary (timers run on the monotonic clock), so a wall clock that was
 * set back (NTP step, manual change) is followed within a second, and a
 * blocked event loop can only make the value late by as long as it blocks.
 *
 * @example
 * ```ts
 * httpDateNow(); // "Sun, 06 Nov 1994 08:49:37 GMT"
 * ```
 */
export function httpDateNow(): string {
  if (cachedDate !== null) return cachedDate;
  const now = Date.now();
  const date = formatHttpDate(now);
  cachedDate = date;
  setTimeout(expireHttpDate, 1000 - (now % 1000)).unref();
  return date;
}
