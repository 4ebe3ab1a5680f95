import type { FieldsInit } from "@hyperwire/headers";
import type { ProgressCallback } from "./body-pipeline.js";
import type { InformationalResponse } from "./client-response.js";
import type { CookieJar } from "./cookie-jar.js";
import type { AuthCredentials } from "./http-auth.js";
import type { CacheOption } from "./http-cache.js";
import type { ProxyOption } from "./proxy-option.js";
import type { RedirectPolicy, RedirectPolicyOptions } from "./redirect-policy.js";
import type { RequestBodyInit } from "./request-body.js";
import type { RequestTrace } from "./request-trace.js";
import type { RetryPolicy, RetryPolicyOptions } from "./retry-policy.js";

/**
 * Options of `request()` (and `Agent.request`, `Pool.request`). A plain
 * object with named fields, designed once: every field is optional.
 *
 * Timeouts are in milliseconds and each has its own error code:
 * `connectTimeout` (agent option, `HW_CLIENT_CONNECT_TIMEOUT`), `headTimeout`
 * (`HW_CLIENT_HEAD_TIMEOUT`), `bodyTimeout` (`HW_CLIENT_BODY_TIMEOUT`) and
 * `timeout` for the whole exchange, body, redirects and retries included
 * (`HW_CLIENT_REQUEST_TIMEOUT`).
 *
 * @example
 * ```ts
 * const res = await request("https://example.com/upload", {
 *   method: "PUT",
 *   headers: { "content-type": "application/octet-stream" },
 *   body: fs.createReadStream("big.bin"),
 *   expectContinue: true,
 *   timeout: 60_000,
 *   signal: AbortSignal.timeout(120_000),
 *   redirect: { max: 5 },
 *   retry: { maxRetries: 3 },
 * });
 * ```
 */
