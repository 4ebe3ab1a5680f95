import {
  BYTE_CLASS,
  ByteClass,
  err,
  formatTokenOrQuotedString,
  isToken,
  ok,
  parseQuotedString,
  type Result,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { asciiLower, skipWhitespace } from "./internal/scan.js";

const TCHAR = ByteClass.TCHAR;

/**
 * A media type (RFC 9110 §8.3.1): `type/subtype` plus parameters.
 *
 * `type` and `subtype` are lower-cased (they are case-insensitive), parameter
 * names are lower-cased (case-insensitive too), and the value of `charset` is
 * lower-cased (charset names are case-insensitive, RFC 9110 §8.3.2). Other
 * parameter values keep their case: whether they are case-sensitive depends on
 * the parameter. `parameters` has no prototype.
 */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** A {@link MediaType} read from a `Content-Type` field, with its charset at hand. */
export interface ContentType extends MediaType {
  /** The `charset` parameter, lower-cased, when present. */
  readonly charset: string | undefined;
  /** `type/subtype`, lower-cased: the part to compare against a list of accepted types. */
  readonly essence: string;
}

function invalid(message: string, offset: number, cause?: unknown): HeadersError {
  return new HeadersError("HW_HEADERS_INVALID_MEDIA_TYPE", message, {
    offset,
    statusHint: 400,
    cause,
  });
}

/**
 * A constructor whose instances have no prototype: as safe as
 * `Object.create(null)` (a parameter named "__proto__" is a plain key) but
 * cheaper to create and fill.
 */
const ParameterRecord = function ParameterRecord() {} as unknown as new () => Record<
  string,
  string
>;
ParameterRecord.prototype = Object.create(null);

/** Index past the tchar run at `i`; sets `sawUpper` when the run held an upper-case letter. */
let sawUpper = false;
function scanToken(text: string, i: number): number {
  const length = text.length;
  sawUpper = false;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code > 0x7f || (BYTE_CLASS[code]! & TCHAR) === 0) break;
    if (code <= 0x5a && code >= 0x41) sawUpper = true;
    i++;
  }
  return i;
}

function duplicate(name: string, offset: number): HeadersError {
  return new HeadersError(
    "HW_HEADERS_DUPLICATE_PARAMETER",
    `parameter "${name}" appears more than once`,
    {
      offset,
      statusHint: 400,
    },
  );
}

/**
 * Reads `type "/" subtype parameters` at `start`. Shared by Content-Type and
 * Accept; stops before a "," or the end and reports where it stopped.
 *
 * The parameter loop is the rule of `parseParameters` from @hyperwire/grammar
 * written out inline (with its quoted-string reader), because this is a hot
 * path: the same grammar, without an intermediate array.
 * @internal
 */
export function parseMediaTypeAt(
  text: string,
  start: number,
): Result<
  { type: string; subtype: string; parameters: Record<string, string>; end: number },
  HeadersError
> {
  const error = scanMediaType(text, start);
  if (error !== undefined) return err(error);
  return ok({
    type: scanned.type,
    subtype: scanned.subtype,
    parameters: scanned.parameters,
    end: scanned.end,
  });
}

/** What the last successful {@link scanMediaType} read (avoids an allocation per call on the hot path). */
const scanned = { type: "", subtype: "", essence: "", parameters: new ParameterRecord(), end: 0 };

/** The work of {@link parseMediaTypeAt}: fills `scanned`, or returns the error. */
function scanMediaType(text: string, start: number): HeadersError | undefined {
  // media-type = type "/" subtype parameters
  // type       = token
  // subtype    = token                          RFC 9110 §8.3.1
  const typeEnd = scanToken(text, start);
  if (typeEnd === start) return invalid("media type must start with a type token", start);
  const typeUpper = sawUpper;
  if (text.charCodeAt(typeEnd) !== 0x2f /* / */) {
    return invalid('media type needs "/" after the type', typeEnd);
  }
  const subtypeEnd = scanToken(text, typeEnd + 1);
  if (subtypeEnd === typeEnd + 1) return invalid("media type needs a subtype token", subtypeEnd);
  let essence = text.slice(start, subtypeEnd);
  if (typeUpper || sawUpper) essence = essence.toLowerCase();
  const parameters = new ParameterRecord();
  const length = text.length;
  // parameters      = *( OWS ";" OWS [ parameter ] )
  // parameter       = parameter-name "=" parameter-value
  // parameter-value = ( token / quoted-string )          RFC 9110 §5.6.6
  let end = subtypeEnd;
  for (;;) {
    let i = skipWhitespace(text, end);
    if (i >= length || text.charCodeAt(i) !== 0x3b /* ; */) break;
    i = skipWhitespace(text, i + 1);
    end = i;
    const nameEnd = scanToken(text, i);
    if (nameEnd === i) continue; // an empty parameter: ";;" or a trailing ";"
    if (text.charCodeAt(nameEnd) !== 0x3d /* = */) {
      return invalid('parameter name must be followed by "="', nameEnd);
    }
    let name = text.slice(i, nameEnd);
    if (sawUpper) name = name.toLowerCase();
    let value: string;
    const valueStart = nameEnd + 1;
    if (text.charCodeAt(valueStart) === 0x22) {
      const quoted = parseQuotedString(text, valueStart);
      if (quoted === null) return invalid("malformed quoted-string", valueStart);
      value = quoted.value;
      end = quoted.end;
    } else {
      end = scanToken(text, valueStart);
      if (end === valueStart)
        return invalid("parameter value must be a token or quoted-string", valueStart);
      value = text.slice(valueStart, end);
    }
    // RFC 6838 §4.3: "It is an error for a specific parameter to be specified more than once."
    if (parameters[name] !== undefined) return duplicate(name, i);
    // RFC 9110 §8.3.2: charset names are case-insensitive.
    parameters[name] = name === "charset" ? asciiLower(value) : value;
  }
  scanned.essence = essence;
  scanned.type = essence.slice(0, typeEnd - start);
  scanned.subtype = essence.slice(typeEnd - start + 1);
  scanned.parameters = parameters;
  scanned.end = end;
  return undefined;
}

