import type { ParserOptions } from "@hyperwire/h1";
import { canPipeline } from "@hyperwire/methods";
import type { ClientResponse } from "./client-response.js";
import { type ConnectTarget, connectSocket, type TlsOptions } from "./connect-socket.js";
import { ConnectionSetup } from "./connection-setup.js";
import { ClientError, ClientErrorCode } from "./errors.js";
import type { Exchange } from "./exchange.js";
import { sendRequest } from "./plain-request.js";
import { type ConnectionOwner, PoolConnection } from "./pool-connection.js";
import { ProxyAuthenticator } from "./proxy-auth.js";
import { type ProxyOption, resolveProxy } from "./proxy-option.js";
import { connectThroughProxy, type TunnelProxy } from "./proxy-tunnel.js";
import { exchangeError, RequestErrorCode } from "./request-error-codes.js";
import type { RequestOptions } from "./request-options.js";

/**
 * Options of a {@link Pool} (and of every pool an `Agent` makes).
 *
 * @example
 * ```ts
 * const pool = new Pool("http://127.0.0.1:8080", { connections: 4, pipelining: 8 });
 * ```
 */
export interface PoolOptions {
  /** Most connections open at once to the origin. Default 10. */
  readonly connections?: number;
  /**
   * Most requests in flight on one connection. Default 1 (no pipelining).
   * Above 1, requests are pipelined only when no new connection may be
   * opened, and only those `canPipeline` (@hyperwire/methods) allows: safe
   * methods, which can be replayed if the connection fails (RFC 9112 §9.3.2).
   */
  readonly pipelining?: number;
  /** Longest time (ms) an idle connection is kept. Default 4000. */
  readonly keepAliveTimeout?: number;
  /**
   * When the server announces `Keep-Alive: timeout=N`, idle connections are
   * closed `keepAliveTimeoutMargin` ms before the server would close them, so
   * that a request rarely crosses the server's close on the wire. Default 1000.
   */
  readonly keepAliveTimeoutMargin?: number;
  /** Time (ms) allowed for TCP connect plus TLS handshake. Default 10000. */
  readonly connectTimeout?: number;
  /** TLS settings for `https:` origins. */
  readonly tls?: TlsOptions;
  /** Connect to this Unix domain socket instead of the origin's host and port. */
  readonly socketPath?: string;
  /** Limits and leniencies of the response parser (@hyperwire/h1 `ParserOptions`). */
  readonly parser?: ParserOptions;
  /**
   * Reach the origin through this HTTP proxy (see {@link ProxyOption}):
   * `http:` origins in absolute-form, `https:` origins through a CONNECT
   * tunnel; an `https:` proxy is spoken to over TLS (its own `tls` settings,
   * else this pool's `ca` and `rejectUnauthorized`). Ignored with
   * `socketPath`. Default: direct.
   */
  readonly proxy?: ProxyOption;
}

/**
 * The TLS settings for an `https:` proxy: its own, else the CA list and
 * verification of the origins' settings. Their SNI name and client
 * certificate belong to the origins and are not shown to the proxy.
 */
function proxyTlsOptions(
  own: TlsOptions | undefined,
  origins: TlsOptions | undefined,
): TlsOptions | undefined {
  if (own !== undefined) return own;
  if (origins === undefined) return undefined;
  return {
    ...(origins.ca === undefined ? {} : { ca: origins.ca }),
    ...(origins.rejectUnauthorized === undefined
      ? {}
      : { rejectUnauthorized: origins.rejectUnauthorized }),
    ...(origins.minVersion === undefined ? {} : { minVersion: origins.minVersion }),
  };
}

/** Counters describing a pool at one moment. */
export interface PoolStats {
  /** Open connections (idle or busy). */
  readonly connections: number;
  /** Connections with nothing in flight. */
  readonly idle: number;
  /** Connections being opened. */
  readonly connecting: number;
  /** Requests waiting for a connection. */
  readonly queued: number;
  /** Connections opened over the pool's life. */
  readonly opened: number;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!(n > 0) || Number.isNaN(n)) {
    throw new ClientError(ClientErrorCode.INVALID_OPTION, `${name} must be a positive number`);
  }
  return n;
}

