import dc from "node:diagnostics_channel";
import type net from "node:net";
import tls from "node:tls";

/*
 * Why a tap: @hyperwire/client does not (yet) report the bytes it sends, the
 * socket it uses or when each step happened. Node publishes every socket made
 * by `net.connect` on the `net.client.socket` diagnostics channel, but
 * `tls.connect` publishes nothing, so for TLS the tap wraps `tls.connect` on
 * the shared `node:tls` module object for as long as it is installed. On each
 * socket it wraps `write` (to see the request heads as serialized) and `emit`
 * (to see 'data' exactly as the client does, without adding a 'data'
 * listener, which would change the stream's flowing mode).
 */

/** The TLS facts of a connection, read once the handshake is done. */
export interface TlsFacts {
  readonly protocol: string | null;
  readonly cipher: string;
  readonly alpn: string | false | null;
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
  readonly authorized: boolean;
  readonly authorizationError: string | undefined;
}

/** One connection the client opened while the tap was installed. */
export interface TappedConnection {
  /** 0, 1, …: in the order opened. */
  readonly id: number;
  readonly secure: boolean;
  /** The host the socket was asked for, when known. */
  host: string | undefined;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  /** `performance.now()` readings: opened, DNS answered, TCP connected, TLS done, closed. */
  readonly openedAt: number;
  lookupAt: number | undefined;
  connectedAt: number | undefined;
  secureAt: number | undefined;
  tls: TlsFacts | undefined;
  /** Requests whose heads went out on this connection. */
  requests: number;
}

/** One request/response exchange seen on a connection. */
export interface TappedExchange {
  readonly connection: TappedConnection;
  /** The request head as sent, CRLFs included. */
  readonly requestHead: string;
  readonly sentAt: number;
  /** Whether the connection had carried an earlier request. */
  readonly reused: boolean;
  /** Every response head received for it (1xx interim ones first), as received. */
  readonly responseHeads: string[];
  firstByteAt: number | undefined;
  /** Bytes of content received after the final head (on the wire, before decoding). */
  bodyBytes: number;
}

/** What the tap reports, as it happens. */
export type WireEvent =
  | { readonly type: "open"; readonly connection: TappedConnection }
  | { readonly type: "lookup"; readonly connection: TappedConnection; readonly address: string }
  | { readonly type: "connect"; readonly connection: TappedConnection }
  | { readonly type: "secure"; readonly connection: TappedConnection; readonly tls: TlsFacts }
  | { readonly type: "request"; readonly exchange: TappedExchange }
  | { readonly type: "response"; readonly exchange: TappedExchange; readonly head: string }
  | { readonly type: "close"; readonly connection: TappedConnection };

const HEAD_END = "\r\n\r\n";
/**
 * request-line = method SP request-target SP HTTP-version (RFC 9112 §3):
 * bytes that could still begin one (the head may arrive in several writes).
 */
const REQUEST_START = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+( |$)/;

