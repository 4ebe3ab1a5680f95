import type { MessageHandlers, ResponseHead } from "./events.js";
import { type EngineHandlers, MessageParser } from "./message-parser.js";
import { type ParserOptions, resolveParserOptions } from "./parser-options.js";

/** Handlers of a {@link ResponseParser}: as for requests, plus interim (1xx) responses. */
export interface ResponseHandlers extends MessageHandlers<ResponseHead> {
  /**
   * An interim response (100 Continue, 102, 103 Early Hints, …; RFC 9110
   * §15.2). The final response to the same request follows. 101 Switching
   * Protocols is final and comes through `onHead` with framing `tunnel`.
   */
  onInformational?(head: ResponseHead): void;
  /**
   * One extension of a chunk (RFC 9112 §7.1.1), before that chunk's data:
   * `name` as sent, `value` unquoted or undefined. Unset, extensions are
   * validated and skipped.
   */
  onChunkExtension?(name: string, value: string | undefined): void;
}

/**
 * Incremental HTTP/1.0 and HTTP/1.1 response parser (RFC 9112), for clients.
 *
 * The length of a response depends on the request it answers (HEAD, CONNECT),
 * so tell the parser about every request sent on the connection, in order,
 * with {@link expectResponse}. A response arriving while no request waits is
 * an error (`HW_H1_UNSOLICITED_RESPONSE`).
 *
 * A 101 response or a 2xx to CONNECT ends HTTP on the connection: the parser
 * pauses after its head and keeps the bytes that follow for
 * {@link takeUnparsed}. A close-delimited response completes on
 * {@link finish}.
 *
 * @example
 * ```ts
 * const parser = new ResponseParser({
 *   onHead(head) { console.log(head.status, head.headers.get("content-type")); },
 *   onBody(chunk) { body.push(chunk.slice()); },
 *   onMessageComplete() { done(); },
 *   onError(error) { fail(error); },
 * });
 * parser.expectResponse("GET");
 * socket.write(requestBytes);
 * socket.on("data", (chunk) => parser.push(chunk));
 * socket.on("end", () => parser.finish());
 * ```
 */
export class ResponseParser {
  readonly #engine: MessageParser;

  constructor(handlers: ResponseHandlers, options?: ParserOptions) {
    this.#engine = new MessageParser(
      true,
      handlers as EngineHandlers,
      resolveParserOptions(options, "response"),
    );
  }

  /** Queues the method of a request sent on this connection; call once per request, in order. */
  expectResponse(method: string): void {
    this.#engine.expectResponse(method);
  }

  /**
   * Whether the parser is stopped at a message boundary: after a 101 or a 2xx
   * to CONNECT (see {@link takeUnparsed}), or after {@link pause}.
   */
  get paused(): boolean {
    return this.#engine.paused;
  }

  /**
   * Bytes received but not parsed yet: the start of a head split across
   * chunks, plus everything held while {@link paused}. A client that sees 0
   * after `onMessageComplete` knows the connection is at a clean message
   * boundary (no early bytes of an unsolicited response are waiting).
   */
  get bufferedByteCount(): number {
    return this.#engine.bufferedByteCount;
  }

  /**
   * Whether the connection may carry another exchange: false after an error,
   * after `finish()`, or when the last response closes the connection.
   */
  get keepAlive(): boolean {
    return this.#engine.keepAlive;
  }

  /** Feeds bytes. Chunks may split anywhere and hold several responses. */
  push(chunk: Uint8Array): void {
    this.#engine.push(chunk);
  }

  /** The server closed the connection: completes a close-delimited response, or reports truncation. */
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
   * const parser = new ResponseParser({
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

  /** Removes and returns the bytes received after the head that paused the parser. */
  takeUnparsed(): Uint8Array {
    return this.#engine.takeUnparsed();
  }
}
