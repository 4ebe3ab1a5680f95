import type net from "node:net";
import { performance } from "node:perf_hooks";
import { ClientConnection, type ResponseHead } from "@hyperwire/h1";
import { Fields } from "@hyperwire/headers";
import { type ConnectTarget, connectSocket, type TlsOptions } from "./connect-socket.js";
import type { ConnectionSetup } from "./connection-setup.js";
import type { ClientError } from "./errors.js";
import type { ProxyAuthenticator } from "./proxy-auth.js";
import { exchangeError, RequestErrorCode } from "./request-error-codes.js";

/** The proxy a tunnel goes through (internal). */
export interface TunnelProxy {
  readonly protocol: "http:" | "https:";
  /** Host name or IP literal, without IPv6 brackets. */
  readonly hostname: string;
  readonly port: number;
  /** Proxy-Authorization up front and answers to 407, if the proxy has credentials. */
  readonly auth: ProxyAuthenticator | undefined;
  /** TLS settings for an `https:` proxy. */
  readonly tls: TlsOptions | undefined;
}

/** `host:port` for CONNECT's authority-form (RFC 9112 §3.2.3), IPv6 in brackets. */
function authorityOf(hostname: string, port: number): string {
  return `${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
}

/** How a CONNECT ended: the tunnel is open, or the proxy asked for credentials. */
type ConnectAnswer =
  | { readonly established: true; readonly rest: Uint8Array }
  | {
      readonly established: false;
      readonly head: ResponseHead;
      /** The proxy keeps the connection open: the next CONNECT may go on it. */
      readonly reusable: boolean;
    };

/**
 * Opens a connection to `target` through `proxy` (internal): TCP (or TLS)
 * to the proxy, `CONNECT host:port` with Proxy-Authorization (RFC 9110
 * §9.3.6), then, once the proxy answered 2xx, TLS with the origin inside the
 * tunnel. A 407 is answered once (twice for a stale Digest nonce) when the
 * proxy has credentials (RFC 9110 §11.7.1), on the same connection when the
 * proxy keeps it open, else on a new one. Every step counts against
 * `target.connectTimeout`. A 407 left unanswered fails with
 * `HW_CLIENT_PROXY_AUTH_REQUIRED`, another status with
 * `HW_CLIENT_PROXY_CONNECT_FAILED`, both in phase `connect`.
 */
export async function connectThroughProxy(
  target: ConnectTarget,
  proxy: TunnelProxy,
  setup?: ConnectionSetup,
): Promise<net.Socket> {
  const deadline = performance.now() + target.connectTimeout;
  const remaining = (): number => Math.max(1, deadline - performance.now());
  const openProxy = (): Promise<net.Socket> =>
    connectSocket(
      {
        protocol: proxy.protocol,
        hostname: proxy.hostname,
        port: proxy.port,
        socketPath: undefined,
        tls: proxy.protocol === "https:" ? proxy.tls : undefined,
        connectTimeout: remaining(),
        proxy: true,
      },
      undefined,
      setup,
    );
  const authority = authorityOf(target.hostname, target.port);
  const proxyAuthority = authorityOf(proxy.hostname, proxy.port);
  const where = `proxy ${proxyAuthority}`;
  const authRequest = { method: "CONNECT", uri: authority, body: undefined };
  let authorization = proxy.auth?.authorizationFor(authRequest);
  let proxySocket = await openProxy();
  let answered = 0;
  let rest: Uint8Array;
  for (;;) {
    const answer = await sendConnect(
      proxySocket,
      authority,
      proxyAuthority,
      authorization,
      proxy.auth?.canAnswer === true,
      remaining(),
      setup,
    );
    if (answer.established) {
      rest = answer.rest;
      break;
    }
    const challenges = answer.head.headers.getAll("proxy-authenticate");
    const next =
      answered < 2 ? (proxy.auth?.answer(challenges, authRequest, authorization) ?? null) : null;
    // One answer to the challenge; a second only for a Digest nonce that went stale (RFC 7616 §3.3).
    if (next === null || (answered === 1 && !next.stale)) {
      proxySocket.destroy();
      if (answered > 0) proxy.auth?.refused();
      throw exchangeError(
        RequestErrorCode.PROXY_AUTH_REQUIRED,
        `${where} requires authentication for CONNECT ${authority} (407${challenges.length > 0 ? `; Proxy-Authenticate: ${challenges.join(", ")}` : ""})`,
        "connect",
      );
    }
    answered++;
    authorization = next.authorization;
    if (!answer.reusable) {
      // RFC 9112 §9.6: the proxy closes after its 407; ask again on a new connection.
      proxySocket.destroy();
      proxySocket = await openProxy();
    }
  }
  if (target.protocol !== "https:") {
    if (rest.byteLength > 0) proxySocket.unshift(rest);
    return proxySocket;
  }
  // Bytes past the 2xx head already belong to the TLS stream.
  if (rest.byteLength > 0) proxySocket.unshift(rest);
  return connectSocket({ ...target, connectTimeout: remaining() }, proxySocket, setup);
}

/**
 * Sends CONNECT on `socket` and resolves once the tunnel is open (with the
 * bytes past the 2xx head), or, when `mayAnswer`, with a 407 read to its end.
 */
function sendConnect(
  socket: net.Socket,
  authority: string,
  proxyAuthority: string,
  authorization: string | undefined,
  mayAnswer: boolean,
  timeoutMs: number,
  setup: ConnectionSetup | undefined,
): Promise<ConnectAnswer> {
  return new Promise((resolve, reject) => {
    const where = `proxy ${proxyAuthority}`;
    /** The CONNECT head as sent, kept only for a trace. */
    let sentHead: Uint8Array | undefined;
    const codec = new ClientConnection();
    // RFC 9110 §7.2: Host carries the tunnel's authority.
    const headers = new Fields([["Host", authority]]);
    if (authorization !== undefined) {
      // RFC 9110 §11.7.2: credentials for the proxy, never forwarded by it.
      headers.set("Proxy-Authorization", authorization);
    }
    /** A 407 being read to its end before it is answered. */
    let challenge: ResponseHead | null = null;
    const timer = setTimeout(() => {
      fail(
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
        fail(protocolError(cause));
        return;
      }
      for (const event of events) {
        if (event.type === "switched") {
          finish({ established: true, rest: event.rest });
          return;
        }
        if (event.type === "response" && sentHead !== undefined) {
          setup?.tunnel(proxyAuthority, sentHead, event.head);
        }
        if (event.type === "response" && (event.head.status < 200 || event.head.status > 299)) {
          // RFC 9110 §15.5.8: a 407 with credentials to offer is read to its end, then answered.
          if (event.head.status === 407 && mayAnswer) {
            challenge = event.head;
            continue;
          }
          // A 2xx head is followed by `switched`; any other final status refuses the tunnel.
          fail(refused(event.head));
          return;
        }
        if (event.type === "end-of-message" && challenge !== null) {
          finish({ established: false, head: challenge, reusable: !codec.shouldClose });
          return;
        }
        if (event.type === "error") {
          fail(protocolError(event.error));
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
      if (challenge !== null) {
        // The 407 ran until the close (or its body was cut short): answer on a new connection.
        finish({ established: false, head: challenge, reusable: false });
        return;
      }
      fail(
        exchangeError(
          RequestErrorCode.PROXY_CONNECT_FAILED,
          `${where} closed the connection before answering CONNECT ${authority}`,
          "connect",
        ),
      );
    };
    const onError = (cause: Error): void => {
      if (challenge !== null) {
        finish({ established: false, head: challenge, reusable: false });
        return;
      }
      fail(
        exchangeError(
          RequestErrorCode.CONNECT_FAILED,
          `connection to ${where} failed: ${cause.message}`,
          "connect",
          { cause },
        ),
      );
    };
    const stopListening = (): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("end", onClose);
      socket.off("error", onError);
    };
    const fail = (error: ClientError): void => {
      stopListening();
      socket.destroy();
      reject(error);
    };
    const finish = (answer: ConnectAnswer): void => {
      stopListening();
      // Stop the flow started by 'data' listeners: TLS (or the pool, or the next CONNECT) reads next.
      socket.pause();
      resolve(answer);
    };
    socket.on("data", onData);
    socket.on("close", onClose);
    socket.on("end", onClose);
    socket.on("error", onError);
    // A connection that already carried a refused CONNECT was paused: read again.
    socket.resume();
    try {
      const head = codec.sendRequest(
        { method: "CONNECT", target: authority, headers },
        { contentLength: 0 },
      );
      // The codec's head is a view into a buffer it reuses: a trace gets a copy.
      if (setup !== undefined) sentHead = head.slice();
      for (const part of [head, ...codec.sendEndOfMessage()]) socket.write(part);
    } catch (cause) {
      fail(
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