/**
 * The connections to one origin (scheme, host, port; or a Unix socket):
 * keep-alive reuse, a bound on connections, a FIFO queue of waiting requests,
 * idle timeouts that honour the server's `Keep-Alive: timeout=`, and opt-in
 * pipelining. Most code uses an `Agent`, which keeps one pool per origin.
 *
 * @example
 * ```ts
 * const pool = new Pool("http://127.0.0.1:8080", { connections: 2 });
 * const res = await pool.request("/health");
 * console.log(res.status, await res.body.text());
 * await pool.close();
 * ```
 */
export class Pool {
  /** The origin served, e.g. `https://example.com:443`. */
  readonly origin: string;
  /** Most requests in flight on one connection (see {@link PoolOptions.pipelining}). */
  readonly pipelining: number;
  /** What the pool's connections ask of it. */
  readonly #owner: ConnectionOwner;
  readonly #maxConnections: number;
  readonly #target: ConnectTarget;
  /** The proxy of a tunnelled (`https:`) origin. */
  readonly #tunnel: TunnelProxy | undefined;
  /**
   * Requests to an `http:` origin through a proxy are forwarded in
   * absolute-form with this pool's Proxy-Authorization.
   * @internal
   */
  readonly forward: { readonly auth: ProxyAuthenticator | undefined } | undefined;
  readonly #connections = new Set<PoolConnection>();
  #queue: Exchange[] = [];
  #connecting = 0;
  #opened = 0;
  #pumping = false;
  #pumpAgain = false;
  #closing = false;
  #destroyed = false;
  #onEmpty: (() => void) | null = null;

