/**
 * One row of {@link MEDIA_TYPE_TABLE}: a file extension, the Content-Type a
 * server sends for it, whether compressing it pays, and where the type is defined.
 */
export interface MediaTypeRow {
  /** Lowercase, without the dot. */
  readonly extension: string;
  /** The full Content-Type value, with `charset=utf-8` for text types. */
  readonly type: string;
  /** Whether gzip/brotli make it meaningfully smaller (false for formats that are already compressed). */
  readonly compressible: boolean;
  /** The registration or specification of the type. */
  readonly reference: string;
}

const UTF8 = "; charset=utf-8";

/**
 * The common web types by extension. Text types carry `charset=utf-8`
 * (RFC 9110 §8.3.1) so a browser never guesses the encoding from the bytes: a
 * guess is how UTF-7 and similar sniffing attacks turned uploaded text into
 * script. `application/json` carries none: RFC 8259 §11 defines no charset
 * parameter (JSON is UTF-8).
 */
export const MEDIA_TYPE_TABLE: readonly MediaTypeRow[] = [
  {
    extension: "html",
    type: `text/html${UTF8}`,
    compressible: true,
    reference: "WHATWG HTML, IANA considerations",
  },
  {
    extension: "htm",
    type: `text/html${UTF8}`,
    compressible: true,
    reference: "WHATWG HTML, IANA considerations",
  },
  { extension: "css", type: `text/css${UTF8}`, compressible: true, reference: "RFC 2318" },
  { extension: "js", type: `text/javascript${UTF8}`, compressible: true, reference: "RFC 9239" },
  { extension: "mjs", type: `text/javascript${UTF8}`, compressible: true, reference: "RFC 9239" },
  { extension: "json", type: "application/json", compressible: true, reference: "RFC 8259 §11" },
  // Source maps are JSON documents (ECMA-426).
  { extension: "map", type: "application/json", compressible: true, reference: "RFC 8259 §11" },
  { extension: "txt", type: `text/plain${UTF8}`, compressible: true, reference: "RFC 2046 §4.1.3" },
  { extension: "csv", type: `text/csv${UTF8}`, compressible: true, reference: "RFC 4180" },
  { extension: "md", type: `text/markdown${UTF8}`, compressible: true, reference: "RFC 7763" },
  { extension: "xml", type: "application/xml", compressible: true, reference: "RFC 7303" },
  {
    extension: "svg",
    type: "image/svg+xml",
    compressible: true,
    reference: "SVG 2, media type registration",
  },
  { extension: "png", type: "image/png", compressible: false, reference: "RFC 2083" },
  { extension: "jpg", type: "image/jpeg", compressible: false, reference: "RFC 2046 §4.2" },
  { extension: "jpeg", type: "image/jpeg", compressible: false, reference: "RFC 2046 §4.2" },
  { extension: "gif", type: "image/gif", compressible: false, reference: "RFC 2046 §4.2" },
  { extension: "webp", type: "image/webp", compressible: false, reference: "RFC 9649" },
  {
    extension: "avif",
    type: "image/avif",
    compressible: false,
    reference: "AOM AV1 Image File Format",
  },
  // ICO is mostly uncompressed bitmaps; image/vnd.microsoft.icon is the IANA
  // name, image/x-icon the one every browser has always understood.
  {
    extension: "ico",
    type: "image/x-icon",
    compressible: true,
    reference: "IANA image/vnd.microsoft.icon",
  },
  { extension: "woff", type: "font/woff", compressible: false, reference: "RFC 8081 §4.4.5" },
  { extension: "woff2", type: "font/woff2", compressible: false, reference: "RFC 8081 §4.4.6" },
  { extension: "ttf", type: "font/ttf", compressible: true, reference: "RFC 8081 §4.4.2" },
  { extension: "otf", type: "font/otf", compressible: true, reference: "RFC 8081 §4.4.3" },
  {
    extension: "wasm",
    type: "application/wasm",
    compressible: true,
    reference: "WebAssembly Web API",
  },
  { extension: "pdf", type: "application/pdf", compressible: false, reference: "RFC 8118" },
  {
    extension: "zip",
    type: "application/zip",
    compressible: false,
    reference: "IANA application/zip",
  },
  { extension: "gz", type: "application/gzip", compressible: false, reference: "RFC 6713" },
  // No type is registered for a bare brotli stream; this is the de facto name.
  {
    extension: "br",
    type: "application/x-brotli",
    compressible: false,
    reference: "RFC 7932 (format)",
  },
  { extension: "mp4", type: "video/mp4", compressible: false, reference: "RFC 4337" },
  { extension: "webm", type: "video/webm", compressible: false, reference: "WebM project" },
  { extension: "mp3", type: "audio/mpeg", compressible: false, reference: "RFC 3003" },
  { extension: "ogg", type: "audio/ogg", compressible: false, reference: "RFC 5334" },
  {
    extension: "wav",
    type: "audio/wav",
    compressible: false,
    reference: "RFC 2361 (as audio/vnd.wave)",
  },
];

