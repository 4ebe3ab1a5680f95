import {
  BYTE_CLASS,
  ByteClass,
  err,
  formatQuotedString,
  ok,
  parseQuotedString,
  type Result,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { ANY_DELIMITER, matchKnownWord } from "./internal/known-words.js";
import {
  BOUNDARY_PARAMETER,
  CHARSET_PARAMETER,
  COMMON_CHARSETS,
  COMMON_PARAMETER_NAMES,
  TOP_LEVEL_TYPE_ROWS,
  TOP_LEVEL_TYPES,
} from "./internal/media-type-words.js";
import { asciiLower } from "./internal/scan.js";

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

/**
 * A run of qdtext from `lastIndex` (sticky, so `lastIndex` is left where
 * the run stops), its character class built from {@link QDTEXT_BYTE}. V8
 * compiles it to machine code that reads a long run faster
 * than a charCodeAt loop, whose every read checks how the string is stored;
 * a call costs about as much as reading {@link SHORT_QUOTED_RUN} characters.
 */
const QDTEXT_RUN = (() => {
  const hex = (b: number) => `\\x${b.toString(16).padStart(2, "0")}`;
  let ranges = "";
  for (let b = 0; b < 256; b++) {
    if (QDTEXT_BYTE[b] === 0 || (b > 0 && QDTEXT_BYTE[b - 1] === 1)) continue;
    let last = b;
    while (last < 255 && QDTEXT_BYTE[last + 1] === 1) last++;
    ranges += last === b ? hex(b) : `${hex(b)}-${hex(last)}`;
  }
  return new RegExp(`[${ranges}]*`, "y");
})();

/** How many characters of a quoted-string are read one by one before {@link QDTEXT_RUN} takes over. */
const SHORT_QUOTED_RUN = 8;

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

/** What {@link scanMediaType} builds on success, for each of its callers. */
const AS_MEDIA_TYPE = 0; // { type, subtype, parameters }, the whole value
const AS_CONTENT_TYPE = 1; // { type, subtype, parameters, charset, essence }, the whole value
const AS_PREFIX = 2; // { type, subtype, parameters, end }, stopping at what follows

/** A media type read at the start of a longer value, and where it ended. */
interface MediaTypeAt {
  type: string;
  subtype: string;
  parameters: Record<string, string>;
  end: number;
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
export function parseMediaTypeAt(text: string, start: number): Result<MediaTypeAt, HeadersError> {
  return scanMediaType(text, start, AS_PREFIX) as Result<MediaTypeAt, HeadersError>;
}

/**
 * The work of the three parsers: one pass of charCodeAt over `text` from
 * `start`, building the value `shape` asks for (so that nothing is allocated
 * in between) or the error. For a whole value (every shape but
 * `AS_PREFIX`), OWS is allowed around the media type and nothing else.
 */
function scanMediaType(
  text: string,
  start: number,
  shape: number,
): Result<MediaType | ContentType | MediaTypeAt, HeadersError> {
  const length = text.length;
  let code = 0;
  if (shape !== AS_PREFIX) {
    while (start < length && ((code = text.charCodeAt(start)) === 0x20 || code === 0x09)) start++;
  }
  // media-type = type "/" subtype parameters
  // type       = token
  // subtype    = token                          RFC 9110 §8.3.1
  // Both are case-insensitive: a common one, in any case, is recognised in
  // place and its shared lower-case strings are used; otherwise only an
  // upper-case letter costs a lower-cased copy.
  // Empty until known: neither can be empty in a media type.
  let type = "";
  let subtype = "";
  let essence = "";
  let upper = 0;
  let i = start;
  const typeIndex = matchKnownWord(TOP_LEVEL_TYPES, text, start, 0x2f /* / */);
  if (typeIndex !== -1) {
    const row = TOP_LEVEL_TYPE_ROWS[typeIndex]!;
    type = row.type;
    i = start + type.length;
    const subtypeIndex = matchKnownWord(row.subtypes, text, i + 1, ANY_DELIMITER);
    if (subtypeIndex !== -1) {
      subtype = row.subtypes.words[subtypeIndex]!;
      essence = row.essences[subtypeIndex]!;
      i += 1 + subtype.length;
    }
  }
  if (type === "") {
    for (; i < length; i++) {
      code = text.charCodeAt(i);
      if (code >= 0x61 && code <= 0x7a) continue; // a-z, the usual tchar
      const kind = code < 0x80 ? TOKEN_BYTE[code]! : 0;
      if (kind === 0) break;
      upper |= kind;
    }
    if (i === start) return err(invalid("media type must start with a type token", start));
    if (i === length || code !== 0x2f /* / */) {
      return err(invalid('media type needs "/" after the type', i));
    }
  }
  if (subtype === "") {
    const typeEnd = i;
    for (i++; i < length; i++) {
      code = text.charCodeAt(i);
      if (code >= 0x61 && code <= 0x7a) continue; // a-z, the usual tchar
      const kind = code < 0x80 ? TOKEN_BYTE[code]! : 0;
      if (kind === 0) break;
      upper |= kind;
    }
    if (i === typeEnd + 1) return err(invalid("media type needs a subtype token", i));
    if (type === "") {
      // Both halves come from the one (lower-cased) string.
      essence = text.slice(start, i);
      if ((upper & 2) !== 0) essence = essence.toLowerCase();
      const typeLength = typeEnd - start;
      type = essence.slice(0, typeLength);
      subtype = essence.slice(typeLength + 1);
    } else {
      subtype = text.slice(typeEnd + 1, i);
      if ((upper & 2) !== 0) subtype = subtype.toLowerCase();
      if (shape === AS_CONTENT_TYPE) essence = `${type}/${subtype}`; // only Content-Type returns it
    }
  }
  const parameters = new ParameterRecord();
  let charset: string | undefined;
  // Which common parameter names were seen (a bit per index), and whether
  // another name was: a repeated name is found without reading the record
  // in the usual case, since a common name is never stored as another name.
  let seenCommonNames = 0;
  let seenOtherName = false;
  // parameters      = *( OWS ";" OWS [ parameter ] )
  // parameter       = parameter-name "=" parameter-value
  // parameter-value = ( token / quoted-string )          RFC 9110 §5.6.6
  let end = i;
  for (;;) {
    i = end;
    while (i < length && ((code = text.charCodeAt(i)) === 0x20 || code === 0x09)) i++;
    if (i >= length || code !== 0x3b /* ; */) break;
    i++;
    while (i < length && ((code = text.charCodeAt(i)) === 0x20 || code === 0x09)) i++;
    const nameStart = i;
    end = i;
    // Parameter names are case-insensitive (RFC 9110 §5.6.6).
    let name: string;
    const nameIndex = matchKnownWord(COMMON_PARAMETER_NAMES, text, nameStart, 0x3d /* = */);
    if (nameIndex !== -1) {
      name = COMMON_PARAMETER_NAMES.words[nameIndex]!;
      i += name.length;
      code = 0x3d;
    } else {
      upper = 0;
      for (; i < length; i++) {
        code = text.charCodeAt(i);
        if (code >= 0x61 && code <= 0x7a) continue; // a-z, the usual tchar
        const kind = code < 0x80 ? TOKEN_BYTE[code]! : 0;
        if (kind === 0) break;
        upper |= kind;
      }
      if (i === nameStart) continue; // an empty parameter: ";;" or a trailing ";"
      name = text.slice(nameStart, i);
      if ((upper & 2) !== 0) name = name.toLowerCase();
    }
    if (i === length || code !== 0x3d /* = */) {
      return err(invalid('parameter name must be followed by "="', i));
    }
    // RFC 9110 §8.3.2: charset names are case-insensitive, so the value of
    // charset is lower-cased; a common charset is recognised in any case.
    const isCharset = nameIndex === CHARSET_PARAMETER;
    let value: string;
    const valueStart = i + 1;
    i = valueStart;
    if (i < length && text.charCodeAt(i) === 0x22) {
      // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE   RFC 9110 §5.6.4
      const known = isCharset ? matchKnownWord(COMMON_CHARSETS, text, valueStart + 1, 0x22) : -1;
      if (known !== -1) {
        value = COMMON_CHARSETS.words[known]!;
        end = valueStart + value.length + 2;
      } else {
        // A run of qdtext up to the closing DQUOTE is one slice; a
        // quoted-pair (rare) hands the whole string to the grammar's reader.
        // A short run is read here; a long one (a multipart boundary) is
        // finished by QDTEXT_RUN, which reads it natively.
        const shortRunEnd = Math.min(i + 1 + SHORT_QUOTED_RUN, length);
        for (i++; i < shortRunEnd; i++) {
          code = text.charCodeAt(i);
          // %x23-5B / %x5D-7E, the usual qdtext, without a table read.
          if (code > 0x22 && code < 0x7f && code !== 0x5c) continue;
          if (code > 0xff || QDTEXT_BYTE[code] === 0) break;
        }
        if (i === shortRunEnd && i < length) {
          QDTEXT_RUN.lastIndex = i;
          QDTEXT_RUN.test(text);
          i = QDTEXT_RUN.lastIndex;
          code = i < length ? text.charCodeAt(i) : 0;
        }
        if (i < length && code === 0x22) {
          value = text.slice(valueStart + 1, i);
          end = i + 1;
        } else if (i < length && code === 0x5c) {
          const quoted = parseQuotedString(text, valueStart);
          if (quoted === null) return err(invalid("malformed quoted-string", valueStart));
          value = quoted.value;
          end = quoted.end;
        } else {
          return err(invalid("malformed quoted-string", valueStart));
        }
        if (isCharset) value = asciiLower(value);
      }
    } else {
      const known = isCharset
        ? matchKnownWord(COMMON_CHARSETS, text, valueStart, ANY_DELIMITER)
        : -1;
      if (known !== -1) {
        value = COMMON_CHARSETS.words[known]!;
        end = valueStart + value.length;
      } else {
        upper = 0;
        for (; i < length; i++) {
          code = text.charCodeAt(i);
          if (code >= 0x61 && code <= 0x7a) continue; // a-z, the usual tchar
          const kind = code < 0x80 ? TOKEN_BYTE[code]! : 0;
          if (kind === 0) break;
          upper |= kind;
        }
        if (i === valueStart)
          return err(invalid("parameter value must be a token or quoted-string", valueStart));
        value = text.slice(valueStart, i);
        if (isCharset && (upper & 2) !== 0) value = asciiLower(value);
        end = i;
      }
    }
    // RFC 6838 §4.3: "It is an error for a specific parameter to be specified more than once."
    if (nameIndex !== -1) {
      if ((seenCommonNames & (1 << nameIndex)) !== 0) return err(duplicate(name, nameStart));
      seenCommonNames |= 1 << nameIndex;
      // A store by constant name: cheaper than by a computed key.
      if (nameIndex === CHARSET_PARAMETER) parameters.charset = charset = value;
      else if (nameIndex === BOUNDARY_PARAMETER) parameters.boundary = value;
      else parameters[name] = value;
    } else {
      if (seenOtherName && parameters[name] !== undefined) return err(duplicate(name, nameStart));
      seenOtherName = true;
      parameters[name] = value;
    }
  }
  if (shape === AS_PREFIX) return ok({ type, subtype, parameters, end });
  i = end;
  while (i < length && ((code = text.charCodeAt(i)) === 0x20 || code === 0x09)) i++;
  if (i !== length) {
    return err(invalid(`unexpected character ${JSON.stringify(text[i])} in media type`, i));
  }
  if (shape === AS_MEDIA_TYPE) return ok({ type, subtype, parameters });
  return ok({ type, subtype, parameters, charset, essence });
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
  return scanMediaType(value, 0, AS_MEDIA_TYPE) as Result<MediaType, HeadersError>;
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
  return scanMediaType(value, 0, AS_CONTENT_TYPE) as Result<ContentType, HeadersError>;
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
  // A common media type (tokens by construction) is written as its shared
  // string: no check and no concatenation.
  let out = ESSENCES_BY_TYPE.get(type)?.get(subtype);
  if (out === undefined) {
    if (!isTokenText(type) || !isTokenText(subtype)) {
      throw new HeadersError(
        "HW_HEADERS_INVALID_MEDIA_TYPE",
        `type and subtype must be tokens: ${JSON.stringify(`${type}/${subtype}`)}`,
      );
    }
    out = `${type}/${subtype}`;
  }
  if (parameters === undefined) return out;
  const names = Object.keys(parameters);
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    let prefix = PARAMETER_PREFIXES.get(name);
    if (prefix === undefined) {
      if (!isTokenText(name)) {
        throw new HeadersError(
          "HW_HEADERS_INVALID_MEDIA_TYPE",
          `parameter name must be a token: ${JSON.stringify(name)}`,
        );
      }
      prefix = `; ${name}=`;
    }
    const raw = parameters[name]!;
    // parameter-value = ( token / quoted-string ), RFC 9110 §5.6.6: quoted only when not a token.
    out += prefix;
    out += isTokenText(raw) ? raw : quoteParameterValue(name, raw);
  }
  return out;
}

/** `type` → `subtype` → `type/subtype` for the common media types, for {@link formatMediaType}. */
const ESSENCES_BY_TYPE = new Map<unknown, Map<unknown, string>>(
  TOP_LEVEL_TYPE_ROWS.map((row) => [
    row.type,
    new Map(row.subtypes.words.map((subtype, k) => [subtype, row.essences[k]!])),
  ]),
);

/** `; name=` for the common parameter names, for {@link formatMediaType}. */
const PARAMETER_PREFIXES = new Map<unknown, string>(
  COMMON_PARAMETER_NAMES.words.map((name) => [name, `; ${name}=`]),
);

/**
 * Whether `text` is a token (RFC 9110 §5.6.2): the rule of
 * @hyperwire/grammar's `isToken`, with the usual lower-case letters read
 * without a table lookup. Anything but a string is not a token.
 */
function isTokenText(text: string): boolean {
  if (typeof text !== "string" || text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x61 && code <= 0x7a) continue; // a-z
    if (code >= 0x80 || TOKEN_BYTE[code] === 0) return false;
  }
  return true;
}

/** `value` as a quoted-string (RFC 9110 §5.6.4), or the formatter's error when it cannot be one. */
function quoteParameterValue(name: string, value: string): string {
  try {
    return formatQuotedString(value);
  } catch (cause) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_MEDIA_TYPE",
      `parameter ${name} has a value that cannot be quoted`,
      { cause },
    );
  }
}
