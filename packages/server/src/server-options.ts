import type { Duplex } from "node:stream";
import type { SecureContextOptions } from "node:tls";
import type { ParserOptions } from "@hyperwire/h1";
import type { AccessLogRecord } from "./access-log.js";
import type { MultipartLimits } from "./multipart.js";
import type { ProxyProtocolOptions } from "./proxy-protocol-accept.js";
import type { ReusePortSetting } from "./reuse-port.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";

/**
 * The application: receives a {@link ServerRequest} and returns a
 * {@link ServerResponse} (or a promise of one). Throwing, or rejecting, makes
 * the server answer 500 without revealing the error (see `onError`).
 *
 * @example
 * ```ts
 * const handler: Handler = async (request) => {
 *   if (request.method === "POST") return { status: 201, body: await request.text() };
 *   return { status: 200, headers: { "content-type": "text/plain" }, body: "hello" };
 * };
 * ```
 */
export type Handler = (request: ServerRequest) => ServerResponse | Promise<ServerResponse>;

/**
 * A WHATWG fetch handler, as written for Hono, Bun or Deno.
 *
 * @example
 * ```ts
 * await serve({ port: 8080, fetch: (request) => new Response(`you asked for ${new URL(request.url).pathname}`) });
 * ```
 */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Takes over a connection that left HTTP: after `Upgrade` (a WebSocket
 * library, say) or `CONNECT` (a tunnel). The server no longer touches `socket`;
 * the taker writes the response itself (`101 Switching Protocols`, `200`, or
 * a refusal) and owns the socket from then on. `head` holds the bytes the
 * client sent after the request, already read from the socket: they belong to
 * the new protocol and must be processed first (RFC 9110 §7.8, §9.3.6).
 *
 * @example
 * ```ts
 * const onConnect: TakeoverHandler = (request, socket, head) => {
 *   const upstream = net.connect(443, request.target.split(":")[0]);
 *   socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
 *   upstream.write(head);
 *   socket.pipe(upstream).pipe(socket);
 * };
 * ```
 */
export type TakeoverHandler = (request: ServerRequest, socket: Duplex, head: Uint8Array) => void;

/** A certificate and its key, PEM encoded. */
export interface CertificateAndKey {
  /** PEM certificate chain. */
  readonly cert: string | Buffer;
  /** PEM private key. */
  readonly key: string | Buffer;
  /** Passphrase of an encrypted key. */
  readonly passphrase?: string;
}

/**
 * TLS settings. The default certificate is `cert`/`key`; `sni` maps server
 * names (exact, or `*.example.com` wildcards for one label) to other
 * certificates chosen from the client's SNI (RFC 6066 §3). ALPN offers
 * `http/1.1` only (RFC 7301), so a client never negotiates h2 here.
 * Any other `node:tls` secure-context option (ciphers, minVersion, ca…) is passed through.
 *
 * @example
 * ```ts
 * tls: { cert, key, sni: { "api.example.com": { cert: apiCert, key: apiKey } } }
 * ```
 */
export interface TlsOptions extends SecureContextOptions {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  readonly sni?: Readonly<Record<string, CertificateAndKey>>;
}

/**
 * Options of {@link serve} and {@link createServer}. Give exactly one of
 * `handler` and `fetch`. Every limit has a safe default.
 *
 * @example
 * ```ts
 * await serve({ port: 8080, hostname: "127.0.0.1", handler: () => ({ status: 200, body: "ok" }), keepAliveTimeout: 10_000 });
 * ```
 */
export interface ServeOptions {
  /** The application (plain objects), see {@link Handler}. */
  readonly handler?: Handler;
  /** Or a WHATWG fetch application, see {@link FetchHandler}. */
  readonly fetch?: FetchHandler;
  /** TCP port; 0 picks a free one. Default 3000. Ignored with `path`. */
  readonly port?: number;
  /** Address to listen on: an IPv4 or IPv6 literal or a name. Default: every address (`::` with IPv4 mapped). */
  readonly hostname?: string;
  /** A Unix domain socket path (or Windows pipe) instead of TCP. */
  readonly path?: string;
  /** Serve HTTPS. */
  readonly tls?: TlsOptions;
  /** Listen backlog. Default 511. */
  readonly backlog?: number;
  /**
   * Bind with `SO_REUSEPORT`, so that several processes listen on the same
   * port each with its own socket and the kernel spreads connections over
   * them. Needs Node.js 22.12+ or 23.1+ on Linux, FreeBSD, Solaris or AIX
   * (see `supportsReusePort`). `true` requires it: `listen()` rejects with
   * `HW_SERVER_INVALID_OPTIONS` where it cannot work (older Node.js would
   * ignore the option and a second process would fail with EADDRINUSE);
   * `"auto"` uses it where it works and binds normally elsewhere; `false`
   * (default) never. In a `node:cluster` worker the socket is bound
   * `exclusive`ly, bypassing the primary's shared handle (pass the
   * `reusePort` that `runCluster` gives `start`). Ignored with `path`.
   */
  readonly reusePort?: ReusePortSetting;
  /** Takes over `Upgrade` requests. Without it, they reach the handler like any request and the upgrade is declined. */
  readonly onUpgrade?: TakeoverHandler;
  /** Takes over `CONNECT` requests. Without it, CONNECT is answered 501 (RFC 9110 §9.3.6). */
  readonly onConnect?: TakeoverHandler;
  /**
   * Called with every error the handler throws (the client gets a bare 500)
   * and every error on a response stream. Default: `console.error`.
   */
  readonly onError?: (error: unknown, request: ServerRequest | null) => void;
  /**
   * `"off"` (default) answers TRACE with 405 (RFC 9110 §9.3.8: it can reveal
   * credentials added by intermediaries); `"echo"` answers with the request
   * head as `message/http`, without Cookie and Authorization fields.
   */
  readonly trace?: "off" | "echo";

