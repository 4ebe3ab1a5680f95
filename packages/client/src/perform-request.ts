import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { Fields, parseExpect } from "@hyperwire/headers";
import { canRetryAutomatically, isSafeMethod } from "@hyperwire/methods";
import { reasonPhrase } from "@hyperwire/status";
import { AttemptTracer, emitTrace } from "./attempt-tracer.js";
import { bodyFromBytes, downloadCounter, pipeBody, withUploadProgress } from "./body-pipeline.js";
import type { CachedResponse } from "./cache-policy.js";
import type { ClientResponse } from "./client-response.js";
import { DEFAULT_ACCEPT_ENCODING, decodableCodings } from "./decode-body.js";
import { ClientError, ClientErrorCode, type ClientErrorPhase } from "./errors.js";
import { Exchange, type ExchangeOutcome } from "./exchange.js";
import {
  type AuthCredentials,
  type AuthRequest,
  answerChallenge,
  forgetAuthorization,
  preemptiveAuthorization,
  takeUrlCredentials,
} from "./http-auth.js";
import { type ActiveCache, activeCache, type CacheStatus } from "./http-cache.js";
import { joinBytes } from "./join-bytes.js";
import type { Pool } from "./pool.js";
import { type RedirectHop, RedirectPolicy } from "./redirect-policy.js";
import { type PreparedBody, prepareBody } from "./request-body.js";
import { exchangeError, isKeepAliveRace, RequestErrorCode } from "./request-error-codes.js";
import type { RequestOptions } from "./request-options.js";
import type { RequestTrace, RetryReason } from "./request-trace.js";
import type { ResponseBody } from "./response-body.js";
import { RetryPolicy } from "./retry-policy.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Finds the pool for a URL (the agent's routing, or a fixed pool). */
export type PoolResolver = (url: URL, options: RequestOptions) => Pool;

const DEFAULT_HEAD_TIMEOUT = 30_000;
const DEFAULT_BODY_TIMEOUT = 30_000;
const DEFAULT_CONTINUE_TIMEOUT = 1000;

/**
 * Cancellation of one call: the caller's signal and the whole-request
 * timeout end whichever attempt runs, and any wait between attempts.
 */
class CallControl {
  current: Exchange | null = null;
  stopped: unknown = null;
  #timer: NodeJS.Timeout | undefined = undefined;
  #signal: AbortSignal | undefined;
  // Only made when a signal is given: most calls have none.
  #onAbort: (() => void) | null = null;
  #wake: (() => void) | null = null;

  constructor(options: RequestOptions) {
    const signal = options.signal;
    this.#signal = signal;
    if (signal !== undefined) {
      if (signal.aborted) {
        this.stopped = this.#abortError(signal.reason);
        return;
      }
      this.#onAbort = () => this.#stop(this.#abortError(signal.reason));
      signal.addEventListener("abort", this.#onAbort);
    }
    const timeout = options.timeout;
    if (timeout !== undefined && Number.isFinite(timeout)) {
      this.#timer = setTimeout(() => {
        const phase: ClientErrorPhase | undefined = this.current?.phase;
        this.#stop(
          exchangeError(
            RequestErrorCode.REQUEST_TIMEOUT,
            `the request took longer than ${timeout} ms`,
            phase,
            this.current === null
              ? {}
              : {
                  reused: this.current.reused,
                  attempts: this.current.init.attempt,
                  redirectHistory: this.current.init.redirectHistory,
                },
          ),
        );
      }, timeout);
    }
  }

  #abortError(reason: unknown): ClientError {
    return exchangeError(RequestErrorCode.ABORTED, "the request was aborted", this.current?.phase, {
      cause: reason,
      ...(this.current === null
        ? {}
        : { reused: this.current.reused, attempts: this.current.init.attempt }),
    });
  }

  #stop(error: unknown): void {
    if (this.stopped !== null) return;
    this.stopped = error;
    this.current?.abort(error);
    this.#wake?.();
  }

  /** Throws when the call was stopped. */
  check(): void {
    if (this.stopped !== null) throw this.stopped;
  }

  /** Waits `ms` between attempts, unless the call is stopped first. */
  async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.#wake = null;
        resolve();
      }
      this.#wake = done;
    });
    this.check();
  }

  /** Whether {@link dispose} has a timer or a signal listener to release. */
  get holdsResources(): boolean {
    return this.#timer !== undefined || this.#onAbort !== null;
  }

  /** The call is over: release the timer and the signal listener. */
  dispose(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#onAbort !== null) {
      this.#signal?.removeEventListener("abort", this.#onAbort);
      this.#onAbort = null;
    }
  }
}

