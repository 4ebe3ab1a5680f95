import type { Socket } from "node:net";
import { type ProxyHeaderParseOptions, ProxyHeaderParser } from "./proxy-protocol.js";

/**
 * The `proxyProtocol` option of `serve`: which PROXY protocol versions the
 * listener expects in front of every connection, and parser limits.
 */
export interface ProxyProtocolOptions extends ProxyHeaderParseOptions {
  /** Accept the v1 text header. Default true. */
  readonly v1?: boolean;
  /** Accept the v2 binary header. Default true. */
  readonly v2?: boolean;
  /** Milliseconds the peer has to send the whole header. Default: the server's `headersTimeout`. */
  readonly timeoutMs?: number;
}

/** What {@link readProxyProtocolHeader} learnt: the real client, and the first bytes of HTTP. */
export interface ProxiedConnection {
  /** The client's address, or undefined for LOCAL/UNKNOWN headers (use the socket's). */
  readonly remoteAddress: string | undefined;
  /** The client's port, with `remoteAddress`. */
  readonly remotePort: number | undefined;
  /** Bytes read after the header: the start of the HTTP stream. */
  readonly head: Uint8Array;
}

/**
 * Reads the PROXY protocol header (HAProxy's "The PROXY protocol" v1/v2) at
 * the start of `socket` before any HTTP, then calls `done` synchronously from
 * the socket's `data` event, so the caller can attach its own reader without
 * losing a byte. A malformed header, a version not enabled, a socket error or
 * a header that does not arrive within the timeout closes the socket without
 * an answer (§2: a receiver must not try to guess; answering HTTP to a
 * PROXY peer would only confuse it).
 *
 * @example
 * ```ts
 * netServer.on("connection", (socket) =>
 *   readProxyProtocolHeader(socket, {}, 10_000, (proxied) =>
 *     httpServer.handleSocket(socket, { remoteAddress: proxied.remoteAddress, remotePort: proxied.remotePort, head: proxied.head }),
 *   ),
 * );
 * ```
 */
export function readProxyProtocolHeader(
  socket: Socket,
  options: ProxyProtocolOptions,
  defaultTimeoutMs: number,
  done: (proxied: ProxiedConnection) => void,
): void {
  const parser = new ProxyHeaderParser(options);
  const allowV1 = options.v1 !== false;
  const allowV2 = options.v2 !== false;
  const fail = (): void => {
    cleanup();
    socket.destroy();
  };
  const timer = setTimeout(fail, options.timeoutMs ?? defaultTimeoutMs);
  const onData = (chunk: Uint8Array): void => {
    const outcome = parser.feed(chunk);
    if (outcome.status === "need-more") return;
    if (outcome.status === "error") {
      fail();
      return;
    }
    const header = outcome.header;
    if ((header.version === 1 && !allowV1) || (header.version === 2 && !allowV2)) {
      fail();
      return;
    }
    cleanup();
    // LOCAL (a health check) and UNKNOWN carry no client: the socket's peer stands.
    const source = header.command === "proxy" ? header.source : undefined;
    done({
      remoteAddress: source?.address,
      remotePort: source?.port,
      head: outcome.rest,
    });
  };
  const cleanup = (): void => {
    clearTimeout(timer);
    socket.off("data", onData);
    socket.off("error", fail);
    socket.off("end", fail);
  };
  socket.on("data", onData);
  socket.on("error", fail);
  socket.on("end", fail);
}
