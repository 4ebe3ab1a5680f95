import { parseHttpDate } from "@hyperwire/grammar";
import { Fields, type FieldsInit, parseDeltaSeconds } from "@hyperwire/headers";
import { canRetryAutomatically } from "@hyperwire/methods";
import { ClientError, ClientErrorCode, type ClientErrorPhase } from "./errors.js";

/** Options of a {@link RetryPolicy}. */
export interface RetryPolicyOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** The backoff of the first retry before jitter, in ms; doubles with each retry. Default 250. */
  baseDelayMs?: number;
  /** Cap on the backoff before jitter, in ms. Default 30000. */
  maxDelayMs?: number;
  /** Longest Retry-After honoured, in ms; a longer one ends the retries. Default 60000. */
  maxRetryAfterMs?: number;
  /** Statuses that are retried. Default 408, 429, 500, 502, 503, 504. */
  retryStatuses?: Iterable<number>;
  /**
   * Phases whose failures are retried. Default connect, tls, send and head;
   * not body, since part of the response may already have been handed on.
   */
  retryPhases?: Iterable<ClientErrorPhase>;
  /** A source of uniform numbers in [0, 1) for the jitter. Default `Math.random`; inject one in tests. */
  random?: () => number;
  /**
   * Also retry requests that are not idempotent (POST without an
   * Idempotency-Key, …) when they failed in the connect or tls phase, before
   * a byte was sent. Default false, so that only what
   * `canRetryAutomatically` allows is ever repeated.
   */
  retryUnsentNonIdempotentRequests?: boolean;
}

/** What happened to an attempt, for {@link RetryPolicy.decide}. */
export interface RetryContext {
  /** The request method. */
  readonly method: string;
  /** The request header fields; an Idempotency-Key among them makes any method retryable. */
  readonly headers?: FieldsInit;
  /** false when the request body cannot be sent again. Default true. */
  readonly bodyReplayable?: boolean;
  /** Retries already made (0 after the first attempt failed). */
  readonly retries: number;
  /** The response, when the attempt got one. */
  readonly response?: { readonly status: number; readonly headers?: FieldsInit };
  /** The failure, when the attempt got no response; `phase` is read from it (a `ClientError` has one). */
  readonly error?: unknown;
  /** The present, epoch ms, for an HTTP-date Retry-After without a Date field. Default `Date.now()`. */
  readonly now?: number;
}

/** Why {@link RetryPolicy.decide} said no. */
export type NoRetryReason =
  /** A response whose status is not in `retryStatuses` (success included). */
  | "status"
  /** A failure in a phase not in `retryPhases`, or with no known phase. */
  | "phase"
  /** The method is not one `canRetryAutomatically` allows (RFC 9110 §9.2.2). */
  | "method"
  /** The request body cannot be sent again. */
  | "body-not-replayable"
  /** `maxRetries` reached. */
  | "max-retries"
  /** Retry-After asks for a longer wait than `maxRetryAfterMs`. */
  | "retry-after-too-long";

/** What {@link RetryPolicy.decide} decided. */
export type RetryDecision =
  | {
      readonly retry: true;
      /** How long to wait before the next attempt, in ms. */
      readonly delayMs: number;
      /** true when the delay is the server's Retry-After rather than the backoff. */
      readonly fromRetryAfter: boolean;
    }
  | { readonly retry: false; readonly reason: NoRetryReason };

const DEFAULT_STATUSES = [408, 429, 500, 502, 503, 504];
const DEFAULT_PHASES: ClientErrorPhase[] = ["connect", "tls", "send", "head"];

/**
 * Parses a Retry-After field value into a delay in milliseconds, or
 * `undefined` when it is neither form.
 *
 * ```
 * Retry-After = HTTP-date / delay-seconds                   RFC 9110 §10.2.3
 * ```
 *
 * An HTTP-date is measured from `reference`: pass the response's Date field
 * when it has one, so a skewed local clock does not distort the wait; a date
 * in the past means 0.
 *
 * @example
 * ```ts
 * parseRetryAfter("120", Date.now());                                // 120000
 * parseRetryAfter("Fri, 31 Dec 1999 23:59:59 GMT", Date.UTC(1999, 11, 31, 23, 59, 0)); // 59000
 * parseRetryAfter("soon", Date.now());                               // undefined
 * ```
 */
export function parseRetryAfter(value: string, reference: number): number | undefined {
  const text = value.trim();
  const seconds = parseDeltaSeconds(text);
  if (seconds !== undefined) return seconds * 1000;
  const date = parseHttpDate(text, { now: reference });
  return date.ok ? Math.max(0, date.value.getTime() - reference) : undefined;
}

function phaseOf(error: unknown): ClientErrorPhase | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const phase = (error as { phase?: unknown }).phase;
  return typeof phase === "string" ? (phase as ClientErrorPhase) : undefined;
}