interface Hop {
  method: string;
  url: URL;
  headers: Fields;
  body: PreparedBody | null;
}

function checkUrl(url: URL): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw exchangeError(
      RequestErrorCode.UNSUPPORTED_PROTOCOL,
      `unsupported protocol ${url.protocol} (http: and https: only)`,
      undefined,
    );
  }
}

/** A copy of `fields` with a Host line in front of the others (internal). */
function withHostFirst(fields: Fields, host: string): Fields {
  const lowerNames = ["host"];
  const rawNames = ["Host"];
  const values = [host];
  fields.forEach((value, lowerName, rawName) => {
    lowerNames.push(lowerName);
    rawNames.push(rawName);
    values.push(value);
  });
  return Fields.fromTrusted(lowerNames, rawNames, values);
}

/**
 * Host, Authorization, cookies, Content-Type of the body, Expect: the fields
 * each hop adds to a copy of `fields` (internal). The copy is the one the
 * exchange sends; `fields` stays as the caller's (redirects and the cache read it).
 */
function hopHeaders(
  hop: Hop,
  fields: Fields,
  authorization: string | undefined,
  options: RequestOptions,
): { headers: Fields; expect: boolean } {
  // RFC 9112 §3.2: Host is the authority of the target URI (default port omitted);
  // RFC 9110 §7.2: a user agent sends it as the first field line.
  const headers = fields.has("host") ? fields.clone() : withHostFirst(fields, hop.url.host);
  if (authorization !== undefined) headers.set("Authorization", authorization);
  const jar = options.cookieJar;
  if (jar !== undefined) {
    const cookies = jar.getCookieHeader(hop.url);
    if (cookies !== "") {
      // RFC 6265 §5.4: one Cookie field; pairs the caller set stay first.
      const existing = headers.get("cookie");
      headers.set("Cookie", existing === null ? cookies : `${existing}; ${cookies}`);
    }
  }
  if (hop.body?.contentType !== undefined && !headers.has("content-type")) {
    headers.set("Content-Type", hop.body.contentType);
  }
  const expectation = headers.get("expect");
  // RFC 9110 §10.1.1: the expectation 100-continue, among others in a list.
  const parsedExpect = expectation === null ? null : parseExpect(expectation);
  let expect = parsedExpect?.ok === true && parsedExpect.value.continue;
  const hasContent = hop.body !== null && hop.body.length !== 0;
  const http10 = options.httpVersion === "1.0";
  if (http10 && !headers.has("connection")) {
    // RFC 9112 Appendix C.2.2: an HTTP/1.0 connection persists only when the
    // request asks for it; the pool always wants to reuse its connections.
    headers.set("Connection", "keep-alive");
  }
  // RFC 9110 §10.1.1: an HTTP/1.0 server ignores 100-continue, so it is not asked for.
  if (options.expectContinue === true && hasContent && !expect && !http10) {
    headers.set("Expect", "100-continue");
    expect = true;
  }
  if (expect && !hasContent) {
    // RFC 9110 §10.1.1: no 100-continue on a request without content.
    headers.delete("expect");
    expect = false;
  }
  return { headers, expect };
}

function redirectPolicyOf(option: RequestOptions["redirect"]): RedirectPolicy | null {
  if (option === undefined || option === false) return null;
  if (option instanceof RedirectPolicy) return option;
  return new RedirectPolicy({
    ...option,
    ...(option.max === undefined ? {} : { maxRedirects: option.max }),
  });
}

function retryPolicyOf(option: RequestOptions["retry"]): RetryPolicy | null {
  if (option === undefined || option === false) return null;
  return option instanceof RetryPolicy ? option : new RetryPolicy(option);
}

/** Reports to the trace that the attempt of `exchange` is about to be repeated. */
function traceRetry(
  trace: RequestTrace,
  exchange: Exchange | null,
  reason: RetryReason,
  error: unknown,
  status: number | undefined,
  delayMs: number,
): void {
  const attempt = exchange?.init.tracer?.attempt;
  if (attempt === undefined) return;
  emitTrace(trace, "onRetry", {
    reason,
    attempt,
    error,
    status,
    delayMs,
    time: performance.now(),
  });
}

