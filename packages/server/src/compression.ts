import { Readable, type Transform } from "node:stream";
import { promisify } from "node:util";
import {
  brotliCompress,
  constants,
  createBrotliCompress,
  createDeflate,
  createGzip,
  deflate,
  gzip,
} from "node:zlib";
import { type Fields, parseETag } from "@hyperwire/headers";
import { statusForbidsContent } from "@hyperwire/status";
import { appendVary } from "./edit-response.js";
import { isCompressibleMediaType, mediaTypeForPath } from "./media-types.js";
import { type OpenedFileBody, openedFileOf, openFileBody } from "./opened-file-body.js";
import { chooseContentCoding } from "./preferred-coding.js";
import {
  bodyBytes,
  isFileBody,
  originalContent,
  responseFields,
  statusOf,
} from "./response-body.js";
import type { Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";
import type { FileBody, ResponseBody, ServerResponse } from "./server-response.js";

/** A content coding {@link withCompression} can apply (RFC 9110 §8.4.1). */
export type CompressionEncoding = "br" | "gzip" | "deflate";

/** Options of {@link withCompression}. */
export interface CompressionOptions {
  /**
   * The codings offered, in the server's order of preference: when the
   * client weighs several equally (`Accept-Encoding: deflate, gzip, br`),
   * the first listed here wins, whatever the client's order. Default
   * `["br", "gzip", "deflate"]`.
   */
  readonly encodings?: readonly CompressionEncoding[];
  /**
   * Content shorter than this many bytes is sent as is: the coding's header
   * and the CPU would cost more than they save. Applies to strings, bytes,
   * files, and streams that announce a Content-Length. Default 1024.
   */
  readonly threshold?: number;
  /** gzip and deflate level, 0 to 9. Default 6 (zlib's default). */
  readonly level?: number;
  /**
   * Brotli quality, 0 to 11. Default 4: close to gzip's speed with smaller
   * output; 11 is for content compressed ahead of time (see `serveStatic`'s
   * `precompressed`).
   */
  readonly brotliQuality?: number;
  /**
   * Whether to compress a response of this Content-Type. Default:
   * `isCompressibleMediaType`, except `text/event-stream` (compression would
   * hold events back until a block fills).
   */
  readonly filter?: (contentType: string) => boolean;
  /**
   * What happens to a strong `ETag` of compressed content, which is a
   * different representation and must not share the strong tag (RFC 9110
   * §8.8.3): `"weak"` (default) sends `W/"tag"`, which still matches
   * `If-None-Match` by weak comparison (§13.1.2) so 304s keep working;
   * `"suffix"` sends `"tag-gzip"` (strong, per coding), and strips that
   * suffix from the request's `If-None-Match` and `If-Match` before the
   * inner handler sees them, so its validators still match.
   */
  readonly etag?: "weak" | "suffix";
}

const DEFAULT_ENCODINGS: readonly CompressionEncoding[] = ["br", "gzip", "deflate"];

function defaultFilter(contentType: string): boolean {
  const essence = contentType.split(";", 1)[0]!.trim().toLowerCase();
  return essence !== "text/event-stream" && isCompressibleMediaType(contentType);
}

/**
 * RFC 9110 §8.8.3: a strong tag names one exact representation, and the
 * compressed bytes are another. Weakening keeps If-None-Match working (weak
 * comparison) at the price of If-Range and If-Match (strong); a suffix keeps
 * the tag strong but distinct per coding.
 */
function retagForCoding(fields: Fields, coding: string, mode: "weak" | "suffix"): void {
  const value = fields.get("etag");
  if (value === null) return;
  const parsed = parseETag(value);
  if (!parsed.ok) return;
  const { weak, opaque } = parsed.value;
  if (mode === "suffix") fields.set("ETag", `${weak ? "W/" : ""}"${opaque}-${coding}"`);
  else if (!weak) fields.set("ETag", `W/"${opaque}"`);
}

/** Strips `-coding` suffixes this middleware added from entity tags in a conditional field. */
function stripSuffixes(request: ServerRequest, name: string, codings: readonly string[]): void {
  const value = request.headers.get(name);
  if (value === null) return;
  let changed = false;
  const rewritten = value.replace(/"([^"]*)"/g, (whole, opaque: string) => {
    for (const coding of codings) {
      if (opaque.endsWith(`-${coding}`)) {
        changed = true;
        return `"${opaque.slice(0, -coding.length - 1)}"`;
      }
    }
    return whole;
  });
  if (changed) request.headers.set(name, rewritten);
}

