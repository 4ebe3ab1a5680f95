import { err, ok, type Parameter, parseParameters, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { readNameAndValue, walkTokenList } from "./internal/token-list.js";

/** One expectation of an Expect field. */
export interface Expectation {
  /** Lowercase name: expectations are case-insensitive (RFC 9110 §10.1.1 ¶3). */
  readonly name: string;
  /** The value after "=", when given (unquoted). */
  readonly value: string | undefined;
  /** Parameters after the value, names lowercased. */
  readonly parameters: readonly Parameter[];
}

/** A parsed Expect field value. */
export interface ExpectValue {
  /** Whether the client sent the `100-continue` expectation (without a value or parameters). */
  readonly continue: boolean;
  /**
   * Every expectation in order. Any other than `100-continue` is unknown to
   * HTTP/1.1: a server MAY answer 417 Expectation Failed (RFC 9110 §10.1.1 ¶5).
   */
  readonly expectations: readonly Expectation[];
}

const CODE = "HW_HEADERS_INVALID_EXPECT";

/**
 * Parses an Expect field value.
 *
 * ```abnf
 * Expect      = #expectation                                 ; RFC 9110 §10.1.1
 * expectation = token [ "=" ( token / quoted-string ) parameters ]
 * ```
 *
 * `100-continue` counts only bare (RFC 9110 §10.1.1 ¶4: it "does not include
 * any parameters"); `100-Continue` is the same expectation. Anything off the
 * grammar fails with `HW_HEADERS_INVALID_EXPECT` (statusHint 400).
 *
 * @example
 * ```ts
 * parseExpect("100-continue"); // { ok: true, value: { continue: true, expectations: [...] } }
 * ```
 */
export function parseExpect(value: string): Result<ExpectValue, HeadersError> {
  const expectations: Expectation[] = [];
  let hasContinue = false;
  const failure = walkTokenList(value, "Expect", CODE, "a token", (start, nameEnd) => {
    const element = readNameAndValue(value, start, nameEnd, "Expect", CODE);
    if (element instanceof HeadersError) return element;
    const { name, value: expectationValue } = element;
    let i = element.end;
    let parameters: Parameter[] = [];
    // expectation = token [ "=" ( token / quoted-string ) parameters ]: parameters only after a value.
    if (expectationValue !== undefined) {
      const parsed = parseParameters(value, i, { duplicates: "reject" });
      if (!parsed.ok) {
        return new HeadersError(CODE, `Expect: ${parsed.error.message}`, {
          offset: parsed.error.offset ?? i,
          statusHint: 400,
          cause: parsed.error,
        });
      }
      parameters = parsed.value.parameters;
      i = parsed.value.end;
    }
    if (name === "100-continue" && expectationValue === undefined) hasContinue = true;
    expectations.push({ name, value: expectationValue, parameters });
    return i;
  });
  if (failure !== undefined) return err(failure);
  return ok({ continue: hasContinue, expectations });
}