/**
 * One attempt loop for one hop: the keep-alive race is retried once on a
 * fresh connection when `canRetryAutomatically` allows (RFC 9110 §9.2.2,
 * RFC 9112 §9.3.1); the retry policy, when given, decides the rest. A 407
 * from a forwarding proxy is answered here when the proxy has credentials
 * (RFC 9110 §11.7.1): once, and once more for a stale Digest nonce.
 */
async function sendHop(
  hop: Hop,
  fields: Fields,
  authorization: string | undefined,
  options: RequestOptions,
  control: CallControl,
  pool: Pool,
  target: string,
  history: readonly string[],
  upgrade: boolean,
): Promise<{ outcome: ExchangeOutcome; attempts: number }> {
  const retry = retryPolicyOf(options.retry);
  const { headers, expect } = hopHeaders(hop, fields, authorization, options);
  const trace = options.trace;
  const proxyAuth = pool.forward?.auth;
  // Set when the client (not the caller) owns Proxy-Authorization and may answer a 407.
  let proxyRequest: AuthRequest | undefined;
  if (proxyAuth !== undefined && !headers.has("proxy-authorization")) {
    proxyRequest = { method: hop.method, uri: target, body: contentForAuth(hop.body) };
    const value = proxyAuth.authorizationFor(proxyRequest);
    // RFC 9110 §11.7.2: credentials for the forwarding proxy, which removes them.
    if (value !== undefined) headers.set("Proxy-Authorization", value);
  }
  const replayable = hop.body === null || hop.body.replayable;
  let attempt = 0;
  let retries = 0;
  let raceRetried = false;
  let proxyAnswers = 0;
  for (;;) {
    attempt++;
    control.check();
    const exchange = new Exchange({
      method: hop.method,
      target,
      headers,
      body: hop.body,
      expectContinue: expect,
      continueTimeout: options.continueTimeout ?? DEFAULT_CONTINUE_TIMEOUT,
      headTimeout: options.headTimeout ?? DEFAULT_HEAD_TIMEOUT,
      bodyTimeout: options.bodyTimeout ?? DEFAULT_BODY_TIMEOUT,
      attempt,
      fresh: raceRetried && attempt > 1,
      upgrade,
      decompress: options.decompress ?? true,
      onInformational: options.onInformational,
      redirectHistory: history,
      connectTimeout: options.connectTimeout,
      httpVersion: options.httpVersion,
      tracer:
        trace === undefined
          ? undefined
          : new AttemptTracer(trace, hop.method, hop.url.href, attempt),
    });
    control.current = exchange;
    pool.dispatch(exchange);
    let outcome: ExchangeOutcome;
    try {
      outcome = await exchange.outcome;
    } catch (error) {
      if (control.stopped !== null) throw control.stopped;
      if (
        isKeepAliveRace(error) &&
        !raceRetried &&
        replayable &&
        canRetryAutomatically(hop.method, { idempotencyKey: headers.has("idempotency-key") })
      ) {
        // The request crossed the server's close: nothing was processed; send it again, once.
        raceRetried = true;
        if (trace !== undefined)
          traceRetry(trace, exchange, "keep-alive-race", error, undefined, 0);
        continue;
      }
      const decision = retry?.decide({
        method: hop.method,
        headers,
        bodyReplayable: replayable,
        retries,
        error,
      });
      if (decision?.retry !== true) throw error;
      retries++;
      if (trace !== undefined) {
        traceRetry(trace, exchange, "retry-policy", error, undefined, decision.delayMs);
      }
      await control.sleep(decision.delayMs);
      continue;
    }
    if (pool.forward !== undefined && outcome.kind === "response" && outcome.head.status === 407) {
      // The proxy refused to forward: its challenge is not the origin's business.
      await outcome.body.dump().catch(() => {});
      const challenges = outcome.head.headers.getAll("proxy-authenticate");
      if (proxyRequest !== undefined && replayable && proxyAnswers < 2) {
        const sent = headers.get("proxy-authorization") ?? undefined;
        const answer = proxyAuth!.answer(challenges, proxyRequest, sent);
        // One answer to the challenge; a second only for a Digest nonce that went stale (RFC 7616 §3.3).
        if (answer !== null && (proxyAnswers === 0 || answer.stale)) {
          proxyAnswers++;
          headers.set("Proxy-Authorization", answer.authorization);
          if (trace !== undefined)
            traceRetry(trace, exchange, "proxy-authenticate", undefined, 407, 0);
          continue;
        }
        if (proxyAnswers > 0) proxyAuth!.refused();
      }
      throw exchangeError(
        RequestErrorCode.PROXY_AUTH_REQUIRED,
        `the proxy requires authentication for ${hop.url.origin} (407${challenges.length > 0 ? `; Proxy-Authenticate: ${challenges.join(", ")}` : ""})`,
        "head",
        { reused: outcome.reused, attempts: attempt, redirectHistory: history },
      );
    }
    if (retry !== null && outcome.kind === "response") {
      const decision = retry.decide({
        method: hop.method,
        headers,
        bodyReplayable: replayable,
        retries,
        response: { status: outcome.head.status, headers: outcome.head.headers },
      });
      if (decision.retry) {
        await outcome.body.dump().catch(() => {});
        retries++;
        if (trace !== undefined) {
          traceRetry(
            trace,
            exchange,
            "retry-policy",
            undefined,
            outcome.head.status,
            decision.delayMs,
          );
        }
        await control.sleep(decision.delayMs);
        continue;
      }
    }
    return { outcome, attempts: attempt };
  }
}