function createEncoder(
  coding: CompressionEncoding,
  options: CompressionOptions,
  size?: number,
): Transform {
  if (coding === "br") {
    const params: Record<number, number> = {
      [constants.BROTLI_PARAM_QUALITY]: options.brotliQuality ?? 4,
    };
    if (size !== undefined) params[constants.BROTLI_PARAM_SIZE_HINT] = size;
    return createBrotliCompress({ params });
  }
  // RFC 9110 §8.4.1.2: "deflate" is the zlib format (RFC 1950) around a
  // deflate stream (RFC 1951), not a raw deflate stream.
  if (coding === "deflate") return createDeflate({ level: options.level ?? 6 });
  return createGzip({ level: options.level ?? 6 });
}

const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);
const brotliAsync = promisify(brotliCompress);

/** Compresses bytes held in memory off the main thread (zlib's thread pool). */
function compressBytes(
  coding: CompressionEncoding,
  bytes: Uint8Array,
  options: CompressionOptions,
): Promise<Uint8Array> {
  if (coding === "br") {
    return brotliAsync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: options.brotliQuality ?? 4,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    });
  }
  if (coding === "deflate") return deflateAsync(bytes, { level: options.level ?? 6 });
  return gzipAsync(bytes, { level: options.level ?? 6 });
}

/** The coding to apply for this request, or undefined for identity. */
function choose(
  request: ServerRequest,
  options: CompressionOptions,
): CompressionEncoding | undefined {
  // RFC 9110 §12.5.3: no Accept-Encoding means any coding is acceptable, but
  // identity is always safe and is what user agents that omit it expect.
  const accept = request.headers.get("accept-encoding");
  if (accept === null) return undefined;
  return chooseContentCoding(accept, options.encodings ?? DEFAULT_ENCODINGS);
}

/**
 * A Node Readable over any streaming body shape. A `{ file }` body arrives
 * opened (see `openFileBody`) and is read from its descriptor.
 */
function toReadable(body: Exclude<ResponseBody, FileBody> | OpenedFileBody): Readable {
  const file = openedFileOf(body);
  if (file !== undefined) return file.whole();
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) {
    return Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  }
  if (body instanceof Readable) return body;
  return Readable.from(body as AsyncIterable<Uint8Array | string>, { objectMode: false });
}

/**
 * Compresses a response the handler produced when the client accepts a
 * coding and the content is worth it; see {@link withCompression}.
 * `{ file }` content is opened to weigh its size, and compressed from that
 * descriptor, or, when left as is, passed on open for the server to send
 * (or close).
 *
 * @example
 * ```ts
 * const response = await applyCompression(request, { headers: { "content-type": "text/html" }, body: bigPage });
 * // Accept-Encoding: br, gzip → Content-Encoding: br, Vary: Accept-Encoding, exact Content-Length
 * ```
 */
