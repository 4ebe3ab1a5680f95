import { formatHttpDate } from "@hyperwire/grammar";

let cachedDate = "";
let cachedUntil = 0;

/**
 * The current time as an IMF-fixdate, for the `Date` field of responses.
 * RFC 9110 §6.6.1 ¶6: an origin server with a clock MUST send Date in 2xx,
 * 3xx and 4xx responses (and may in others). Its resolution is one second,
 * so the string is formatted at most once per second and reused in between:
 * a busy server formats it once per second instead of once per response.
 *
 * @example
 * ```ts
 * httpDateNow(); // "Sun, 06 Nov 1994 08:49:37 GMT"
 * ```
 */
export function httpDateNow(): string {
  const now = Date.now();
  // A clock set back (NTP step, manual change) must not keep a future date.
  if (now >= cachedUntil || now < cachedUntil - 1000) {
    cachedDate = formatHttpDate(now);
    cachedUntil = now - (now % 1000) + 1000;
  }
  return cachedDate;
}
