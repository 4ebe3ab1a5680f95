import { exchangeError, RequestErrorCode } from "./request-error-codes.js";

/**
 * What `request()` accepts as a request body:
 *
 * - `string` (sent as UTF-8) and bytes (`Uint8Array`, any `ArrayBufferView`,
 *   `ArrayBuffer`): the length is known, so `Content-Length` is sent, and the
 *   body can be replayed for a retry or a 307/308 redirect;
 * - `Blob` and `URLSearchParams` (form-encoded, with its Content-Type): known length, replayable;
 * - a web `ReadableStream`, a Node `Readable`, or any `AsyncIterable` /
 *   `Iterable` of `Uint8Array` or `string`: the length is unknown, so the body
 *   goes out with `Transfer-Encoding: chunked` (RFC 9112 §7.1) unless the
 *   caller set `Content-Length`; it can be read once only.
 *
 * @example
 * ```ts
 * await request(url, { method: "POST", body: "hello" });                 // Content-Length: 5
 * await request(url, { method: "PUT", body: fs.createReadStream(path) }); // chunked
 * await request(url, { method: "POST", body: (async function* () { yield "a"; yield "b"; })() });
 * ```
 */
export type RequestBodyInit =
  | string
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | URLSearchParams
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

/** A request body made ready to send (internal). */
export interface PreparedBody {
  /** Bytes to send, or `null` when unknown (chunked). */
  readonly length: number | null;
  /** Whether {@link PreparedBody.chunks} may be called again (retries, redirects). */
  readonly replayable: boolean;
  /** A Content-Type to add when the caller set none (URLSearchParams). */
  readonly contentType: string | undefined;
  /** The content, piece by piece. */
  chunks(): AsyncIterable<Uint8Array>;
  /** The content as one buffer when it is already in memory (sent in one write with the head). */
  readonly whole: Uint8Array | undefined;
}

const encoder = new TextEncoder();

function inMemory(bytes: Uint8Array, contentType?: string): PreparedBody {
  return {
    length: bytes.byteLength,
    replayable: true,
    contentType,
    whole: bytes,
    async *chunks() {
      if (bytes.byteLength > 0) yield bytes;
    },
  };
}

function toBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw exchangeError(
    RequestErrorCode.INVALID_BODY,
    `a request body chunk must be a string or bytes, got ${typeof chunk}`,
    "send",
  );
}

function streamed(source: () => AsyncIterable<unknown> | Iterable<unknown>): PreparedBody {
  let used = false;
  return {
    length: null,
    replayable: false,
    contentType: undefined,
    whole: undefined,
    async *chunks() {
      if (used) {
        throw exchangeError(
          RequestErrorCode.INVALID_BODY,
          "a streamed request body can be sent only once",
          "send",
        );
      }
      used = true;
      for await (const chunk of source()) {
        const bytes = toBytes(chunk);
        if (bytes.byteLength > 0) yield bytes;
      }
    },
  };
}

async function* readWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops the source when the send is abandoned (the server answered early).
    reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * Normalises a {@link RequestBodyInit} (internal). `null`/`undefined` means no body.
 *
 * @throws ClientError `HW_CLIENT_INVALID_BODY` for a value of another type.
 */
export function prepareBody(body: RequestBodyInit | null | undefined): PreparedBody | null {
  if (body === null || body === undefined) return null;
  if (typeof body === "string") return inMemory(encoder.encode(body));
  if (body instanceof Uint8Array) return inMemory(body);
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return inMemory(toBytes(body));
  if (body instanceof URLSearchParams) {
    return inMemory(
      encoder.encode(body.toString()),
      "application/x-www-form-urlencoded;charset=UTF-8",
    );
  }
  if (typeof Blob !== "undefined" && body instanceof Blob) {
    const blob = body;
    return {
      length: blob.size,
      replayable: true,
      contentType: blob.type === "" ? undefined : blob.type,
      whole: undefined,
      chunks: () => readWebStream(blob.stream() as ReadableStream<Uint8Array>),
    };
  }
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) {
    return streamed(() => readWebStream(body));
  }
  if (typeof body === "object" && Symbol.asyncIterator in body) {
    return streamed(() => body as AsyncIterable<unknown>);
  }
  if (typeof body === "object" && Symbol.iterator in body) {
    return streamed(() => body as Iterable<unknown>);
  }
  throw exchangeError(
    RequestErrorCode.INVALID_BODY,
    `unsupported request body type ${Object.prototype.toString.call(body)}`,
    undefined,
  );
}