export async function applyCompression(
  request: ServerRequest,
  response: ServerResponse,
  options: CompressionOptions = {},
): Promise<ServerResponse> {
  const status = statusOf(response);
  if (status < 200 || status === 204) return response;
  const filter = options.filter ?? defaultFilter;
  const body = response.body;
  const fields = responseFields(response);
  // Already encoded (by the handler, or precompressed): never encode twice.
  const existing = fields.get("content-encoding");
  if (existing !== null && existing.trim().toLowerCase() !== "identity") return response;
  if (status === 304 || status === 206 || fields.has("content-range")) {
    // A 304 has no content; a 206 is a range of the identity representation,
    // which a coding would corrupt. Both still carry the Vary the 200 would
    // have carried (RFC 9110 §15.4.5, §15.3.7), and a 304 the ETag.
    const original = originalContent(response);
    const type = original?.type ?? fields.get("content-type");
    if (type === null || type === undefined || !filter(type)) return response;
    appendVary(fields, "Accept-Encoding");
    if (status === 304 && request.method !== "HEAD") {
      const size = original?.size;
      const coding =
        size !== undefined && size < (options.threshold ?? 1024)
          ? undefined
          : choose(request, options);
      if (coding !== undefined) retagForCoding(fields, coding, options.etag ?? "weak");
    }
    return { ...response, headers: fields };
  }
  if (statusForbidsContent(status) || body === undefined || body === null) return response;
  // RFC 9111 §5.2.2.6: no-transform asks that the content not be changed.
  const cacheControl = fields.get("cache-control");
  if (cacheControl !== null && /(^|,)\s*no-transform\s*(,|$)/i.test(cacheControl)) return response;
  const contentType =
    fields.get("content-type") ?? (isFileBody(body) ? mediaTypeForPath(body.file) : undefined);
  if (contentType === null || contentType === undefined) return response;
  if (!filter(contentType)) return response;

  // From here the response depends on Accept-Encoding (RFC 9110 §12.5.5),
  // whether or not this client gets it compressed.
  appendVary(fields, "Accept-Encoding");
  const unchanged: ServerResponse = { ...response, headers: fields };
  // RFC 9110 §9.3.2: a HEAD response has no content to compress. (Its head
  // matches an uncompressed GET; caches see Vary either way.)
  if (request.method === "HEAD") return unchanged;

  const bytes = bodyBytes(body);
  const threshold = options.threshold ?? 1024;
  let content: Exclude<ResponseBody, FileBody> | OpenedFileBody;
  let knownSize: number | undefined;
  if (isFileBody(body)) {
    // Opened once (or reused, opened by an inner feature): the size weighed
    // here and the bytes compressed or sent come from one descriptor.
    const opened = await openFileBody(body);
    if (typeof opened !== "object") return response; // the server answers 404
    content = opened;
    knownSize = openedFileOf(opened).size;
  } else {
    content = body;
    if (bytes !== undefined) knownSize = bytes.byteLength;
    else {
      const declared = fields.get("content-length");
      if (declared !== null && /^\d+$/.test(declared.trim())) knownSize = Number(declared.trim());
    }
  }
  // Sent as is: an opened file goes on with its descriptor, for the server to send.
  if (knownSize !== undefined && knownSize < threshold) return { ...unchanged, body: content };

  const chosen = choose(request, options);
  if (chosen === undefined) return { ...unchanged, body: content };

  fields.set("Content-Encoding", chosen);
  fields.delete("content-length");
  // A range request against this coded content would be answered from the
  // identity bytes (ranges run inside): do not advertise ranges of it.
  fields.delete("accept-ranges");
  if (!fields.has("content-type")) fields.set("Content-Type", contentType);
  retagForCoding(fields, chosen, options.etag ?? "weak");

  if (bytes !== undefined) {
    const compressed = await compressBytes(chosen, bytes, options);
    return { ...response, headers: fields, body: compressed };
  }
  // Streams: zlib's transform buffers at most its high-water mark, and
  // pipe() pauses the source whenever it is full, so backpressure from the
  // socket reaches the source.
  const source = toReadable(content);
  const encoder = createEncoder(chosen, options, knownSize);
  source.on("error", (error) => encoder.destroy(error));
  encoder.on("close", () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(encoder);
  return { ...response, headers: fields, body: encoder };
}

/**
 * Wraps a handler so that its responses are compressed with brotli, gzip or
 * deflate (`node:zlib`) when the client's `Accept-Encoding` allows it
 * (RFC 9110 §12.5.3): the client's highest weight wins, and among equal
 * weights the server's order (`encodings`, br > gzip > deflate by default),
 * not the client's listing order.
 *
 * Adds `Vary: Accept-Encoding` to every response whose type could be
 * compressed, sets `Content-Encoding`, removes `Content-Length` (an exact one
 * is recomputed for strings and bytes; streams go out chunked), and turns a
 * strong `ETag` weak (or suffixes it, option `etag`). Left alone: HEAD
 * requests, 1xx/204/304, 206 and any `Content-Range`, content below
 * `threshold`, content with a `Content-Encoding` already, types the `filter`
 * refuses (images, archives, `text/event-stream`…), `Cache-Control:
 * no-transform`. Streams are compressed as streams, with backpressure.
 *
 * Compressing a response that reflects attacker-chosen text next to a secret
 * exposes the secret to BREACH (CVE-2013-3587): leave such responses out
 * with `filter`, or mark them `Cache-Control: no-transform`.
 *
 * @example
 * ```ts
 * import { compose, serve, withCompression, withConditionalRequests } from "@hyperwire/server";
 *
 * await serve({ port: 8080, handler: withCompression(app, { threshold: 512 }) });
 * // or, with other features (compression outermost):
 * await serve({ port: 8080, handler: compose(withCompression, withConditionalRequests)(app) });
 * ```
 */
export function withCompression(handler: Handler, options: CompressionOptions = {}): Handler {
  const mode = options.etag ?? "weak";
  const codings = options.encodings ?? DEFAULT_ENCODINGS;
  return async (request) => {
    if (mode === "suffix") {
      stripSuffixes(request, "if-none-match", codings);
      stripSuffixes(request, "if-match", codings);
    }
    return applyCompression(request, await handler(request), options);
  };
}
