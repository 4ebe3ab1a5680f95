import {
  err,
  formatParameters,
  isToken,
  ok,
  type Parameter,
  type Result,
} from "@hyperwire/grammar";
import { framingError, parseCodingList } from "./coding-list.js";
import { HeadersError } from "./errors.js";
import { formatQValue, parseQValue } from "./parse-qvalue.js";

/** One transfer coding a client accepts, per the TE field. */
export interface TECoding {
  /** Lowercase coding name. */
  readonly name: string;
  /** Weight (RFC 9110 §12.4.2), 1 when absent; 0 means "not acceptable". */
  readonly q: number;
  /** Parameters other than the weight, names lowercased. */
  readonly parameters: readonly Parameter[];
}

/** A parsed TE field value. */
export interface TEValue {
  /** Whether the client will accept trailer fields in a chunked response ("trailers"). */
  readonly trailers: boolean;
  /** The transfer codings listed, in order. "chunked" is always acceptable and needs no mention (RFC 9112 §7.4). */
  readonly codings: readonly TECoding[];
}

const CODE = "HW_HEADERS_INVALID_TE";

/**
 * Parses a TE field value.
 *
 * ```abnf
 * TE       = #t-codings                                        ; RFC 9110 §10.1.4
 * t-codings = "trailers" / ( transfer-coding [ weight ] )
 * weight   = OWS ";" OWS "q=" qvalue                           ; RFC 9110 §12.4.2
 * qvalue   = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
 * ```
 *
 * "trailers" takes no parameters. The weight must be a valid qvalue and the
 * last parameter; anything off the grammar fails with `HW_HEADERS_INVALID_TE`.
 * An empty value is valid and means only "chunked" is acceptable.
 *
 * @example
 * ```ts
 * parseTE("trailers, deflate;q=0.5");
 * // { ok: true, value: { trailers: true, codings: [{ name: "deflate", q: 0.5, parameters: [] }] } }
 * ```
 */
export function parseTE(value: string): Result<TEValue, HeadersError> {
  const parsed = parseCodingList(value, "TE", CODE, true);
  if (!parsed.ok) return parsed;
  let trailers = false;
  const codings: TECoding[] = [];
  for (const element of parsed.value) {
    const { name, parameters, offset } = element;
    if (name === "trailers") {
      if (parameters.length > 0) {
        return err(framingError(CODE, 'TE: "trailers" takes no parameters', offset));
      }
      trailers = true;
      continue;
    }
    let q = 1;
    let rest: Parameter[] = parameters;
    const weightIndex = parameters.findIndex((p) => p.name === "q");
    if (weightIndex !== -1) {
      // RFC 9110 §10.1.4: the weight follows the coding's own parameters.
      const weight =
        weightIndex === parameters.length - 1
          ? parseQValue(parameters[weightIndex]!.value)
          : undefined;
      if (weight === undefined) {
        return err(framingError(CODE, `TE: invalid weight for "${name}"`, offset));
      }
      q = weight;
      rest = parameters.slice(0, weightIndex);
    }
    codings.push({ name, q, parameters: rest });
  }
  return ok({ trailers, codings });
}

/**
 * Serializes a TE field value: "trailers" first when set, then each coding with
 * its parameters and, when not 1, its weight.
 * @throws {HeadersError} `HW_HEADERS_INVALID_TE` for a name that is not a token, a weight
 *   outside [0, 1], or an invalid parameter.
 * @example
 * ```ts
 * formatTE({ trailers: true, codings: [{ name: "gzip", q: 0.5, parameters: [] }] }); // "trailers, gzip;q=0.5"
 * ```
 */
export function formatTE(value: {
  readonly trailers?: boolean;
  readonly codings?: readonly (
    | string
    | { name: string; q?: number; parameters?: readonly Parameter[] }
  )[];
}): string {
  const parts: string[] = value.trailers ? ["trailers"] : [];
  for (const coding of value.codings ?? []) {
    const { name, q = 1, parameters = [] } = typeof coding === "string" ? { name: coding } : coding;
    if (!isToken(name) || name.toLowerCase() === "trailers") {
      throw new HeadersError(CODE, `invalid TE coding ${JSON.stringify(name)}`);
    }
    if (!(q >= 0 && q <= 1)) throw new HeadersError(CODE, `invalid TE weight ${q}`);
    let text = name.toLowerCase();
    try {
      if (parameters.length > 0) text += formatParameters(parameters);
      if (q !== 1) text += `;q=${formatQValue(q)}`;
    } catch (cause) {
      throw new HeadersError(CODE, `invalid parameter of TE coding ${name}`, { cause });
    }
    parts.push(text);
  }
  return parts.join(", ");
}
