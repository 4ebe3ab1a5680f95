import type { MessageParser } from "./message-parser.js";

/**
 * What {@link RequestParser} and {@link ResponseParser} share: feeding bytes,
 * ending input, pausing at message boundaries and handing over the bytes after
 * a switch of protocol. Both delegate to one parsing engine; this class is not
 * constructed on its own.
 */
export abstract class IncrementalParser {
  /** The engine both roles share. @internal */
  protected readonly engine: MessageParser;

  /** @internal */
  protected constructor(engine: MessageParser) {
    this.engine = engine;
  }

  /**
   * Whether the parser is stopped at a message boundary: after a CONNECT or
   * Upgrade request, a 101 or a 2xx to CONNECT (see {@link takeUnparsed}), or
   * after {@link pause}.
   */
  get paused(): boolean {
    return this.engine.paused;
  }

  /**
   * Bytes received but not parsed yet: the start of a head split across
   * chunks, plus everything held while {@link paused}. 0 after
   * `onMessageComplete` means the input ended exactly at the message boundary.
   */
  get bufferedByteCount(): number {
    return this.engine.bufferedByteCount;
  }

  /**
   * Whether the connection may carry another message: false after an error,
   * after `finish()`, or when the last head said the connection closes.
   */
  get keepAlive(): boolean {
    return this.engine.keepAlive;
  }

  /** Feeds bytes. Chunks may split anywhere and hold several pipelined messages. */
  push(chunk: Uint8Array): void {
    this.engine.push(chunk);
  }

  /**
   * The peer closed its side: completes a close-delimited response, or reports
   * `HW_H1_TRUNCATED_MESSAGE` if a message was cut short. Idle connections
   * (between messages) end without error.
   */
  finish(): void {
    this.engine.finish();
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
    this.engine.pause();
  }

  /**
   * Continues after a pause: parses the held bytes (until the next pause)
   * and carries on with later pushes. Safe to call from a handler: the
   * parsing under way continues where it stopped. Also continues HTTP after
   * an upgrade or tunnel the peer declined.
   */
  resume(): void {
    this.engine.resume();
  }

  /** Removes and returns the bytes received after the message that paused the parser. */
  takeUnparsed(): Uint8Array {
    return this.engine.takeUnparsed();
  }
}
