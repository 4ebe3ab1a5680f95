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

/** One transfer coding of Transfer-Encoding or TE (RFC 9112 §7). */
export interface TransferCoding {
  /** Lowercase coding name: transfer codings are case-insensitive (RFC 9112 §7 ¶2). */
  readonly name: string;
  /** Parameters, names lowercased (none of the registered codings defines any). */
  readonly parameters: readonly Parameter[];
}

const CODE = "HW_HEADERS_INVALID_TRANSFER_ENCODING";

/**
 * Parses a Transfer-Encoding field value into its codings, in the order they
 * were applied.
 *
 * ```abnf
 * Transfer-Encoding  = #transfer-coding                         ; RFC 9112 §6.1
 * transfer-coding    = token *( OWS ";" OWS transfer-parameter ) ; RFC 9110 §10.1.4
 * transfer-parameter = token BWS "=" BWS ( token / quoted-string )
 * ```
 *
 * Deliberately stricter than the ABNF: an empty list and whitespace around
 * "=" (BWS) fail with `HW_HEADERS_INVALID_TRANSFER_ENCODING`. A message whose
 * framing field says nothing, or says it in a form other parsers read
 * differently, is a smuggling vector (RFC 9112 §11.2); no registered transfer
 * coding takes parameters, so BWS has no legitimate use here. Empty list
 * elements (",chunked") are ignored as RFC 9110 §5.6.1.2 requires.
 *
 * Whether `chunked` is last, and what to do otherwise, is the framing layer's
 * decision (RFC 9112 §6.3), not this parser's.
 *
 * @example
 * ```ts
 * parseTransferEncoding("gzip, Chunked");
 * // { ok: true, value: [{ name: "gzip", parameters: [] }, { name: "chunked", parameters: [] }] }
 * ```
 */
export function parseTransferEncoding(value: string): Result<TransferCoding[], HeadersError> {
  const parsed = parseCodingList(value, "Transfer-Encoding", CODE, true);
  if (!parsed.ok) return parsed;
  if (parsed.value.length === 0) {
    return err(framingError(CODE, "Transfer-Encoding: the value lists no coding", 0));
  }
  return ok(parsed.value.map(({ name, parameters }) => ({ name, parameters })));
}

/**
 * Serializes transfer codings as a Transfer-Encoding (or TE coding) list:
 * `name;param=value, name`, names lowercased (RFC 9112 §6.1, RFC 9110 §10.1.4).
 * A plain string is a coding without parameters.
 * @throws {HeadersError} `HW_HEADERS_INVALID_TRANSFER_ENCODING` for an empty list or a
 *   name that is not a token; parameter errors are wrapped the same way.
 * @example
 * ```ts
 * formatTransferEncoding(["gzip", "chunked"]); // "gzip, chunked"
 * ```
 */
export function formatTransferEncoding(codings: readonly (string | TransferCoding)[]): string {
  if (codings.length === 0) {
    throw new HeadersError("HW_HEADERS_INVALID_TRANSFER_ENCODING", "no transfer coding to format");
  }
  const parts: string[] = [];
  for (const coding of codings) {
    const name = typeof coding === "string" ? coding : coding.name;
    if (!isToken(name)) {
      throw new HeadersError(
        "HW_HEADERS_INVALID_TRANSFER_ENCODING",
        `transfer coding ${JSON.stringify(name)} is not a token`,
      );
    }
    let params = "";
    if (typeof coding !== "string" && coding.parameters.length > 0) {
      try {
        params = formatParameters(coding.parameters);
      } catch (cause) {
        throw new HeadersError(
          "HW_HEADERS_INVALID_TRANSFER_ENCODING",
          `invalid parameter of transfer coding ${name}`,
          { cause },
        );
      }
    }
    parts.push(name.toLowerCase() + params);
  }
  return parts.join(", ");
}