  /** Milliseconds a client has to send a complete request head, from its first byte (slowloris). Default 10 000. Answered 408. */
  readonly headersTimeout?: number;
  /** Milliseconds a client has to send a whole request, head and content. Default 300 000. */
  readonly requestTimeout?: number;
  /** Milliseconds an idle persistent connection stays open; advertised in `Keep-Alive: timeout=`. Default 5 000. */
  readonly keepAliveTimeout?: number;
  /** Milliseconds a client that stopped reading may block a response write before the connection is closed. Default 30 000. */
  readonly sendTimeout?: number;
  /**
   * Slowest request content accepted, in bytes per second, measured over
   * `minBodyRateWindow`. A client that sends content slower (a slow-body
   * attack, R.U.D.Y.) gets 408 and the connection closes. The clock runs only
   * while the server wants the content: not while it waits for the handler to
   * read (backpressure) nor while a client waits for `100 Continue`.
   * Default 240 (Kestrel's figure); 0 turns the check off.
   */
  readonly minBodyBytesPerSecond?: number;
  /** Milliseconds over which `minBodyBytesPerSecond` is measured; also the grace period before the first check. Default 5 000. */
  readonly minBodyRateWindow?: number;
  /** Requests served on one connection; the last is answered with `Connection: close`. Default 10 000. */
  readonly maxRequestsPerConnection?: number;
  /**
   * Milliseconds a connection may serve requests. Past it, the next response
   * says `Connection: close` and an idle connection closes; a request under
   * way is never cut short. Default 3 600 000 (one hour, as nginx's
   * `keepalive_time`); spreads reconnections after a deploy or a DNS change.
   */
  readonly maxConnectionLifetime?: number;
  /** Open connections in total; further connections are closed at once. Default 10 000. */
  readonly maxConnections?: number;
  /** Open connections from one client address. Default `Infinity`. */
  readonly maxConnectionsPerAddress?: number;
  /** Pipelined requests read ahead of their responses (RFC 9112 §9.3.2). Default 16. */
  readonly maxPipelinedRequests?: number;
  /**
   * Request content a handler did not read that the server still reads and
   * drops to keep the connection (RFC 9112 §9.3: the next request starts after
   * it). Beyond it, or for chunked content of unknown size, the response
   * carries `Connection: close`. Default 64 KiB.
   */
  readonly maxUnreadBodyBytes?: number;
  /** Most request content bytes buffered while the handler does not read; reading pauses above it. Default 64 KiB. */
  readonly bodyHighWaterMark?: number;
  /**
   * Full duplex: a response may start, and stream, while its request's
   * content is still arriving, and the handler goes on reading that content
   * as it comes (an echo, a streaming transform, a long upload answered
   * with progress). Default false: half duplex, as in `node:http`, where a
   * handler that reads the content receives all of it before its response
   * starts.
   *
   * The content stays readable during a response when the handler reads it
   * already, returns it as the body (`body: request.body`), or answers 2xx;
   * `100 Continue` then goes out first if the client waits for it. Reading
   * still pauses above `bodyHighWaterMark`. Content nobody read when the
   * response ends is dropped (the connection closes if more than
   * `maxUnreadBodyBytes` remain). HTTP/1.1 lets a response start before the
   * request content ends, but some clients and proxies read a response only
   * once they sent the whole request: a ping-pong over one request needs
   * peers that read while they send (node:http does).
   *
   * @example
   * ```ts
   * await serve({ port: 8080, fullDuplex: true, handler: (request) => ({ body: request.body }) });
   * ```
   */
  readonly fullDuplex?: boolean;
  /** Largest request content accepted (413 beyond). Default 1 GiB; shorthand for `parser.maxBodyBytes`. */
  readonly maxBodyBytes?: number;
  /** Limits and leniencies of the request parser (line length, header bytes and count, …). */
  readonly parser?: ParserOptions;
  /** Default limits of `request.formData()` and `request.parts()` for `multipart/form-data` (part count, field, file and header sizes). */
  readonly multipart?: MultipartLimits;
  /**
   * Expect a PROXY protocol header (v1 and v2, or those enabled) at the start
   * of every connection and take the client address from it; a connection
   * whose header is missing or malformed is closed unanswered. Only for a
   * listener that nothing but your proxies can reach. With `tls`, the header
   * is read in clear before the TLS handshake, as a load balancer that
   * forwards TLS untouched sends it (SNI and ALPN work as without it; client
   * certificates, `requestCert`, are refused with it).
   */
  readonly proxyProtocol?: boolean | ProxyProtocolOptions;
  /** Called with one access-log line (and its record) per response, see `formatCommonLogLine`. */
  readonly accessLog?: (line: string, record: AccessLogRecord) => void;
  /** The line format of `accessLog`: "common" (default) or "combined" (adds Referer and User-Agent). */
  readonly accessLogFormat?: "common" | "combined";
}

