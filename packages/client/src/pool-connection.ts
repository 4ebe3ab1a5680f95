import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { TLSSocket } from "node:tls";
import {
  ClientConnection,
  type ClientEvent,
  type ParserOptions,
  type ResponseHead,
} from "@hyperwire/h1";
import { type KeepAlive, parseKeepAlive } from "@hyperwire/headers";
import { type ConnectionSetup, readTlsFacts } from "./connection-setup.js";
import type { ConnectionFailure, Exchange, ExchangeCarrier } from "./exchange.js";
import type { PreparedBody } from "./request-body.js";
import { RequestErrorCode } from "./request-error-codes.js";
import type { TraceConnection, TraceTls } from "./request-trace.js";

/** What a connection needs from its pool (internal). */
export interface ConnectionOwner {
  /** The connection may take another request (or became idle). */
  release(connection: PoolConnection): void;
  /** The connection is gone (closed, or handed over after a protocol switch). */
  forget(connection: PoolConnection): void;
  /** Longest idle time (ms) the client keeps a connection. */
  readonly keepAliveTimeout: number;
  /** Subtracted from the server's `Keep-Alive: timeout=` (ms), so the client closes first. */
  readonly keepAliveTimeoutMargin: number;
  /** Options of the response parser. */
  readonly parserOptions: ParserOptions | undefined;
  /** Most requests in flight on one connection (1 without pipelining). */
  readonly pipelining: number;
  /** `host:port` of the proxy the connections go through, if any (for traces). */
  readonly proxy: string | undefined;
}

/** Numbers connections in the order opened, for traces. */
let connectionCount = 0;

/**
 * One pooled HTTP/1.1 connection (internal): a socket driven by the sans-IO
 * {@link ClientConnection} of @hyperwire/h1, which decides framing,
 * persistence and pipelining; this class only moves bytes and timers.
 */
export class PoolConnection implements ExchangeCarrier {
  readonly socket: Socket;
  /** 0, 1, 2, … in the order connections were opened in this process. */
  readonly id = connectionCount++;
  /** How the connection was set up, when a traced attempt opened it. */
  readonly #setup: ConnectionSetup | undefined;
  /** TLS facts, read once for traces. */
  #tls: TraceTls | undefined;
  readonly #owner: ConnectionOwner;
  readonly #codec: ClientConnection;
  readonly #inFlight: Exchange[] = [];
  #requestsSent = 0;
  #closed = false;
  #doubtful = false;
  #sending = false;
  #socketError: Error | undefined;
  #serverKeepAliveMs: number | undefined;
  /** Response heads received; with `Keep-Alive: max=`, the server's bound on requests sent. */
  #responses = 0;
  #requestLimit = Number.POSITIVE_INFINITY;
  #idleTimer: NodeJS.Timeout | undefined;
  /** When (performance.now()) the armed idle timer fires. */
  #idleTimerDue = 0;
  /** How long (ms) the current idle period may last. */
  #idleTimeout = 0;
  /** When the connection last became idle (performance.now()). */
  idleSince = 0;

