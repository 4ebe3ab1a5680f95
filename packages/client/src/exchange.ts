import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { H1Error, ResponseHead } from "@hyperwire/h1";
import { Fields } from "@hyperwire/headers";
import type { AttemptTracer } from "./attempt-tracer.js";
import type { InformationalResponse } from "./client-response.js";
import {
  COARSE_MIN_TIMEOUT_MS,
  type DeadlineWatcher,
  unwatchDeadlines,
  watchDeadlines,
} from "./coarse-deadlines.js";
import { createDecodedBody, decodableCodings } from "./decode-body.js";
import type { ClientError, ClientErrorPhase } from "./errors.js";
import type { PreparedBody } from "./request-body.js";
import { exchangeError, RequestErrorCode } from "./request-error-codes.js";
import {
  type BodySink,
  type BodySource,
  createResponseBody,
  type ResponseBody,
} from "./response-body.js";

/** What one attempt of a request needs (internal). */
export interface ExchangeInit {
  readonly method: string;
  readonly target: string;
  readonly headers: Fields;
  readonly body: PreparedBody | null;
  readonly expectContinue: boolean;
  readonly continueTimeout: number;
  readonly headTimeout: number;
  readonly bodyTimeout: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Only a connection that never carried a request will do (the retry after a keep-alive race). */
  readonly fresh: boolean;
  /** The caller expects the connection to leave HTTP (Upgrade, CONNECT). */
  readonly upgrade: boolean;
  readonly decompress: boolean;
  readonly onInformational: ((info: InformationalResponse) => void) | undefined;
  /** URLs requested before this one in a redirect chain (carried by errors). */
  readonly redirectHistory: readonly string[];
  /** Bound (ms) on opening a connection for this request, when shorter than the pool's. */
  readonly connectTimeout?: number | undefined;
  /** The request line's version; undefined means "1.1". */
  readonly httpVersion?: "1.0" | "1.1" | undefined;
  /** The attempt's trace, only when the request has a `trace` option. */
  readonly tracer?: AttemptTracer | undefined;
}

/** What an exchange resolves with (internal). */
export type ExchangeOutcome =
  | {
      readonly kind: "response";
      readonly head: ResponseHead;
      readonly body: ResponseBody;
      readonly trailers: Promise<Fields>;
      readonly reused: boolean;
    }
  | {
      readonly kind: "switched";
      readonly head: ResponseHead;
      readonly socket: Socket;
      readonly rest: Uint8Array;
      readonly reused: boolean;
    };

/** How a connection ended an exchange it could not complete (internal). */
export type ConnectionFailure = "closed" | "error" | "protocol";

/** The side of a connection an exchange talks to (internal). */
export interface ExchangeCarrier {
  pauseReading(): void;
  resumeReading(): void;
  destroy(): void;
}

/**
 * One attempt of one request on the wire (internal): the connection calls it
 * as the response arrives; it turns that into a {@link ExchangeOutcome} or a
 * typed {@link ClientError}, and owns the head and body-idle timers.
 */
export class Exchange implements BodySource, DeadlineWatcher {
  readonly init: ExchangeInit;
  readonly outcome: Promise<ExchangeOutcome>;
  /** A byte of the response stream arrived while this exchange waited. */
  bytesSeen = false;
  /** Settled: ended, switched or failed. */
  finished = false;
  // Made on first read of `settled`: most calls never wait for it.
  #settled: Promise<void> | null = null;
  #settle: (() => void) | null = null;
  /** Called when the exchange leaves a pool queue because it was aborted. */
  onDequeue: (() => void) | null = null;
  #carrier: ExchangeCarrier | null = null;
  #reused = false;
  #head: ResponseHead | null = null;
  #sink: BodySink | null = null;
  #resolve!: (outcome: ExchangeOutcome) => void;
  #reject!: (error: unknown) => void;
  #resolveTrailers: (fields: Fields) => void = ignore;
  #trailers: Fields | null = null;
  // Timeouts of a second or more are deadlines checked by the shared coarse
  // clock (0: none); shorter ones are timers of their own.
  #headTimer: NodeJS.Timeout | undefined;
  #bodyTimer: NodeJS.Timeout | undefined;
  #headDeadline = 0;
  #bodyDeadline = 0;
  /** @internal Owned by the coarse clock (see `watchDeadlines`). */
  deadlineSlot = -1;
  #bodyPaused = false;
  #sending = false;
  #continueWaiter: (() => void) | null = null;

