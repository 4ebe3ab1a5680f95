import type { MessageHandlers, RequestHead } from "./events.js";
import { IncrementalParser } from "./incremental-parser.js";
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
export class RequestParser extends IncrementalParser {
  constructor(handlers: RequestHandlers, options?: ParserOptions) {
    super(
      new MessageParser(
        false,
        handlers as EngineHandlers,
        resolveParserOptions(options, "request"),
      ),
    );
  }
}