function storeCookies(options: RequestOptions, url: URL, headers: Fields): void {
  const jar = options.cookieJar;
  if (jar === undefined) return;
  const lines = headers.getSetCookie();
  if (lines.length > 0) jar.setCookies(lines, url);
}

/** The first hop of a call; `headers` is a fresh copy of the `headers` option, now the hop's. */
function firstHop(
  url: URL,
  options: RequestOptions,
  headers: Fields,
  prepared?: PreparedBody | null,
): Hop {
  checkUrl(url);
  const version = options.httpVersion;
  if (version !== undefined && version !== "1.1" && version !== "1.0") {
    throw new ClientError(
      ClientErrorCode.INVALID_OPTION,
      `httpVersion must be "1.0" or "1.1", got ${JSON.stringify(version)}`,
    );
  }
  if ((options.decompress ?? true) && !headers.has("accept-encoding")) {
    // RFC 9110 §12.5.3: say which content codings the client decodes.
    headers.set("Accept-Encoding", DEFAULT_ACCEPT_ENCODING);
  }
  let body = prepared === undefined ? prepareBody(options.body) : prepared;
  if (body !== null && options.onUploadProgress !== undefined) {
    body = withUploadProgress(body, options.onUploadProgress);
  }
  if (
    version === "1.0" &&
    body !== null &&
    body.length === null &&
    !headers.has("content-length")
  ) {
    // RFC 9112 §6.3 ¶7, Appendix C.2: no chunked coding in HTTP/1.0, and a request
    // cannot be ended by closing the connection (the response comes back on it).
    throw exchangeError(
      RequestErrorCode.LENGTH_REQUIRED,
      "an HTTP/1.0 request needs a body of known length: set Content-Length, pass the body in memory, or use HTTP/1.1",
      undefined,
    );
  }
  return { method: options.method ?? "GET", url, headers, body };
}

/**
 * A call whose first exchange was made elsewhere (the plain path of
 * `sendRequest`), handed over with its response to follow a redirect
 * (internal): the caller's fields as parsed (without the ones each hop adds),
 * the prepared body, and the first hop's result.
 */
export interface StartedCall {
  readonly callerFields: Fields;
  readonly body: PreparedBody | null;
  readonly result: HopResult;
}

/** The final response of one hop, from the network or the cache (internal). */
export interface HopResult {
  readonly status: number;
  readonly statusText: string;
  readonly version: "1.0" | "1.1";
  readonly headers: Fields;
  readonly body: ResponseBody;
  readonly trailers: Promise<Fields>;
  readonly reused: boolean;
  readonly attempts: number;
  readonly cache: CacheStatus | undefined;
}

/** What stays the same for every hop of one call (internal). */
interface CallContext {
  readonly cache: ActiveCache | null;
  /** The `auth` option or the URL's userinfo, and the only origin they are answered for. */
  readonly credentials: AuthCredentials | null;
  readonly authOrigin: string;
}