/** {@link ServeOptions} with the defaults applied. @internal */
export interface ResolvedServeOptions {
  readonly handler: Handler;
  readonly onUpgrade: TakeoverHandler | undefined;
  readonly onConnect: TakeoverHandler | undefined;
  readonly onError: (error: unknown, request: ServerRequest | null) => void;
  readonly trace: "off" | "echo";
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly keepAliveTimeout: number;
  readonly keepAliveHeader: string;
  readonly sendTimeout: number;
  readonly minBodyBytesPerSecond: number;
  readonly minBodyRateWindow: number;
  readonly maxRequestsPerConnection: number;
  readonly maxConnectionLifetime: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  readonly maxPipelinedRequests: number;
  readonly maxUnreadBodyBytes: number;
  readonly bodyHighWaterMark: number;
  readonly fullDuplex: boolean;
  readonly parser: ParserOptions;
  readonly multipart: MultipartLimits | undefined;
  readonly secure: boolean;
  readonly proxyProtocol: ProxyProtocolOptions | undefined;
  readonly accessLog: ((line: string, record: AccessLogRecord) => void) | undefined;
  readonly accessLogFormat: "common" | "combined";
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}

/** Fills in defaults. @internal */
export function resolveServeOptions(options: ServeOptions, handler: Handler): ResolvedServeOptions {
  const keepAliveTimeout = positive(options.keepAliveTimeout, 5_000);
  const parser: ParserOptions =
    options.maxBodyBytes === undefined
      ? (options.parser ?? {})
      : { ...options.parser, maxBodyBytes: options.maxBodyBytes };
  return {
    handler,
    onUpgrade: options.onUpgrade,
    onConnect: options.onConnect,
    onError: options.onError ?? ((error) => console.error(error)),
    trace: options.trace ?? "off",
    headersTimeout: positive(options.headersTimeout, 10_000),
    requestTimeout: positive(options.requestTimeout, 300_000),
    keepAliveTimeout,
    // RFC 9112 Appendix C.2.2 / the Keep-Alive field of RFC 2068 §19.7.1: whole seconds.
    keepAliveHeader: `timeout=${Math.max(1, Math.floor(keepAliveTimeout / 1000))}`,
    sendTimeout: positive(options.sendTimeout, 30_000),
    minBodyBytesPerSecond:
      options.minBodyBytesPerSecond !== undefined && options.minBodyBytesPerSecond >= 0
        ? options.minBodyBytesPerSecond
        : 240,
    minBodyRateWindow: positive(options.minBodyRateWindow, 5_000),
    maxRequestsPerConnection: positive(options.maxRequestsPerConnection, 10_000),
    maxConnectionLifetime: positive(options.maxConnectionLifetime, 3_600_000),
    maxConnections: positive(options.maxConnections, 10_000),
    maxConnectionsPerAddress: positive(options.maxConnectionsPerAddress, Number.POSITIVE_INFINITY),
    maxPipelinedRequests: positive(options.maxPipelinedRequests, 16),
    maxUnreadBodyBytes: options.maxUnreadBodyBytes ?? 64 * 1024,
    bodyHighWaterMark: positive(options.bodyHighWaterMark, 64 * 1024),
    fullDuplex: options.fullDuplex === true,
    parser,
    multipart: options.multipart,
    secure: options.tls !== undefined,
    proxyProtocol:
      options.proxyProtocol === true
        ? {}
        : options.proxyProtocol === false
          ? undefined
          : options.proxyProtocol,
    accessLog: options.accessLog,
    accessLogFormat: options.accessLogFormat ?? "common",
  };
}
