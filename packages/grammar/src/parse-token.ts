import { BYTE_CLASS, ByteClass } from "./byte-classes.js";

/**
 * The index just past the run of tchar starting at `start` (RFC 9110 §5.6.2);
 * equal to `start` when `text[start]` is not a tchar.
 * @internal
 */
export function tokenEnd(text: string, start: number): number {
  const length = text.length;
  let i = start;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code > 0x7f || (BYTE_CLASS[code]! & ByteClass.TCHAR) === 0) break;
    i++;
  }
  return i;
}

/**
 * Reads a token starting at `start`.
 *
 * ```abnf
 * token = 1*tchar   ; RFC 9110 §5.6.2
 * ```
 *
 * Returns the token and the index just past it, or `null` when `text[start]`
 * is not a tchar. The token ends at the first character that is not a tchar;
 * what may follow is the caller's rule.
 *
 * @example
 * ```ts
 * parseToken("gzip, br", 0); // { value: "gzip", end: 4 }
 * parseToken(" gzip", 0);    // null
 * ```
 */
export function parseToken(text: string, start: number): { value: string; end: number } | null {
  const end = tokenEnd(text, start);
  if (end === start) return null;
  return { value: text.slice(start, end), end };
}