const EMPTY = new Uint8Array(0);

/**
 * The content a Digest `qop=auth-int` answer hashes (RFC 7616 §3.4.3): none
 * is the empty string, a body in memory is its bytes, and a streamed one is
 * unknown (undefined: only `auth` can be answered).
 */
function contentForAuth(body: PreparedBody | null): Uint8Array | undefined {
  return body === null ? EMPTY : body.whole;
}
const noTrailers = (): Promise<Fields> => Promise.resolve(new Fields());

/** A response served from a stored entry (a fresh hit, or after a 304). */
function storedResult(
  entry: CachedResponse,
  headers: Fields,
  method: string,
  options: RequestOptions,
  cache: CacheStatus,
  attempts: number,
): HopResult {
  const codings =
    (options.decompress ?? true) ? decodableCodings(headers.get("content-encoding")) : null;
  // RFC 9110 §9.3.2: a HEAD answered from a stored GET carries the fields, not the content.
  const bytes = method === "HEAD" ? EMPTY : entry.body;
  return {
    status: entry.status,
    statusText: reasonPhrase(entry.status),
    version: "1.1",
    headers,
    body: bodyFromBytes(bytes, codings),
    trailers: noTrailers(),
    reused: false,
    attempts,
    cache,
  };
}

/**
 * One hop: the cache consulted (RFC 9111 §4), credentials sent or a 401
 * answered (RFC 9110 §11.6), the attempt loop of {@link sendHop}, and the
 * body piped through progress, the cache's copy and decompression.
 */
