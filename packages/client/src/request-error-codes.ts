import { ClientError, type ClientErrorOptions, type ClientErrorPhase } from "./errors.js";

/**
 * The stable `code` strings of the {@link ClientError}s that `request()`,
 * `fetch()`, pools and agents report about an exchange on the wire. Each
 * error also says its `phase`, whether the connection was `reused` and the
 * `attempts` made. (Codes of the policies — redirects, cookies — live in
 * `ClientErrorCode`.)
 *
 * @example
 * ```ts
 * try {
 *   await request("http://127.0.0.1:8080/slow", { headTimeout: 1000 });
 * } catch (e) {
 *   if (e instanceof ClientError && e.code === RequestErrorCode.HEAD_TIMEOUT) retryLater();
 * }
 * ```
 */
export const RequestErrorCode = {
  /** The URL's scheme is not `http:` or `https:`. */
  UNSUPPORTED_PROTOCOL: "HW_CLIENT_UNSUPPORTED_PROTOCOL",
  /** The method, target or a header cannot be sent (a CR in a value, say); nothing was sent. */
  INVALID_REQUEST: "HW_CLIENT_INVALID_REQUEST",
  /** The request body could not be read (its source threw, or it has an unsupported type). */
  INVALID_BODY: "HW_CLIENT_INVALID_BODY",
  /**
   * An HTTP/1.0 request (`httpVersion: "1.0"`) has a body of unknown length
   * and no Content-Length: HTTP/1.0 has no chunked coding and a request
   * cannot be delimited by closing the connection (RFC 9112 §6.3 ¶7). Set
   * Content-Length, pass the body in memory, or use HTTP/1.1. Nothing was sent.
   */
  LENGTH_REQUIRED: "HW_CLIENT_LENGTH_REQUIRED",
  /** TCP (or Unix socket) connection failed (refused, unreachable, DNS). Phase `connect`. */
  CONNECT_FAILED: "HW_CLIENT_CONNECT_FAILED",
  /** The TLS handshake failed (certificate, protocol). Phase `tls`. */
  TLS_FAILED: "HW_CLIENT_TLS_FAILED",
  /** Connecting (TCP and TLS) took longer than `connectTimeout`. */
  CONNECT_TIMEOUT: "HW_CLIENT_CONNECT_TIMEOUT",
  /** The response head did not arrive within `headTimeout` of the request being sent. */
  HEAD_TIMEOUT: "HW_CLIENT_HEAD_TIMEOUT",
  /** No response body bytes arrived for `bodyTimeout` while the caller was reading. */
  BODY_TIMEOUT: "HW_CLIENT_BODY_TIMEOUT",
  /** The whole exchange, body included, took longer than `timeout`. */
  REQUEST_TIMEOUT: "HW_CLIENT_REQUEST_TIMEOUT",
  /** The caller's `AbortSignal` fired (the signal's reason is the `cause`). */
  ABORTED: "HW_CLIENT_ABORTED",
  /**
   * The keep-alive race: a request sent on a reused connection that the
   * server closed before sending any byte of a response (RFC 9112 §9.3.1).
   * Retried once automatically when the method allows it; this error means it
   * did not (non-idempotent without Idempotency-Key, or a body that cannot be
   * replayed, or the retry failed the same way).
   */
  CONNECTION_RESET_BEFORE_RESPONSE: "HW_CLIENT_CONNECTION_RESET_BEFORE_RESPONSE",
  /** A new connection was closed by the server before any byte of a response. */
  CLOSED_BEFORE_RESPONSE: "HW_CLIENT_CLOSED_BEFORE_RESPONSE",
  /**
   * The response ended before it was complete: the connection closed inside
   * the head, before Content-Length bytes, or before the last chunk (RFC 9112 §8).
   */
  RESPONSE_TRUNCATED: "HW_CLIENT_RESPONSE_TRUNCATED",
  /** A socket error (reset, broken pipe) during the exchange. */
  CONNECTION_ERROR: "HW_CLIENT_CONNECTION_ERROR",
  /** The server broke HTTP/1.1 (the `cause` is the codec's H1Error). */
  PROTOCOL_ERROR: "HW_CLIENT_PROTOCOL_ERROR",
  /** A compressed response body does not decode. */
  DECOMPRESSION_FAILED: "HW_CLIENT_DECOMPRESSION_FAILED",
  /** A response body was read twice. */
  BODY_USED: "HW_CLIENT_BODY_USED",
  /** The agent or pool was closed before the request could be sent. */
  CLOSED: "HW_CLIENT_CLOSED",
  /** An upgrade or CONNECT request got a final response that does not switch protocols. */
  UPGRADE_DECLINED: "HW_CLIENT_UPGRADE_DECLINED",
  /**
   * The proxy answered 407 (Proxy Authentication Required, RFC 9110 §15.5.8):
   * to the CONNECT that opens a tunnel (phase `connect`), or to a request
   * forwarded in absolute-form (phase `head`). Its Proxy-Authenticate
   * challenges are in the message.
   */
  PROXY_AUTH_REQUIRED: "HW_CLIENT_PROXY_AUTH_REQUIRED",
  /** The proxy answered the CONNECT that opens a tunnel with a status other than 2xx and 407. Phase `connect`. */
  PROXY_CONNECT_FAILED: "HW_CLIENT_PROXY_CONNECT_FAILED",
} as const;

/** One of the {@link RequestErrorCode} values. */
export type RequestErrorCode = (typeof RequestErrorCode)[keyof typeof RequestErrorCode];

/** Builds a {@link ClientError} for an exchange (internal shorthand). */
export function exchangeError(
  code: RequestErrorCode,
  message: string,
  phase: ClientErrorPhase | undefined,
  options: ClientErrorOptions = {},
): ClientError {
  return new ClientError(code, message, { ...options, phase });
}

/**
 * Whether `error` is the keep-alive race: a reused connection that the
 * server closed before any byte of a response arrived (RFC 9112 §9.3.1), the
 * one failure a client may repeat by itself when the method allows (internal).
 */
export function isKeepAliveRace(error: unknown): boolean {
  return (
    error instanceof ClientError &&
    error.code === RequestErrorCode.CONNECTION_RESET_BEFORE_RESPONSE &&
    error.reused === true
  );
}