  constructor(init: ExchangeInit) {
    this.init = init;
    this.outcome = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The caller may stop listening after an abort; never leave a rejection unhandled.
    this.outcome.catch(ignore);
  }

  /** Resolves once the exchange is settled (body ended, switched or failed). */
  get settled(): Promise<void> {
    if (this.#settled === null) {
      this.#settled = this.finished
        ? Promise.resolve()
        : new Promise((resolve) => {
            this.#settle = resolve;
          });
    }
    return this.#settled;
  }

  /** Whether the attempt went out on a connection that had served a request before. */
  get reused(): boolean {
    return this.#reused;
  }

  #finish(): void {
    this.finished = true;
    this.#settle?.();
  }

  /** The phase the exchange is in now (for errors raised from outside, like timeouts). */
  get phase(): ClientErrorPhase {
    if (this.#head !== null) return "body";
    if (this.#carrier === null) return "connect";
    return this.#sending ? "send" : "head";
  }

  /** The connection took the exchange and wrote its head. */
  attach(carrier: ExchangeCarrier, reused: boolean): void {
    this.#carrier = carrier;
    this.#reused = reused;
    this.#sending = true;
  }

  /** The whole request (head and content) was written, or its content abandoned. */
  requestSent(): void {
    this.#sending = false;
    this.init.tracer?.requestEnd();
    if (this.finished || this.#head !== null) return;
    this.#startHeadTimer();
  }

  #startHeadTimer(): void {
    const ms = this.init.headTimeout;
    if (!Number.isFinite(ms)) return;
    if (ms >= COARSE_MIN_TIMEOUT_MS) {
      this.#headDeadline = performance.now() + ms;
      watchDeadlines(this);
      return;
    }
    clearTimeout(this.#headTimer);
    this.#headTimer = setTimeout(headTimedOut, ms, this);
  }

  /** @internal The coarse clock's tick: fires the head or body-idle timeout when due. */
  checkDeadlines(now: number): void {
    if (this.#headDeadline !== 0 && now >= this.#headDeadline) {
      this.#headDeadline = 0;
      headTimedOut(this);
    } else if (this.#bodyDeadline !== 0 && now >= this.#bodyDeadline) {
      this.#bodyDeadline = 0;
      bodyTimedOut(this);
    }
  }

  #stopHeadTimer(): void {
    clearTimeout(this.#headTimer);
    this.#headTimer = undefined;
    this.#headDeadline = 0;
    if (this.#bodyDeadline === 0) unwatchDeadlines(this);
  }

  /** Waits up to `ms` for a 100 Continue or a final response (RFC 9110 §10.1.1 ¶7). */
  waitContinue(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.#continueWaiter === done) self.#continueWaiter = null;
        resolve();
      }
      this.#continueWaiter = done;
    });
  }

  #wakeSender(): void {
    this.#continueWaiter?.();
  }

  onInformational(head: ResponseHead): void {
    this.bytesSeen = true;
    // An interim response shows the server is working on it: the head wait starts over.
    if (this.#headTimer !== undefined || this.#headDeadline !== 0) this.#startHeadTimer();
    this.#wakeSender();
    this.init.tracer?.informational(head);
    try {
      this.init.onInformational?.({
        status: head.status,
        statusText: head.reason,
        headers: head.headers,
      });
    } catch {
      // A throwing callback must not break the connection's event loop.
    }
  }

  onHead(head: ResponseHead): void {
    this.bytesSeen = true;
    this.#head = head;
    this.init.tracer?.responseHead(head);
    this.#stopHeadTimer();
    this.#wakeSender();
    if (this.finished) return;
    // 101 and 2xx to CONNECT: the `switched` event follows with the socket.
    if (head.framing.kind === "tunnel") return;
    const codings = this.init.decompress
      ? decodableCodings(head.headers.get("content-encoding"))
      : null;
    const { body, sink } =
      codings === null ? createResponseBody(this) : createDecodedBody(codings, this);
    this.#sink = sink;
    const trailers = new Promise<Fields>((resolve) => {
      this.#resolveTrailers = resolve;
    });
    if (this.init.upgrade) {
      // The server declined the switch: drain its answer so the connection can be reused.
      this.#declineSwitch(head);
      void body.dump().catch(() => {});
      return;
    }
    this.#startBodyTimer();
    this.#resolve({ kind: "response", head, body, trailers, reused: this.#reused });
  }

  // ── BodySource: the response body's reader talks back through these ──

  /** The body's reader fell behind: stop reading the socket (and the idle wait). */
  pause(): void {
    this.#bodyPaused = true;
    this.#stopBodyTimer();
    this.#carrier?.pauseReading();
  }

  /** The body's reader caught up: read again. */
  resume(): void {
    if (!this.#bodyPaused) return;
    this.#bodyPaused = false;
    this.#carrier?.resumeReading();
    if (!this.finished) this.#startBodyTimer();
  }

  /** The body's reader gave up before the end: the connection cannot be reused. */
  cancel(reason: unknown): void {
    if (this.finished) return;
    this.#finish();
    this.init.tracer?.error(
      reason ?? this.#error(RequestErrorCode.ABORTED, "the response body was cancelled", "body"),
    );
    this.#clearTimers();
    this.#resolveTrailers(new Fields());
    this.#carrier?.destroy();
  }

  #declineSwitch(head: ResponseHead): void {
    this.#reject(
      this.#error(
        RequestErrorCode.UPGRADE_DECLINED,
        `the server answered ${head.status} ${head.reason} instead of switching protocols`,
        "head",
      ),
    );
  }

  #startBodyTimer(): void {
    const ms = this.init.bodyTimeout;
    if (!Number.isFinite(ms) || this.#bodyPaused) {
      this.#stopBodyTimer();
      return;
    }
    if (ms >= COARSE_MIN_TIMEOUT_MS) {
      this.#bodyDeadline = performance.now() + ms;
      watchDeadlines(this);
      return;
    }
    // Every chunk restarts the idle wait: re-arm the running timer rather than make a new one.
    if (this.#bodyTimer !== undefined) {
      this.#bodyTimer.refresh();
      return;
    }
    this.#bodyTimer = setTimeout(bodyTimedOut, ms, this);
  }

  #stopBodyTimer(): void {
    clearTimeout(this.#bodyTimer);
    this.#bodyTimer = undefined;
    this.#bodyDeadline = 0;
    if (this.#headDeadline === 0) unwatchDeadlines(this);
  }

  onData(chunk: Uint8Array): void {
    if (this.finished || this.#sink === null) return;
    const tracer = this.init.tracer;
    if (tracer !== undefined) tracer.bodyReceived += chunk.byteLength;
    if (!this.#bodyPaused) this.#startBodyTimer();
    if (!this.#sink.push(chunk) && !this.#bodyPaused) {
      this.#bodyPaused = true;
      this.#stopBodyTimer();
      this.#carrier?.pauseReading();
    }
  }

  onTrailers(trailers: Fields): void {
    this.#trailers = trailers;
  }

  onEnd(): void {
    if (this.finished) return;
    this.#finish();
    this.#clearTimers();
    if (this.#bodyPaused) {
      this.#bodyPaused = false;
      this.#carrier?.resumeReading();
    }
    this.#sink?.end();
    const trailers = this.#trailers ?? new Fields();
    this.init.tracer?.responseEnd(trailers);
    this.#resolveTrailers(trailers);
  }

  onSwitched(head: ResponseHead, rest: Uint8Array, socket: Socket): void {
    this.#clearTimers();
    if (this.finished) {
      socket.destroy();
      return;
    }
    this.#finish();
    this.init.tracer?.responseEnd(new Fields());
    if (!this.init.upgrade) {
      socket.destroy();
      this.#reject(
        this.#error(
          RequestErrorCode.PROTOCOL_ERROR,
          `the server switched protocols (${head.status}); use upgrade() or connectTunnel()`,
          "head",
        ),
      );
      return;
    }
    this.#resolve({ kind: "switched", head, socket, rest, reused: this.#reused });
  }

  /** The connection broke while this exchange was in flight. */
  failFromConnection(kind: ConnectionFailure, cause?: unknown): void {
    if (this.finished) return;
    this.#fail(this.#connectionError(kind, cause));
  }

  #connectionError(kind: ConnectionFailure, cause: unknown): ClientError {
    const h1Code = (cause as H1Error | undefined)?.code;
    if (this.#head !== null) {
      if (kind === "closed" || h1Code === "HW_H1_TRUNCATED_MESSAGE") {
        // RFC 9112 §8: a message that ends before its framing says is incomplete, never short data.
        return this.#error(
          RequestErrorCode.RESPONSE_TRUNCATED,
          "the connection closed before the end of the response body",
          "body",
          cause,
        );
      }
      return kind === "protocol"
        ? this.#error(
            RequestErrorCode.PROTOCOL_ERROR,
            `invalid response body: ${(cause as Error).message}`,
            "body",
            cause,
          )
        : this.#error(
            RequestErrorCode.CONNECTION_ERROR,
            `connection error while reading the response body: ${describeCause(cause)}`,
            "body",
            cause,
          );
    }
    const phase: ClientErrorPhase = this.#sending ? "send" : "head";
    if (!this.bytesSeen && kind !== "protocol") {
      // RFC 9112 §9.3.1: the server may close an idle persistent connection at
      // any time; a request that crossed the close on the wire got no answer at all.
      return this.#reused
        ? this.#error(
            RequestErrorCode.CONNECTION_RESET_BEFORE_RESPONSE,
            "the server closed the reused connection before sending any byte of a response (keep-alive race)",
            phase,
            cause,
          )
        : this.#error(
            RequestErrorCode.CLOSED_BEFORE_RESPONSE,
            `the server closed the connection before sending any byte of a response${cause === undefined ? "" : `: ${describeCause(cause)}`}`,
            phase,
            cause,
          );
    }
    if (h1Code === "HW_H1_TRUNCATED_MESSAGE") {
      return this.#error(
        RequestErrorCode.RESPONSE_TRUNCATED,
        "the connection closed inside the response head",
        "head",
        cause,
      );
    }
    return kind === "protocol"
      ? this.#error(
          RequestErrorCode.PROTOCOL_ERROR,
          `invalid response: ${(cause as Error).message}`,
          "head",
          cause,
        )
      : this.#error(
          RequestErrorCode.CONNECTION_ERROR,
          `connection error before the response head: ${describeCause(cause)}`,
          phase,
          cause,
        );
  }

  #error(
    code: RequestErrorCode,
    message: string,
    phase: ClientErrorPhase,
    cause?: unknown,
  ): ClientError {
    return exchangeError(code, message, phase, {
      reused: this.#reused,
      attempts: this.init.attempt,
      redirectHistory: this.init.redirectHistory,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** Fails the exchange without touching its connection (the caller handles that). */
  #fail(error: unknown): void {
    if (this.finished) return;
    this.#finish();
    this.init.tracer?.error(error);
    this.#clearTimers();
    this.#wakeSender();
    if (this.#sink === null) this.#reject(error);
    else this.#sink.fail(error);
    this.#resolveTrailers(new Fields());
  }

  /** Fails a request that never reached a connection, or whose head could not be written. */
  reject(error: unknown): void {
    this.#fail(error);
  }

  /**
   * Ends the exchange with `error` (abort, timeout): leaves the pool queue or
   * closes the connection, which cannot be reused mid-exchange.
   */
  abort(error: unknown): void {
    if (this.finished) return;
    this.#fail(error);
    if (this.#carrier === null) this.onDequeue?.();
    else this.#carrier.destroy();
  }

  /** Builds an error for this exchange with its attempt and reuse facts. */
  errorFor(code: RequestErrorCode, message: string, phase: ClientErrorPhase, cause?: unknown) {
    return this.#error(code, message, phase, cause);
  }

  #clearTimers(): void {
    clearTimeout(this.#headTimer);
    clearTimeout(this.#bodyTimer);
    this.#headTimer = undefined;
    this.#bodyTimer = undefined;
    this.#headDeadline = 0;
    this.#bodyDeadline = 0;
    unwatchDeadlines(this);
  }
}

function ignore(): void {}

// Timer callbacks take the exchange as an argument: no closure per request.
function headTimedOut(exchange: Exchange): void {
  exchange.abort(
    exchange.errorFor(
      RequestErrorCode.HEAD_TIMEOUT,
      `no response head within ${exchange.init.headTimeout} ms`,
      "head",
    ),
  );
}

function bodyTimedOut(exchange: Exchange): void {
  exchange.abort(
    exchange.errorFor(
      RequestErrorCode.BODY_TIMEOUT,
      `no response body bytes for ${exchange.init.bodyTimeout} ms`,
      "body",
    ),
  );
}

function describeCause(cause: unknown): string {
  if (cause === undefined) return "closed";
  const code = (cause as { code?: unknown }).code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === "string" && !message.includes(code) ? `${code} ${message}` : message;
}
