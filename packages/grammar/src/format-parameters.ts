import { isToken } from "./byte-classes.js";
import { GrammarError, GrammarErrorCode } from "./errors.js";
import { formatTokenOrQuotedString } from "./format-quoted-string.js";
import type { Parameter } from "./parse-parameters.js";

/**
 * Serializes parameters as `;name=value` for each, with no whitespace, the
 * value bare when it is a token and quoted otherwise (RFC 9110 §5.6.6).
 * Names are written as given.
 *
 * @throws GrammarError `HW_GRAMMAR_INVALID_PARAMETER` when a name is not a
 * token, `HW_GRAMMAR_UNQUOTABLE` when a value cannot be quoted.
 *
 * @example
 * ```ts
 * formatParameters({ charset: "utf-8", title: "a b" }); // ';charset=utf-8;title="a b"'
 * formatParameters([{ name: "q", value: "0.5" }]);      // ";q=0.5"
 * ```
 */
export function formatParameters(params: Iterable<Parameter> | Record<string, string>): string {
  const entries: Iterable<Parameter> =
    Symbol.iterator in params
      ? (params as Iterable<Parameter>)
      : Object.entries(params as Record<string, string>).map(([name, value]) => ({ name, value }));
  let out = "";
  for (const { name, value } of entries) {
    if (!isToken(name)) {
      throw new GrammarError(
        GrammarErrorCode.INVALID_PARAMETER,
        `parameter name ${JSON.stringify(name)} is not a token`,
      );
    }
    out += `;${name}=${formatTokenOrQuotedString(value)}`;
  }
  return out;
}
