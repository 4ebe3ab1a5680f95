import type { MessageHandlers, RequestHead } from "./events.js";
import { type EngineHandlers, MessageParser } from "./message-parser.js";
import { type ParserOptions, resolveParserOptions } from "./parser-options.js";

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

  constructor(handlers: MessageHandlers<RequestHead>, options?: ParserOptions) {
    this.#engine = new MessageParser(
      false,
      handlers as EngineHandlers,
      resolveParserOptions(options, "request"),
    );
  }

  /** Whether the parser stopped after a CONNECT or Upgrade request (see {@link takeUnparsed}). */
  get paused(): boolean {
    return this.#engine.paused;
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

  /** Continues parsing HTTP after a pause (the server refused the upgrade or tunnel). */
  resume(): void {
    this.#engine.resume();
  }

  /** Removes and returns the bytes received after the message that paused the parser. */
  takeUnparsed(): Uint8Array {
    return this.#engine.takeUnparsed();
  }
}
