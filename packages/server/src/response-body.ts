import type { Readable } from "node:stream";
import type { Fields } from "@hyperwire/headers";
import { openedFileOf } from "./opened-file-body.js";
import { toResponseFields } from "./response-fields.js";
import type { FileBody, ResponseBody, ServerResponse } from "./server-response.js";

/**
 * Helpers shared by the built-in features that rewrite a handler's response
 * (conditional requests, ranges, compression, static files). @internal
 */

const ENCODER = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Whether `body` is `{ file: path }`. @internal */
export function isFileBody(body: ResponseBody | undefined): body is FileBody {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as { file?: unknown }).file === "string"
  );
}

/**
 * The content as bytes when it is held in memory (string, bytes, nothing),
 * else `undefined` (a stream or a file). @internal
 */
export function bodyBytes(body: ResponseBody | undefined): Uint8Array | undefined {
  if (body === undefined || body === null) return EMPTY;
  if (typeof body === "string") return ENCODER.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return undefined;
}

/** A fresh, mutable copy of the response's header fields. @internal */
export function responseFields(response: ServerResponse): Fields {
  return toResponseFields(response.headers);
}

/**
 * Releases content that will not be sent: closes the descriptor a `{ file }`
 * body carries (see `OpenedFileBody`), cancels a web stream, destroys a Node
 * stream, ends an async iterator. Never throws. @internal
 */
export function discardBody(body: unknown): void {
  if (body === null || typeof body !== "object") return;
  openedFileOf(body)?.close();
  try {
    if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) {
      if (!body.locked) body.cancel().catch(() => {});
      return;
    }
    const readable = body as Partial<Readable>;
    if (typeof readable.destroy === "function") {
      readable.destroy();
      return;
    }
    const iterable = body as Partial<AsyncIterator<unknown>>;
    if (typeof iterable.return === "function") {
      Promise.resolve(iterable.return()).catch(() => {});
    }
  } catch {
    // Nothing useful to do: the content is dropped either way.
  }
}

/** The status a response will go out with. @internal */
export function statusOf(response: ServerResponse): number {
  return response.status ?? 200;
}

/**
 * The Content-Type of the 200 a 304 or a multipart 206 was made from, so an
 * outer middleware (compression) can still add the `Vary` the 200 would have
 * had (RFC 9110 §15.4.5, §15.3.7). @internal
 */
const ORIGINAL = new WeakMap<ServerResponse, OriginalContent>();

/** What a 304 or 206 remembers of the 200 it replaces. @internal */
export interface OriginalContent {
  /** Its Content-Type. */
  readonly type: string;
  /** Its content length, when known. */
  readonly size: number | undefined;
}

/** Remembers the Content-Type (and size) of the 200 that `derived` replaces. @internal */
export function rememberContentType(
  derived: ServerResponse,
  type: string | null | undefined,
  size?: number,
): ServerResponse {
  if (type !== null && type !== undefined) ORIGINAL.set(derived, { type, size });
  return derived;
}

/** What was recorded of the 200 that `response` replaced. @internal */
export function originalContent(response: ServerResponse): OriginalContent | undefined {
  return ORIGINAL.get(response);
}
