/**
 * Appends the UTF-8 encoding (RFC 3629) of the code point at `index` of
 * `text` to `out`, and returns the index after it, or -1 for a lone surrogate,
 * which has no encoding.
 * @internal
 */
export function utf8Encode(text: string, index: number, out: number[]): number {
  let code = text.charCodeAt(index);
  let next = index + 1;
  if (code >= 0xd800 && code <= 0xdfff) {
    const low = text.charCodeAt(index + 1);
    if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return -1;
    code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
    next++;
  }
  if (code < 0x80) {
    out.push(code);
  } else if (code < 0x800) {
    out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  } else {
    out.push(
      0xf0 | (code >> 18),
      0x80 | ((code >> 12) & 0x3f),
      0x80 | ((code >> 6) & 0x3f),
      0x80 | (code & 0x3f),
    );
  }
  return next;
}
