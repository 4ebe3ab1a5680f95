import type { Readable } from "node:stream";
import type { Fields } from "@hyperwire/headers";

/**
 * Header fields of a response, in any of the usual shapes: a `Fields`
 * container, a WHATWG `Headers`, a plain object (an array value sends one
 * field line per element, for `Set-Cookie`), or `[name, value]` pairs.
 * Names and values are checked when the head is written (no CR/LF injection,
 * RFC 9110 §5.5); an invalid one turns the response into a 500.
 */
export type ResponseHeaders =
  | Fields
  | Headers
  | Readonly<Record<string, string | number | readonly string[]>>
  | Iterable<readonly [string, string]>;

/** Serve a file: its size becomes Content-Length; a missing file answers 404. */
export interface FileBody {
  /** Path of the file on disk. Never built from request input without `resolveStaticPath`. */
  readonly file: string;
}

/**
 * Response content. Strings are sent as UTF-8. Bytes and strings get a
 * Content-Length; streams get chunked coding to HTTP/1.1 clients and run to
 * the connection's close for HTTP/1.0 clients (RFC 9112 §6.3), unless the
 * headers give a Content-Length. Streams are pulled only as fast as the
 * client reads (backpressure, `write()`/`drain`).
 */
export type ResponseBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Readable
  | FileBody
  | null;

/**
 * What a handler returns: plain data with named fields.
 *
 * - `status` defaults to 200; `statusText` to the registry's reason phrase.
 * - `Date`, `Content-Length` or `Transfer-Encoding`, and `Connection` /
 *   `Keep-Alive` are added by the server (RFC 9110 §6.6.1, RFC 9112 §6, §9).
 * - To a HEAD request the server sends the head the GET would have had,
 *   Content-Length included, and no content (RFC 9110 §9.3.2).
 * - `trailers` force chunked coding (RFC 9112 §7.1.2); a function is called
 *   after the last byte of content, for values computed while streaming.
 *
 * @example
 * ```ts
 * return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(data) };
 * return { status: 302, headers: { location: "/login" } };
 * return { body: fs.createReadStream("big.log"), trailers: () => ({ "x-checksum": hash.digest("hex") }) };
 * return { body: { file: "/srv/www/index.html" }, headers: { "content-type": "text/html" } };
 * ```
 */
export interface ServerResponse {
  readonly status?: number;
  readonly statusText?: string;
  readonly headers?: ResponseHeaders;
  readonly body?: ResponseBody;
  readonly trailers?:
    | ResponseHeaders
    | (() => ResponseHeaders | undefined | Promise<ResponseHeaders | undefined>);
}
