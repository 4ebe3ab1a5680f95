import {
  err,
  formatQuotedString,
  isToken,
  ok,
  parseParameters,
  type Result,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { decodeExtValue, encodeExtValue } from "./ext-value.js";
import { nullRecord, skipWhitespace, tokenEnd } from "./internal/scan.js";

/** A parsed `Content-Disposition` field. */
export interface ContentDisposition {
  /** The disposition type, lower-cased ("inline", "attachment", or an extension token). */
  readonly type: string;
  /**
   * Parameters by lower-cased name. `name*` parameters (RFC 8187) appear
   * decoded under their own name (`"filename*"`), and are left out when their
   * charset is not supported.
   */
  readonly parameters: Readonly<Record<string, string>>;
  /** The file name: `filename*` when present and decodable, else `filename` (RFC 6266 §4.3). */
  readonly filename: string | undefined;
}

function invalid(message: string, offset: number, cause?: unknown): HeadersError {
  return new HeadersError("HW_HEADERS_INVALID_CONTENT_DISPOSITION", message, { offset, cause });
}

/**
 * Parses a `Content-Disposition` field value (RFC 6266).
 *
 * ```
 * content-disposition = disposition-type *( ";" disposition-parm )
 * disposition-type    = "inline" | "attachment" | disp-ext-type   ; case-insensitive
 * disposition-parm    = filename-parm | disp-ext-parm
 * filename-parm       = "filename" "=" value | "filename*" "=" ext-value
 *                                                           RFC 6266 §4.1
 * ```
 *
 * - RFC 6266 §4.1: values with several instances of the same parameter
 *   name are invalid (`HW_HEADERS_INVALID_CONTENT_DISPOSITION`).
 * - An ext-value must be a bare token; its percent-encoding and UTF-8 are
 *   checked strictly (`HW_HEADERS_INVALID_EXT_VALUE`). An unsupported charset
 *   drops the parameter, so `filename` is used instead (RFC 6266 §4.3).
 * - File names are returned as sent: stripping path components is the
 *   caller's job (RFC 6266 §4.3 says recipients must not trust them).
 *
 * @example
 * ```ts
 * parseContentDisposition(`attachment; filename="EURO rates"; filename*=utf-8''%e2%82%ac%20rates`);
 * // ok: { type: "attachment", filename: "€ rates", parameters: { filename: "EURO rates", "filename*": "€ rates" } }
 * ```
 */
export function parseContentDisposition(value: string): Result<ContentDisposition, HeadersError> {
  const start = skipWhitespace(value, 0);
  const typeEnd = tokenEnd(value, start);
  if (typeEnd === start) return err(invalid("missing disposition type", start));
  const type = value.slice(start, typeEnd).toLowerCase();
  const parsed = parseParameters(value, typeEnd, { duplicates: "reject" });
  if (!parsed.ok)
    return err(invalid(parsed.error.message, parsed.error.offset ?? typeEnd, parsed.error));
  const end = skipWhitespace(value, parsed.value.end);
  if (end !== value.length)
    return err(invalid(`unexpected character ${JSON.stringify(value[end])}`, end));
  const parameters = nullRecord<string>();
  for (const { name, value: v } of parsed.value.parameters) {
    if (name.endsWith("*")) {
      const decoded = decodeExtValue(v);
      if (!decoded.ok) {
        if (decoded.error.code === "HW_HEADERS_UNSUPPORTED_CHARSET") continue;
        return err(decoded.error);
      }
      parameters[name] = decoded.value.value;
    } else parameters[name] = v;
  }
  return ok({ type, parameters, filename: parameters["filename*"] ?? parameters.filename });
}

/** Options of {@link formatContentDisposition}. */
export interface FormatContentDispositionOptions {
  /**
   * The `filename` to send beside `filename*` when the name needs it: a
   * string (printable ASCII), `true` (default) for one derived from the name
   * (accents dropped, other non-ASCII characters replaced by "?"), or `false`
   * for none.
   */
  fallback?: string | boolean;
  /**
   * Put ISO-8859-1 names in a plain `filename` instead of using `filename*`.
   * Off by default: RFC 6266 Appendix D advises against non-ASCII in
   * `filename` because user agents decode it inconsistently.
   */
  allowLatin1Filename?: boolean;
}

function isPrintableAscii(text: string, latin1: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c > (latin1 ? 0xff : 0x7e) || (c >= 0x80 && c < 0xa0))
      return false;
  }
  return true;
}

/**
 * Formats a `Content-Disposition` value (RFC 6266). With a `filename`, a
 * name made of printable ASCII (without "%XX" sequences, which some user
 * agents decode, RFC 6266 Appendix D) goes in `filename`; any other name goes
 * in `filename*` as UTF-8 (RFC 8187) with an ASCII fallback `filename`.
 *
 * Throws `HeadersError` (`HW_HEADERS_INVALID_CONTENT_DISPOSITION`) for a type
 * or parameter name that is not a token, or a parameter value that cannot be
 * quoted.
 *
 * @example
 * ```ts
 * formatContentDisposition({ filename: "plans.pdf" }); // 'attachment; filename="plans.pdf"'
 * formatContentDisposition({ filename: "€ rates.pdf" });
 * // "attachment; filename=\"? rates.pdf\"; filename*=UTF-8''%E2%82%AC%20rates.pdf"
 * ```
 */
export function formatContentDisposition(
  disposition: {
    type?: string;
    filename?: string | undefined;
    parameters?: Readonly<Record<string, string>>;
  },
  options?: FormatContentDispositionOptions,
): string {
  const type = disposition.type ?? "attachment";
  const fallbackOption = options?.fallback ?? true;
  if (typeof fallbackOption === "string" && !isPrintableAscii(fallbackOption, false)) {
    throw invalid("fallback filename must be printable ASCII", 0);
  }
  if (!isToken(type)) throw invalid(`disposition type must be a token: ${JSON.stringify(type)}`, 0);
  let out = type;
  const { filename } = disposition;
  if (filename !== undefined) {
    if (
      disposition.parameters?.filename !== undefined ||
      disposition.parameters?.["filename*"] !== undefined
    ) {
      throw invalid("give the file name either as filename or in parameters, not both", 0);
    }
    const plain =
      isPrintableAscii(filename, options?.allowLatin1Filename === true) &&
      !/%[0-9a-f]{2}/i.test(filename);
    if (plain) out += `; filename=${formatQuotedString(filename)}`;
    else {
      if (typeof fallbackOption === "string")
        out += `; filename=${formatQuotedString(fallbackOption)}`;
      else if (fallbackOption) {
        const ascii = filename
          .normalize("NFKD")
          .replace(/[\u0300-\u036f]/g, "")
          .replace(/[^\x20-\x7e]/g, "?");
        out += `; filename=${formatQuotedString(ascii)}`;
      }
      out += `; filename*=${encodeExtValue(filename)}`;
    }
  }
  for (const [name, v] of Object.entries(disposition.parameters ?? {})) {
    if (!isToken(name)) throw invalid(`parameter name must be a token: ${JSON.stringify(name)}`, 0);
    if (name.endsWith("*")) out += `; ${name}=${encodeExtValue(v)}`;
    else {
      try {
        out += `; ${name}=${formatQuotedString(v)}`;
      } catch (cause) {
        throw invalid(`parameter ${name} cannot be quoted`, 0, cause);
      }
    }
  }
  return out;
}
