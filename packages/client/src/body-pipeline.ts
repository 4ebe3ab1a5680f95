import { createDecodedBody } from "./decode-body.js";
import type { PreparedBody } from "./request-body.js";
import {
  type BodySink,
  type BodySource,
  createResponseBody,
  type ResponseBody,
} from "./response-body.js";

/**
 * Bytes moved so far, handed to `onUploadProgress` and `onDownloadProgress`.
 *
 * @example
 * ```ts
 * await request(url, {
 *   onDownloadProgress: ({ loaded, total }) => bar.update(total === undefined ? loaded : loaded / total),
 * });
 * ```
 */
export interface Progress {
  /** Bytes of content sent or received so far (on the wire: before decompression). */
  readonly loaded: number;
  /** The content's length when known (Content-Length, or a body of known size), else undefined. */
  readonly total: number | undefined;
}

/** A progress callback. */
export type ProgressCallback = (progress: Progress) => void;

// A large in-memory body is handed to the socket in pieces of this size, so
// that upload progress moves for it too.
const UPLOAD_PIECE = 64 * 1024;

function safely(callback: ProgressCallback, progress: Progress): void {
  try {
    callback(progress);
  } catch {
    // A throwing callback must not break the exchange.
  }
}

/**
 * A request body that reports each piece once the connection has taken it
 * (internal): the connection asks for the next piece only after writing the
 * previous one, so the report after `yield` runs as the bytes go out.
 */
export function withUploadProgress(body: PreparedBody, onProgress: ProgressCallback): PreparedBody {
  const total = body.length ?? undefined;
  return {
    length: body.length,
    replayable: body.replayable,
    contentType: body.contentType,
    whole: undefined,
    async *chunks() {
      let loaded = 0;
      for await (const chunk of body.chunks()) {
        for (let at = 0; at < chunk.byteLength; at += UPLOAD_PIECE) {
          const piece =
            at === 0 && chunk.byteLength <= UPLOAD_PIECE
              ? chunk
              : chunk.subarray(at, at + UPLOAD_PIECE);
          yield piece;
          loaded += piece.byteLength;
          safely(onProgress, { loaded, total });
        }
      }
    },
  };
}

/** What {@link pipeBody} does with the bytes it moves (internal). */
export interface PipeOptions {
  /** Content codings to undo (from `decodableCodings`), or null. */
  readonly codings: readonly string[] | null;
  /** Called with each raw chunk as it arrives. */
  readonly onChunk?: (chunk: Uint8Array) => void;
  /** Called once the raw body ended completely (not after an error or cancel). */
  readonly onEnd?: () => void;
}

function outputBody(
  codings: readonly string[] | null,
  source: BodySource,
): { body: ResponseBody; sink: BodySink } {
  return codings === null ? createResponseBody(source) : createDecodedBody(codings, source);
}

/**
 * Moves a raw (undecoded) response body into a new one as it arrives
 * (internal): each chunk is shown to `onChunk` (download progress, the
 * cache's copy), then decoded when `codings` say so. Backpressure holds: the
 * raw body is read only while the new one's reader keeps up; cancelling the
 * new body cancels the raw one (and so closes its connection).
 */
export function pipeBody(raw: ResponseBody, options: PipeOptions): ResponseBody {
  let paused = false;
  let cancelled = false;
  let wake: (() => void) | null = null;
  const wakeUp = (): void => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const { body, sink } = outputBody(options.codings, {
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      wakeUp();
    },
    cancel: (reason) => {
      cancelled = true;
      void raw.cancel(reason);
      wakeUp();
    },
  });
  void (async () => {
    try {
      for await (const chunk of raw) {
        if (cancelled) return;
        options.onChunk?.(chunk);
        if (!sink.push(chunk)) paused = true;
        while (paused && !cancelled) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      }
      if (cancelled) return;
      options.onEnd?.();
      sink.end();
    } catch (error) {
      sink.fail(error);
    }
  })();
  return body;
}

/** A response body holding `bytes` (a stored response), decoded when `codings` say so (internal). */
export function bodyFromBytes(bytes: Uint8Array, codings: readonly string[] | null): ResponseBody {
  const { body, sink } = outputBody(codings, { pause() {}, resume() {}, cancel() {} });
  if (bytes.byteLength > 0) sink.push(bytes);
  sink.end();
  return body;
}

/** Calls `onProgress` once per chunk with the running count (internal). */
export function downloadCounter(
  total: number | undefined,
  onProgress: ProgressCallback,
): (chunk: Uint8Array) => void {
  let loaded = 0;
  return (chunk) => {
    loaded += chunk.byteLength;
    safely(onProgress, { loaded, total });
  };
}
