import { type KnownWords, knownWords } from "./known-words.js";

/**
 * The media types, parameter names and charsets that the media type parser
 * recognises in place (see ./known-words.ts) instead of copying: the ones
 * most requests and responses carry. A recognised word, in any ASCII case,
 * comes back as the shared lower-case string below; anything else is sliced
 * from the field value. The parsed result is the same string either way.
 */

/**
 * Every top-level media type (RFC 6838 §4.2; haptics, RFC 9694), most
 * frequent first, each with its common subtypes.
 */
const COMMON_MEDIA_TYPES_BY_TYPE: readonly (readonly [type: string, subtypes: string[]])[] = [
  [
    "application",
    [
      "json",
      "x-www-form-urlencoded",
      "octet-stream",
      "javascript",
      "xml",
      "pdf",
      "zip",
      "gzip",
      "ld+json",
      "problem+json",
      "x-ndjson",
    ],
  ],
  ["text", ["html", "plain", "css", "javascript", "csv", "xml", "event-stream"]],
  ["multipart", ["form-data", "byteranges", "mixed", "alternative", "related"]],
  ["image", ["png", "jpeg", "gif", "webp", "avif", "svg+xml"]],
  ["audio", ["mpeg"]],
  ["video", ["mp4"]],
  ["font", ["woff2"]],
  ["message", []],
  ["model", []],
  ["haptics", []],
  ["example", []],
];

/** A top-level type with its common subtypes and their `type/subtype` strings. */
export interface KnownTopLevelType {
  readonly type: string;
  readonly subtypes: KnownWords;
  /** `type/subtype` for each subtype, by the subtype's index. */
  readonly essences: readonly string[];
}

/** The top-level types; an index into it is an index into {@link TOP_LEVEL_TYPE_ROWS}. */
export const TOP_LEVEL_TYPES: KnownWords = knownWords(COMMON_MEDIA_TYPES_BY_TYPE.map(([t]) => t));

/** Each top-level type of {@link TOP_LEVEL_TYPES}, by index, with its subtypes. */
export const TOP_LEVEL_TYPE_ROWS: readonly KnownTopLevelType[] = COMMON_MEDIA_TYPES_BY_TYPE.map(
  ([type, subtypes]) => ({
    type,
    subtypes: knownWords(subtypes),
    essences: subtypes.map((subtype) => `${type}/${subtype}`),
  }),
);

/**
 * Parameter names read on most messages: charset (RFC 9110 §8.3.2),
 * boundary (RFC 2046 §5.1.1), q (RFC 9110 §12.4.2).
 */
export const COMMON_PARAMETER_NAMES: KnownWords = knownWords(["charset", "boundary", "q"]);

/** The index of "charset" in {@link COMMON_PARAMETER_NAMES}. */
export const CHARSET_PARAMETER = 0;
/** The index of "boundary" in {@link COMMON_PARAMETER_NAMES}. */
export const BOUNDARY_PARAMETER = 1;

/**
 * Charsets seen in practice, as the IANA Character Sets registry names
 * them, lower-cased (RFC 9110 §8.3.2: charset names are case-insensitive).
 */
export const COMMON_CHARSETS: KnownWords = knownWords([
  "utf-8",
  "iso-8859-1",
  "us-ascii",
  "windows-1252",
  "utf-16",
  "utf-16le",
  "utf-16be",
  "iso-8859-15",
  "shift_jis",
  "euc-jp",
  "euc-kr",
  "gb2312",
  "gbk",
  "big5",
  "koi8-r",
]);
