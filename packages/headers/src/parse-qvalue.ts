/**
 * Parses a qvalue, strictly.
 *
 * ```
 * qvalue = ( "0" [ "." 0*3DIGIT ] )
 *        / ( "1" [ "." 0*3("0") ] )          RFC 9110 §12.4.2
 * ```
 *
 * Returns `undefined` for anything else: "1.5", ".5", "0.5000", "1.001",
 * "+0.5", " 0.5" are not qvalues.
 *
 * @example
 * ```ts
 * parseQValue("0.8"); // 0.8
 * parseQValue("1.000"); // 1
 * parseQValue("0.0001"); // undefined
 * ```
 */
export function parseQValue(text: string): number | undefined {
  const length = text.length;
  if (length === 0 || length > 5) return undefined;
  const first = text.charCodeAt(0);
  if (length === 1) return first === 0x30 ? 0 : first === 0x31 ? 1 : undefined;
  if (text.charCodeAt(1) !== 0x2e /* . */) return undefined;
  if (first === 0x30) {
    let thousandths = 0;
    let scale = 100;
    for (let i = 2; i < length; i++) {
      const digit = text.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) return undefined;
      thousandths += digit * scale;
      scale /= 10;
    }
    return thousandths / 1000;
  }
  if (first === 0x31) {
    for (let i = 2; i < length; i++) if (text.charCodeAt(i) !== 0x30) return undefined;
    return 1;
  }
  return undefined;
}

/**
 * Formats a weight for an `Accept*` field: at most three decimals, no
 * trailing zeros (RFC 9110 §12.4.2). Throws `RangeError` outside 0..1.
 *
 * @example
 * ```ts
 * formatQValue(0.5); // "0.5"
 * formatQValue(1); // "1"
 * ```
 */
export function formatQValue(q: number): string {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`a qvalue is between 0 and 1, got ${q}`);
  return String(Math.round(q * 1000) / 1000);
}
