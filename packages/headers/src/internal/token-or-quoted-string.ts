import {
  formatQuotedString,
  formatTokenOrQuotedString,
  parseQuotedString,
  parseToken,
} from "@hyperwire/grammar";
import { HeadersError } from "../errors.js";

/**
 * Reads `( token / quoted-string )` at `start` (RFC 9110 §5.6.2, §5.6.4), the
 * value of a parameter or auth-param: a quoted-string when `text[start]` is
 * DQUOTE, else a token. Returns the (unquoted) value and the index past it,
 * or null; a caller tells the two failures apart by `text[start]`.
 * @internal
 */
export function readTokenOrQuotedString(
  text: string,
  start: number,
): { value: string; end: number } | null {
  return text.charCodeAt(start) === 0x22 ? parseQuotedString(text, start) : parseToken(text, start);
}

/**
 * Writes a parameter value: always as a quoted-string when `alwaysQuote`,
 * else bare when it is a token (RFC 9110 §5.6.6). A value no quoted-string can
 * carry throws `HeadersError(code, message)` with the GrammarError as cause.
 * @internal
 */
export function formatParameterValue(
  value: string,
  alwaysQuote: boolean,
  code: string,
  message: string,
): string {
  try {
    return alwaysQuote ? formatQuotedString(value) : formatTokenOrQuotedString(value);
  } catch (cause) {
    throw new HeadersError(code, message, { cause });
  }
}
