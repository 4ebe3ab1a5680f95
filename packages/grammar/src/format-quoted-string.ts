import { isToken } from "./byte-classes.js";
import { GrammarError, GrammarErrorCode } from "./errors.js";

/**
 * Serializes `value` as a quoted-string (RFC 9110 §5.6.4), always quoted.
 * DQUOTE and backslash are escaped as quoted-pairs; nothing else is, since
 * RFC 9110 §5.6.4 ¶4 says a sender should not escape other octets.
 *
 * @throws GrammarError `HW_GRAMMAR_UNQUOTABLE` when `value` holds a CTL other
 * than HTAB (CR, LF, NUL, DEL, …) or a character above U+00FF: a quoted-string
 * has no way to carry them, and letting CR or LF through would split a header.
 *
 * @example
 * ```ts
 * formatQuotedString('say "hi"'); // '"say \\"hi\\""'
 * formatQuotedString("");         // '""'
 * ```
 */
export function formatQuotedString(value: string): string {
  const length = value.length;
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x22 || code === 0x5c) {
      out += `${value.slice(runStart, i)}\\`;
      runStart = i; // the character itself starts the next run
    } else if ((code < 0x20 && code !== 0x09) || code === 0x7f || code > 0xff) {
      throw new GrammarError(
        GrammarErrorCode.UNQUOTABLE,
        `character U+${code.toString(16).padStart(4, "0").toUpperCase()} at index ${i} cannot appear in a quoted-string`,
        { offset: i },
      );
    }
  }
  return `${out}${value.slice(runStart)}"`;
}

/**
 * Serializes `value` as a bare token when it is one, and as a quoted-string
 * otherwise: the form a parameter value or list element takes on the wire
 * (RFC 9110 §5.6.2, §5.6.4, §5.6.6). The empty string becomes `""`.
 *
 * @throws GrammarError `HW_GRAMMAR_UNQUOTABLE` as {@link formatQuotedString}.
 *
 * @example
 * ```ts
 * formatTokenOrQuotedString("utf-8");    // "utf-8"
 * formatTokenOrQuotedString("a b");      // '"a b"'
 * formatTokenOrQuotedString("");         // '""'
 * ```
 */
export function formatTokenOrQuotedString(value: string): string {
  return isToken(value) ? value : formatQuotedString(value);
}
