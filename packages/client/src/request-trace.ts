import type { Fields } from "@hyperwire/headers";

/**
 * When each step of one attempt happened, in `performance.now()`
 * milliseconds (add `performance.timeOrigin` for wall-clock time). A step
 * that did not happen stays `undefined`: no DNS for an IP literal, a Unix
 * socket or a reused connection; no connect or TLS on a reused connection;
 * no TLS over plain HTTP. The object fills in as the attempt goes on.
 */
export interface AttemptTimings {
  /** The attempt was handed to the pool (it may then wait for a connection). */
  readonly start: number;
  /** The name lookup of a new connection began (just before `net.connect`). */
  readonly dnsStart: number | undefined;
  /** The name lookup answered. */
  readonly dnsEnd: number | undefined;
  /** The TCP connect began (to the proxy when there is one). */
  readonly connectStart: number | undefined;
  /** The TCP connection was established. */
  readonly connectEnd: number | undefined;
  /** The last TLS handshake of the connection began (the origin's, inside a proxy tunnel). */
  readonly tlsStart: number | undefined;
  /** The last TLS handshake of the connection completed. */
  readonly tlsEnd: number | undefined;
  /** The request head was written to the connection. */
  readonly requestStart: number | undefined;
  /** The whole request (head and content) was written, or its content abandoned. */
  readonly requestEnd: number | undefined;
  /** The first byte of the response (an interim 1xx included) arrived. */
  readonly firstByte: number | undefined;
  /** The final response head was parsed. */
  readonly responseHead: number | undefined;
  /** The response body ended, or the attempt failed. */
  readonly end: number | undefined;
}

/** The attempt a trace event belongs to: the same object for every event of one attempt. */
export interface TracedAttempt {
  /** Which attempt of this request: 1 for the first, then retries and resends count up. */
  readonly number: number;
  /** The method sent. */
  readonly method: string;
  /** The URL requested (credentials removed). */
  readonly url: string;
  /** Timings so far; see {@link AttemptTimings}. */
  readonly timings: AttemptTimings;
}

/** What every per-attempt trace event carries. */
export interface AttemptEvent {
  /** The attempt the event belongs to. */
  readonly attempt: TracedAttempt;
  /** When the event happened (`performance.now()`, ms). */
  readonly time: number;
}

/** A name lookup began. */
export interface DnsStartEvent extends AttemptEvent {
  /** The host name looked up (the proxy's when connecting through one). */
  readonly host: string;
}

/** A name lookup answered (or failed). */
export interface DnsEndEvent extends AttemptEvent {
  readonly host: string;
  /** The address the connection goes to; undefined when the lookup failed. */
  readonly address: string | undefined;
  /** 4 or 6; undefined when the lookup failed. */
  readonly family: number | undefined;
  /** Why the lookup failed (the connect error follows). */
  readonly error: Error | undefined;
}

/** A TCP (or Unix socket) connect began. */
export interface ConnectStartEvent extends AttemptEvent {
  /** The host name or IP literal connected to, or the Unix socket path. */
  readonly host: string;
  /** The port; undefined for a Unix socket. */
  readonly port: number | undefined;
  /** Whether this is the connection to a proxy rather than to the origin. */
  readonly proxy: boolean;
}

/** A TCP (or Unix socket) connection was established. */
export interface ConnectEndEvent extends AttemptEvent {
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  /** Whether this is the connection to a proxy rather than to the origin. */
  readonly proxy: boolean;
}

/** The server certificate of a TLS session, as `node:tls` reports it. */
export interface TraceCertificate {
  /** Subject attributes, e.g. `{ CN: "example.com", O: "Example" }`. */
  readonly subject: Readonly<Record<string, string | string[]>>;
  /** Issuer attributes. */
  readonly issuer: Readonly<Record<string, string | string[]>>;
  /** The subjectAltName extension, e.g. `"DNS:example.com, IP Address:127.0.0.1"`; empty when absent. */
  readonly subjectAltName: string;
  /** Start of validity, as OpenSSL prints it (`"Mar  1 12:00:00 2025 GMT"`). */
  readonly validFrom: string;
  /** End of validity, same format. */
  readonly validTo: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  readonly fingerprint256: string;
  readonly serialNumber: string;
}

