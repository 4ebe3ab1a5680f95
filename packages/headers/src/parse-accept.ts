import { err, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { nextListComma, nullRecord, skipWhitespace } from "./internal/scan.js";
import type { AcceptParseOptions } from "./internal/weighted-list.js";
import { parseMediaTypeAt } from "./parse-media-type.js";
import { parseQValue } from "./parse-qvalue.js";

export type { AcceptParseOptions } from "./internal/weighted-list.js";

/**
 * One media range of an `Accept` field (RFC 9110 §12.5.1): `type` and
 * `subtype` lower-cased, either of which may be `"*"`; `parameters` without
 * the weight; `q` the weight (1 when absent).
 */
export interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly q: number;
}

/**
 * Parses an `Accept` field value into its media ranges, in field order.
 *
 * ```
 * Accept      = #( media-range [ weight ] )
 * media-range = ( "*" "/" "*" / ( type "/" "*" ) / ( type "/" subtype ) ) parameters
 * weight      = OWS ";" OWS "q=" qvalue                  RFC 9110 §12.5.1, §12.4.2
 * ```
 *
 * RFC 9110 §12.4.2: a parameter named "q" (in any case) is taken as the weight
 * wherever it appears. An empty field value is an empty list. `*∕subtype` is
 * not a media range.
 *
 * Errors: `HW_HEADERS_INVALID_ACCEPT`, `HW_HEADERS_INVALID_QVALUE`
 * (unless `skipInvalidElements`).
 *
 * @example
 * ```ts
 * parseAccept("text/html, application/*;q=0.8");
 * // ok: [{ type: "text", subtype: "html", parameters: {}, q: 1 },
 * //      { type: "application", subtype: "*", parameters: {}, q: 0.8 }]
 * ```
 */
export function parseAccept(
  value: string,
  options?: AcceptParseOptions,
): Result<MediaRange[], HeadersError> {
  const skip = options?.skipInvalidElements === true;
  const out: MediaRange[] = [];
  const length = value.length;
  let i = 0;
  while (i < length) {
    i = skipWhitespace(value, i);
    if (i >= length) break;
    if (value.charCodeAt(i) === 0x2c) {
      // RFC 9110 §5.6.1.2: empty list elements are ignored.
      i++;
      continue;
    }
    const start = i;
    let problem: HeadersError | undefined;
    const parsed = parseMediaTypeAt(value, i);
    let range: MediaRange | undefined;
    if (!parsed.ok) {
      problem = new HeadersError("HW_HEADERS_INVALID_ACCEPT", parsed.error.message, {
        offset: parsed.error.offset,
        statusHint: 400,
        cause: parsed.error,
      });
    } else {
      const { type, subtype, parameters, end } = parsed.value;
      i = skipWhitespace(value, end);
      if (i < length && value.charCodeAt(i) !== 0x2c) {
        problem = new HeadersError("HW_HEADERS_INVALID_ACCEPT", `unexpected character in Accept`, {
          offset: i,
          statusHint: 400,
        });
      } else if (type === "*" && subtype !== "*") {
        problem = new HeadersError(
          "HW_HEADERS_INVALID_ACCEPT",
          `"*/${subtype}" is not a media range`,
          {
            offset: start,
            statusHint: 400,
          },
        );
      } else {
        let q = 1;
        let rest = parameters;
        const rawQ = parameters.q;
        if (rawQ !== undefined) {
          const parsedQ = parseQValue(rawQ);
          if (parsedQ === undefined) {
            problem = new HeadersError(
              "HW_HEADERS_INVALID_QVALUE",
              `invalid qvalue ${JSON.stringify(rawQ)}`,
              {
                offset: start,
                statusHint: 400,
              },
            );
          } else {
            q = parsedQ;
            rest = nullRecord<string>();
            for (const name in parameters) if (name !== "q") rest[name] = parameters[name]!;
          }
        }
        range = { type, subtype, parameters: rest, q };
      }
    }
    if (problem !== undefined) {
      if (!skip) return err(problem);
      i = nextListComma(value, i);
      continue;
    }
    out.push(range!);
    i++;
  }
  return ok(out);
}
