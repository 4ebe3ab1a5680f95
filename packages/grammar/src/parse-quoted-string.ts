import { BYTE_CLASS, ByteClass } from "./byte-classes.js";

/**
 * Reads a quoted-string starting at `start`, which must be the opening DQUOTE.
 *
 * ```abnf
 * quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
 * qdtext        = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
 * quoted-pair   = "\" ( HTAB / SP / VCHAR / obs-text )
 * ; RFC 9110 §5.6.4
 * ```
 *
 * Returns the value with each quoted-pair replaced by the character it
 * escapes, and `end`, the index just past the closing quote. Returns `null`
 * when `text[start]` is not DQUOTE, the string is unterminated, or it holds a
 * character that neither qdtext nor quoted-pair allows (CTLs other than HTAB,
 * or anything above U+00FF).
 *
 * @example
 * ```ts
 * parseQuotedString('"a \\"b\\"" rest', 0); // { value: 'a "b"', end: 9 }
 * parseQuotedString('"open', 0);            // null
 * ```
 */
export function parseQuotedString(
  text: string,
  start: number,
): { value: string; end: number } | null {
  if (text.charCodeAt(start) !== 0x22) return null;
  const length = text.length;
  let value = "";
  let runStart = start + 1;
  let i = runStart;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      value += text.slice(runStart, i);
      return { value, end: i + 1 };
    }
    if (code === 0x5c) {
      const escaped = text.charCodeAt(i + 1);
      // RFC 9110 §5.6.4: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ); NaN past the end fails too.
      if (!(escaped <= 0xff && (BYTE_CLASS[escaped]! & ByteClass.FIELD_VALUE) !== 0)) return null;
      value += text.slice(runStart, i);
      runStart = i + 1; // the escaped character starts the next run
      i += 2;
      continue;
    }
    if (code > 0xff || (BYTE_CLASS[code]! & ByteClass.QDTEXT) === 0) return null;
    i++;
  }
  return null;
}
