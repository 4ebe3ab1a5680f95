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

/**
 * The token bytes of this file's hot loops, derived once from `BYTE_CLASS`
 * so that one lookup answers both "is it a tchar?" and "is it upper-case?":
 * 0 = not a tchar, 1 = tchar, 2 = tchar that is an upper-case ALPHA.
 *
 * tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA      RFC 9110 §5.6.2
 */
const TOKEN_BYTE = new Uint8Array(128);
for (let b = 0; b < 128; b++) {
  if ((BYTE_CLASS[b]! & TCHAR) !== 0) TOKEN_BYTE[b] = b >= 0x41 && b <= 0x5a ? 2 : 1;
}
/**
 * qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text   RFC 9110 §5.6.4
 * as 1 per byte, derived from `BYTE_CLASS`; DQUOTE and "\\" (which end a
 * run of qdtext) and every other byte are 0.
 */
const QDTEXT_BYTE = new Uint8Array(256);
for (let b = 0; b < 256; b++) if ((BYTE_CLASS[b]! & ByteClass.QDTEXT) !== 0) QDTEXT_BYTE[b] = 1;

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
    type: scannedType,
    subtype: scannedSubtype,
    parameters: scannedParameters,
    end: scannedEnd,
  });
}

// What the last successful scanMediaType read. Module variables rather than a
// result object: the three public parsers each build their own value from
// them, so the hot path allocates nothing in between.
let scannedType = "";
let scannedSubtype = "";
let scannedEssence = "";
let scannedParameters: Record<string, string> = new ParameterRecord();
let scannedEnd = 0;

/**
 * The work of {@link parseMediaTypeAt}: one pass of charCodeAt over `text`,
 * filling the `scanned*` variables, or returning the error.
 */
function scanMediaType(text: string, start: number): HeadersError | undefined {
  const length = text.length;
  // media-type = type "/" subtype parameters
  // type       = token
  // subtype    = token                          RFC 9110 §8.3.1
  let upper = 0;
  let code = 0;
  let i = start;
  for (; i < length; i++) {
    code = text.charCodeAt(i);
    const kind = code < 0x80 ? TOKEN_BYTE[code]! : 0;
    if (kind === 0) break;
    upper |= kind;
  }
  if (i === start) return invalid("media type must start with a type token", start);
  const typeEnd = i;
  if (i === length || code !== 0x2f /* / */) {
    return invalid('media type needs "/" after the type', typeEnd);
  }
  for (i++; i < length; i++) {
    code = text.charCodeAt(i);
    const kind = code < 0x80 ? TOKEN_BYTE[code]! : 0;
    if (kind === 0) break;
    upper |= kind;
  }
  if (i === typeEnd + 1) return invalid("media type needs a subtype token", i);
  const subtypeEnd = i;
  // Only an upper-case letter costs a lower-cased copy (type and subtype are
  // case-insensitive, RFC 9110 §8.3.1); both halves come from the one string.
  let essence = text.slice(start, subtypeEnd);
  if ((upper & 2) !== 0) essence = essence.toLowerCase();
  const parameters = new ParameterRecord();
  // parameters      = *( OWS ";" OWS [ parameter ] )
  // parameter       = parameter-name "=" parameter-value
  // parameter-value = ( token / quoted-string )          RFC 9110 §5.6.6
  let end = subtypeEnd;
  for (;;) {
    i = end;
    while (i < length && ((code = text.charCodeAt(i)) === 0x20 || code === 0x09)) i++;
    if (i >= length || code !== 0x3b /* ; */) break;
    i++;
    while (i < length && ((code = text.charCodeAt(i)) === 0x20 || code === 0x09)) i++;
    const nameStart = i;
    end = i;
    upper = 0;
    for (; i < length; i++) {
      code = text.charCodeAt(i);
      const kind = code < 0x80 ? TOKEN_BYTE[code]! : 0;
      if (kind === 0) break;
      upper |= kind;
    }
    if (i === nameStart) continue; // an empty parameter: ";;" or a trailing ";"
    if (i === length || code !== 0x3d /* = */) {
      return invalid('parameter name must be followed by "="', i);
    }
    let name = text.slice(nameStart, i);
    if ((upper & 2) !== 0) name = name.toLowerCase();
    let value: string;
    const valueStart = i + 1;
    i = valueStart;
    if (i < length && text.charCodeAt(i) === 0x22) {
      // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE   RFC 9110 §5.6.4
      // A run of qdtext up to the closing DQUOTE is one slice; a quoted-pair
      // (rare) hands the whole string to the grammar's reader.
      for (i++; i < length; i++) {
        code = text.charCodeAt(i);
        if (code > 0xff || QDTEXT_BYTE[code] === 0) break;
      }
      if (i < length && code === 0x22) {
        value = text.slice(valueStart + 1, i);
        end = i + 1;
      } else if (i < length && code === 0x5c) {
        const quoted = parseQuotedString(text, valueStart);
        if (quoted === null) return invalid("malformed quoted-string", valueStart);
        value = quoted.value;
        end = quoted.end;
      } else {
        return invalid("malformed quoted-string", valueStart);
      }
      upper = 2; // not tracked in the loop above: let the charset rule below look
    } else {
      upper = 0;
      for (; i < length; i++) {
        code = text.charCodeAt(i);
        const kind = code < 0x80 ? TOKEN_BYTE[code]! : 0;
        if (kind === 0) break;
        upper |= kind;
      }
      if (i === valueStart)
        return invalid("parameter value must be a token or quoted-string", valueStart);
      value = text.slice(valueStart, i);
      end = i;
    }
    // RFC 6838 §4.3: "It is an error for a specific parameter to be specified more than once."
    if (parameters[name] !== undefined) return duplicate(name, nameStart);
    // RFC 9110 §8.3.2: charset names are case-insensitive.
    parameters[name] = name === "charset" && (upper & 2) !== 0 ? asciiLower(value) : value;
  }
  const typeLength = typeEnd - start;
  scannedEssence = essence;
  scannedType = essence.slice(0, typeLength);
  scannedSubtype = essence.slice(typeLength + 1);
  scannedParameters = parameters;
  scannedEnd = end;
  return undefined;
}

