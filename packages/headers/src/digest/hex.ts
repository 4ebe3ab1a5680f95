/**
 * Lowercase hexadecimal of bytes, as RFC 7616 §3.4.1 writes digests ("32LHEX"
 * in the RFC 2617 sense: lowercase hex digits).
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([0, 255])); // "00ff"
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += (b < 16 ? "0" : "") + b.toString(16);
  return out;
}
