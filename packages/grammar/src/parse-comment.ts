import { BYTE_CLASS, ByteClass } from "./byte-classes.js";

/**
 * Reads a comment starting at `start`, which must be "(".
 *
 * ```abnf
 * comment = "(" *( ctext / quoted-pair / comment ) ")"
 * ctext   = HTAB / SP / %x21-27 / %x2A-5B / %x5D-7E / obs-text
 * ; RFC 9110 §5.6.5
 * ```
 *
 * Comments nest: `(a (b) c)` is one comment. The returned `value` is the text
 * between the outermost parentheses, with nested comments kept with their
 * parentheses and every quoted-pair (at any depth) replaced by the character
 * it escapes; it is meant for display and logging. `end` is the index just
 * past the closing ")". Returns `null` when `text[start]` is not "(", the
 * parentheses do not balance, or a character is neither ctext nor a valid
 * quoted-pair. The scan is iterative, so deep nesting cannot overflow the stack.
 *
 * @example
 * ```ts
 * parseComment("(compatible; (nested)) x", 0); // { value: "compatible; (nested)", end: 22 }
 * parseComment("(open", 0);                    // null
 * ```
 */
export function parseComment(text: string, start: number): { value: string; end: number } | null {
  if (text.charCodeAt(start) !== 0x28) return null;
  const length = text.length;
  let depth = 1;
  let value = "";
  let runStart = start + 1;
  let i = runStart;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 0x28) {
      depth++;
    } else if (code === 0x29) {
      depth--;
      if (depth === 0) return { value: value + text.slice(runStart, i), end: i + 1 };
    } else if (code === 0x5c) {
      const escaped = text.charCodeAt(i + 1);
      // RFC 9110 §5.6.5: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
      if (!(escaped <= 0xff && (BYTE_CLASS[escaped]! & ByteClass.FIELD_VALUE) !== 0)) return null;
      value += text.slice(runStart, i);
      runStart = i + 1;
      i += 2;
      continue;
    } else if (code > 0xff || (BYTE_CLASS[code]! & ByteClass.CTEXT) === 0) {
      return null;
    }
    i++;
  }
  return null;
}