function describeName(name: Record<string, unknown> | undefined): string {
  if (name === undefined) return "";
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : String(v)}`)
    .join(", ");
}

function readTlsFacts(socket: tls.TLSSocket): TlsFacts {
  const cert = socket.getPeerCertificate();
  const error = socket.authorizationError as unknown;
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? "unknown",
    alpn: socket.alpnProtocol,
    subject: describeName(cert?.subject as Record<string, unknown> | undefined),
    issuer: describeName(cert?.issuer as Record<string, unknown> | undefined),
    validTo: cert?.valid_to ?? "",
    authorized: socket.authorized,
    authorizationError:
      error === null || error === undefined
        ? undefined
        : error instanceof Error
          ? error.message
          : String(error),
  };
}

/**
 * Watches the client's connections while installed: heads sent and received,
 * TLS facts, and when each step happened.
 *
 * @example
 * ```ts
 * const tap = new WireTap((event) => console.error(event.type));
 * tap.install();
 * try { await request(url); } finally { tap.uninstall(); }
 * ```
 */
export class WireTap {
  readonly connections: TappedConnection[] = [];
  readonly exchanges: TappedExchange[] = [];
  readonly #listener: (event: WireEvent) => void;
  /** Sockets handed to TLS as the transport of a tunnel: their bytes are ciphertext now. */
  readonly #handedOver = new WeakSet<net.Socket>();
  #originalTlsConnect: typeof tls.connect | undefined;
  readonly #onNetSocket = (message: unknown): void => {
    const socket = (message as { socket?: net.Socket }).socket;
    if (socket !== undefined) this.#watch(socket, false, undefined);
  };

  constructor(listener: (event: WireEvent) => void = () => {}) {
    this.#listener = listener;
  }

  /** Starts watching new connections. */
  install(): void {
    if (this.#originalTlsConnect !== undefined) return;
    dc.subscribe("net.client.socket", this.#onNetSocket);
    const original = tls.connect;
    this.#originalTlsConnect = original;
    const watch = this.#watch.bind(this);
    const handedOver = this.#handedOver;
    const patched = function connect(this: unknown, ...args: unknown[]): tls.TLSSocket {
      const options = args.find((a) => typeof a === "object" && a !== null) as
        | tls.ConnectionOptions
        | undefined;
      if (options?.socket !== undefined) handedOver.add(options.socket as net.Socket);
      const socket = (original as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
      watch(socket, true, options?.servername ?? options?.host);
      return socket;
    };
    (tls as { connect: unknown }).connect = patched;
  }

  /** Stops watching (sockets already open stay wrapped but report nothing more). */
  uninstall(): void {
    if (this.#originalTlsConnect === undefined) return;
    dc.unsubscribe("net.client.socket", this.#onNetSocket);
    (tls as { connect: unknown }).connect = this.#originalTlsConnect;
    this.#originalTlsConnect = undefined;
  }

  get #installed(): boolean {
    return this.#originalTlsConnect !== undefined;
  }

  #emit(event: WireEvent): void {
    if (!this.#installed) return;
    try {
      this.#listener(event);
    } catch {
      // A broken printer must not break the transfer.
    }
  }

  #watch(socket: net.Socket, secure: boolean, host: string | undefined): void {
    const connection: TappedConnection = {
      id: this.connections.length,
      secure,
      host,
      remoteAddress: undefined,
      remotePort: undefined,
      openedAt: performance.now(),
      lookupAt: undefined,
      connectedAt: undefined,
      secureAt: undefined,
      tls: undefined,
      requests: 0,
    };
    this.connections.push(connection);
    this.#emit({ type: "open", connection });

    let out = "";
    let sending = true;
    let current: TappedExchange | undefined;
    let received = "";
    let awaitingHead = false;
    let finalSeen = false;

    const onWrite = (chunk: unknown): void => {
      if (this.#handedOver.has(socket)) return;
      if (!sending && finalSeen) {
        // The previous exchange is answered: this write starts the next request.
        sending = true;
        out = "";
      }
      if (!sending) return;
      out +=
        typeof chunk === "string"
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1")
            : "";
      if (out.length > 0 && !REQUEST_START.test(out.slice(0, 64))) {
        sending = false;
        out = "";
        return;
      }
      const end = out.indexOf(HEAD_END);
      if (end === -1) return;
      current = {
        connection,
        requestHead: out.slice(0, end + HEAD_END.length),
        sentAt: performance.now(),
        reused: connection.requests > 0,
        responseHeads: [],
        firstByteAt: undefined,
        bodyBytes: 0,
      };
      connection.requests++;
      this.exchanges.push(current);
      sending = false;
      out = "";
      received = "";
      awaitingHead = true;
      finalSeen = false;
      this.#emit({ type: "request", exchange: current });
    };

    const onData = (chunk: Buffer): void => {
      if (this.#handedOver.has(socket) || current === undefined) return;
      const exchange = current;
      exchange.firstByteAt ??= performance.now();
      if (!awaitingHead) {
        exchange.bodyBytes += chunk.length;
        return;
      }
      received += chunk.toString("latin1");
      for (;;) {
        const end = received.indexOf(HEAD_END);
        if (end === -1) return;
        const head = received.slice(0, end + HEAD_END.length);
        received = received.slice(end + HEAD_END.length);
        exchange.responseHeads.push(head);
        this.#emit({ type: "response", exchange, head });
        const status = Number(head.slice(9, 12));
        // RFC 9110 §15.2: 1xx are interim (101 ends HTTP/1.1 on this connection).
        if (status >= 200 || status === 101) {
          awaitingHead = false;
          finalSeen = true;
          exchange.bodyBytes += Buffer.byteLength(received, "latin1");
          received = "";
          return;
        }
      }
    };

    // Socket#connect() resets an own `write` to the prototype's (undoing a
    // write-after-end guard), and net.connect publishes the socket before it
    // calls connect(): wrap now and again once connected.
    const wrapWrite = (): void => {
      const write = socket.write;
      if ((write as { tapped?: boolean }).tapped === true) return;
      const tapped = function tappedWrite(this: net.Socket, ...args: unknown[]): boolean {
        onWrite(args[0]);
        return (write as (...a: unknown[]) => boolean).apply(this, args);
      };
      (tapped as { tapped?: boolean }).tapped = true;
      socket.write = tapped as typeof socket.write;
    };
    wrapWrite();
    socket.prependOnceListener("connect", wrapWrite);
    const emit = socket.emit;
    socket.emit = function tappedEmit(
      this: net.Socket,
      event: string | symbol,
      ...args: unknown[]
    ) {
      if (event === "data") onData(args[0] as Buffer);
      return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
    } as typeof socket.emit;

    socket.once(
      "lookup",
      (error: Error | null, address: string, _family: unknown, name: string) => {
        if (error !== null) return;
        connection.lookupAt = performance.now();
        connection.host ??= name;
        this.#emit({ type: "lookup", connection, address });
      },
    );
    socket.once("connect", () => {
      connection.connectedAt = performance.now();
      connection.remoteAddress = socket.remoteAddress;
      connection.remotePort = socket.remotePort;
      this.#emit({ type: "connect", connection });
    });
    if (secure) {
      socket.once("secureConnect", () => {
        connection.secureAt = performance.now();
        connection.tls = readTlsFacts(socket as tls.TLSSocket);
        connection.remoteAddress ??= socket.remoteAddress;
        connection.remotePort ??= socket.remotePort;
        this.#emit({ type: "secure", connection, tls: connection.tls });
      });
    }
    socket.once("close", () => {
      this.#emit({ type: "close", connection });
    });
  }
}