  constructor(owner: ConnectionOwner, socket: Socket, setup?: ConnectionSetup) {
    this.#owner = owner;
    this.socket = socket;
    this.#setup = setup;
    this.#codec = new ClientConnection({
      ...(owner.parserOptions === undefined ? {} : { parser: owner.parserOptions }),
      maxPipelinedRequests: Math.max(1, owner.pipelining),
    });
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("error", this.#onError);
    socket.on("close", this.#onClose);
    this.idleSince = performance.now();
  }

  /** Requests written on this connection so far. */
  get requestsSent(): number {
    return this.#requestsSent;
  }

  /** Requests waiting for (the end of) their response. */
  get inFlight(): number {
    return this.#inFlight.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** No request in flight and the connection may carry one. */
  get idle(): boolean {
    return !this.#closed && this.#inFlight.length === 0 && this.#codec.canSendRequest("GET");
  }

  /**
   * Whether a request with `method` may be written now, with at most `depth`
   * requests in flight. The codec applies RFC 9112 §9.3.2: only methods that
   * `canPipeline` allows go behind another request.
   */
  canSend(method: string, depth: number): boolean {
    return (
      !this.#closed &&
      !this.#sending &&
      this.#inFlight.length < depth &&
      this.#requestsSent < this.#requestLimit &&
      this.#codec.canSendRequest(method)
    );
  }

  /** Writes the request of `exchange` (head now, content as it comes). */
  send(exchange: Exchange): void {
    const { init } = exchange;
    const body = init.body;
    // The idle timer stays armed: when it fires on a busy connection it does nothing.
    this.socket.ref();
    let head: Uint8Array;
    try {
      head = this.#codec.sendRequest(
        {
          method: init.method,
          target: init.target,
          headers: init.headers,
          version: init.httpVersion,
        },
        {
          contentLength: body === null ? 0 : body.length,
          continueTimeout: init.continueTimeout,
          now: performance.now(),
        },
      );
    } catch (cause) {
      // Nothing was written: the connection stays as it was.
      exchange.reject(
        exchange.errorFor(
          RequestErrorCode.INVALID_REQUEST,
          `the request cannot be sent: ${(cause as Error).message}`,
          "send",
          cause,
        ),
      );
      this.#settle();
      return;
    }
    const reused = this.#requestsSent > 0;
    const tracer = init.tracer;
    if (tracer !== undefined) {
      tracer.requestHead(
        this.#traceConnection(reused),
        this.#setup?.timings,
        head,
        init.method,
        init.target,
        init.httpVersion ?? "1.1",
      );
    }
    this.#requestsSent++;
    this.#inFlight.push(exchange);
    exchange.attach(this, reused);
    if (body === null || body.length === 0) {
      this.#writeNow([head, ...this.#codec.sendEndOfMessage()]);
      exchange.requestSent();
      return;
    }
    if (body.whole !== undefined && !init.expectContinue) {
      // Head and content in one writev: small requests leave in one packet.
      let parts: Uint8Array[];
      try {
        parts = [head, ...this.#codec.sendData(body.whole), ...this.#codec.sendEndOfMessage()];
      } catch (cause) {
        this.#abortWith(exchange, cause);
        return;
      }
      this.#writeNow(parts);
      if (tracer !== undefined) tracer.bodySent(body.whole.byteLength);
      exchange.requestSent();
      return;
    }
    this.#writeNow([head]);
    this.#sending = true;
    void this.#sendBody(exchange, body);
  }

  async #sendBody(exchange: Exchange, body: PreparedBody): Promise<void> {
    try {
      if (exchange.init.expectContinue) {
        // RFC 9110 §10.1.1: hold the content until 100 Continue, a final
        // status, or the bounded wait runs out (the codec decides which).
        for (;;) {
          const now = performance.now();
          if (this.#codec.bodyDecision(now) !== "wait") break;
          await exchange.waitContinue((this.#codec.continueDeadline ?? now) - now);
          if (this.#closed || exchange.finished) return;
        }
      }
      if (this.#codec.bodyDecision(performance.now()) === "send") {
        for await (const chunk of body.chunks()) {
          if (this.#closed) return;
          // A final response arrived first: stop sending (the codec closes after it).
          if (this.#codec.bodyDecision(performance.now()) !== "send") break;
          await this.#write(this.#codec.sendData(chunk));
          exchange.init.tracer?.bodySent(chunk.byteLength);
        }
        if (this.#closed) return;
        if (this.#codec.bodyDecision(performance.now()) === "send") {
          await this.#write(this.#codec.sendEndOfMessage());
        }
      }
    } catch (cause) {
      if (!this.#closed) this.#abortWith(exchange, cause);
      return;
    } finally {
      this.#sending = false;
    }
    if (this.#closed) return;
    exchange.requestSent();
    this.#settle();
  }

  #abortWith(exchange: Exchange, cause: unknown): void {
    const isClientError = (cause as { code?: string }).code?.startsWith("HW_CLIENT_") === true;
    exchange.abort(
      isClientError
        ? cause
        : exchange.errorFor(
            RequestErrorCode.INVALID_BODY,
            `the request body failed: ${(cause as Error).message}`,
            "send",
            cause,
          ),
    );
  }

  #writeNow(parts: readonly Uint8Array[]): boolean {
    if (parts.length === 1) return this.socket.write(parts[0]!);
    this.socket.cork();
    let ok = true;
    for (const part of parts) ok = this.socket.write(part);
    this.socket.uncork();
    return ok;
  }

  async #write(parts: readonly Uint8Array[]): Promise<void> {
    if (parts.length === 0 || this.#writeNow(parts)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off("drain", done);
        this.socket.off("close", done);
        resolve();
      };
      this.socket.on("drain", done);
      this.socket.on("close", done);
    });
  }

  /** What a trace says about this connection (only called for traced attempts). */
  #traceConnection(reused: boolean): TraceConnection {
    const socket = this.socket;
    if (this.#tls === undefined && (socket as TLSSocket).encrypted === true) {
      const servername = (socket as { servername?: unknown }).servername;
      this.#tls =
        this.#setup?.tls ??
        readTlsFacts(socket as TLSSocket, typeof servername === "string" ? servername : undefined);
    }
    return {
      id: this.id,
      reused,
      previousRequests: this.#requestsSent,
      localAddress: socket.localAddress,
      localPort: socket.localPort,
      remoteAddress: socket.remoteAddress,
      remotePort: socket.remotePort,
      proxy: this.#owner.proxy,
      tls: this.#tls,
    };
  }

  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    if (!this.#closed) this.socket.resume();
  }

  #onData = (chunk: Buffer): void => {
    const front = this.#inFlight[0];
    if (front === undefined) {
      // Bytes while no request is outstanding cannot be a response to anything:
      // the connection is out of step and must not carry another request.
      this.destroy();
      return;
    }
    front.bytesSeen = true;
    const tracer = front.init.tracer;
    if (tracer !== undefined) tracer.bytesArrived();
    let events: ClientEvent[];
    try {
      events = this.#codec.receive(chunk);
    } catch (cause) {
      this.#fail("protocol", cause);
      return;
    }
    this.#handle(events, chunk);
  };

  #onEnd = (): void => {
    if (this.#closed) return;
    this.#handle(this.#codec.receiveEnd());
    // RFC 9112 §9.6: the server closed; what is still in flight got no (complete) answer.
    if (!this.#closed) this.#fail("closed", undefined);
  };

  #onError = (error: Error): void => {
    this.#socketError = error;
  };

  #onClose = (): void => {
    if (this.#closed) return;
    this.#fail(this.#socketError === undefined ? "closed" : "error", this.#socketError);
  };

  #handle(events: readonly ClientEvent[], chunk?: Uint8Array): void {
    // Where the last body piece ended inside `chunk` (body pieces are views into the input).
    let dataEnd = -1;
    let lengthFramed = false;
    for (const event of events) {
      switch (event.type) {
        case "informational":
          this.#inFlight[0]?.onInformational(event.head);
          break;
        case "response":
          lengthFramed = event.head.framing.kind === "length";
          dataEnd = -1;
          this.#noteKeepAlive(event.head);
          this.#inFlight[0]?.onHead(event.head);
          break;
        case "data":
          dataEnd =
            chunk !== undefined && event.data.buffer === chunk.buffer
              ? event.data.byteOffset + event.data.byteLength
              : -1;
          this.#inFlight[0]?.onData(event.data);
          break;
        case "trailers":
          this.#inFlight[0]?.onTrailers(event.trailers);
          break;
        case "end-of-message":
          this.#inFlight.shift()?.onEnd();
          if (
            lengthFramed &&
            chunk !== undefined &&
            dataEnd !== -1 &&
            dataEnd < chunk.byteOffset + chunk.byteLength &&
            this.#inFlight.length === 0
          ) {
            // RFC 9112 §6.3 ¶5: more bytes than Content-Length announced, with no
            // request left to answer: the server's framing is wrong somewhere, so
            // the connection is not reused (the next response could be misread).
            this.#doubtful = true;
          }
          lengthFramed = false;
          break;
        case "switched": {
          const exchange = this.#inFlight.shift();
          this.#detach();
          if (exchange === undefined) this.socket.destroy();
          else exchange.onSwitched(event.head, event.rest, this.socket);
          return;
        }
        case "error":
          this.#fail("protocol", event.error);
          return;
        case "connection-closed":
          break;
      }
    }
    this.#settle();
  }

  /** RFC 9112 §9.3 / RFC 2068 §19.7.1.1: remember how long the server keeps idle connections. */
  #noteKeepAlive(head: ResponseHead): void {
    this.#responses++;
    const value = head.headers.get("keep-alive");
    if (value === null) return;
    const parsed = keepAliveOf(value);
    if (parsed === null) return;
    if (parsed.timeout !== undefined) this.#serverKeepAliveMs = parsed.timeout * 1000;
    // `max=N`: the server takes N more requests after the one answered (RFC 2068
    // §19.7.1.1); a request beyond that would meet a close, so none is sent.
    if (parsed.max !== undefined) this.#requestLimit = this.#responses + parsed.max;
  }

  /** After a batch of events: close, go idle, or offer the connection for the next request. */
  #settle(): void {
    if (this.#closed) return;
    if (this.#codec.shouldClose || this.#doubtful || this.#requestsSent >= this.#requestLimit) {
      // Persistence is over (Connection: close, close-delimited body, an error,
      // an abandoned request content): never reuse a doubtful connection.
      if (this.#inFlight.length === 0 && !this.#sending) this.destroy();
      return;
    }
    if (this.#inFlight.length === 0 && !this.#sending) this.parkIdle();
    this.#owner.release(this);
  }

  /** Starts the idle timer of a connection with nothing in flight. */
  parkIdle(): void {
    this.idleSince = performance.now();
    const serverLimit =
      this.#serverKeepAliveMs === undefined
        ? Number.POSITIVE_INFINITY
        : this.#serverKeepAliveMs - this.#owner.keepAliveTimeoutMargin;
    const timeout = Math.min(this.#owner.keepAliveTimeout, serverLimit);
    if (timeout <= 0) {
      this.destroy();
      return;
    }
    this.#idleTimeout = timeout;
    if (Number.isFinite(timeout)) {
      // One timer per connection, armed lazily rather than set and cleared
      // around every request (a Timeout per request showed in CPU profiles of
      // busy pools); re-armed only when the new deadline is earlier.
      const due = this.idleSince + timeout;
      if (this.#idleTimer === undefined || this.#idleTimerDue > due) this.#armIdleTimer(timeout);
    }
    // An idle pooled connection never keeps the process alive.
    this.socket.unref();
  }

  #armIdleTimer(ms: number): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimerDue = performance.now() + ms;
    this.#idleTimer = setTimeout(this.#onIdleTimer, ms);
  }

  #onIdleTimer = (): void => {
    this.#idleTimer = undefined;
    // Busy again: the next parkIdle() arms the timer anew.
    if (this.#closed || this.#inFlight.length > 0 || this.#sending) return;
    const remaining = this.idleSince + this.#idleTimeout - performance.now();
    if (remaining <= 0) this.destroy();
    else this.#armIdleTimer(remaining);
  };

  /** Stops driving the socket: it now belongs to the caller of upgrade(). */
  #detach(): void {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    this.socket.off("data", this.#onData);
    this.socket.off("end", this.#onEnd);
    this.socket.off("error", this.#onError);
    this.socket.off("close", this.#onClose);
    this.socket.ref();
    this.#owner.forget(this);
  }

  #fail(kind: ConnectionFailure, cause: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    const orphans = this.#inFlight.splice(0);
    orphans.forEach((exchange, index) => {
      // Only the oldest request's response was on the wire; the others got nothing.
      exchange.failFromConnection(
        index === 0 ? kind : kind === "protocol" ? "closed" : kind,
        cause,
      );
    });
    this.socket.destroy();
    this.#owner.forget(this);
  }

  /** Closes the connection now; requests still in flight fail. */
  destroy(): void {
    this.#fail("closed", undefined);
  }
}

/** The last `Keep-Alive` value parsed and its meaning (a server sends the same one every time). */
let lastKeepAlive = "";
let lastKeepAliveParsed: KeepAlive | null = null;

/** `parseKeepAlive`, remembering the last value: null when it does not parse. */
function keepAliveOf(value: string): KeepAlive | null {
  if (value === lastKeepAlive) return lastKeepAliveParsed;
  const parsed = parseKeepAlive(value);
  lastKeepAlive = value;
  lastKeepAliveParsed = parsed.ok ? parsed.value : null;
  return lastKeepAliveParsed;
}
