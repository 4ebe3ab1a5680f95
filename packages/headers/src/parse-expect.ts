import {
  err,
  ok,
  type Parameter,
  parseParameters,
  parseQuotedString,
  type Result,
  skipOws,
} from "@hyperwire/grammar";
import { framingError, scanToken } from "./coding-list.js";
import { HeadersError } from "./errors.js";

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
  const length = value.length;
  let i = 0;
  for (;;) {
    i = skipOws(value, i);
    if (i >= length) break;
    if (value.charCodeAt(i) === 0x2c) {
      i++;
      continue;
    }
    const start = i;
    const nameEnd = scanToken(value, i);
    if (nameEnd === start) {
      return err(framingError(CODE, `Expect: expected a token at index ${start}`, start));
    }
    const name = value.slice(start, nameEnd).toLowerCase();
    i = nameEnd;
    let expectationValue: string | undefined;
    let parameters: Parameter[] = [];
    if (value.charCodeAt(i) === 0x3d /* = */) {
      i++;
      if (value.charCodeAt(i) === 0x22) {
        const quoted = parseQuotedString(value, i);
        if (quoted === null) {
          return err(framingError(CODE, `Expect: malformed quoted-string at index ${i}`, i));
        }
        expectationValue = quoted.value;
        i = quoted.end;
      } else {
        const end = scanToken(value, i);
        if (end === i) return err(framingError(CODE, `Expect: "${name}=" has no value`, i));
        expectationValue = value.slice(i, end);
        i = end;
      }
      const parsed = parseParameters(value, i, { duplicates: "reject" });
      if (!parsed.ok) {
        return err(
          new HeadersError(CODE, `Expect: ${parsed.error.message}`, {
            offset: parsed.error.offset ?? i,
            statusHint: 400,
            cause: parsed.error,
          }),
        );
      }
      parameters = parsed.value.parameters;
      i = parsed.value.end;
    }
    if (name === "100-continue" && expectationValue === undefined) hasContinue = true;
    expectations.push({ name, value: expectationValue, parameters });
    i = skipOws(value, i);
    if (i < length && value.charCodeAt(i) !== 0x2c) {
      return err(
        framingError(CODE, `Expect: unexpected ${JSON.stringify(value[i])} at index ${i}`, i),
      );
    }
    i++;
  }
  return ok({ continue: hasContinue, expectations });
}