/**
 * When and after how long to repeat a failed request. Sans-IO: it computes a
 * decision, the caller sleeps and resends.
 *
 * - Only requests `canRetryAutomatically` (from `@hyperwire/methods`)
 *   allows: idempotent methods, or any method with an Idempotency-Key field.
 * - Retried outcomes: statuses 408, 429, 500, 502, 503, 504, and failures
 *   in the connect, tls, send and head phases (configurable).
 * - The wait is exponential backoff with full jitter:
 *   `random() × min(maxDelayMs, baseDelayMs × 2^retries)`, spreading
 *   clients that failed together; a Retry-After on the response replaces it
 *   (RFC 9110 §10.2.3), up to `maxRetryAfterMs`, beyond which the retries stop.
 *
 * @example
 * ```ts
 * const policy = new RetryPolicy({ maxRetries: 3 });
 * for (let retries = 0; ; retries++) {
 *   const response = await send();
 *   const d = policy.decide({ method: "GET", retries, response });
 *   if (!d.retry) return response;
 *   await sleep(d.delayMs);
 * }
 * ```
 */
export class RetryPolicy {
  readonly #maxRetries: number;
  readonly #base: number;
  readonly #cap: number;
  readonly #maxRetryAfter: number;
  readonly #statuses: ReadonlySet<number>;
  readonly #phases: ReadonlySet<ClientErrorPhase>;
  readonly #random: () => number;
  readonly #unsent: boolean;

  constructor(options: RetryPolicyOptions = {}) {
    this.#maxRetries = options.maxRetries ?? 2;
    this.#base = options.baseDelayMs ?? 250;
    this.#cap = options.maxDelayMs ?? 30_000;
    this.#maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
    for (const [name, value] of [
      ["maxRetries", this.#maxRetries],
      ["baseDelayMs", this.#base],
      ["maxDelayMs", this.#cap],
      ["maxRetryAfterMs", this.#maxRetryAfter],
    ] as const) {
      if (!(value >= 0) || !Number.isFinite(value)) {
        throw new ClientError(
          ClientErrorCode.INVALID_OPTION,
          `${name} must be a non-negative number, got ${value}`,
        );
      }
    }
    this.#statuses = new Set(options.retryStatuses ?? DEFAULT_STATUSES);
    this.#phases = new Set(options.retryPhases ?? DEFAULT_PHASES);
    this.#random = options.random ?? Math.random;
    this.#unsent = options.retryUnsentNonIdempotentRequests ?? false;
  }

  /** The jittered backoff before retry number `retries + 1`, in ms. */
  backoff(retries: number): number {
    const ceiling = Math.min(this.#cap, this.#base * 2 ** Math.max(0, retries));
    const r = this.#random();
    return Math.floor(ceiling * (r >= 0 && r < 1 ? r : 0));
  }

  /** Whether to retry after the outcome described by `context`, and after how long. */
  decide(context: RetryContext): RetryDecision {
    const no = (reason: NoRetryReason): RetryDecision => ({ retry: false, reason });
    const response = context.response;
    let phase: ClientErrorPhase | undefined;
    if (response !== undefined) {
      if (!this.#statuses.has(response.status)) return no("status");
    } else {
      phase = phaseOf(context.error);
      if (phase === undefined || !this.#phases.has(phase)) return no("phase");
    }
    const headers =
      context.headers instanceof Fields ? context.headers : new Fields(context.headers);
    // RFC 9110 §9.2.2: repeat automatically only what is idempotent, or made so by a key.
    const methodAllows = canRetryAutomatically(context.method, {
      idempotencyKey: headers.has("idempotency-key"),
    });
    const unsent = this.#unsent && (phase === "connect" || phase === "tls");
    if (!methodAllows && !unsent) return no("method");
    if (context.bodyReplayable === false) return no("body-not-replayable");
    if (context.retries >= this.#maxRetries) return no("max-retries");

    if (response?.headers !== undefined) {
      const fields =
        response.headers instanceof Fields ? response.headers : new Fields(response.headers);
      const retryAfter = fields.get("retry-after");
      if (retryAfter !== null) {
        const now = context.now ?? Date.now();
        const date = fields.get("date");
        const parsedDate = date === null ? undefined : parseHttpDate(date.trim());
        const reference = parsedDate?.ok ? parsedDate.value.getTime() : now;
        const delay = parseRetryAfter(retryAfter, reference);
        if (delay !== undefined) {
          if (delay > this.#maxRetryAfter) return no("retry-after-too-long");
          return { retry: true, delayMs: delay, fromRetryAfter: true };
        }
      }
    }
    return { retry: true, delayMs: this.backoff(context.retries), fromRetryAfter: false };
  }
}
