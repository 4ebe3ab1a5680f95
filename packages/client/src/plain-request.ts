import { Fields } from "@hyperwire/headers";
import { canRetryAutomatically } from "@hyperwire/methods";
import { isRedirect } from "@hyperwire/status";
import type { ClientResponse } from "./client-response.js";
import { DEFAULT_ACCEPT_ENCODING } from "./decode-body.js";
import { Exchange, type ExchangeOutcome } from "./exchange.js";
import { type PoolResolver, performFullRequest } from "./perform-request.js";
import type { Pool } from "./pool.js";
import { type PreparedBody, prepareBody } from "./request-body.js";
import { isKeepAliveRace } from "./request-error-codes.js";
import type { RequestOptions } from "./request-options.js";

const DEFAULT_HEAD_TIMEOUT = 30_000;
const DEFAULT_BODY_TIMEOUT = 30_000;
const DEFAULT_CONTINUE_TIMEOUT = 1000;
const NO_REDIRECTS: readonly string[] = Object.freeze([]);

/**
 * Sends a request (internal): the plain request, which is most of them, in
 * few steps ({@link plainRequest}); any other through the whole algorithm of
 * {@link performFullRequest} (retries, cookies, credentials, the cache,
 * cancellation, traces, progress, HTTP/1.0, forwarding proxies). A plain
 * request answered with a redirect to follow is handed over to it then.
 */
export function sendRequest(
  url: URL,
  options: RequestOptions,
  resolvePool: PoolResolver,
): Promise<ClientResponse> {
  if (!isPlain(url, options)) return performFullRequest(url, options, resolvePool);
  let pool: Pool;
  try {
    pool = resolvePool(url, options);
  } catch (error) {
    // An invalid proxy or socket setting: a rejection, as from the whole algorithm.
    return Promise.reject(error);
  }
  // A forwarding proxy may answer 407: the whole algorithm knows how to reply.
  if (pool.forward !== undefined) return performFullRequest(url, options, resolvePool);
  return plainRequest(url, options, pool, resolvePool);
}

/**
 * Whether `options` ask for nothing beyond one exchange and its keep-alive
 * race (and redirects, which only a redirect response needs).
 */
function isPlain(url: URL, options: RequestOptions): boolean {
  return (
    options.signal === undefined &&
    options.timeout === undefined &&
    (options.retry === undefined || options.retry === false) &&
    options.cookieJar === undefined &&
    options.auth === undefined &&
    options.cache === undefined &&
    options.trace === undefined &&
    options.onUploadProgress === undefined &&
    options.onDownloadProgress === undefined &&
    options.httpVersion === undefined &&
    options.expectContinue === undefined &&
    options.method !== "CONNECT" &&
    (url.protocol === "http:" || url.protocol === "https:") &&
    url.username === "" &&
    url.password === ""
  );
}

/**
 * One exchange with the fields every request gets, and the one transparent
 * retry of the keep-alive race (RFC 9112 §9.3.1, when `canRetryAutomatically`
 * allows): the same answer as {@link performFullRequest} for the same
 * options, without its per-hop machinery. A request whose fields ask for more
 * (Expect, Upgrade) takes the whole algorithm after all.
 */
