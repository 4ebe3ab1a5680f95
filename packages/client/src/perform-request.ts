import type { Socket } from "node:net";
import { Fields } from "@hyperwire/headers";
import { canRetryAutomatically } from "@hyperwire/methods";
import type { ClientResponse } from "./client-response.js";
import { DEFAULT_ACCEPT_ENCODING } from "./decode-body.js";
import { ClientError, type ClientErrorPhase } from "./errors.js";
import { Exchange, type ExchangeOutcome } from "./exchange.js";
import type { Pool } from "./pool.js";
import { type RedirectHop, RedirectPolicy } from "./redirect-policy.js";
import { type PreparedBody, prepareBody } from "./request-body.js";
import { exchangeError, RequestErrorCode } from "./request-error-codes.js";
import type { RequestOptions } from "./request-options.js";
import { RetryPolicy } from "./retry-policy.js";

/** Finds the pool for a URL (the agent's routing, or a fixed pool). */
export type PoolResolver = (url: URL, options: { readonly socketPath?: string }) => Pool;

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
  #timer: NodeJS.Timeout | undefined;
  #signal: AbortSignal | undefined;
  #wake: (() => void) | null = null;

  constructor(options: RequestOptions) {
    this.#signal = options.signal;
    if (this.#signal?.aborted) {
      this.stopped = this.#abortError(this.#signal.reason);
      return;
    }
    this.#signal?.addEventListener("abort", this.#onAbort);
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

  #onAbort = (): void => {
    this.#stop(this.#abortError(this.#signal?.reason));
  };

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

  /** The call is over: release the timer and the signal listener. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }
}

interface Hop {
  method: string;
  /** An explicit request-target (CONNECT's authority-form); default the URL's origin-form. */
  target?: string;
  url: URL;
  headers: Fields;
  body: PreparedBody | null;
}

function isRace(error: unknown): boolean {
  return (
    error instanceof ClientError &&
    error.code === RequestErrorCode.CONNECTION_RESET_BEFORE_RESPONSE &&
    error.reused === true
  );
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

/** The request-target in origin-form (RFC 9112 §3.2.1): path and query, never the fragment. */
function originForm(url: URL): string {
  return `${url.pathname === "" ? "/" : url.pathname}${url.search}`;
}

/** Host, cookies, Content-Type of the body, Expect: the fields each hop adds (internal). */
function hopHeaders(hop: Hop, options: RequestOptions): { headers: Fields; expect: boolean } {
  const headers = hop.headers.clone();
  // RFC 9112 §3.2: Host is the authority of the target URI (default port omitted).
  if (!headers.has("host")) headers.set("Host", hop.url.host);
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
  let expect = /(^|,)\s*100-continue\s*(,|$)/i.test(headers.get("expect") ?? "");
  const hasContent = hop.body !== null && hop.body.length !== 0;
  if (options.expectContinue === true && hasContent && !expect) {
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

/**
 * One attempt loop for one hop: the keep-alive race is retried once on a
 * fresh connection when `canRetryAutomatically` allows (RFC 9110 §9.2.2,
 * RFC 9112 §9.3.1); the retry policy, when given, decides the rest.
 */
async function sendHop(
  hop: Hop,
  options: RequestOptions,
  control: CallControl,
  resolvePool: PoolResolver,
  history: readonly string[],
  upgrade: boolean,
): Promise<{ outcome: ExchangeOutcome; attempts: number }> {
  const pool = resolvePool(hop.url, options);
  const retry = retryPolicyOf(options.retry);
  const { headers, expect } = hopHeaders(hop, options);
  const replayable = hop.body === null || hop.body.replayable;
  let attempt = 0;
  let retries = 0;
  let raceRetried = false;
  for (;;) {
    attempt++;
    control.check();
    const exchange = new Exchange({
      method: hop.method,
      target: hop.target ?? originForm(hop.url),
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
    });
    control.current = exchange;
    pool.dispatch(exchange);
    let outcome: ExchangeOutcome;
    try {
      outcome = await exchange.outcome;
    } catch (error) {
      if (control.stopped !== null) throw control.stopped;
      if (
        isRace(error) &&
        !raceRetried &&
        replayable &&
        canRetryAutomatically(hop.method, { idempotencyKey: headers.has("idempotency-key") })
      ) {
        // The request crossed the server's close: nothing was processed; send it again, once.
        raceRetried = true;
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
      await control.sleep(decision.delayMs);
      continue;
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

function firstHop(url: URL, options: RequestOptions): Hop {
  checkUrl(url);
  const headers = new Fields(options.headers ?? undefined);
  if ((options.decompress ?? true) && !headers.has("accept-encoding")) {
    // RFC 9110 §12.5.3: say which content codings the client decodes.
    headers.set("Accept-Encoding", DEFAULT_ACCEPT_ENCODING);
  }
  return { method: options.method ?? "GET", url, headers, body: prepareBody(options.body) };
}

/**
 * The request algorithm behind `request()`, `Agent.request` and
 * `Pool.request` (internal): hops of a redirect chain, attempts of each hop,
 * cookies in and out, one cancellation for the whole call.
 */
export async function performRequest(
  url: URL,
  options: RequestOptions,
  resolvePool: PoolResolver,
): Promise<ClientResponse> {
  const control = new CallControl(options);
  try {
    control.check();
    const method = options.method ?? "GET";
    const wantsSwitch =
      method === "CONNECT" || new Fields(options.headers ?? undefined).has("upgrade");
    if (wantsSwitch) {
      throw exchangeError(
        RequestErrorCode.INVALID_REQUEST,
        "request() cannot switch protocols: use upgrade() or connectTunnel()",
        undefined,
      );
    }
    let hop = firstHop(url, options);
    const policy = redirectPolicyOf(options.redirect);
    let hops: readonly RedirectHop[] = [];
    const visited: string[] = [];
    for (;;) {
      const { outcome, attempts } = await sendHop(
        hop,
        options,
        control,
        resolvePool,
        visited,
        false,
      );
      if (outcome.kind !== "response") throw new Error("unreachable: switched without upgrade");
      const { head, body } = outcome;
      storeCookies(options, hop.url, head.headers);
      if (policy !== null) {
        const decision = policy.next(
          { status: head.status, headers: head.headers },
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
          hop = {
            method: decision.request.method,
            url: next,
            headers: decision.request.headers,
            body: decision.request.body ?? null,
          };
          continue;
        }
      }
      const current = control.current!;
      void current.settled.then(() => control.dispose());
      return {
        status: head.status,
        statusText: head.reason,
        version: head.version === "1.0" ? "1.0" : "1.1",
        headers: head.headers,
        body,
        trailers: outcome.trailers,
        url: hop.url.href,
        reused: outcome.reused,
        attempts,
        redirects: visited,
      };
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
    if (target !== undefined) hop.target = target;
    const { outcome } = await sendHop(
      hop,
      { ...options, decompress: false, retry: false },
      control,
      resolvePool,
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
