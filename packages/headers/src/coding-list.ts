import { isTchar, type Parameter, parseQuotedString, skipOws } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/** One element of a coding list: a lowercase token and its parameters. @internal */
export interface CodingElement {
  name: string;
  parameters: Parameter[];
  /** Index of the element's first character, for error offsets. */
  offset: number;
}

/** @internal */
export function framingError(code: string, message: string, offset?: number): HeadersError {
  return new HeadersError(
    code,
    message,
    offset === undefined ? { statusHint: 400 } : { offset, statusHint: 400 },
  );
}

/** Index just past the token starting at `start` (equal to `start` when there is none). @internal */
export function scanToken(text: string, start: number): number {
  let i = start;
  while (i < text.length && isTchar(text.charCodeAt(i))) i++;
  return i;
}

function fail(code: string, message: string, offset: number): { ok: false; error: HeadersError } {
  return { ok: false, error: framingError(code, message, offset) };
}

/**
 * Reads `#( token *( OWS ";" OWS parameter ) )`, the shape shared by
 * Transfer-Encoding, TE and Connection-like fields (RFC 9110 §5.6.1,
 * §5.6.6, §10.1.4; RFC 9112 §6.1).
 *
 * RFC 9110 §5.6.1.2: empty elements ("a, , b", a leading or trailing comma)
 * are accepted and ignored. Anything else that is not the rule fails with
 * `code`: a recipient that guessed would frame differently from its peers.
 * Parameter names are lowercased; repeated parameter names, an empty
 * parameter ("chunked;") and whitespace around "=" are refused.
 *
 * `allowParameters: false` makes any ";" an error (Connection, Trailer).
 *
 * @internal
 */
export function parseCodingList(
  text: string,
  field: string,
  code: string,
  allowParameters: boolean,
): { ok: true; value: CodingElement[] } | { ok: false; error: HeadersError } {
  const elements: CodingElement[] = [];
  const length = text.length;
  let i = 0;
  for (;;) {
    i = skipOws(text, i);
    if (i >= length) break;
    if (text.charCodeAt(i) === 0x2c /* , */) {
      i++;
      continue;
    }
    const start = i;
    const end = scanToken(text, i);
    if (end === start) {
      return fail(
        code,
        `${field}: expected a token at index ${start}, found ${JSON.stringify(text[start])}`,
        start,
      );
    }
    const name = text.slice(start, end).toLowerCase();
    i = end;
    const parameters: Parameter[] = [];
    // transfer-coding = token *( OWS ";" OWS transfer-parameter ) (RFC 9110 §10.1.4):
    // unlike the generic `parameters` rule, the parameter after ";" is not optional.
    for (;;) {
      const semicolon = skipOws(text, i);
      if (semicolon >= length || text.charCodeAt(semicolon) !== 0x3b) break;
      if (!allowParameters) {
        return fail(code, `${field}: parameters are not allowed (index ${semicolon})`, semicolon);
      }
      const nameStart = skipOws(text, semicolon + 1);
      const nameEnd = scanToken(text, nameStart);
      if (nameEnd === nameStart) {
        return fail(code, `${field}: expected a parameter name at index ${nameStart}`, nameStart);
      }
      if (text.charCodeAt(nameEnd) !== 0x3d /* = */) {
        return fail(code, `${field}: expected "=" at index ${nameEnd}`, nameEnd);
      }
      const parameterName = text.slice(nameStart, nameEnd).toLowerCase();
      let parameterValue: string;
      const valueStart = nameEnd + 1;
      if (text.charCodeAt(valueStart) === 0x22 /* DQUOTE */) {
        const quoted = parseQuotedString(text, valueStart);
        if (quoted === null) {
          return fail(code, `${field}: malformed quoted-string at index ${valueStart}`, valueStart);
        }
        parameterValue = quoted.value;
        i = quoted.end;
      } else {
        const valueEnd = scanToken(text, valueStart);
        if (valueEnd === valueStart) {
          return fail(
            code,
            `${field}: expected a parameter value at index ${valueStart}`,
            valueStart,
          );
        }
        parameterValue = text.slice(valueStart, valueEnd);
        i = valueEnd;
      }
      // Two recipients that keep different copies of a repeated parameter disagree.
      if (parameters.some((p) => p.name === parameterName)) {
        return fail(code, `${field}: parameter "${parameterName}" repeats`, nameStart);
      }
      parameters.push({ name: parameterName, value: parameterValue });
    }
    i = skipOws(text, i);
    if (i < length && text.charCodeAt(i) !== 0x2c) {
      return fail(
        code,
        `${field}: unexpected ${JSON.stringify(text[i])} at index ${i} after "${name}"`,
        i,
      );
    }
    elements.push({ name, parameters, offset: start });
    i++;
  }
  return { ok: true, value: elements };
}
