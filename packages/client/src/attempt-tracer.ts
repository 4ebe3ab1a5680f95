import { performance } from "node:perf_hooks";
import type { ResponseHead } from "@hyperwire/h1";
import type { Fields } from "@hyperwire/headers";
import type {
  AttemptTimings,
  RequestTrace,
  TraceConnection,
  TracedAttempt,
  TraceTls,
} from "./request-trace.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The connection steps a {@link ConnectionSetup} measures (internal). */
export type SetupTimings = Mutable<
  Pick<
    AttemptTimings,
    "dnsStart" | "dnsEnd" | "connectStart" | "connectEnd" | "tlsStart" | "tlsEnd"
  >
>;

/** {@link SetupTimings} with no step measured yet (internal). */
export function unmeasuredSetup(): SetupTimings {
  return {
    dnsStart: undefined,
    dnsEnd: undefined,
    connectStart: undefined,
    connectEnd: undefined,
    tlsStart: undefined,
    tlsEnd: undefined,
  };
}

/**
 * Calls one callback of a {@link RequestTrace} with `this` bound to the
 * trace; a callback that throws is ignored, so an observer can never break
 * an exchange (internal).
 */
export function emitTrace<K extends keyof RequestTrace>(
  trace: RequestTrace,
  name: K,
  event: Parameters<NonNullable<RequestTrace[K]>>[0],
): void {
  const callback = trace[name] as ((event: unknown) => void) | undefined;
  if (callback === undefined) return;
  try {
    callback.call(trace, event);
  } catch {
    // An observer must not change what happens on the wire.
  }
}

function versionOf(head: ResponseHead): "1.0" | "1.1" {
  return head.version === "1.1" ? "1.1" : "1.0";
}

/**
 * The trace of one attempt (internal): made only when the request has a
 * `trace` option, so untraced requests pay one `undefined` check per hook
 * point. It keeps the attempt's timings and byte counts and turns what the
 * exchange, the connection and the connection setup report into the events
 * of {@link RequestTrace}.
 */
export class AttemptTracer {
  readonly trace: RequestTrace;
  readonly attempt: TracedAttempt;
  readonly timings: Mutable<AttemptTimings>;
  /** Content bytes received (after chunked decoding). */
  bodyReceived = 0;
  #bodySent = 0;

  constructor(trace: RequestTrace, method: string, url: string, number: number) {
    const now = performance.now();
    this.trace = trace;
    this.timings = {
      start: now,
      ...unmeasuredSetup(),
      requestStart: undefined,
      requestEnd: undefined,
      firstByte: undefined,
      responseHead: undefined,
      end: undefined,
    };
    this.attempt = { number, method, url, timings: this.timings };
    emitTrace(trace, "onAttemptStart", { attempt: this.attempt, time: now });
  }

  dnsStart(host: string, time: number): void {
    this.timings.dnsStart = time;
    emitTrace(this.trace, "onDnsStart", { attempt: this.attempt, time, host });
  }

  dnsEnd(
    host: string,
    address: string | undefined,
    family: number | undefined,
    error: Error | undefined,
    time: number,
  ): void {
    this.timings.dnsEnd = time;
    emitTrace(this.trace, "onDnsEnd", {
      attempt: this.attempt,
      time,
      host,
      address,
      family,
      error,
    });
  }

  connectStart(host: string, port: number | undefined, proxy: boolean, time: number): void {
    this.timings.connectStart = time;
    emitTrace(this.trace, "onConnectStart", { attempt: this.attempt, time, host, port, proxy });
  }

  connectEnd(
    local: { address: string | undefined; port: number | undefined },
    remote: { address: string | undefined; port: number | undefined },
    proxy: boolean,
    time: number,
  ): void {
    this.timings.connectEnd = time;
    emitTrace(this.trace, "onConnectEnd", {
      attempt: this.attempt,
      time,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      proxy,
    });
  }

  tlsStart(time: number): void {
    this.timings.tlsStart = time;
  }

  tlsEnd(tls: TraceTls, proxy: boolean, time: number): void {
    this.timings.tlsEnd = time;
    emitTrace(this.trace, "onTlsEnd", { attempt: this.attempt, time, tls, proxy });
  }

  tunnel(proxy: string, requestHead: Uint8Array, head: ResponseHead): void {
    emitTrace(this.trace, "onTunnel", {
      attempt: this.attempt,
      time: performance.now(),
      proxy,
      requestHead,
      status: head.status,
      statusText: head.reason,
      version: versionOf(head),
      headers: head.headers,
    });
  }

  /**
   * The request head went out on `connection`. A new connection's setup
   * times are taken from the connection's own record, which is exact even
   * when another attempt's wait opened it.
   */
  requestHead(
    connection: TraceConnection,
    setup: SetupTimings | undefined,
    head: Uint8Array,
    method: string,
    target: string,
    version: "1.0" | "1.1",
  ): void {
    const time = performance.now();
    const t = this.timings;
    if (!connection.reused && setup !== undefined) Object.assign(t, setup);
    t.requestStart = time;
    emitTrace(this.trace, "onConnection", { attempt: this.attempt, time, connection });
    emitTrace(this.trace, "onRequestHead", {
      attempt: this.attempt,
      time,
      // The codec's head is a view into a buffer it reuses: hand out a copy.
      head: head.slice(),
      method,
      target,
      version,
    });
  }

  bodySent(bytes: number): void {
    this.#bodySent += bytes;
    if (this.trace.onRequestBody === undefined) return;
    emitTrace(this.trace, "onRequestBody", {
      attempt: this.attempt,
      time: performance.now(),
      bytes,
      total: this.#bodySent,
    });
  }

  requestEnd(): void {
    const time = performance.now();
    this.timings.requestEnd = time;
    emitTrace(this.trace, "onRequestEnd", {
      attempt: this.attempt,
      time,
      bodyBytes: this.#bodySent,
    });
  }

  /** Bytes of the response arrived; the first time, that is the first byte. */
  bytesArrived(): void {
    if (this.timings.firstByte !== undefined) return;
    const time = performance.now();
    this.timings.firstByte = time;
    emitTrace(this.trace, "onFirstByte", { attempt: this.attempt, time });
  }

  informational(head: ResponseHead): void {
    emitTrace(this.trace, "onInformational", {
      attempt: this.attempt,
      time: performance.now(),
      status: head.status,
      statusText: head.reason,
      version: versionOf(head),
      headers: head.headers,
    });
  }

  responseHead(head: ResponseHead): void {
    const time = performance.now();
    this.timings.responseHead = time;
    emitTrace(this.trace, "onResponseHead", {
      attempt: this.attempt,
      time,
      status: head.status,
      statusText: head.reason,
      version: versionOf(head),
      headers: head.headers,
    });
  }

  responseEnd(trailers: Fields): void {
    if (this.timings.end !== undefined) return;
    const time = performance.now();
    this.timings.end = time;
    emitTrace(this.trace, "onResponseEnd", {
      attempt: this.attempt,
      time,
      bodyBytes: this.bodyReceived,
      trailers,
    });
  }

  error(error: unknown): void {
    if (this.timings.end !== undefined) return;
    const time = performance.now();
    this.timings.end = time;
    emitTrace(this.trace, "onAttemptError", { attempt: this.attempt, time, error });
  }
}
