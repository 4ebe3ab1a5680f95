/**
 * Lowercases the ASCII letters A–Z of `text` and nothing else. Returns `text`
 * itself (no allocation) when it has no uppercase ASCII letter, which is the
 * common case on the hot path.
 *
 * `String.prototype.toLowerCase` is not used on non-ASCII input because
 * Unicode case mapping would let e.g. U+212A KELVIN SIGN alias "k" and make
 * "\u212Aeep-Alive" look up the hop-by-hop field "keep-alive".
 *
 * @internal
 */
export function asciiLower(text: string): string {
  const length = text.length;
  let i = 0;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) break;
  }
  if (i === length) return text;
  let ascii = true;
  for (let j = 0; j < length; j++) {
    if (text.charCodeAt(j) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text.toLowerCase();
  let out = text.slice(0, i);
  for (let j = i; j < length; j++) {
    const c = text.charCodeAt(j);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c | 0x20) : text[j];
  }
  return out;
}
