import { hexDigitValue } from "./byte-classes.js";
import { GrammarError, GrammarErrorCode } from "./errors.js";
import { err, ok, type Result } from "./result.js";
import { utf8Encode } from "./utf8.js";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes percent-encoding and reads the octets as UTF-8.
 *
 * ```abnf
 * pct-encoded = "%" HEXDIG HEXDIG   ; RFC 3986 §2.1
 * ```
 *
 * Strict: a "%" not followed by two hex digits fails with
 * `HW_GRAMMAR_INVALID_PERCENT_ENCODING` (with the offset of the "%"), where
 * `decodeURIComponent` throws and some servers pass the "%" through; decoded
 * octets that are not well-formed UTF-8 (overlong forms, surrogates, truncated
 * sequences) fail with `HW_GRAMMAR_INVALID_UTF8` instead of turning into
 * U+FFFD, so two different byte strings never decode to the same text.
 * Characters outside escapes are kept as they are. "+" is not a space: that is
 * HTML form encoding, not RFC 3986. A leading %EF%BB%BF is kept as U+FEFF.
 *
 * @example
 * ```ts
 * percentDecode("caf%C3%A9%20au%20lait"); // ok: "café au lait"
 * percentDecode("100%");                  // error: HW_GRAMMAR_INVALID_PERCENT_ENCODING
 * percentDecode("%FF");                   // error: HW_GRAMMAR_INVALID_UTF8
 * ```
 */
export function percentDecode(text: string): Result<string, GrammarError> {
  let index = text.indexOf("%");
  if (index < 0) return ok(text);
  for (; index >= 0; index = text.indexOf("%", index + 3)) {
    if (
      hexDigitValue(text.charCodeAt(index + 1)) < 0 ||
      hexDigitValue(text.charCodeAt(index + 2)) < 0
    ) {
      return err(
        new GrammarError(
          GrammarErrorCode.INVALID_PERCENT_ENCODING,
          `"%" at index ${index} is not followed by two hexadecimal digits`,
          { offset: index },
        ),
      );
    }
  }
  const bytes: number[] = [];
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x25) {
      bytes.push(
        hexDigitValue(text.charCodeAt(i + 1)) * 16 + hexDigitValue(text.charCodeAt(i + 2)),
      );
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      const next = utf8Encode(text, i, bytes);
      if (next < 0) {
        return err(
          new GrammarError(GrammarErrorCode.UNENCODABLE, `lone surrogate at index ${i}`, {
            offset: i,
          }),
        );
      }
      i = next - 1;
    }
  }
  try {
    return ok(decoder.decode(Uint8Array.from(bytes)));
  } catch (cause) {
    return err(
      new GrammarError(
        GrammarErrorCode.INVALID_UTF8,
        "percent-decoded octets are not valid UTF-8",
        {
          cause,
        },
      ),
    );
  }
}
