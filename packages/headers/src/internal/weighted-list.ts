import { err, ok, parseParameters, type Result } from "@hyperwire/grammar";
import { HeadersError } from "../errors.js";
import { parseQValue } from "../parse-qvalue.js";
import { nextListComma, skipWhitespace, tokenEnd } from "./scan.js";

/** Options shared by the `Accept*` parsers. */
export interface AcceptParseOptions {
  /**
   * Drop list elements that do not match the grammar (or carry an invalid
   * qvalue) instead of failing the whole field. Content negotiation uses this:
   * a recipient may disregard what it cannot understand (RFC 9110 §12.5.1).
   * Default `false`.
   */
  skipInvalidElements?: boolean;
}

/** One element of a weighted list: the lower-cased value and its weight. */
export interface WeightedToken {
  readonly value: string;
  readonly q: number;
}

/**
 * Parses `#( element [ weight ] )` where element is a token checked by
 * `accept` (RFC 9110 §12.4.2 weight = OWS ";" OWS "q=" qvalue).
 * @internal
 */
export function parseWeightedTokens(
  text: string,
  code: string,
  what: string,
  accept: (lowerValue: string) => boolean,
  options: AcceptParseOptions | undefined,
): Result<WeightedToken[], HeadersError> {
  const skip = options?.skipInvalidElements === true;
  const out: WeightedToken[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    i = skipWhitespace(text, i);
    if (i >= length) break;
    if (text.charCodeAt(i) === 0x2c) {
      // RFC 9110 §5.6.1.2: a recipient MUST accept (and ignore) empty list elements.
      i++;
      continue;
    }
    const elementStart = i;
    let problem: string | undefined;
    const end = tokenEnd(text, i);
    let q = 1;
    let value = "";
    if (end === i) problem = `${what}: expected a token`;
    else {
      value = text.slice(i, end).toLowerCase();
      if (!accept(value)) problem = `${what}: invalid element ${JSON.stringify(value)}`;
      i = end;
      if (problem === undefined && i < length) {
        const params = parseParameters(text, i, { duplicates: "reject" });
        if (!params.ok) problem = `${what}: ${params.error.message}`;
        else {
          for (const p of params.value.parameters) {
            // The grammar allows only a weight after these elements.
            const parsedQ = p.name === "q" ? parseQValue(p.value) : undefined;
            if (parsedQ === undefined) {
              problem =
                p.name === "q"
                  ? `${what}: invalid qvalue ${JSON.stringify(p.value)}`
                  : `${what}: unexpected parameter ${p.name}`;
              break;
            }
            q = parsedQ;
          }
          i = skipWhitespace(text, params.value.end);
          if (problem === undefined && i < length && text.charCodeAt(i) !== 0x2c) {
            problem = `${what}: unexpected character ${JSON.stringify(text[i])}`;
          }
        }
      }
    }
    if (problem !== undefined) {
      if (!skip) {
        const qProblem = problem.includes("qvalue");
        return err(
          new HeadersError(qProblem ? "HW_HEADERS_INVALID_QVALUE" : code, problem, {
            offset: elementStart,
            statusHint: 400,
          }),
        );
      }
      i = nextListComma(text, i);
      continue;
    }
    out.push({ value, q });
    i++; // past "," (or past the end)
  }
  return ok(out);
}
