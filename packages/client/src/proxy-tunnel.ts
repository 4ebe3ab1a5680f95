import type net from "node:net";
import { performance } from "node:perf_hooks";
import { ClientConnection, type ResponseHead } from "@hyperwire/h1";
import { Fields } from "@hyperwire/headers";
import { type ConnectTarget, connectSocket } from "./connect-socket.js";
import type { ClientError } from "./errors.js";
import { exchangeError, RequestErrorCode } from "./request-error-codes.js";

/** The proxy a tunnel goes through (internal). */
export interface TunnelProxy {
  readonly protocol: "http:" | "https:";
  /** Host name or IP literal, without IPv6 brackets. */
  readonly hostname: string;
  readonly port: number;
  /** The Proxy-Authorization value, if any. */
  readonly authorization: string | undefined;
}

/** `host:port` for CONNECT's authority-form (RFC 9112 §3.2.3), IPv6 in brackets. */
function authorityOf(hostname: string, port: number): string {
  return `${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
}

/**
 * Opens a connection to `target` through `proxy` (internal): TCP (or TLS)
 * to the proxy, `CONNECT host:port` with Proxy-Authorization (RFC 9110
 * §9.3.6), then, once the proxy answered 2xx, TLS with the origin inside the
 * tunnel. Every step counts against `target.connectTimeout`. A 407 fails
 * with `HW_CLIENT_PROXY_AUTH_REQUIRED`, another status with
 * `HW_CLIENT_PROXY_CONNECT_FAILED`, both in phase `connect`.
 */
export async function connectThroughProxy(
  target: ConnectTarget,
  proxy: TunnelProxy,
): Promise<net.Socket> {
  const deadline = performance.now() + target.connectTimeout;
  const remaining = (): number => Math.max(1, deadline - performance.now());
  const proxySocket = await connectSocket({
    protocol: proxy.protocol,
    hostname: proxy.hostname,
    port: proxy.port,
    socketPath: undefined,
    // An https: proxy is checked against the same CA list as the origins.
    tls:
      proxy.protocol === "https:"
        ? {
            ...(target.tls?.ca === undefined ? {} : { ca: target.tls.ca }),
            ...(target.tls?.rejectUnauthorized === undefined
              ? {}
              : { rejectUnauthorized: target.tls.rejectUnauthorized }),
          }
        : undefined,
    connectTimeout: remaining(),
  });
  const authority = authorityOf(target.hostname, target.port);
  const rest = await sendConnect(proxySocket, authority, proxy, remaining());
  if (target.protocol !== "https:") {
    if (rest.byteLength > 0) proxySocket.unshift(rest);
    return proxySocket;
  }
  // Bytes past the 2xx head already belong to the TLS stream.
  if (rest.byteLength > 0) proxySocket.unshift(rest);
  return connectSocket({ ...target, connectTimeout: remaining() }, proxySocket);
}

/** Sends CONNECT on `socket` and resolves with the bytes past a 2xx head. */
function sendConnect(
  socket: net.Socket,
  authority: string,
  proxy: TunnelProxy,
  timeoutMs: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const codec = new ClientConnection();
    // RFC 9110 §7.2: Host carries the tunnel's authority.
    const headers = new Fields([["Host", authority]]);
    if (proxy.authorization !== undefined) {
      // RFC 9110 §11.7.2: credentials for the proxy, never forwarded by it.
      headers.set("Proxy-Authorization", proxy.authorization);
    }
    const where = `proxy ${authorityOf(proxy.hostname, proxy.port)}`;
    const timer = setTimeout(() => {
      done(
        exchangeError(
          RequestErrorCode.CONNECT_TIMEOUT,
          `the tunnel to ${authority} through ${where} took longer than the connect timeout`,
          "connect",
        ),
      );
    }, timeoutMs);
    const refused = (head: ResponseHead): ClientError => {
      const challenges = head.headers.getAll("proxy-authenticate");
      return head.status === 407
        ? exchangeError(
            RequestErrorCode.PROXY_AUTH_REQUIRED,
            `${where} requires authentication for CONNECT ${authority} (407${challenges.length > 0 ? `; Proxy-Authenticate: ${challenges.join(", ")}` : ""})`,
            "connect",
          )
        : exchangeError(
            RequestErrorCode.PROXY_CONNECT_FAILED,
            `${where} answered CONNECT ${authority} with ${head.status} ${head.reason}`,
            "connect",
          );
    };
    const onData = (chunk: Buffer): void => {
      let events: ReturnType<ClientConnection["receive"]>;
      try {
        events = codec.receive(chunk);
      } catch (cause) {
        done(protocolError(cause));
        return;
      }
      for (const event of events) {
        if (event.type === "switched") {
          done(null, event.rest);
          return;
        }
        // A 2xx head is followed by `switched`; any other final status refuses the tunnel.
        if (event.type === "response" && (event.head.status < 200 || event.head.status > 299)) {
          done(refused(event.head));
          return;
        }
        if (event.type === "error") {
          done(protocolError(event.error));
          return;
        }
      }
    };
    const protocolError = (cause: unknown): ClientError =>
      exchangeError(
        RequestErrorCode.PROXY_CONNECT_FAILED,
        `${where} sent an invalid answer to CONNECT: ${(cause as Error).message}`,
        "connect",
        { cause },
      );
    const onClose = (): void => {
      done(
        exchangeError(
          RequestErrorCode.PROXY_CONNECT_FAILED,
          `${where} closed the connection before answering CONNECT ${authority}`,
          "connect",
        ),
      );
    };
    const onError = (cause: Error): void => {
      done(
        exchangeError(
          RequestErrorCode.CONNECT_FAILED,
          `connection to ${where} failed: ${cause.message}`,
          "connect",
          { cause },
        ),
      );
    };
    const done = (error: ClientError | null, rest?: Uint8Array): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("end", onClose);
      socket.off("error", onError);
      if (error !== null) {
        socket.destroy();
        reject(error);
        return;
      }
      // Stop the flow started by 'data' listeners: TLS (or the pool) reads next.
      socket.pause();
      resolve(rest ?? new Uint8Array(0));
    };
    socket.on("data", onData);
    socket.on("close", onClose);
    socket.on("end", onClose);
    socket.on("error", onError);
    try {
      const head = codec.sendRequest(
        { method: "CONNECT", target: authority, headers },
        { contentLength: 0 },
      );
      for (const part of [head, ...codec.sendEndOfMessage()]) socket.write(part);
    } catch (cause) {
      done(
        exchangeError(
          RequestErrorCode.INVALID_REQUEST,
          `cannot send CONNECT ${authority}: ${(cause as Error).message}`,
          "connect",
          { cause },
        ),
      );
    }
  });
}
