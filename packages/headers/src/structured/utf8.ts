/** UTF-8 helpers for Display Strings (RFC 9651 §3.3.8) and Basic credentials (RFC 7617 §2.1). */

const DECODER = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const ENCODER = new TextEncoder();

/** Decodes UTF-8 strictly (RFC 3629: no overlongs, surrogates or values past U+10FFFF); null when invalid. */
export function utf8Decode(bytes: ArrayLike<number>): string | null {
  try {
    return DECODER.decode(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** Whether a JavaScript string has no lone surrogates, so it has a UTF-8 encoding. */
export function isWellFormedUnicode(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** Encodes a well-formed string as UTF-8 (callers check {@link isWellFormedUnicode} first). */
export function utf8Encode(text: string): Uint8Array {
  return ENCODER.encode(text);
}
