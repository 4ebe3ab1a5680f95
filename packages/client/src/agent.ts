import { Fields } from "@hyperwire/headers";
import type { ClientResponse } from "./client-response.js";
import { createFetch, type FetchFunction } from "./create-fetch.js";
import { type PoolResolver, performUpgrade, type UpgradeResponse } from "./perform-request.js";
import { sendRequest } from "./plain-request.js";
import { Pool, type PoolOptions, type PoolStats } from "./pool.js";
import { type ProxyOption, resolveProxy } from "./proxy-option.js";
import type { RequestOptions } from "./request-options.js";

/** Options of an {@link Agent}: the {@link PoolOptions} every per-origin pool gets. */
export type AgentOptions = PoolOptions;

/**
 * Options of {@link Agent.upgrade}: those of a request, plus the protocol to
 * switch to (sent in `Upgrade` with `Connection: upgrade`, RFC 9110 §7.8).
 */
export interface UpgradeOptions extends RequestOptions {
  /** The protocol(s) to propose, e.g. `"websocket"`. */
  readonly protocol: string;
}

function toUrl(url: string | URL): URL {
  return typeof url === "string" ? new URL(url) : url;
}

/**
 * Routes requests to one {@link Pool} per origin (scheme, host, port, and
 * Unix socket path), made on first use with the agent's options. `request()`
 * and `fetch()` use a global agent unless given `agent`.
 *
 * @example
 * ```ts
 * const agent = new Agent({ connections: 16, keepAliveTimeout: 10_000, tls: { ca } });
 * const res = await agent.request("https://api.example.com/v1/items");
 * const items = await res.body.json();
 * const viaFetch = await agent.fetch("https://api.example.com/v1/items");
 * await agent.close();
 * ```
 */
export class Agent {
  readonly #options: AgentOptions;
  readonly #pools = new Map<string, Pool>();
  #closed = false;
  /** A WHATWG `fetch()` that sends through this agent's pools. */
  readonly fetch: FetchFunction;

  constructor(options: AgentOptions = {}) {
    this.#options = options;
    this.fetch = createFetch(this);
  }

  /**
   * The pool for `url`'s origin (and `socketPath`, and proxy: one pool per
   * origin and proxy with its credentials), made on first use. `proxy`
   * overrides the agent's.
   */
  pool(
    url: string | URL,
    options: { readonly socketPath?: string; readonly proxy?: ProxyOption } = {},
  ): Pool {
    const target = toUrl(url);
    const socketPath = options.socketPath ?? this.#options.socketPath;
    const proxy =
      socketPath === undefined ? resolveProxy(target, options.proxy ?? this.#options.proxy) : null;
    let key = socketPath === undefined ? target.origin : `${target.origin} ${socketPath}`;
    if (proxy !== null) key += ` via ${proxy.key}`;
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = new Pool(target, {
        ...this.#options,
        ...(socketPath === undefined ? {} : { socketPath }),
        proxy:
          proxy === null
            ? false
            : {
                uri: proxy.url,
                ...(proxy.authorization === undefined && proxy.credentials === undefined
                  ? {}
                  : { auth: proxy.credentials ?? proxy.authorization }),
                ...(proxy.tls === undefined ? {} : { tls: proxy.tls }),
              },
      });
      if (this.#closed) pool.destroy();
      this.#pools.set(key, pool);
    }
    return pool;
  }

  readonly #resolve: PoolResolver = (url, options) => this.pool(url, options);

  /**
   * Sends a request and resolves with the response once its head arrived
   * (see `request()` for the options).
   */
  request(url: string | URL, options: RequestOptions = {}): Promise<ClientResponse> {
    return sendRequest(toUrl(url), options, this.#resolve);
  }

  /**
   * Asks the server to switch protocols (RFC 9110 §7.8) and resolves with
   * the socket once it answered 101. Rejects with `HW_CLIENT_UPGRADE_DECLINED`
   * when it answered anything else.
   */
  upgrade(url: string | URL, options: UpgradeOptions): Promise<UpgradeResponse> {
    const headers = new Fields(options.headers ?? undefined);
    // RFC 9110 §7.8: Upgrade is a hop-by-hop proposal, so Connection names it.
    if (!headers.has("connection")) headers.set("Connection", "upgrade");
    if (!headers.has("upgrade")) headers.set("Upgrade", options.protocol);
    return performUpgrade(
      toUrl(url),
      options.method ?? "GET",
      undefined,
      { ...options, headers },
      this.#resolve,
    );
  }

  /**
   * Opens a tunnel through the HTTP proxy at `proxyUrl` to `authority`
   * (`host:port`) with CONNECT (RFC 9110 §9.3.6) and resolves with the
   * socket once the proxy answered 2xx.
   */
  connectTunnel(
    proxyUrl: string | URL,
    authority: string,
    options: RequestOptions = {},
  ): Promise<UpgradeResponse> {
    return performUpgrade(toUrl(proxyUrl), "CONNECT", authority, options, this.#resolve);
  }

  /** Counters of every pool, by origin. */
  get stats(): Record<string, PoolStats> {
    const out: Record<string, PoolStats> = {};
    for (const [key, pool] of this.#pools) out[key] = pool.stats;
    return out;
  }

  /** Lets requests in flight finish, then closes every connection. New requests fail with `HW_CLIENT_CLOSED`. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#pools.values()].map((pool) => pool.close()));
  }

  /** Closes every connection now; requests in flight fail. */
  destroy(): void {
    this.#closed = true;
    for (const pool of this.#pools.values()) pool.destroy();
  }
}