function plainRequest(
  url: URL,
  options: RequestOptions,
  pool: Pool,
  resolvePool: PoolResolver,
): Promise<ClientResponse> {
  let caller: Fields | null = null;
  let body: PreparedBody | null;
  let headers: Fields;
  try {
    if (options.headers !== undefined && options.headers !== null) {
      caller = new Fields(options.headers);
      if (caller.has("expect") || caller.has("upgrade")) {
        return performFullRequest(url, options, resolvePool);
      }
    }
    body = prepareBody(options.body);
    headers = requestFields(url, options, caller, body);
  } catch (error) {
    // Invalid fields or body: a rejection, as from the whole algorithm.
    return Promise.reject(error);
  }
  const method = options.method ?? "GET";
  const target = pool.requestTarget(url);
  const follows = options.redirect !== undefined && options.redirect !== false;
  const answer = (
    outcome: ExchangeOutcome,
    attempts: number,
  ): ClientResponse | Promise<ClientResponse> => {
    if (outcome.kind !== "response") throw new Error("unreachable: switched without upgrade");
    const head = outcome.head;
    const response = toResponse(outcome, url, attempts);
    if (follows && isRedirect(head.status) && head.headers.has("location")) {
      // The redirect policy decides the rest, with this response as the first hop's.
      return performFullRequest(url, options, resolvePool, {
        callerFields: caller ?? new Fields(),
        body,
        result: { ...response, cache: undefined },
      });
    }
    return response;
  };
  const first = dispatch(pool, method, target, headers, body, options, 1, false);
  return first.outcome.then(
    (outcome) => answer(outcome, 1),
    (error: unknown) => {
      if (
        isKeepAliveRace(error) &&
        (body === null || body.replayable) &&
        canRetryAutomatically(method, { idempotencyKey: headers.has("idempotency-key") })
      ) {
        // The request crossed the server's close: nothing was processed; send it again, once.
        const second = dispatch(pool, method, target, headers, body, options, 2, true);
        return second.outcome.then((outcome) => answer(outcome, 2));
      }
      throw error;
    },
  );
}

/**
 * The fields sent: Host first (RFC 9110 §7.2, RFC 9112 §3.2) unless the
 * caller set one, the caller's, Accept-Encoding when the client decodes
 * (RFC 9110 §12.5.3), and the body's Content-Type when none was given.
 */
function requestFields(
  url: URL,
  options: RequestOptions,
  caller: Fields | null,
  body: PreparedBody | null,
): Fields {
  const lower: string[] = [];
  const raw: string[] = [];
  const values: string[] = [];
  if (caller === null || !caller.has("host")) {
    lower.push("host");
    raw.push("Host");
    values.push(url.host);
  }
  if (caller !== null) {
    caller.forEach((value, lowerName, rawName) => {
      lower.push(lowerName);
      raw.push(rawName);
      values.push(value);
    });
  }
  if ((options.decompress ?? true) && (caller === null || !caller.has("accept-encoding"))) {
    lower.push("accept-encoding");
    raw.push("Accept-Encoding");
    values.push(DEFAULT_ACCEPT_ENCODING);
  }
  const contentType = body?.contentType;
  if (contentType !== undefined && (caller === null || !caller.has("content-type"))) {
    lower.push("content-type");
    raw.push("Content-Type");
    values.push(contentType);
  }
  return Fields.fromTrusted(lower, raw, values);
}

function dispatch(
  pool: Pool,
  method: string,
  target: string,
  headers: Fields,
  body: PreparedBody | null,
  options: RequestOptions,
  attempt: number,
  fresh: boolean,
): Exchange {
  // The same shape as the whole algorithm's exchanges (one hidden class).
  const exchange = new Exchange({
    method,
    target,
    headers,
    body,
    expectContinue: false,
    continueTimeout: options.continueTimeout ?? DEFAULT_CONTINUE_TIMEOUT,
    headTimeout: options.headTimeout ?? DEFAULT_HEAD_TIMEOUT,
    bodyTimeout: options.bodyTimeout ?? DEFAULT_BODY_TIMEOUT,
    attempt,
    fresh,
    upgrade: false,
    decompress: options.decompress ?? true,
    onInformational: options.onInformational,
    redirectHistory: NO_REDIRECTS,
    connectTimeout: options.connectTimeout,
    httpVersion: undefined,
    tracer: undefined,
  });
  pool.dispatch(exchange);
  return exchange;
}

function toResponse(
  outcome: ExchangeOutcome & { readonly kind: "response" },
  url: URL,
  attempts: number,
): ClientResponse {
  const { head } = outcome;
  return {
    status: head.status,
    statusText: head.reason,
    version: head.version === "1.0" ? "1.0" : "1.1",
    headers: head.headers,
    body: outcome.body,
    trailers: outcome.trailers,
    url: url.href,
    reused: outcome.reused,
    attempts,
    redirects: NO_REDIRECTS,
  };
}