/** What a completed TLS handshake established. */
export interface TraceTls {
  /** The negotiated protocol version, e.g. `"TLSv1.3"`. */
  readonly protocol: string | null;
  /** The cipher suite (OpenSSL name), e.g. `"TLS_AES_256_GCM_SHA384"`. */
  readonly cipher: string;
  /** The ALPN protocol the server selected (RFC 7301), or false when it selected none. */
  readonly alpn: string | false;
  /** The SNI server name sent (RFC 6066 §3); undefined for IP literals. */
  readonly servername: string | undefined;
  /** The server's certificate; undefined when it sent none. */
  readonly certificate: TraceCertificate | undefined;
  /** Whether the certificate chain was verified against the trusted CAs. */
  readonly authorized: boolean;
  /** Why it was not verified (only reachable with `rejectUnauthorized: false`). */
  readonly authorizationError: string | undefined;
}

/** A TLS handshake completed. */
export interface TlsEndEvent extends AttemptEvent {
  readonly tls: TraceTls;
  /** Whether this is the handshake with a proxy (an `https:` proxy) rather than with the origin. */
  readonly proxy: boolean;
}

/**
 * A proxy answered a CONNECT (RFC 9110 §9.3.6) while a connection to an
 * `https:` origin was being opened: a 2xx opened the tunnel; a 407 asked for
 * credentials (answered with the next CONNECT when the proxy has them).
 */
export interface TunnelEvent extends AttemptEvent {
  /** `host:port` of the proxy. */
  readonly proxy: string;
  /** The CONNECT request head exactly as serialized (a copy). */
  readonly requestHead: Uint8Array;
  readonly status: number;
  readonly statusText: string;
  readonly version: "1.0" | "1.1";
  /** The response's field lines, in the order and case received. */
  readonly headers: Fields;
}

/** The connection an attempt's request went out on. */
export interface TraceConnection {
  /** Identifies the connection within the process (0, 1, 2, … in the order opened). */
  readonly id: number;
  /** Whether it carried a request before this one (keep-alive reuse). */
  readonly reused: boolean;
  /** Requests written on it before this one. */
  readonly previousRequests: number;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  /** `host:port` of the proxy in between, if any. */
  readonly proxy: string | undefined;
  /**
   * The TLS session the request travels in: with the origin, or with the
   * proxy when an `http:` request is forwarded through an `https:` proxy.
   */
  readonly tls: TraceTls | undefined;
}

/** The request's connection was chosen (a new one or a reused one). */
export interface ConnectionEvent extends AttemptEvent {
  readonly connection: TraceConnection;
}

/** The request head was written. */
export interface RequestHeadEvent extends AttemptEvent {
  /**
   * The head exactly as serialized: request line, field lines (framing and
   * connection fields the codec added included) and the empty line, latin1.
   * A copy the callback may keep.
   */
  readonly head: Uint8Array;
  readonly method: string;
  readonly target: string;
  readonly version: "1.0" | "1.1";
}

/** A piece of request content was handed to the socket. */
export interface RequestBodyEvent extends AttemptEvent {
  /** Content bytes in this piece (framing not counted). */
  readonly bytes: number;
  /** Content bytes sent so far in this attempt. */
  readonly total: number;
}

/** The whole request was written (or its content abandoned after an early final response). */
export interface RequestEndEvent extends AttemptEvent {
  /** Content bytes sent in this attempt. */
  readonly bodyBytes: number;
}

/** A response head (interim or final), as received. */
export interface ResponseHeadEvent extends AttemptEvent {
  readonly status: number;
  /** The reason phrase as received (may be empty). */
  readonly statusText: string;
  /** The version of the status line. */
  readonly version: "1.0" | "1.1";
  /**
   * The field lines in the order received, names in their received case.
   * Values are trimmed of surrounding whitespace and obsolete line folds are
   * replaced with SP (RFC 9112 §5.2); nothing else is changed.
   */
  readonly headers: Fields;
}

/** The response (body included) ended. */
export interface ResponseEndEvent extends AttemptEvent {
  /** Content bytes received, after chunked decoding and before content decoding. */
  readonly bodyBytes: number;
  /** The trailer fields of a chunked response (empty otherwise). */
  readonly trailers: Fields;
}

/** The attempt failed (connect, TLS, protocol, timeout, abort…). */
export interface AttemptErrorEvent extends AttemptEvent {
  /** Usually a `ClientError` with its code and phase. */
  readonly error: unknown;
}

/**
 * Why a request is sent again: the keep-alive race (RFC 9112 §9.3.1), the
 * `retry` policy, a 401 answered with `auth` credentials, or a 407 answered
 * with proxy credentials.
 */
