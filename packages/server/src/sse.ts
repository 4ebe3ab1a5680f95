import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";
import {
  formatServerSentEvent,
  parseLastEventId,
  SERVER_SENT_EVENTS_HEARTBEAT,
  SERVER_SENT_EVENTS_MEDIA_TYPE,
  type ServerSentEvent,
} from "./server-sent-events.js";

/** What an event source receives. */
export interface EventSourceContext {
  /**
   * The `Last-Event-ID` a reconnecting client sent (WHATWG HTML §9.2.4):
   * resume after it. `undefined` on a first connection, or when the value
   * was not a valid ID.
   */
  readonly lastEventId: string | undefined;
  /** Aborts when the client goes away: stop producing. */
  readonly signal: AbortSignal;
  /** The request. */
  readonly request: ServerRequest;
}

/** Produces the events of one stream: events, or ready-made `text/event-stream` text. */
export type EventSourceFunction = (
  context: EventSourceContext,
) => AsyncIterable<ServerSentEvent | string> | Iterable<ServerSentEvent | string>;

/** Options of {@link eventStream}. */
export interface EventStreamOptions {
  /**
   * Milliseconds of silence after which a comment line (`": ping"`) is sent,
   * so proxies and load balancers do not close the idle connection. Default
   * 15 000; 0 turns heartbeats off.
   */
  readonly heartbeatMs?: number;
  /** A reconnection delay sent to the client first (`retry:`, WHATWG HTML §9.2.6). */
  readonly retry?: number;
  /** More response fields (they win over the defaults). */
  readonly headers?: Readonly<Record<string, string>>;
}

const HEARTBEAT = Symbol("heartbeat");
const STOPPED = Symbol("stopped");

/**
 * Answers `request` with a Server-Sent Events stream (WHATWG HTML §9.2):
 * `Content-Type: text/event-stream`, `Cache-Control: no-cache` (an event
 * stream must never be served from a cache) and `X-Accel-Buffering: no`
 * (nginx would otherwise buffer it). Events come from `source`, each written
 * by `formatServerSentEvent`; heartbeat comments fill silences longer than
 * `heartbeatMs`; the stream ends when the source ends or when the client
 * goes away (`request.signal`), and then the source's iterator is closed
 * (`return()`), so its `finally` blocks run.
 *
 * @example
 * ```ts
 * const handler: Handler = (request) =>
 *   eventStream(request, async function* ({ lastEventId, signal }) {
 *     let id = Number(lastEventId ?? 0);
 *     while (!signal.aborted) {
 *       await sleep(1000);
 *       id++;
 *       yield { id: String(id), event: "tick", data: new Date().toISOString() };
 *     }
 *   }, { heartbeatMs: 15_000 });
 * ```
 */
export function eventStream(
  request: ServerRequest,
  source: EventSourceFunction,
  options: EventStreamOptions = {},
): ServerResponse {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const last = parseLastEventId(request.headers.get("last-event-id"));
  const context: EventSourceContext = {
    lastEventId: last.ok ? last.value : undefined,
    signal: request.signal,
    request,
  };
  return {
    status: 200,
    headers: {
      "Content-Type": SERVER_SENT_EVENTS_MEDIA_TYPE,
      "Cache-Control": "no-cache",
      "X-Accel-Buffering": "no",
      ...options.headers,
    },
    body: run(context, source, heartbeatMs, options.retry),
  };
}

async function* run(
  context: EventSourceContext,
  source: EventSourceFunction,
  heartbeatMs: number,
  retry: number | undefined,
): AsyncGenerator<string> {
  const signal = context.signal;
  if (retry !== undefined) yield formatServerSentEvent({ retry });
  const produced = source(context);
  const iterator: AsyncIterator<ServerSentEvent | string> | Iterator<ServerSentEvent | string> =
    Symbol.asyncIterator in produced
      ? (produced as AsyncIterable<ServerSentEvent | string>)[Symbol.asyncIterator]()
      : (produced as Iterable<ServerSentEvent | string>)[Symbol.iterator]();
  let stop: (() => void) | undefined;
  const stopped = new Promise<typeof STOPPED>((resolve) => {
    stop = () => resolve(STOPPED);
  });
  const onAbort = (): void => stop!();
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  let pending: Promise<IteratorResult<ServerSentEvent | string>> | undefined;
  try {
    for (;;) {
      pending ??= Promise.resolve(iterator.next());
      let timer: ReturnType<typeof setTimeout> | undefined;
      const racers: Promise<unknown>[] = [pending, stopped];
      if (heartbeatMs > 0) {
        racers.push(
          new Promise<typeof HEARTBEAT>((resolve) => {
            timer = setTimeout(() => resolve(HEARTBEAT), heartbeatMs);
          }),
        );
      }
      let winner: unknown;
      try {
        winner = await Promise.race(racers);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
      if (winner === STOPPED) return;
      if (winner === HEARTBEAT) {
        // The source is still working on its next event; keep waiting for that one.
        yield SERVER_SENT_EVENTS_HEARTBEAT;
        continue;
      }
      pending = undefined;
      const result = winner as IteratorResult<ServerSentEvent | string>;
      if (result.done === true) return;
      yield typeof result.value === "string" ? result.value : formatServerSentEvent(result.value);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    pending?.catch(() => {});
    try {
      const closing = iterator.return?.();
      if (closing !== undefined && typeof (closing as Promise<unknown>).then === "function")
        (closing as Promise<unknown>).then(undefined, () => {});
    } catch {
      // A source that fails while closing has nothing more to say.
    }
  }
}
