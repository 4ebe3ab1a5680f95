/**
 * The value a cache uses for a delta-seconds it cannot represent: 2^31
 * (RFC 9111 §1.2.2).
 */
export const DELTA_SECONDS_MAX = 2147483648;

/**
 * Parses delta-seconds, saturating.
 *
 * ```
 * delta-seconds = 1*DIGIT                                   RFC 9111 §1.2.2
 * ```
 *
 * RFC 9111 §1.2.2: a value greater than the greatest integer a cache can
 * represent is taken as 2147483648 (2^31). Returns `undefined` when `text`
 * is not 1*DIGIT (signs, spaces, decimals, empty).
 *
 * @example
 * ```ts
 * parseDeltaSeconds("60"); // 60
 * parseDeltaSeconds("99999999999"); // 2147483648
 * parseDeltaSeconds("-1"); // undefined
 * ```
 */
export function parseDeltaSeconds(text: string): number | undefined {
  const length = text.length;
  if (length === 0) return undefined;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    if (n < DELTA_SECONDS_MAX) n = n * 10 + digit;
  }
  return Math.min(n, DELTA_SECONDS_MAX);
}