  constructor(origin: string | URL, options: PoolOptions = {}) {
    const url = typeof origin === "string" ? new URL(origin) : origin;
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ClientError(
        RequestErrorCode.UNSUPPORTED_PROTOCOL,
        `unsupported protocol ${url.protocol} (http: and https: only)`,
      );
    }
    this.origin = url.origin;
    this.#maxConnections = positive("connections", options.connections, 10);
    this.pipelining = Math.floor(positive("pipelining", options.pipelining, 1));
    const proxy = options.socketPath === undefined ? resolveProxy(url, options.proxy) : null;
    this.#owner = {
      release: () => this.#pump(),
      forget: (connection) => {
        this.#connections.delete(connection);
        this.#pump();
      },
      keepAliveTimeout: positive("keepAliveTimeout", options.keepAliveTimeout, 4000),
      keepAliveTimeoutMargin: Math.max(0, options.keepAliveTimeoutMargin ?? 1000),
      parserOptions: options.parser,
      pipelining: this.pipelining,
      proxy: proxy?.url.host,
    };
    const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    const connectTimeout = positive("connectTimeout", options.connectTimeout, 10_000);
    const proxyHost = proxy?.url.hostname.replace(/^\[(.*)\]$/, "$1");
    const proxyPort =
      proxy === null || proxy.url.port !== ""
        ? Number(proxy?.url.port)
        : proxy.url.protocol === "https:"
          ? 443
          : 80;
    const proxyAuth =
      proxy === null || (proxy.authorization === undefined && proxy.credentials === undefined)
        ? undefined
        : new ProxyAuthenticator(proxy.authorization, proxy.credentials);
    if (proxy !== null && url.protocol === "http:") {
      // RFC 9112 §3.2.2: to a proxy, requests name their target in absolute-form.
      this.forward = { auth: proxyAuth };
      this.#tunnel = undefined;
      this.#target = {
        protocol: proxy.url.protocol as "http:" | "https:",
        hostname: proxyHost!,
        port: proxyPort,
        socketPath: undefined,
        tls: proxyTlsOptions(proxy.tls, options.tls),
        connectTimeout,
        proxy: true,
      };
      return;
    }
    this.forward = undefined;
    this.#tunnel =
      proxy === null
        ? undefined
        : {
            protocol: proxy.url.protocol as "http:" | "https:",
            hostname: proxyHost!,
            port: proxyPort,
            auth: proxyAuth,
            tls: proxyTlsOptions(proxy.tls, options.tls),
          };
    this.#target = {
      protocol: url.protocol,
      hostname,
      port: url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port),
      socketPath: options.socketPath,
      tls: options.tls,
      connectTimeout,
    };
  }

  /**
   * The request-target for `url` on this pool's connections (internal):
   * origin-form (RFC 9112 §3.2.1), or absolute-form without userinfo and
   * fragment when forwarding through a proxy (§3.2.2).
   */
  requestTarget(url: URL): string {
    const path = `${url.pathname === "" ? "/" : url.pathname}${url.search}`;
    return this.forward === undefined ? path : `${url.protocol}//${url.host}${path}`;
  }

  /** Counters: open, idle and connecting connections, queued requests. */
  get stats(): PoolStats {
    let idle = 0;
    for (const connection of this.#connections) if (connection.idle) idle++;
    return {
      connections: this.#connections.size,
      idle,
      connecting: this.#connecting,
      queued: this.#queue.length,
      opened: this.#opened,
    };
  }

  /**
   * Sends a request to this pool's origin. `path` is the origin-form target
   * (`/a?b`) or a full URL of the same origin; options as for `request()`.
   */
  request(path: string, options: RequestOptions = {}): Promise<ClientResponse> {
    return sendRequest(new URL(path, this.origin), options, () => this);
  }

  /**
   * Queues one attempt (used by `request()` and the agent).
   * @internal
   */
  dispatch(exchange: Exchange): void {
    if (this.#closing || this.#destroyed) {
      exchange.reject(
        exchangeError(RequestErrorCode.CLOSED, `the pool for ${this.origin} is closed`, undefined),
      );
      return;
    }
    exchange.onDequeue = () => {
      const index = this.#queue.indexOf(exchange);
      if (index !== -1) this.#queue.splice(index, 1);
    };
    this.#queue.push(exchange);
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping) {
      // Re-entered from a connection event: run the loop once more afterwards.
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        this.#pumpOnce();
      } while (this.#pumpAgain);
    } finally {
      this.#pumping = false;
    }
  }

  #pumpOnce(): void {
    {
      let waiting = 0;
      for (let i = 0; i < this.#queue.length; ) {
        const exchange = this.#queue[i]!;
        if (exchange.finished) {
          this.#queue.splice(i, 1);
          continue;
        }
        const connection = this.#pick(exchange);
        if (connection === null) {
          waiting++;
          i++;
          continue;
        }
        this.#queue.splice(i, 1);
        exchange.onDequeue = null;
        connection.send(exchange);
      }
      // Open connections for the requests that wait, within the bound.
      while (waiting > this.#connecting) {
        if (this.#connections.size + this.#connecting >= this.#maxConnections) {
          // A retry after the keep-alive race wants a fresh connection: make room.
          if (!this.#evictIdleFor(this.#queue.some((e) => e.init.fresh))) break;
          continue;
        }
        this.#connect();
      }
      if (this.#closing) this.#checkEmpty();
    }
  }

  #pick(exchange: Exchange): PoolConnection | null {
    const { method, fresh, upgrade, expectContinue, httpVersion } = exchange.init;
    // Most recently idle first: it is the least likely to have been closed by the server.
    let best: PoolConnection | null = null;
    for (const connection of this.#connections) {
      if (!connection.idle || (fresh && connection.requestsSent > 0)) continue;
      if (!connection.canSend(method, 1)) continue;
      if (best === null || connection.idleSince > best.idleSince) best = connection;
    }
    if (best !== null) return best;
    if (
      this.pipelining <= 1 ||
      fresh ||
      upgrade ||
      expectContinue ||
      // Pipelining is an HTTP/1.1 feature (RFC 9112 §9.3.2).
      httpVersion === "1.0" ||
      !canPipeline(method) ||
      this.#connections.size + this.#connecting < this.#maxConnections
    ) {
      return null;
    }
    // RFC 9112 §9.3.2: pipeline only safe (replayable) methods, behind safe methods.
    let least: PoolConnection | null = null;
    for (const connection of this.#connections) {
      if (!connection.canSend(method, this.pipelining)) continue;
      if (least === null || connection.inFlight < least.inFlight) least = connection;
    }
    return least;
  }

  #evictIdleFor(wanted: boolean): boolean {
    if (!wanted) return false;
    let oldest: PoolConnection | null = null;
    for (const connection of this.#connections) {
      if (connection.idle && (oldest === null || connection.idleSince < oldest.idleSince)) {
        oldest = connection;
      }
    }
    if (oldest === null) return false;
    oldest.destroy();
    return true;
  }

  #connect(): void {
    // The attempt serves the oldest request still waiting for one: its own
    // connectTimeout, when shorter, bounds it, and its trace sees the steps.
    const waiting = this.#queue[this.#connecting]?.init;
    const forRequest = waiting?.connectTimeout;
    const tracer = waiting?.tracer;
    const setup = tracer === undefined ? undefined : new ConnectionSetup(tracer);
    const target =
      forRequest !== undefined && forRequest < this.#target.connectTimeout
        ? { ...this.#target, connectTimeout: forRequest }
        : this.#target;
    this.#connecting++;
    (this.#tunnel === undefined
      ? connectSocket(target, undefined, setup)
      : connectThroughProxy(target, this.#tunnel, setup)
    ).then(
      (socket) => {
        this.#connecting--;
        if (this.#destroyed) {
          socket.destroy();
          return;
        }
        this.#opened++;
        const connection = new PoolConnection(this.#owner, socket, setup);
        this.#connections.add(connection);
        this.#pump();
        // Nobody wanted it after all (the waiting request was aborted): it idles.
        if (connection.idle && connection.requestsSent === 0) connection.parkIdle();
      },
      (error: ClientError) => {
        this.#connecting--;
        // The attempt served the oldest waiting request: it fails, the others try again.
        const exchange = this.#queue.shift();
        if (exchange !== undefined) {
          exchange.onDequeue = null;
          exchange.reject(
            exchangeError(error.code as RequestErrorCode, error.message, error.phase, {
              cause: error.cause,
              reused: false,
              attempts: exchange.init.attempt,
            }),
          );
        }
        this.#pump();
      },
    );
  }

  /**
   * Stops taking requests, lets queued and in-flight ones finish, then
   * closes every connection.
   */
  close(): Promise<void> {
    this.#closing = true;
    return new Promise((resolve) => {
      this.#onEmpty = resolve;
      this.#checkEmpty();
    });
  }

  #checkEmpty(): void {
    if (this.#queue.length > 0 || this.#connecting > 0) return;
    for (const connection of this.#connections) {
      if (!connection.idle) return;
    }
    for (const connection of [...this.#connections]) connection.destroy();
    const done = this.#onEmpty;
    this.#onEmpty = null;
    done?.();
  }

  /** Closes every connection now; queued and in-flight requests fail with `HW_CLIENT_CLOSED`. */
  destroy(): void {
    this.#destroyed = true;
    this.#closing = true;
    const queued = this.#queue.splice(0);
    for (const exchange of queued) {
      exchange.reject(
        exchangeError(
          RequestErrorCode.CLOSED,
          `the pool for ${this.origin} was destroyed`,
          undefined,
        ),
      );
    }
    for (const connection of [...this.#connections]) connection.destroy();
    const done = this.#onEmpty;
    this.#onEmpty = null;
    done?.();
  }
}
