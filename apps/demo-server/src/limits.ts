/**
 * The largest value each user-controlled number may take. A request asking for
 * more is answered 400 with the limit in the message, so a link shared by
 * mistake (or on purpose) cannot make the demo allocate a gigabyte or hold a
 * connection for an hour. The README's endpoint table repeats these figures.
 */
export const LIMITS = Object.freeze({
  /** `/bytes/:n`: random bytes sent in one response. */
  bytes: 100 * 1024,
  /** `/range/:n`: size of the rangeable resource. */
  rangeBytes: 100 * 1024,
  /** `/stream/:n`: JSON lines in one chunked response. */
  streamLines: 100,
  /** `/redirect/:n`: hops of a redirect chain. */
  redirects: 50,
  /** `/delay/:s` and `/drip?delay=`: seconds before the response starts. */
  delaySeconds: 10,
  /** `/drip?duration=`: seconds over which the bytes are spread. */
  dripSeconds: 10,
  /** `/drip?numbytes=`: bytes sent by one drip. */
  dripBytes: 10 * 1024,
  /** `/sse?count=`: events in one stream. */
  sseEvents: 100,
  /** `/sse?interval=`: milliseconds between events (minimum is 10). */
  sseIntervalMs: 10_000,
  /** Request content read by the echo endpoints (`/post`, `/anything`…); larger bodies get 413. */
  bodyBytes: 10 * 1024 * 1024,
  /** Bytes of an uploaded file or body echoed back in the JSON (the rest is summarised). */
  echoBytes: 64 * 1024,
});
