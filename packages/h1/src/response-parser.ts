import type { MessageHandlers, ResponseHead } from "./events.js";
import { IncrementalParser } from "./incremental-parser.js";
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
export class ResponseParser extends IncrementalParser {
  constructor(handlers: ResponseHandlers, options?: ParserOptions) {
    super(
      new MessageParser(
        true,
        handlers as EngineHandlers,
        resolveParserOptions(options, "response"),
      ),
    );
  }

  /** Queues the method of a request sent on this connection; call once per request, in order. */
  expectResponse(method: string): void {
    this.engine.expectResponse(method);
  }
}