/** A whole field value: OWS media-type OWS. */
function scanWhole(value: string): HeadersError | undefined {
  const error = scanMediaType(value, skipWhitespace(value, 0));
  if (error !== undefined) return error;
  const end = skipWhitespace(value, scanned.end);
  if (end !== value.length)
    return invalid(`unexpected character ${JSON.stringify(value[end])} in media type`, end);
  return undefined;
}

/**
 * Parses a media type (RFC 9110 §8.3.1), as found in `Content-Type` or as the
 * value of a `type` parameter. Optional whitespace around the value is
 * allowed; anything else after the parameters is an error.
 *
 * Errors: `HW_HEADERS_INVALID_MEDIA_TYPE`, `HW_HEADERS_DUPLICATE_PARAMETER`.
 *
 * @example
 * ```ts
 * const r = parseMediaType('Text/HTML; Charset="UTF-8"');
 * // r.value → { type: "text", subtype: "html", parameters: { charset: "utf-8" } }
 * ```
 */
export function parseMediaType(value: string): Result<MediaType, HeadersError> {
  const error = scanWhole(value);
  if (error !== undefined) return err(error);
  return ok({ type: scanned.type, subtype: scanned.subtype, parameters: scanned.parameters });
}

/**
 * Parses a `Content-Type` field value (RFC 9110 §8.3): one media type. A
 * combined value of several field lines ("text/html, text/plain") is an error,
 * since Content-Type is a singleton field.
 *
 * @example
 * ```ts
 * const r = parseContentType("application/json; charset=UTF-8");
 * if (r.ok) r.value.essence; // "application/json"; r.value.charset === "utf-8"
 * ```
 */
export function parseContentType(value: string): Result<ContentType, HeadersError> {
  const error = scanWhole(value);
  if (error !== undefined) return err(error);
  const { type, subtype, parameters, essence } = scanned;
  return ok({ type, subtype, parameters, charset: parameters.charset, essence });
}

/**
 * Serializes a media type: `type/subtype` then `; name=value` for each
 * parameter, the value quoted only when it is not a token (RFC 9110 §5.6.6).
 * Throws `HeadersError` (`HW_HEADERS_INVALID_MEDIA_TYPE`) when the type,
 * subtype or a parameter name is not a token, or a value cannot be quoted.
 *
 * @example
 * ```ts
 * formatMediaType({ type: "text", subtype: "plain", parameters: { charset: "utf-8" } });
 * // "text/plain; charset=utf-8"
 * ```
 */
export function formatMediaType(mediaType: {
  type: string;
  subtype: string;
  parameters?: Readonly<Record<string, string>> | undefined;
}): string {
  const { type, subtype, parameters } = mediaType;
  if (!isToken(type) || !isToken(subtype)) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_MEDIA_TYPE",
      `type and subtype must be tokens: ${JSON.stringify(`${type}/${subtype}`)}`,
    );
  }
  let out = `${type}/${subtype}`;
  if (parameters === undefined) return out;
  for (const name of Object.keys(parameters)) {
    if (!isToken(name)) {
      throw new HeadersError(
        "HW_HEADERS_INVALID_MEDIA_TYPE",
        `parameter name must be a token: ${JSON.stringify(name)}`,
      );
    }
    const raw = parameters[name]!;
    let quoted: string;
    try {
      quoted = formatTokenOrQuotedString(raw);
    } catch (cause) {
      throw new HeadersError(
        "HW_HEADERS_INVALID_MEDIA_TYPE",
        `parameter ${name} has a value that cannot be quoted`,
        { cause },
      );
    }
    out += `; ${name}=${quoted}`;
  }
  return out;
}
