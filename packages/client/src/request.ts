import { Agent, type UpgradeOptions } from "./agent.js";
import type { ClientResponse } from "./client-response.js";
import type { FetchInit } from "./create-fetch.js";
import type { UpgradeResponse } from "./perform-request.js";
import type { RequestOptions } from "./request-options.js";

let globalAgent: Agent | undefined;

/**
 * The agent `request()`, `fetch()`, `upgrade()` and `connectTunnel()` use
 * when none is given: made on first use with default options.
 *
 * @example
 * ```ts
 * setGlobalAgent(new Agent({ connections: 32 }));
 * await getGlobalAgent().close();
 * ```
 */
export function getGlobalAgent(): Agent {
  globalAgent ??= new Agent();
  return globalAgent;
}

/** Replaces the global agent (the previous one is not closed). */
export function setGlobalAgent(agent: Agent): void {
  globalAgent = agent;
}

/** Options of the top-level functions: a request's options plus the agent to use. */
export interface AgentRequestOptions extends RequestOptions {
  /** The agent whose pools carry the request. Default {@link getGlobalAgent}. */
  readonly agent?: Agent;
}

/**
 * Sends an HTTP/1.1 request and resolves as soon as the final response head
 * arrived; read the body from `response.body`. Keep-alive connections are
 * pooled per origin by the agent; a request that crossed a server's
 * keep-alive close is retried once when its method allows it (RFC 9110
 * §9.2.2), and every failure is a `ClientError` with a stable code, the
 * phase, whether the connection was reused and the attempt count.
 *
 * @example
 * ```ts
 * const res = await request("http://127.0.0.1:8080/items", {
 *   method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ name: "a" }),
 *   timeout: 10_000,
 * });
 * if (res.status !== 201) throw new Error(await res.body.text());
 * const created = await res.body.json();
 * ```
 */
export function request(
  url: string | URL,
  options: AgentRequestOptions = {},
): Promise<ClientResponse> {
  return (options.agent ?? getGlobalAgent()).request(url, options);
}

/**
 * A WHATWG-compatible `fetch()` on the global agent (or `init.agent`):
 * `Request`/`RequestInit` in, `Response` out.
 *
 * @example
 * ```ts
 * const res = await fetch("http://127.0.0.1:8080/items/1");
 * const item = await res.json();
 * ```
 */
export function fetch(
  input: string | URL | Request,
  init?: FetchInit & { readonly agent?: Agent },
): Promise<Response> {
  return (init?.agent ?? getGlobalAgent()).fetch(input, init);
}

/**
 * Proposes a protocol switch (`Upgrade`, RFC 9110 §7.8) and resolves with
 * the socket and the bytes already read past the 101 response head.
 *
 * @example
 * ```ts
 * const { socket, head } = await upgrade("http://127.0.0.1:8080/chat", {
 *   protocol: "websocket",
 *   headers: { "sec-websocket-key": key, "sec-websocket-version": "13" },
 * });
 * ```
 */
export function upgrade(
  url: string | URL,
  options: UpgradeOptions & { readonly agent?: Agent },
): Promise<UpgradeResponse> {
  return (options.agent ?? getGlobalAgent()).upgrade(url, options);
}

/**
 * Opens a CONNECT tunnel (RFC 9110 §9.3.6) through the proxy at `proxyUrl`
 * to `authority` and resolves with the socket once the proxy answered 2xx.
 *
 * @example
 * ```ts
 * const { socket } = await connectTunnel("http://proxy.local:3128", "example.com:443", {
 *   headers: { "proxy-authorization": `Basic ${token}` },
 * });
 * const tlsSocket = tls.connect({ socket, servername: "example.com" });
 * ```
 */
export function connectTunnel(
  proxyUrl: string | URL,
  authority: string,
  options: AgentRequestOptions = {},
): Promise<UpgradeResponse> {
  return (options.agent ?? getGlobalAgent()).connectTunnel(proxyUrl, authority, options);
}
