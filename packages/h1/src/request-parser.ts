import type { MessageHandlers, RequestHead } from "./events.js";
import { type EngineHandlers, MessageParser } from "./message-parser.js";
import { type ParserOptions, resolveParserOptions } from "./parser-options.js";

/** Handlers of a {@link RequestParser}: the common ones, plus chunk extensions. */
export interface RequestHandlers extends MessageHandlers<RequestHead> {
  /**
   * One extension of a chunk in chunked content (RFC 9112 §7.1.1), called
   * before that chunk's data (or before the trailers for the last chunk):
   * `name` as sent, `value` unquoted, or undefined for a name without "=".
   * Without this handler extensions are validated and skipped (no work is
   * spent on them beyond that).
   */
  onChunkExtension?(name: string, value: string | undefined): void;
}

/**
 * Incremental HTTP/1.0 and HTTP/1.1 request parser (RFC 9112), for servers.
 *
 * Feed it the bytes of a connection with {@link push}, in chunks split
 * anywhere; it calls `onHead` for each request head, `onBody` with views of
 * the content (valid only during the call), `onTrailers`, and
 * `onMessageComplete`. Several pipelined requests in one chunk are reported
 * in order. It never throws on bad input: it calls `onError` once with an
 * {@link H1Error} (stable `code`, absolute byte `offset`, `statusHint`) and
 * then ignores further input. Everything parsed before the error was already
 * reported.
 *
 * After a CONNECT request or a request whose head asks for an Upgrade, the
 * parser pauses when that message is complete: {@link takeUnparsed} returns
 * the bytes that followed (the start of the tunnel), or {@link resume}
 * carries on with HTTP if the server refuses.
 *
 * After a message whose `keepAlive` is false, further input is ignored
 * (RFC 9112 §9.6).
 *
 * @example
 * ```ts
 * const parser = new RequestParser({
 *   onHead(head) { console.log(head.method, head.target, head.headers.get("host")); },
 *   onBody(chunk) { body.push(chunk.slice()); },
 *   onMessageComplete() { respond(); },
 *   onError(error) { reply(error.statusHint ?? 400); socket.end(); },
 * });
 * socket.on("data", (chunk) => parser.push(chunk));
 * socket.on("end", () => parser.finish());
 * ```
 */
export class RequestParser {
  readonly #engine: MessageParser;

  constructor(handlers: RequestHandlers, options?: ParserOptions) {
    this.#engine = new MessageParser(
      false,
      handlers as EngineHandlers,
      resolveParserOptions(options, "request"),
    );
  }

  /**
   * Whether the parser is stopped at a message boundary: after a CONNECT or
   * Upgrade request (see {@link takeUnparsed}), or after {@link pause}.
   */
  get paused(): boolean {
    return this.#engine.paused;
  }

  /**
   * Bytes received but not parsed yet: the start of a head split across
   * chunks, plus everything held while {@link paused}. 0 after
   * `onMessageComplete` means the input ended exactly at the message boundary.
   */
  get bufferedByteCount(): number {
    return this.#engine.bufferedByteCount;
  }

  /**
   * Whether the connection may carry another request: false after an error,
   * after `finish()`, or when the last head said the connection closes.
   */
  get keepAlive(): boolean {
    return this.#engine.keepAlive;
  }

  /** Feeds bytes. Chunks may split anywhere and hold several pipelined messages. */
  push(chunk: Uint8Array): void {
    this.#engine.push(chunk);
  }

  /**
   * The peer closed its side: reports `HW_H1_TRUNCATED_MESSAGE` if a request
   * was cut short. Idle connections (between requests) end without error.
   */
  finish(): void {
    this.#engine.finish();
  }

  /**
   * Stops the parser at the next message boundary, to bound how many
   * pipelined messages are handled at a time. Called from `onMessageComplete`
   * (or between pushes) it stops at once; from `onHead`, `onBody` or
   * `onTrailers` it stops after that message's `onMessageComplete`. The rest
   * of the chunk and later pushes are held, not parsed, until {@link resume}.
   * Held bytes are views of the pushed chunks (no copy): do not overwrite a
   * pushed chunk's memory while the parser holds part of it.
   *
   * @example
   * ```ts
   * let queued = 0;
   * const parser = new RequestParser({
   *   onHead() { if (++queued === 4) parser.pause(); },
   *   onMessageComplete() {},
   * });
   * parser.push(manyPipelined); // stops after the 4th message
   * // …once the queue has drained:
   * queued = 0;
   * parser.resume(); // parses the held bytes, up to the next pause
   * ```
   */
  pause(): void {
    this.#engine.pause();
  }

  /**
   * Continues after a pause: parses the held bytes (until the next pause)
   * and carries on with later pushes. Safe to call from a handler: the
   * parsing under way continues where it stopped. Also continues HTTP after
   * an upgrade or tunnel the peer declined.
   */
  resume(): void {
    this.#engine.resume();
  }

  /** Removes and returns the bytes received after the message that paused the parser. */
  takeUnparsed(): Uint8Array {
    return this.#engine.takeUnparsed();
  }
}
