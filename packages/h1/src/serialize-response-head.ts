import type { Fields } from "@hyperwire/headers";
import { isValidStatusCode, reasonPhrase } from "@hyperwire/status";
import { H1Error } from "./errors.js";
import {
  addContentLength,
  addFieldLines,
  addFields,
  addTrustedLine,
  asciiBytes,
  beginHead,
  type FieldLine,
  finishHead,
  writeAscii,
  writeReason,
} from "./head-writer.js";

/** A response head to serialize. */
export interface OutgoingResponseHead {
  /** Status code, 100–599 (RFC 9110 §15). */
  readonly status: number;
  /** Reason phrase; default: the registry's phrase for `status` (RFC 9112 §4 says it is never interpreted). */
  readonly reason?: string;
  /** The version to announce; default "1.1" (RFC 9110 §6.2: send the highest version supported). */
  readonly version?: "1.0" | "1.1";
  /** The header section, written in insertion order with the original name casing. */
  readonly headers?: Fields;
}

/**
 * Serializes a status line and header section into one `Uint8Array`
 * (latin1), ending with the empty line. Like Node's pooled `Buffer`s, the
 * result is a view into a buffer shared with other heads (`byteOffset` need
 * not be 0): write it as is, and copy it before transferring its `buffer`.
 *
 * status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF (RFC 9112 §4).
 * The reason phrase defaults to `reasonPhrase(status)` from `@hyperwire/status`.
 * Names and values are validated while copied (no CR/LF injection, RFC 9110 §5.5);
 * `extraFields` are written after `headers`.
 *
 * @throws H1Error (side "local") with code `HW_H1_INVALID_STATUS`, `HW_H1_INVALID_REASON`,
 *   `HW_H1_INVALID_FIELD_NAME` or `HW_H1_INVALID_FIELD_VALUE`.
 *
 * @example
 * ```ts
 * const bytes = serializeResponseHead({ status: 404, headers: Fields.from({ "Content-Length": "0" }) });
 * // "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
 * ```
 */
export function serializeResponseHead(
  head: OutgoingResponseHead,
  extraFields?: readonly FieldLine[],
): Uint8Array {
  beginHead(statusLine(head.status, head.version, head.reason));
  addFields(head.headers);
  addFieldLines(extraFields);
  return finishHead();
}

/** Constant lines the connection adds (RFC 9112 §6.1, §9.6, Appendix C.2.2). @internal */
export const TRANSFER_ENCODING_CHUNKED: Uint8Array = asciiBytes("Transfer-Encoding: chunked\r\n");
/** @internal */
export const CONNECTION_CLOSE: Uint8Array = asciiBytes("Connection: close\r\n");
/** @internal */
export const CONNECTION_KEEP_ALIVE: Uint8Array = asciiBytes("Connection: keep-alive\r\n");

/** An encoded status line and the reason it was built with (`undefined`: the registry's). */
interface CachedStatusLine {
  readonly reason: string | undefined;
  readonly bytes: Uint8Array;
}

/**
 * Encoded status lines, indexed by status code, one table per version. Each
 * slot keeps the last reason it was built with, so the usual response
 * (registry reason, or the same custom one every time) costs one array load
 * and a compare instead of formatting and validating the line again.
 * Bounded: at most 500 slots per version.
 */
const STATUS_LINES_11: (CachedStatusLine | undefined)[] = [];
const STATUS_LINES_10: (CachedStatusLine | undefined)[] = [];

/**
 * status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF (RFC 9112 §4),
 * encoded (and its reason validated) once per (version, status, reason).
 * @internal
 */
export function statusLine(
  status: number,
  version: "1.0" | "1.1" | undefined,
  reason: string | undefined,
): Uint8Array {
  if (!isValidStatusCode(status)) {
    throw new H1Error(
      "HW_H1_INVALID_STATUS",
      `status ${String(status)} is not in 100–599 (RFC 9110 §15)`,
      { side: "local" },
    );
  }
  const v = version ?? "1.1";
  if (v !== "1.1" && v !== "1.0") {
    throw new H1Error("HW_H1_INVALID_VERSION", `cannot serialize HTTP/${String(v)}`, {
      side: "local",
    });
  }
  const cache = v === "1.1" ? STATUS_LINES_11 : STATUS_LINES_10;
  const hit = cache[status];
  if (hit !== undefined && hit.reason === reason) return hit.bytes;
  const text = reason ?? reasonPhrase(status);
  // "HTTP/1.1 200 " reason CRLF
  const bytes = new Uint8Array(13 + text.length + 2);
  let pos = writeAscii(bytes, 0, v === "1.1" ? "HTTP/1.1 " : "HTTP/1.0 ");
  pos = writeAscii(bytes, pos, String(status));
  bytes[pos++] = 0x20;
  // RFC 9112 §4: the reason is HTAB / SP / VCHAR / obs-text, never CR or LF.
  pos = writeReason(bytes, pos, text);
  bytes[pos++] = 0x0d;
  bytes[pos++] = 0x0a;
  cache[status] = { reason, bytes };
  return bytes;
}

/**
 * The head of a final response as `ServerConnection` sends it: the status
 * line, `headers` (validated as they are copied), then the lines the codec
 * decided on: Content-Length when `contentLength >= 0`, Transfer-Encoding:
 * chunked when `chunked`, and `connection` (a constant line, or null).
 * Same bytes as {@link serializeResponseHead} with those lines as
 * `extraFields`, without building them as arrays.
 * @internal
 */
export function serializeFinalResponseHead(
  status: number,
  reason: string | undefined,
  headers: Fields | undefined,
  contentLength: number,
  chunked: boolean,
  connection: Uint8Array | null,
): Uint8Array {
  const last = lastFinalHead;
  if (
    headers !== undefined &&
    headers === last.headers &&
    headers.revision === last.revision &&
    status === last.status &&
    reason === last.reason &&
    contentLength === last.contentLength &&
    chunked === last.chunked &&
    connection === last.connection
  ) {
    return last.bytes;
  }
  beginHead(statusLine(status, "1.1", reason));
  addFields(headers);
  if (contentLength >= 0) addContentLength(contentLength);
  else if (chunked) addTrustedLine(TRANSFER_ENCODING_CHUNKED);
  if (connection !== null) addTrustedLine(connection);
  const bytes = finishHead();
  last.headers = headers;
  last.revision = headers === undefined ? -1 : headers.revision;
  last.status = status;
  last.reason = reason;
  last.contentLength = contentLength;
  last.chunked = chunked;
  last.connection = connection;
  last.bytes = bytes;
  return bytes;
}

/**
 * The last head {@link serializeFinalResponseHead} wrote and what it was
 * written from. A server that answers with the same `Fields` container again
 * (unchanged: same {@link Fields.revision}) and the same framing gets the same
 * bytes back without a second validation pass. Heads are views into a slab
 * that is never written twice, so sharing one between responses is safe.
 */
const lastFinalHead: {
  headers: Fields | undefined;
  revision: number;
  status: number;
  reason: string | undefined;
  contentLength: number;
  chunked: boolean;
  connection: Uint8Array | null;
  bytes: Uint8Array;
} = {
  headers: undefined,
  revision: -1,
  status: 0,
  reason: undefined,
  contentLength: -1,
  chunked: false,
  connection: null,
  bytes: new Uint8Array(0),
};
