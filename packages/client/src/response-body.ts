import { joinBytes } from "./join-bytes.js";
import { exchangeError, RequestErrorCode } from "./request-error-codes.js";

/** How a {@link ResponseBody} talks back to whatever feeds it (internal). */
export interface BodySource {
  /** The consumer fell behind: stop reading from the socket. */
  pause(): void;
  /** The consumer caught up: read again. */
  resume(): void;
  /** The consumer gave up before the end: the connection cannot be reused. */
  cancel(reason: unknown): void;
}

/** The feeding side of a {@link ResponseBody} (internal). */
export interface BodySink {
  /** Adds a chunk (kept, not copied); false when the buffer is above its mark and the source should pause. */
  push(chunk: Uint8Array): boolean;
  end(): void;
  fail(error: unknown): void;
}

const HIGH_WATER_MARK = 64 * 1024;
const decoder = new TextDecoder();

let pushTo: (body: ResponseBody, chunk: Uint8Array) => boolean;
let endOf: (body: ResponseBody) => void;
let failOf: (body: ResponseBody, error: unknown) => void;

/** The feeding side of one body: one small object, no closures (internal). */
class DirectSink implements BodySink {
  readonly #body: ResponseBody;

  constructor(body: ResponseBody) {
    this.#body = body;
  }