/** A whole field value: OWS media-type OWS. */
function scanWhole(value: string): HeadersError | undefined {
  const error = scanMediaType(value, skipWhitespace(value, 0));
  if (error !== undefined) return error;
  const end = skipWhitespace(value, scannedEnd);
  if (end !== value.length)
    return invalid(`unexpected character ${JSON.stringify(value[end])} in media type`, end);
  return undefined;
}

/**
 * Field values seen on most requests and responses, read once here and then
 * recognised whole: a string comparison instead of a scan. Each value is
 * written in its canonical form (lower case, no extra whitespace), so what
 * the general parser would return is exactly the row; any other spelling
 * takes the general path.
 */
const COMMON_MEDIA_TYPES: readonly (readonly [value: string, charset?: string])[] = [
  ["application/json"],
  ["application/json; charset=utf-8", "utf-8"],
  ["text/html"],
  ["text/html; charset=utf-8", "utf-8"],
  ["text/plain"],
  ["text/plain; charset=utf-8", "utf-8"],
  ["application/x-www-form-urlencoded"],
  ["application/octet-stream"],
  ["multipart/form-data"],
];

interface CommonMediaType {
  readonly value: string;
  readonly type: string;
  readonly subtype: string;
  readonly essence: string;
  readonly charset: string | undefined;
}

/** {@link COMMON_MEDIA_TYPES} by length, so that a miss costs one array read. */
const COMMON_BY_LENGTH: CommonMediaType[][] = [];
for (const [value, charset] of COMMON_MEDIA_TYPES) {
  const slash = value.indexOf("/");
  const semicolon = value.indexOf(";");
  const essence = semicolon === -1 ? value : value.slice(0, semicolon);
  const row = {
    value,
    type: essence.slice(0, slash),
    subtype: essence.slice(slash + 1),
    essence,
    charset,
  };
  (COMMON_BY_LENGTH[value.length] ??= []).push(row);
}

/** The row of {@link COMMON_MEDIA_TYPES} spelled exactly as `value`, if any. */
function commonMediaType(value: string): CommonMediaType | undefined {
  const rows = COMMON_BY_LENGTH[value.length];
  if (rows === undefined) return undefined;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    if (row.value === value) return row;
  }
  return undefined;
}

/** A fresh parameters record for a common row (callers own and may keep it). */
function commonParameters(row: CommonMediaType): Record<string, string> {
  const parameters = new ParameterRecord();
  if (row.charset !== undefined) parameters.charset = row.charset;
  return parameters;
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
  const row = commonMediaType(value);
  if (row !== undefined)
    return ok({ type: row.type, subtype: row.subtype, parameters: commonParameters(row) });
  const error = scanWhole(value);
  if (error !== undefined) return err(error);
  return ok({ type: scannedType, subtype: scannedSubtype, parameters: scannedParameters });
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
  const row = commonMediaType(value);
  if (row !== undefined) {
    return ok({
      type: row.type,
      subtype: row.subtype,
      parameters: commonParameters(row),
      charset: row.charset,
      essence: row.essence,
    });
  }
  const error = scanWhole(value);
  if (error !== undefined) return err(error);
  const parameters = scannedParameters;
  return ok({
    type: scannedType,
    subtype: scannedSubtype,
    parameters,
    charset: parameters.charset,
    essence: scannedEssence,
  });
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