export type RetryReason =
  | "keep-alive-race"
  | "retry-policy"
  | "authenticate"
  | "proxy-authenticate";

/** The request is about to be sent again. */
export interface RetryEvent {
  readonly reason: RetryReason;
  /** The attempt that is being repeated. */
  readonly attempt: TracedAttempt;
  /** The failure repeated, when it was one. */
  readonly error: unknown;
  /** The status repeated (408, 503, 401, 407…), when it was a response. */
  readonly status: number | undefined;
  /** How long the client waits first (ms; 0 when it does not). */
  readonly delayMs: number;
  readonly time: number;
}

/** A redirect is being followed. */
export interface RedirectEvent {
  /** The 3xx status. */
  readonly status: number;
  readonly from: string;
  readonly to: string;
  /** The method of the next request (303 and POST-to-GET rewrites show here). */
  readonly method: string;
  readonly time: number;
}

/**
 * Callbacks that observe one `request()` (or `fetch()`, `upgrade()`) call
 * as it happens, every one optional: per attempt, the connection steps (DNS,
 * TCP, TLS with the server's certificate, reuse), the request head exactly
 * as serialized and the content sent, each interim and the final response
 * head as received, the first byte and the end; across attempts, retries and
 * redirects. Each per-attempt event carries its {@link TracedAttempt}, whose
 * {@link AttemptTimings} fill in as it goes. Times are `performance.now()`
 * milliseconds.
 *
 * The callbacks run synchronously on the client's path: keep them short. One
 * that throws is ignored. Without a `trace` option the client does none of
 * this work. A response served from the cache makes no attempt, so no event.
 *
 * Connection steps (`onDnsStart` … `onTlsEnd`, `onTunnel`) are reported to the attempt
 * whose wait opened the connection; `onConnection` names the connection an
 * attempt's request actually went out on (almost always that one), with its
 * addresses, TLS facts and whether it was reused.
 *
 * @example
 * ```ts
 * const res = await request("https://example.com/", {
 *   trace: {
 *     onConnection: ({ connection }) => console.log(connection.reused ? "reused" : "new", connection.remoteAddress),
 *     onTlsEnd: ({ tls }) => console.log(tls.protocol, tls.cipher, tls.certificate?.subject.CN),
 *     onRequestHead: ({ head }) => process.stderr.write(Buffer.from(head).toString("latin1")),
 *     onResponseEnd: ({ attempt: { timings: t } }) =>
 *       console.log(`first byte after ${(t.firstByte! - t.start).toFixed(1)} ms`),
 *   },
 * });
 * ```
 */
export interface RequestTrace {
  /** An attempt begins: it is handed to the pool. */
  readonly onAttemptStart?: (event: AttemptEvent) => void;
  readonly onDnsStart?: (event: DnsStartEvent) => void;
  readonly onDnsEnd?: (event: DnsEndEvent) => void;
  readonly onConnectStart?: (event: ConnectStartEvent) => void;
  readonly onConnectEnd?: (event: ConnectEndEvent) => void;
  /** A TLS handshake completed (twice through an `https:` proxy to an `https:` origin). */
  readonly onTlsEnd?: (event: TlsEndEvent) => void;
  /** A proxy answered a CONNECT that opens a tunnel to an `https:` origin. */
  readonly onTunnel?: (event: TunnelEvent) => void;
  /** The connection the request goes out on: new or reused. */
  readonly onConnection?: (event: ConnectionEvent) => void;
  readonly onRequestHead?: (event: RequestHeadEvent) => void;
  readonly onRequestBody?: (event: RequestBodyEvent) => void;
  readonly onRequestEnd?: (event: RequestEndEvent) => void;
  /** The first response byte of the attempt arrived. */
  readonly onFirstByte?: (event: AttemptEvent) => void;
  /** An interim 1xx response: 100 Continue, 102, 103 Early Hints… (RFC 9110 §15.2). */
  readonly onInformational?: (event: ResponseHeadEvent) => void;
  /** The final response head (101 included for `upgrade()`). */
  readonly onResponseHead?: (event: ResponseHeadEvent) => void;
  /** The response ended (or the connection switched protocols). */
  readonly onResponseEnd?: (event: ResponseEndEvent) => void;
  readonly onAttemptError?: (event: AttemptErrorEvent) => void;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly onRedirect?: (event: RedirectEvent) => void;
}