async function runHop(
  hop: Hop,
  options: RequestOptions,
  control: CallControl,
  resolvePool: PoolResolver,
  history: readonly string[],
  context: CallContext,
): Promise<HopResult> {
  const pool = resolvePool(hop.url, options);
  const uri = pool.requestTarget(hop.url);
  const { cache } = context;
  const cacheable = cache !== null && (hop.method === "GET" || hop.method === "HEAD");
  const key = cache === null ? "" : cache.policy.cacheKey(hop.url);
  let entry: CachedResponse | undefined;
  let sendHeaders = hop.headers;
  if (cacheable) {
    entry = await cache.store.get(key);
    control.check();
    if (entry !== undefined) {
      const request = { method: hop.method, url: hop.url, headers: hop.headers };
      const decision = cache.policy.evaluate(entry, request, Date.now());
      if (decision.action === "use") {
        return storedResult(entry, decision.headers, hop.method, options, "hit", 0);
      }
      if (decision.action === "unavailable") {
        // RFC 9111 §5.2.1.7: only-if-cached with nothing usable is answered 504.
        return {
          status: 504,
          statusText: reasonPhrase(504),
          version: "1.1",
          headers: new Fields(),
          body: bodyFromBytes(EMPTY, null),
          trailers: noTrailers(),
          reused: false,
          attempts: 0,
          cache: "miss",
        };
      }
      if (decision.action === "validate") sendHeaders = decision.headers;
      else entry = undefined;
    }
  }
  const { credentials } = context;
  // Credentials belong to the origin they were given for, never to a redirect target elsewhere.
  const mayAuthenticate =
    credentials !== null &&
    hop.url.origin === context.authOrigin &&
    !hop.headers.has("authorization");
  const authRequest = mayAuthenticate
    ? { method: hop.method, uri, body: contentForAuth(hop.body) }
    : undefined;
  let authorization = mayAuthenticate
    ? preemptiveAuthorization(credentials!, context.authOrigin, authRequest!)
    : undefined;
  const replayable = hop.body === null || hop.body.replayable;
  const piped = cache !== null || options.onDownloadProgress !== undefined;
  let answered = 0;
  for (;;) {
    const requestTime = Date.now();
    // sendHop sends a copy of sendHeaders with Host (and Authorization) added.
    const { outcome, attempts } = await sendHop(
      hop,
      sendHeaders,
      authorization,
      piped ? { ...options, decompress: false } : options,
      control,
      pool,
      uri,
      history,
      false,
    );
    if (outcome.kind !== "response") throw new Error("unreachable: switched without upgrade");
    const responseTime = Date.now();
    const { head } = outcome;
    storeCookies(options, hop.url, head.headers);

    if (head.status === 401 && mayAuthenticate && replayable) {
      const answer = answerChallenge(
        credentials!,
        context.authOrigin,
        head.headers.getAll("www-authenticate"),
        authRequest!,
      );
      // One answer to the challenge; a second only for a Digest nonce that went stale (RFC 7616 §3.3).
      if (answer !== null && (answered === 0 || (answered === 1 && answer.stale))) {
        answered++;
        authorization = answer.authorization;
        await outcome.body.dump().catch(() => {});
        if (options.trace !== undefined) {
          traceRetry(options.trace, control.current, "authenticate", undefined, 401, 0);
        }
        continue;
      }
      if (answered > 0) forgetAuthorization(credentials!, context.authOrigin);
    }

    if (cache !== null && !isSafeMethod(hop.method)) {
      // RFC 9111 §4.4: a successful unsafe request invalidates what it may have changed.
      const response = { status: head.status, headers: head.headers };
      for (const stale of cache.policy.invalidatedKeys(hop, response)) {
        await cache.store.delete(stale);
      }
    }
    if (cacheable && entry !== undefined && head.status === 304) {
      await outcome.body.dump().catch(() => {});
      const merged = cache!.policy.mergeNotModified(
        entry,
        { status: 304, headers: head.headers },
        requestTime,
        responseTime,
      );
      if (merged !== null) {
        await cache!.store.set(key, merged);
        const fields = new Fields(merged.headers as [string, string][]);
        return storedResult(merged, fields, hop.method, options, "revalidated", attempts);
      }
      // RFC 9111 §4.3.4: the 304 selects no stored response: ask again, unconditionally.
      entry = undefined;
      sendHeaders = hop.headers;
      continue;
    }

    let body = outcome.body;
    if (piped) {
      const onChunks: ((chunk: Uint8Array) => void)[] = [];
      let onEnd: (() => void) | undefined;
      if (options.onDownloadProgress !== undefined && hop.method !== "HEAD") {
        const length = head.headers.get("content-length");
        const total = length !== null && /^\d+$/.test(length.trim()) ? Number(length) : undefined;
        onChunks.push(downloadCounter(total, options.onDownloadProgress));
      }
      const request = { method: hop.method, url: hop.url, headers: sendHeaders };
      const response = { status: head.status, headers: head.headers };
      if (cacheable && hop.method === "GET" && cache!.policy.canStore(request, response).storable) {
        const parts: Uint8Array[] = [];
        let size = 0;
        onChunks.push((chunk) => {
          size += chunk.byteLength;
          // Too large to keep: stop copying (parts are dropped at the end).
          if (size <= cache!.maxEntryBytes) parts.push(chunk.slice());
        });
        onEnd = () => {
          if (size > cache!.maxEntryBytes) return;
          const bytes = joinBytes(parts, size);
          const stored = cache!.policy.createEntry(
            { method: hop.method, url: hop.url, headers: hop.headers },
            response,
            bytes,
            requestTime,
            responseTime,
          );
          void Promise.resolve(cache!.store.set(key, stored)).catch(() => {});
        };
      }
      body = pipeBody(outcome.body, {
        codings:
          (options.decompress ?? true)
            ? decodableCodings(head.headers.get("content-encoding"))
            : null,
        onChunk: (chunk) => {
          for (const call of onChunks) call(chunk);
        },
        ...(onEnd === undefined ? {} : { onEnd }),
      });
    }
    return {
      status: head.status,
      statusText: head.reason,
      version: head.version === "1.0" ? "1.0" : "1.1",
      headers: head.headers,
      body,
      trailers: outcome.trailers,
      reused: outcome.reused,
      attempts,
      cache: cache === null ? undefined : "miss",
    };
  }
}

/**
 * The request algorithm behind `request()`, `Agent.request` and
 * `Pool.request` (internal): hops of a redirect chain, attempts of each hop,
 * cookies in and out, credentials, the cache, one cancellation for the whole call.
 */
