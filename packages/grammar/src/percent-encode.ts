import { BYTE_CLASS, ByteClass } from "./byte-classes.js";
import { GrammarError, GrammarErrorCode } from "./errors.js";
import { utf8Encode } from "./utf8.js";

const HEX = "0123456789ABCDEF";

/**
 * Percent-encodes `text` as UTF-8 (RFC 3986 §2.1, §2.5), leaving bare the ASCII
 * characters whose {@link BYTE_CLASS} entry has a bit of `keep` set.
 *
 * `keep` defaults to `ByteClass.UNRESERVED` (ALPHA / DIGIT / "-" / "." / "_" /
 * "~", RFC 3986 §2.3), which is safe in any component. Pass `ByteClass.PCHAR`
 * for a path segment or `ByteClass.QUERY` for a query. "%" is always encoded,
 * whatever `keep` says, so `percentDecode(percentEncode(s))` returns `s`.
 * Hex digits are uppercase, as RFC 3986 §2.1 recommends.
 *
 * @throws GrammarError `HW_GRAMMAR_UNENCODABLE` when `text` holds a lone
 * surrogate, which UTF-8 cannot encode.
 *
 * @example
 * ```ts
 * percentEncode("café au lait");                 // "caf%C3%A9%20au%20lait"
 * percentEncode("a/b:c", ByteClass.PCHAR);       // "a%2Fb:c"
 * ```
 */
export function percentEncode(text: string, keep: number = ByteClass.UNRESERVED): string {
  const length = text.length;
  let out = "";
  let runStart = 0;
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 && code !== 0x25 && (BYTE_CLASS[code]! & keep) !== 0) continue;
    out += text.slice(runStart, i);
    bytes.length = 0;
    const next = utf8Encode(text, i, bytes);
    if (next < 0) {
      throw new GrammarError(
        GrammarErrorCode.UNENCODABLE,
        `lone surrogate at index ${i} has no UTF-8 encoding`,
        {
          offset: i,
        },
      );
    }
    for (const byte of bytes) out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
    i = next - 1;
    runStart = next;
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}