export interface RequestOptions {
  /** The method token, case-sensitive (RFC 9110 §9.1). Default "GET". */
  readonly method?: string;
  /**
   * Request fields. `Host` is added from the URL when absent (RFC 9112 §3.2);
   * `Content-Length` / `Transfer-Encoding` are added from the body.
   */
  readonly headers?: FieldsInit;
  /** The request content; see {@link RequestBodyInit} for the accepted types. */
  readonly body?: RequestBodyInit | null;
  /** Cancels the request, including reading its body (`HW_CLIENT_ABORTED`, the reason as `cause`). */
  readonly signal?: AbortSignal;
  /** Whole exchange, from the call until the body ends. Default: none. */
  readonly timeout?: number;
  /**
   * From the request being sent until the final response head (reset by each 1xx). Default 30000.
   * Like `bodyTimeout`, a value of 1000 or more is checked by a shared clock every 250 ms
   * (it fires up to 250 ms late, never early); a shorter one has a timer of its own.
   */
  readonly headTimeout?: number;
  /** Longest pause between two body chunks while the client is reading. Default 30000. */
  readonly bodyTimeout?: number;
  /**
   * Send `Expect: 100-continue` and hold the body until the server answers
   * 100 Continue (or a final status, in which case the body is not sent), at
   * most `continueTimeout` ms (RFC 9110 §10.1.1). Only for requests with a body.
   */
  readonly expectContinue?: boolean;
  /** How long to wait for 100 Continue before sending the body anyway. Default 1000. */
  readonly continueTimeout?: number;
  /** Called with each interim response: 103 Early Hints, an unsolicited 100 Continue, … */
  readonly onInformational?: (info: InformationalResponse) => void;
  /**
   * Decode gzip, deflate and br response content (RFC 9110 §8.4) and send
   * `Accept-Encoding: gzip, deflate, br` unless the caller set one. Default
   * true. With `false` no Accept-Encoding is added (one the caller set is
   * sent as given) and the body is handed over exactly as received, still
   * encoded; `Content-Encoding` says how.
   */
  readonly decompress?: boolean;
  /** Cookies from this jar are sent, and Set-Cookie of every response (redirects included) stored (RFC 6265 §5). */
  readonly cookieJar?: CookieJar;
  /**
   * Follow redirects: `{ max }` (and the other `RedirectPolicyOptions`), or a
   * `RedirectPolicy`. Method rewriting from @hyperwire/status (RFC 9110
   * §15.4), credentials dropped across origins, no https→http by default.
   * Default: not followed (the 3xx response is returned).
   */
  readonly redirect?: false | ({ readonly max?: number } & RedirectPolicyOptions) | RedirectPolicy;
  /**
   * Retry failed attempts and retryable statuses (408, 429, 5xx…) with
   * exponential backoff and jitter, honouring Retry-After, for methods
   * `canRetryAutomatically` allows: `RetryPolicyOptions` or a `RetryPolicy`.
   * Default: none besides the transparent retry of the keep-alive race.
   */
  readonly retry?: false | RetryPolicyOptions | RetryPolicy;
  /** Connect to this Unix domain socket instead of the URL's host and port (the URL still gives Host). */
  readonly socketPath?: string;
  /**
   * Send through this HTTP proxy (see {@link ProxyOption}): a URL, `{ uri,
   * auth }`, `"env"` for HTTP_PROXY / HTTPS_PROXY / NO_PROXY, or `false`.
   * Default: the agent's `proxy`, else direct.
   */
  readonly proxy?: ProxyOption;
  /**
   * Answer a 401 challenge from the request's origin with these credentials
   * (Digest SHA-256 or MD5, RFC 7616, else Basic, RFC 7617), resending the
   * request once (a body that cannot be replayed gets the 401 back).
   * Credentials in the URL (`http://user:pass@host/`) are used the same way
   * and never sent in the request-target. Never answered for another origin
   * after a redirect.
   */
  readonly auth?: AuthCredentials;
  /**
   * Use a private HTTP cache (RFC 9111): `true` or {@link CacheOptions}. Fresh
   * stored responses are served without the network (`res.cache === "hit"`),
   * stale ones revalidated with If-None-Match / If-Modified-Since
   * (`"revalidated"` on 304), unsafe methods invalidate. Default: none.
   */
  readonly cache?: CacheOption;
  /** Called as request content goes out, at most once per chunk handed to the socket. */
  readonly onUploadProgress?: ProgressCallback;
  /** Called as response content arrives (bytes on the wire, before decompression), once per chunk. */
  readonly onDownloadProgress?: ProgressCallback;
  /**
   * Bound (ms) on opening a connection (TCP, proxy tunnel and TLS) for this
   * request, when shorter than the agent's `connectTimeout`
   * (`HW_CLIENT_CONNECT_TIMEOUT`).
   */
  readonly connectTimeout?: number;
  /**
   * Observe the call as it happens: DNS, connect, TLS (with the server's
   * certificate), connection reuse, the request head as serialized, content
   * sent, each 1xx and the final head as received, first byte, end, retries
   * and redirects, with `performance.now()` timings. See {@link RequestTrace}.
   * Default: none (and then none of that work is done).
   */
  readonly trace?: RequestTrace;
  /**
   * The version of the request line. Default `"1.1"`. With `"1.0"` (for old
   * servers and devices, RFC 9112 Appendix C.2):
   *
   * - the request line says `HTTP/1.0`; Host is still sent (servers expect it);
   * - `Connection: keep-alive` is added unless the caller set a Connection
   *   field, so the pool can reuse the connection when the server agrees
   *   (RFC 9112 Appendix C.2.2); a response without keep-alive (an HTTP/1.0
   *   response without `Connection: keep-alive`, or any `Connection: close`)
   *   closes it;
   * - chunked coding does not exist in HTTP/1.0 and a request cannot be
   *   delimited by closing (RFC 9112 §6.3 ¶7), so a body of unknown length (a
   *   stream) without a `Content-Length` set by the caller fails at once with
   *   `HW_CLIENT_LENGTH_REQUIRED`; nothing is buffered behind your back;
   * - `expectContinue` is ignored (RFC 9110 §10.1.1: a 1.0 server ignores the
   *   expectation), and such requests are never pipelined.
   */
  readonly httpVersion?: "1.0" | "1.1";
}
