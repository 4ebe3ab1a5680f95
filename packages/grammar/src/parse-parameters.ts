import { GrammarError, GrammarErrorCode } from "./errors.js";
import { skipOws } from "./ows.js";
import { parseQuotedString } from "./parse-quoted-string.js";
import { tokenEnd } from "./parse-token.js";
import { err, ok, type Result } from "./result.js";

/** One `name=value` parameter (RFC 9110 §5.6.6). */
export interface Parameter {
  /** The parameter name, lowercased: names are case-insensitive (RFC 9110 §5.6.6 ¶2). */
  name: string;
  /** The value as text: a token as written, or a quoted-string with quotes removed and quoted-pairs unescaped. */
  value: string;
}

/** Options of {@link parseParameters}. */
export interface ParseParametersOptions {
  /**
   * What to do when a name appears twice (compared case-insensitively):
   * `"reject"` (the default) fails with `HW_GRAMMAR_DUPLICATE_PARAMETER`,
   * `"first"` keeps the first occurrence, `"last"` keeps the last one (at the
   * position of the first), `"all"` keeps every occurrence in order.
   *
   * Refusing is the default because two recipients that pick different
   * occurrences read different values from the same bytes; most field
   * definitions (e.g. media types, RFC 9110 §8.3.1) have no meaning for a
   * repeated name.
   */
  duplicates?: "first" | "last" | "reject" | "all";
}

/**
 * Reads the parameters that follow a token in many fields, starting at `start`.
 *
 * ```abnf
 * parameters      = *( OWS ";" OWS [ parameter ] )
 * parameter       = parameter-name "=" parameter-value
 * parameter-name  = token
 * parameter-value = ( token / quoted-string )
 * ; RFC 9110 §5.6.6
 * ```
 *
 * Parsing stops without error at the first character that cannot continue
 * the rule (such as "," in a list, or the end of the text); `end` is the index
 * just past the last ";"-group consumed, so whitespace that is not followed by
 * ";" is left for the caller. Empty parameters (`;;`) are allowed by the rule
 * and skipped. A tchar after ";" can only start a parameter, so a name without
 * "=", whitespace around "=" (which RFC 9110 §5.6.6 ¶3 does not allow) or a
 * value that is neither token nor quoted-string fails with
 * `HW_GRAMMAR_INVALID_PARAMETER` rather than ending the rule early.
 *
 * @example
 * ```ts
 * const r = parseParameters('text/html; Charset="utf-8", x', 9);
 * // r.ok && r.value → { parameters: [{ name: "charset", value: "utf-8" }], end: 26 }
 * ```
 */
export function parseParameters(
  text: string,
  start: number,
  options: ParseParametersOptions = {},
): Result<{ parameters: Parameter[]; end: number }, GrammarError> {
  const duplicates = options.duplicates ?? "reject";
  const parameters: Parameter[] = [];
  const length = text.length;
  let end = start;
  for (;;) {
    let i = skipOws(text, end);
    if (i >= length || text.charCodeAt(i) !== 0x3b) break;
    i = skipOws(text, i + 1);
    end = i;
    const nameEnd = tokenEnd(text, i);
    if (nameEnd === i) continue; // RFC 9110 §5.6.6: [ parameter ] — an empty parameter
    if (text.charCodeAt(nameEnd) !== 0x3d) {
      return err(
        new GrammarError(
          GrammarErrorCode.INVALID_PARAMETER,
          `parameter "${text.slice(i, nameEnd)}" at index ${i} is not followed by "="`,
          { offset: nameEnd },
        ),
      );
    }
    const name = text.slice(i, nameEnd).toLowerCase();
    const valueStart = nameEnd + 1;
    let value: string;
    if (text.charCodeAt(valueStart) === 0x22) {
      const quoted = parseQuotedString(text, valueStart);
      if (quoted === null) {
        return err(
          new GrammarError(
            GrammarErrorCode.INVALID_PARAMETER,
            `parameter "${name}" has a malformed quoted-string at index ${valueStart}`,
            { offset: valueStart },
          ),
        );
      }
      value = quoted.value;
      end = quoted.end;
    } else {
      const valueEnd = tokenEnd(text, valueStart);
      if (valueEnd === valueStart) {
        return err(
          new GrammarError(
            GrammarErrorCode.INVALID_PARAMETER,
            `parameter "${name}" has no token or quoted-string value at index ${valueStart}`,
            { offset: valueStart },
          ),
        );
      }
      value = text.slice(valueStart, valueEnd);
      end = valueEnd;
    }
    if (duplicates !== "all") {
      const previous = parameters.find((p) => p.name === name);
      if (previous !== undefined) {
        if (duplicates === "reject") {
          return err(
            new GrammarError(
              GrammarErrorCode.DUPLICATE_PARAMETER,
              `parameter "${name}" appears more than once`,
              { offset: i },
            ),
          );
        }
        if (duplicates === "last") previous.value = value;
        continue;
      }
    }
    parameters.push({ name, value });
  }
  return ok({ parameters, end });
}
