import net from "node:net";
import tls from "node:tls";
import type { ConnectionSetup } from "./connection-setup.js";
import type { ClientError } from "./errors.js";
import { exchangeError, RequestErrorCode } from "./request-error-codes.js";

/**
 * TLS settings of an agent or pool (passed to `node:tls`). The client always
 * offers ALPN `http/1.1` (RFC 7301) and sends SNI (RFC 6066 §3) for host names.
 *
 * @example
 * ```ts
 * const agent = new Agent({ tls: { ca: readFileSync("ca.pem"), cert, key } });
 * ```
 */
export interface TlsOptions {
  /** Trusted CA certificates (PEM) instead of Node's bundled list. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Client certificate chain (PEM), for servers that ask for one. */
  readonly cert?: string | Buffer | readonly (string | Buffer)[];
  /** Private key of the client certificate (PEM). */
  readonly key?: string | Buffer | readonly (string | Buffer)[];
  /** Passphrase of `key`. */
  readonly passphrase?: string;
  /** Verify the server's certificate (default true). Turn off only in tests. */
  readonly rejectUnauthorized?: boolean;
  /** Name sent in SNI and checked against the certificate; default the URL's host name. */
  readonly servername?: string;
  /** Lowest TLS version accepted (default Node's, TLSv1.2). */
  readonly minVersion?: tls.SecureVersion;
}

/** Where and how to open a connection (internal). */
export interface ConnectTarget {
  readonly protocol: "http:" | "https:";
  /** Host name or IP literal, without IPv6 brackets. */
  readonly hostname: string;
  readonly port: number;
  /** A Unix domain socket to connect to instead of host and port. */
  readonly socketPath: string | undefined;
  readonly tls: TlsOptions | undefined;
  /** Milliseconds for TCP connect plus TLS handshake. */
  readonly connectTimeout: number;
  /** The target is a proxy (reported as such to a trace). */
  readonly proxy?: boolean;
}

/**
 * Opens a TCP (or Unix socket) connection, with TLS for `https:`, and
 * resolves once it can carry a request (internal). Rejects with a
 * ClientError in phase `connect` or `tls`. With `through` (an open proxy
 * tunnel), only the TLS handshake runs, over that socket. With `setup` (a
 * traced attempt asked for the connection), the steps are measured.
 */
export function connectSocket(
  target: ConnectTarget,
  through?: net.Socket,
  setup?: ConnectionSetup,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const secure = target.protocol === "https:";
    let phase: "connect" | "tls" = through === undefined ? "connect" : "tls";
    let socket: net.Socket;
    let servername: string | undefined;
    if (secure) {
      servername =
        target.tls?.servername ?? (net.isIP(target.hostname) === 0 ? target.hostname : undefined);
      const options: tls.ConnectionOptions = {
        ALPNProtocols: ["http/1.1"],
        ...(target.tls?.ca === undefined
          ? {}
          : { ca: target.tls.ca as tls.ConnectionOptions["ca"] }),
        ...(target.tls?.cert === undefined
          ? {}
          : { cert: target.tls.cert as tls.ConnectionOptions["cert"] }),
        ...(target.tls?.key === undefined
          ? {}
          : { key: target.tls.key as tls.ConnectionOptions["key"] }),
        ...(target.tls?.passphrase === undefined ? {} : { passphrase: target.tls.passphrase }),
        ...(target.tls?.minVersion === undefined ? {} : { minVersion: target.tls.minVersion }),
        rejectUnauthorized: target.tls?.rejectUnauthorized ?? true,
        ...(servername === undefined ? {} : { servername }),
        ...(through !== undefined
          ? { socket: through }
          : target.socketPath === undefined
            ? { host: target.hostname, port: target.port }
            : { path: target.socketPath }),
      };
      socket = tls.connect(options);
      // 'connect' fires on the underlying TCP socket before the handshake.
      socket.once("connect", () => {
        phase = "tls";
      });
    } else {
      socket =
        target.socketPath === undefined
          ? net.connect({ host: target.hostname, port: target.port })
          : net.connect({ path: target.socketPath });
    }
    if (setup !== undefined) {
      setup.watch(socket, {
        host: target.hostname,
        port: target.port,
        socketPath: target.socketPath,
        secure,
        through: through !== undefined,
        proxy: target.proxy === true,
        servername,
      });
    }
    const timer = setTimeout(() => {
      done(
        exchangeError(
          RequestErrorCode.CONNECT_TIMEOUT,
          `connecting to ${describe(target)} took longer than ${target.connectTimeout} ms`,
          phase,
        ),
      );
    }, target.connectTimeout);
    const onError = (cause: Error): void => {
      done(
        phase === "tls"
          ? exchangeError(
              RequestErrorCode.TLS_FAILED,
              `TLS handshake with ${describe(target)} failed: ${cause.message}`,
              "tls",
              { cause },
            )
          : exchangeError(
              RequestErrorCode.CONNECT_FAILED,
              `cannot connect to ${describe(target)}: ${cause.message}`,
              "connect",
              { cause },
            ),
      );
    };
    const onClose = (): void => {
      onError(new Error("the connection closed during setup"));
    };
    const done = (error: ClientError | null): void => {
      clearTimeout(timer);
      socket.off("error", onError);
      socket.off("close", onClose);
      if (error === null) {
        resolve(socket);
      } else {
        socket.destroy();
        reject(error);
      }
    };
    socket.on("error", onError);
    socket.on("close", onClose);
    socket.once(secure ? "secureConnect" : "connect", () => {
      socket.setNoDelay(true);
      done(null);
    });
  });
}

function describe(target: ConnectTarget): string {
  return target.socketPath ?? `${target.hostname}:${target.port}`;
}