  push(chunk: Uint8Array): boolean {
    return pushTo(this.#body, chunk);
  }

  end(): void {
    endOf(this.#body);
  }

  fail(error: unknown): void {
    failOf(this.#body, error);
  }
}

/**
 * The streaming body of a response. Read it once, in one of these ways:
 * `await body.text()`, `await body.json()`, `await body.bytes()`,
 * `await body.arrayBuffer()`, `for await (const chunk of body)`, or
 * `body.stream()` for a web `ReadableStream`. Chunks arrive as the socket
 * delivers them; while more than 64 KiB wait unread the client stops reading
 * the socket (backpressure).
 *
 * A body that is neither read to the end nor cancelled holds its connection:
 * call {@link ResponseBody.dump} to drain it (the connection is then reused) or
 * {@link ResponseBody.cancel} to drop it (the connection is closed).
 *
 * @example
 * ```ts
 * const { body } = await request("http://127.0.0.1:8080/data.json");
 * const data = await body.json();
 *
 * const res = await request("http://127.0.0.1:8080/big");
 * for await (const chunk of res.body) process(chunk);
 * ```
 */
export class ResponseBody implements AsyncIterable<Uint8Array> {
  readonly #source: BodySource;
  readonly #chunks: Uint8Array[] = [];
  #buffered = 0;
  #ended = false;
  #error: unknown = undefined;
  #failed = false;
  #used = false;
  #paused = false;
  #wake: (() => void) | null = null;

  static {
    pushTo = (body, chunk) => body.#push(chunk);
    endOf = (body) => body.#end();
    failOf = (body, error) => body.#fail(error);
  }

  /** @internal Use the client's `request()`; bodies are made by the client. */
  constructor(source: BodySource) {
    this.#source = source;
  }

  /** Whether a reader has started consuming the body. */
  get bodyUsed(): boolean {
    return this.#used;
  }

  #push(chunk: Uint8Array): boolean {
    if (this.#ended || this.#failed || chunk.byteLength === 0) return true;
    this.#chunks.push(chunk);
    this.#buffered += chunk.byteLength;
    this.#notify();
    if (this.#buffered > HIGH_WATER_MARK && !this.#paused) {
      this.#paused = true;
      return false;
    }
    return !this.#paused;
  }

  #end(): void {
    if (this.#failed) return;
    this.#ended = true;
    this.#notify();
  }

  #fail(error: unknown): void {
    if (this.#ended || this.#failed) return;
    this.#failed = true;
    this.#error = error;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #claim(): void {
    if (this.#used) {
      throw exchangeError(RequestErrorCode.BODY_USED, "the response body was already read", "body");
    }
    this.#used = true;
  }

  /** Next chunk, or null at the end; throws the body's error. */
  async #next(): Promise<Uint8Array | null> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk !== undefined) {
        this.#buffered -= chunk.byteLength;
        if (this.#paused && this.#buffered <= HIGH_WATER_MARK / 2) {
          this.#paused = false;
          this.#source.resume();
        }
        return chunk;
      }
      if (this.#failed) throw this.#error;
      if (this.#ended) return null;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /**
   * Iterates the chunks as they arrive. Breaking out of the loop early
   * cancels the body (and closes the connection).
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    this.#claim();
    let done = false;
    try {
      for (;;) {
        const chunk = await this.#next();
        if (chunk === null) {
          done = true;
          return;
        }
        yield chunk;
      }
    } catch (error) {
      done = true;
      throw error;
    } finally {
      if (!done) this.#cancelNow(undefined);
    }
  }

  /** Reads the whole body into one `Uint8Array`. */
  async bytes(): Promise<Uint8Array> {
    this.#claim();
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      // Take every chunk buffered so far at once: one wake-up per socket read
      // rather than a promise per chunk (a small response usually arrives
      // whole, with its head, and takes no wait at all).
      if (this.#chunks.length > 0) {
        for (const chunk of this.#chunks) {
          parts.push(chunk);
          total += chunk.byteLength;
        }
        this.#chunks.length = 0;
        this.#buffered = 0;
        if (this.#paused) {
          this.#paused = false;
          this.#source.resume();
        }
      }
      if (this.#failed) throw this.#error;
      if (this.#ended) break;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    return joinBytes(parts, total);
  }

  /** Reads the whole body into an `ArrayBuffer` (a copy that owns its memory). */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.slice().buffer as ArrayBuffer;
  }

  /** Reads the whole body and decodes it as UTF-8 (malformed sequences become U+FFFD). */
  async text(): Promise<string> {
    return decoder.decode(await this.bytes());
  }

  /** Reads the whole body and parses it as JSON. */
  async json<T = unknown>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }

  /** Reads and discards the rest of the body, so the connection can serve another request. */
  async dump(): Promise<void> {
    if (this.#used) return;
    this.#used = true;
    this.#chunks.length = 0;
    this.#buffered = 0;
    while ((await this.#next()) !== null) {}
  }

  /**
   * Gives up the body. If it had not ended, the connection is closed (an
   * unread response cannot be skipped without reading it).
   */
  async cancel(reason?: unknown): Promise<void> {
    this.#used = true;
    this.#cancelNow(reason);
  }

  #cancelNow(reason: unknown): void {
    this.#chunks.length = 0;
    this.#buffered = 0;
    if (this.#ended || this.#failed) return;
    this.#failed = true;
    this.#error = exchangeError(
      RequestErrorCode.ABORTED,
      "the response body was cancelled",
      "body",
      {
        cause: reason,
      },
    );
    this.#source.cancel(reason);
  }

  /** The body as a web `ReadableStream` (what `fetch()` hands to `Response`). */
  stream(): ReadableStream<Uint8Array> {
    this.#claim();
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          // The whole body is here already: hand it over and close, so that
          // reading it takes no pull round trip per chunk.
          if (!this.#ended) return;
          for (const chunk of this.#chunks.splice(0)) controller.enqueue(chunk);
          this.#buffered = 0;
          controller.close();
        },
        pull: async (controller) => {
          try {
            const chunk = await this.#next();
            if (chunk === null) controller.close();
            else controller.enqueue(chunk);
          } catch (error) {
            controller.error(error);
          }
        },
        cancel: (reason) => this.#cancelNow(reason),
      },
      { highWaterMark: 0 },
    );
  }
}

/** Makes a body and its feeding side (internal). */
export function createResponseBody(source: BodySource): { body: ResponseBody; sink: BodySink } {
  const body = new ResponseBody(source);
  return { body, sink: new DirectSink(body) };
}
