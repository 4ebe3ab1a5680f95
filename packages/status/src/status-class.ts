import type { StatusClass } from "./status-registry.js";

/**
 * Whether `code` is a valid status code: an integer from 100 to 599
 * (RFC 9110 §15: "Values outside the range 100..599 are invalid"; RFC 9112 §4:
 * status-code = 3DIGIT). Registered or not does not matter.
 *
 * @example
 * ```ts
 * isValidStatusCode(200);    // true
 * isValidStatusCode(299);    // true (unregistered, still valid)
 * isValidStatusCode(99);     // false
 * isValidStatusCode(600);    // false
 * isValidStatusCode(200.5);  // false
 * isValidStatusCode(NaN);    // false
 * ```
 */
export function isValidStatusCode(code: number): boolean {
  return typeof code === "number" && Number.isInteger(code) && code >= 100 && code <= 599;
}

/**
 * The class of `code`, its first digit (RFC 9110 §15): 1 informational,
 * 2 successful, 3 redirection, 4 client error, 5 server error. `undefined`
 * for an invalid code.
 *
 * A client that receives an invalid code should handle the response as a 5xx
 * (RFC 9110 §15); that decision is the client's, so this function does not
 * make it.
 *
 * @example
 * ```ts
 * statusClass(404);  // 4
 * statusClass(299);  // 2
 * statusClass(600);  // undefined
 * ```
 */
export function statusClass(code: number): StatusClass | undefined {
  return isValidStatusCode(code) ? (Math.floor(code / 100) as StatusClass) : undefined;
}

/**
 * Whether `code` is a valid 1xx (Informational) code (RFC 9110 §15.2): an
 * interim response, to be followed by another response to the same request.
 *
 * @example
 * ```ts
 * isInformational(100);  // true
 * isInformational(199);  // true
 * isInformational(200);  // false
 * ```
 */
export function isInformational(code: number): boolean {
  return statusClass(code) === 1;
}
