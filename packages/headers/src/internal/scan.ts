import { BYTE_CLASS, ByteClass } from "@hyperwire/grammar";

/**
 * Internal scanning helpers shared by the typed field parsers. They only ask
 * the byte tables of @hyperwire/grammar; the rules themselves live there.
 */

/**
 * Index just past the run of tchar starting at `index`.
 * token = 1*tchar (RFC 9110 §5.6.2); the caller checks that the run is non-empty.
 */
export function tokenEnd(text: string, index: number): number {
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code > 0x7f || (BYTE_CLASS[code]! & ByteClass.TCHAR) === 0) break;
    index++;
  }
  return index;
}

/** Whether `code` (a UTF-16 code unit) is SP or HTAB: OWS (RFC 9110 §5.6.3). */
export function isOwsCode(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Index of the first non SP/HTAB at or after `index` (RFC 9110 §5.6.3 OWS). */
export function skipWhitespace(text: string, index: number): number {
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09) break;
    index++;
  }
  return index;
}

/**
 * The first index in `[start, end)` that is not SP or HTAB, or `end`: OWS
 * (RFC 9110 §5.6.3), and the WSP that RFC 6265 §5.2 trims from cookie
 * names and values, which is the same set.
 */
export function skipWhitespaceIn(text: string, start: number, end: number): number {
  while (start < end) {
    const code = text.charCodeAt(start);
    if (code !== 0x20 && code !== 0x09) break;
    start++;
  }
  return start;
}

/** `end` moved back over SP and HTAB, not before `start` (see {@link skipWhitespaceIn}). */
export function skipWhitespaceBackIn(text: string, start: number, end: number): number {
  while (end > start) {
    const code = text.charCodeAt(end - 1);
    if (code !== 0x20 && code !== 0x09) break;
    end--;
  }
  return end;
}

/**
 * Index of the next "," at or after `index` that is not inside a
 * quoted-string (RFC 9110 §5.6.1 #list, §5.6.4 quoted-string), or
 * `text.length`. Used to resynchronise after an invalid list element.
 */
export function nextListComma(text: string, index: number): number {
  const length = text.length;
  let quoted = false;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (quoted) {
      if (code === 0x5c) index++;
      else if (code === 0x22) quoted = false;
    } else if (code === 0x22) quoted = true;
    else if (code === 0x2c) return index;
    index++;
  }
  return length;
}

/** ASCII-lowercases `text` only when it holds an upper-case letter (avoids a copy). */
export function asciiLower(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) return text.toLowerCase();
  }
  return text;
}

/** A record without a prototype, so names such as "__proto__" are plain keys. */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
