import {
  type AddressInfo,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { ServerError } from "./errors.js";
import { fromFetchHandler } from "./fetch-handler.js";
import { HttpConnection } from "./http-connection.js";
import { readProxyProtocolHeader } from "./proxy-protocol-accept.js";
import {
  announceWorkerListening,
  resolveReusePort,
  reusePortListenOptions,
  reusePortUnsupportedReason,
} from "./reuse-port.js";
import {
  type Handler,
  type ResolvedServeOptions,
  resolveServeOptions,
  type ServeOptions,
} from "./server-options.js";
import { startTlsAfterProxyHeader } from "./tls-after-proxy.js";
import { tlsServerOptions, tlsSocketOptions } from "./tls-options.js";

/** Options of {@link HttpServer.close}. */
export interface CloseOptions {
  /**
   * Milliseconds in-flight requests get to finish before every remaining
   * connection is destroyed. Default 10 000.
   */
  readonly deadline?: number;
}

/**
 * Options of {@link HttpServer.handleSocket}: for a socket accepted elsewhere
 * (behind the PROXY protocol, from a cluster primary, from a test).
 */
export interface HandleSocketOptions {
  /** The client's address when the socket's peer is a proxy. */
  readonly remoteAddress?: string;
  /** The client's port when the socket's peer is a proxy. */
  readonly remotePort?: number;
  /** Bytes already read from the socket that belong to HTTP. */
  readonly head?: Uint8Array;
  /** Whether the socket is a TLS socket (for `request.secure` and `url`). */
  readonly secure?: boolean;
}

/**
 * An HTTP/1.1 server on `node:net` or `node:tls`. Create it with
 * {@link createServer} and start it with {@link HttpServer.listen}, or do
 * both with {@link serve}.
 *
 * @example
 * ```ts
 * const server = await serve({ port: 0, hostname: "127.0.0.1", handler: () => ({ body: "hi" }) });
 * console.log(server.url.href); // "http://127.0.0.1:40123/"
 * await server.close({ deadline: 5_000 });
 * ```
 */
export class HttpServer {
  /** @internal */
  readonly options: ResolvedServeOptions;
  readonly #serveOptions: ServeOptions;
  readonly #server: NetServer;
  /** Open connections and the client address each was counted under. */
  readonly #connections = new Map<HttpConnection, string>();
  readonly #perAddress = new Map<string, number>();
  #closing = false;
  #closed: Promise<void> | undefined;
  #allGone: (() => void) | undefined;

  /** Use {@link createServer}. @internal */
  constructor(options: ServeOptions) {
    if ((options.handler === undefined) === (options.fetch === undefined)) {
      throw new ServerError(
        "HW_SERVER_INVALID_OPTIONS",
        "give exactly one of `handler` and `fetch`",
      );
    }
    const handler: Handler = options.handler ?? fromFetchHandler(options.fetch!);
    this.#serveOptions = options;
    this.options = resolveServeOptions(options, handler);
    const proxy = this.options.proxyProtocol;
    if (
      proxy !== undefined &&
      options.tls !== undefined &&
      (options.tls as { requestCert?: unknown }).requestCert === true
    ) {
      throw new ServerError(
        "HW_SERVER_INVALID_OPTIONS",
        "client certificates (`requestCert`) cannot be used with `proxyProtocol`",
      );
    }
    if (options.tls !== undefined && proxy === undefined) {
      const server = createTlsServer({
        ...tlsServerOptions(options.tls),
        allowHalfOpen: true,
        handshakeTimeout: this.options.headersTimeout,
      });
      server.on("secureConnection", (socket: TLSSocket) => this.#accept(socket, true));
      server.on("tlsClientError", (_error, socket) => socket.destroy());
      this.#server = server;
    } else {
      const timeout = this.options.headersTimeout;
      // PROXY protocol before TLS: the header comes in clear, then the ClientHello.
      const tls = options.tls === undefined ? undefined : tlsSocketOptions(options.tls);
      const server = createNetServer({ allowHalfOpen: true, noDelay: true });
      server.on("connection", (socket: Socket) => {
        if (proxy === undefined) this.#accept(socket, false);
        else
          readProxyProtocolHeader(socket, proxy, timeout, (remote) => {
            if (tls === undefined) this.#accept(socket, false, remote);
            else
              startTlsAfterProxyHeader(socket, remote.head, tls, timeout, (secure) =>
                this.#accept(secure, true, {
                  remoteAddress: remote.remoteAddress,
                  remotePort: remote.remotePort,
                }),
              );
          });
      });
      this.#server = server;
    }
  }

  /** Whether a graceful shutdown is under way. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Number of open HTTP connections (handed-over sockets are not counted). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** The bound address: `{ address, family, port }` for TCP, the path for a Unix socket, `null` before listening. */
  get address(): AddressInfo | string | null {
    return this.#server.address();
  }

  /**
   * The base URL clients use: `http://127.0.0.1:3000/`, `https://[::1]:8443/`,
   * or `http+unix://%2Ftmp%2Fapp.sock/` for a Unix socket. An unspecified
   * bind address (`0.0.0.0`, `::`) is shown as `localhost`.
   */
  get url(): URL {
    const address = this.address;
    const scheme = this.options.secure ? "https" : "http";
    if (address === null)
      throw new ServerError("HW_SERVER_NOT_LISTENING", "the server is not listening");
    if (typeof address === "string")
      return new URL(`${scheme}+unix://${encodeURIComponent(address)}/`);
    let host = address.address;
    if (host === "::" || host === "0.0.0.0") host = "localhost";
    else if (address.family === "IPv6" || host.includes(":")) host = `[${host}]`;
    return new URL(`${scheme}://${host}:${address.port}/`);
  }

  /** Starts listening; resolves once bound. */
  listen(): Promise<this> {
    const o = this.#serveOptions;
    const reusePort = o.path === undefined ? resolveReusePort(o.reusePort) : false;
    if (reusePort === "unsupported") {
      return Promise.reject(
        new ServerError("HW_SERVER_INVALID_OPTIONS", reusePortUnsupportedReason()),
      );
    }
    return new Promise<this>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.#server.once("error", onError);
      const done = (): void => {
        this.#server.off("error", onError);
        resolve(this);
      };
      if (o.path !== undefined) {
        this.#server.listen({ path: o.path, backlog: o.backlog ?? 511 }, done);
      } else {
        const extra = reusePortListenOptions(reusePort);
        const listenOptions = { port: o.port ?? 3000, host: o.hostname, backlog: o.backlog ?? 511 };
        this.#server.listen({ ...listenOptions, ...extra }, () => {
          // A worker's own socket: the cluster primary hears of it only from us.
          const bound = this.#server.address();
          if (extra.exclusive === true && bound !== null && typeof bound === "object")
            announceWorkerListening(bound.address, bound.port);
          done();
        });
      }
    });
  }

  /**
   * Serves a socket accepted elsewhere, exactly like one this server accepted.
   *
   * @example
   * ```ts
   * // after reading a PROXY protocol header from `socket`:
   * server.handleSocket(socket, { remoteAddress: header.source.address, head: rest });
   * ```
   */
  handleSocket(socket: Socket, options: HandleSocketOptions = {}): void {
    this.#accept(socket, options.secure ?? false, options);
  }

  /**
   * Graceful shutdown: stops accepting, closes idle keep-alive connections at
   * once, lets requests in flight finish (their responses carry
   * `Connection: close`), and destroys what is left after `deadline` ms.
   * Resolves when every connection is closed.
   */
  close(options: CloseOptions = {}): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    this.#closing = true;
    const deadline = options.deadline ?? 10_000;
    this.#closed = new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let listening = this.#server.listening;
      let gone = this.#connections.size === 0;
      const check = (): void => {
        if (!listening && gone) {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        }
      };
      this.#allGone = () => {
        gone = true;
        check();
      };
      if (listening) {
        // Stop accepting now; the callback itself would wait for handed-over sockets too.
        this.#server.close();
        listening = false;
      }
      if (!gone) {
        timer = setTimeout(() => {
          for (const connection of [...this.#connections.keys()]) connection.destroy();
        }, deadline);
        for (const connection of [...this.#connections.keys()]) connection.shutdown();
      }
      check();
    });
    return this.#closed;
  }

  /** `await using server = await serve(…)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal */
  connectionGone(connection: HttpConnection): void {
    const address = this.#connections.get(connection);
    if (address === undefined) return;
    this.#connections.delete(connection);
    const count = this.#perAddress.get(address) ?? 1;
    if (count <= 1) this.#perAddress.delete(address);
    else this.#perAddress.set(address, count - 1);
    if (this.#connections.size === 0) this.#allGone?.();
  }

  #accept(socket: Socket, secure: boolean, options?: HandleSocketOptions): void {
    const limits = this.options;
    if (this.#closing || this.#connections.size >= limits.maxConnections) {
      socket.destroy();
      return;
    }
    const address = socket.remoteAddress ?? "";
    const fromAddress = this.#perAddress.get(address) ?? 0;
    if (fromAddress >= limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    this.#perAddress.set(address, fromAddress + 1);
    const connection = new HttpConnection(socket, this, secure, {
      address: options?.remoteAddress,
      port: options?.remotePort,
    });
    this.#connections.set(connection, address);
    if (options?.head !== undefined) connection.feed(options.head);
  }
}

/**
 * Creates a server without starting it; call `listen()`.
 *
 * @example
 * ```ts
 * const server = createServer({ port: 8080, handler: (request) => ({ body: `hello ${request.path}` }) });
 * await server.listen();
 * ```
 */
export function createServer(options: ServeOptions): HttpServer {
  return new HttpServer(options);
}

/**
 * Creates a server and starts listening. Resolves with the running server.
 *
 * @example
 * ```ts
 * import { serve } from "@hyperwire/server";
 *
 * const server = await serve({
 *   port: 8080,
 *   handler: async (request) => {
 *     if (request.method === "POST") return { status: 201, body: await request.text() };
 *     return { status: 200, headers: { "content-type": "text/plain" }, body: "hello\n" };
 *   },
 * });
 * console.log(`listening on ${server.url}`);
 * ```
 */
export function serve(options: ServeOptions): Promise<HttpServer> {
  return new HttpServer(options).listen();
}