/**
 * Content-Type by lowercase extension (no dot), derived from {@link MEDIA_TYPE_TABLE}.
 *
 * @example
 * ```ts
 * MEDIA_TYPES.css; // "text/css; charset=utf-8"
 * ```
 */
export const MEDIA_TYPES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(MEDIA_TYPE_TABLE.map((row) => [row.extension, row.type])),
);

const byExtension = new Map(MEDIA_TYPE_TABLE.map((row) => [row.extension, row.type]));

/**
 * The Content-Type for a file name or path, from its last extension (ASCII
 * case-insensitive), or `undefined` when unknown. An unknown type is the
 * caller's to decide: `application/octet-stream` plus
 * `X-Content-Type-Options: nosniff` is the safe answer, since a guessed
 * `text/html` would run an uploaded file as a page on the site's origin.
 *
 * Dotfiles have no extension (`.bashrc` → undefined), as in `path.extname`.
 *
 * @example
 * ```ts
 * mediaTypeForPath("/srv/www/app.MJS");     // "text/javascript; charset=utf-8"
 * mediaTypeForPath("archive.tar.gz");       // "application/gzip"
 * mediaTypeForPath("README");               // undefined
 * ```
 */
export function mediaTypeForPath(path: string): string | undefined {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || dot === name.length - 1) return undefined;
  return byExtension.get(name.slice(dot + 1).toLowerCase());
}

/** Types outside text/* and the structured suffixes that still compress well. */
const COMPRESSIBLE: ReadonlySet<string> = new Set([
  "application/json",
  // JSON text sequences (RFC 7464) and newline-delimited JSON (NDJSON, JSON Lines):
  // streamed logs and API exports, as repetitive as any JSON.
  "application/json-seq",
  "application/x-ndjson",
  "application/ndjson",
  "application/jsonl",
  "application/javascript",
  "application/x-javascript",
  "application/ecmascript",
  "application/xml",
  "application/xml-dtd",
  // YAML (RFC 9512), TOML, GraphQL and SQL (RFC 6922) are text under application/.
  "application/yaml",
  "application/x-yaml",
  "application/toml",
  "application/graphql",
  "application/sql",
  "application/wasm",
  "application/x-www-form-urlencoded",
  "application/graphql-response+json",
  // PostScript and RTF are text; a tar archive is not compressed by itself.
  "application/postscript",
  "application/rtf",
  "application/x-tar",
  "font/ttf",
  "font/otf",
  "font/sfnt",
  "image/x-icon",
  "image/vnd.microsoft.icon",
  "image/bmp",
]);

/**
 * Structured syntax suffixes whose types are text: +json, +xml (RFC 6839
 * §3.1, §4.1), +json-seq (RFC 8091), +yaml (RFC 9512), and +text.
 */
const COMPRESSIBLE_SUFFIXES = ["+json", "+xml", "+json-seq", "+yaml", "+text"];

/**
 * Whether compressing content of this media type is worth it. Parameters are
 * ignored and the comparison is case-insensitive (RFC 9110 §8.3.1).
 *
 * True for `text/*`; for the structured syntax suffixes `+json`, `+xml`
 * (RFC 6839 §3.1, §4.1), `+json-seq` (RFC 8091), `+yaml` (RFC 9512) and
 * `+text`; for text formats filed under `application/` (JSON, NDJSON and
 * JSON Lines, JSON text sequences, JavaScript, XML, YAML, TOML, GraphQL,
 * SQL, forms); and for a short list of uncompressed binary formats (fonts
 * without built-in compression, WebAssembly, icons, tar). False for
 * everything else, notably images, audio, video, compressed archives and WOFF/WOFF2,
 * which are compressed already: compressing them again costs CPU for nothing.
 *
 * Compressing responses that mix a secret with attacker-chosen text enables
 * BREACH (CVE-2013-3587); that is a decision per response, not per type.
 *
 * @example
 * ```ts
 * isCompressibleMediaType("text/html; charset=utf-8"); // true
 * isCompressibleMediaType("application/ld+json");      // true
 * isCompressibleMediaType("application/x-ndjson");     // true
 * isCompressibleMediaType("image/png");                // false
 * ```
 */
export function isCompressibleMediaType(type: string): boolean {
  const semicolon = type.indexOf(";");
  const essence = (semicolon < 0 ? type : type.slice(0, semicolon)).trim().toLowerCase();
  const slash = essence.indexOf("/");
  if (slash <= 0 || slash === essence.length - 1) return false;
  if (essence.startsWith("text/")) return true;
  for (const suffix of COMPRESSIBLE_SUFFIXES) if (essence.endsWith(suffix)) return true;
  return COMPRESSIBLE.has(essence);
}