export async function performFullRequest(
  url: URL,
  options: RequestOptions,
  resolvePool: PoolResolver,
  started?: StartedCall,
): Promise<ClientResponse> {
  const control = new CallControl(options);
  try {
    control.check();
    const method = options.method ?? "GET";
    // One copy of the caller's fields serves the check and the first hop.
    const headers =
      method === "CONNECT"
        ? null
        : (started?.callerFields ?? new Fields(options.headers ?? undefined));
    if (headers === null || headers.has("upgrade")) {
      throw exchangeError(
        RequestErrorCode.INVALID_REQUEST,
        "request() cannot switch protocols: use upgrade() or connectTunnel()",
        undefined,
      );
    }
    const fromUrl = takeUrlCredentials(url);
    const context: CallContext = {
      cache: activeCache(options.cache),
      credentials: options.auth ?? fromUrl.credentials,
      authOrigin: fromUrl.url.origin,
    };
    let hop = firstHop(fromUrl.url, options, headers, started?.body);
    const policy = redirectPolicyOf(options.redirect);
    let hops: readonly RedirectHop[] = [];
    const visited: string[] = [];
    let first = started?.result;
    for (;;) {
      const result = first ?? (await runHop(hop, options, control, resolvePool, visited, context));
      first = undefined;
      const { body } = result;
      if (policy !== null) {
        const decision = policy.next(
          { status: result.status, headers: result.headers },
          {
            method: hop.method,
            url: hop.url,
            headers: hop.headers,
            body: hop.body,
            bodyReplayable: hop.body === null || hop.body.replayable,
          },
          hops,
        );
        if (decision.action === "error") {
          await body.dump().catch(() => {});
          throw decision.error;
        }
        if (decision.action === "follow") {
          await body.dump().catch(() => {});
          visited.push(hop.url.href);
          hops = decision.history;
          const next = new URL(decision.request.url);
          checkUrl(next);
          if (options.trace !== undefined) {
            emitTrace(options.trace, "onRedirect", {
              status: result.status,
              from: hop.url.href,
              to: next.href,
              method: decision.request.method,
              time: performance.now(),
            });
          }
          hop = {
            method: decision.request.method,
            url: next,
            headers: decision.request.headers,
            body: decision.request.body ?? null,
          };
          continue;
        }
      }
      if (control.holdsResources) {
        const current = result.cache === "hit" ? null : control.current;
        if (current === null) control.dispose();
        else void current.settled.then(() => control.dispose());
      }
      const response: Mutable<ClientResponse> = {
        status: result.status,
        statusText: result.statusText,
        version: result.version,
        headers: result.headers,
        body,
        trailers: result.trailers,
        url: hop.url.href,
        reused: result.reused,
        attempts: result.attempts,
        redirects: visited,
      };
      if (result.cache !== undefined) response.cache = result.cache;
      return response;
    }
  } catch (error) {
    control.dispose();
    throw error;
  }
}

/** What `upgrade()` and `connectTunnel()` resolve with once the server switched. */
export interface UpgradeResponse {
  /** 101 for an upgrade, a 2xx for CONNECT. */
  readonly status: number;
  readonly statusText: string;
  readonly headers: Fields;
  /** The raw socket (a `TLSSocket` for https), now the caller's to use and close. */
  readonly socket: Socket;
  /** Bytes of the new protocol that arrived with the response head: process them first. */
  readonly head: Uint8Array;
}

/** The upgrade algorithm behind `upgrade()` and `connectTunnel()` (internal). */
export async function performUpgrade(
  url: URL,
  method: string,
  target: string | undefined,
  options: RequestOptions,
  resolvePool: PoolResolver,
): Promise<UpgradeResponse> {
  const control = new CallControl(options);
  try {
    control.check();
    checkUrl(url);
    const headers = new Fields(options.headers ?? undefined);
    // RFC 9110 §7.2: Host names the target; for CONNECT that is the tunnel's authority.
    if (target !== undefined && !headers.has("host")) headers.set("Host", target);
    const hop: Hop = { method, url, headers, body: prepareBody(options.body) };
    const hopOptions: RequestOptions = { ...options, decompress: false, retry: false };
    const pool = resolvePool(url, hopOptions);
    const { outcome } = await sendHop(
      hop,
      headers,
      undefined,
      hopOptions,
      control,
      pool,
      target ?? pool.requestTarget(url),
      [],
      true,
    );
    if (outcome.kind !== "switched") throw new Error("unreachable: upgrade without switch");
    return {
      status: outcome.head.status,
      statusText: outcome.head.reason,
      headers: outcome.head.headers,
      socket: outcome.socket,
      head: outcome.rest,
    };
  } finally {
    control.dispose();
  }
}
