import net from "node:net";
import { performance } from "node:perf_hooks";
import type tls from "node:tls";
import type { ResponseHead } from "@hyperwire/h1";
import { type AttemptTracer, type SetupTimings, unmeasuredSetup } from "./attempt-tracer.js";
import type { TraceCertificate, TraceTls } from "./request-trace.js";

/** How {@link connectSocket} is opening the socket a {@link ConnectionSetup} watches (internal). */
export interface WatchedSocket {
  /** Host name or IP literal connected to (ignored with `socketPath`). */
  readonly host: string;
  readonly port: number;
  readonly socketPath: string | undefined;
  readonly secure: boolean;
  /** TLS over an already open socket (a proxy tunnel): no DNS, no TCP connect. */
  readonly through: boolean;
  /** The socket goes to a proxy. */
  readonly proxy: boolean;
  /** The SNI name sent, if any. */
  readonly servername: string | undefined;
}

type CertificateNames = Readonly<Record<string, string | string[]>>;

function names(value: unknown): CertificateNames {
  return value !== null && typeof value === "object" ? { ...(value as CertificateNames) } : {};
}

function certificateOf(socket: tls.TLSSocket): TraceCertificate | undefined {
  const cert = socket.getPeerCertificate();
  // node:tls gives an empty object when the server sent no certificate.
  if (cert === null || cert === undefined || Object.keys(cert).length === 0) return undefined;
  return {
    subject: names(cert.subject),
    issuer: names(cert.issuer),
    subjectAltName: cert.subjectaltname ?? "",
    validFrom: cert.valid_from ?? "",
    validTo: cert.valid_to ?? "",
    fingerprint256: cert.fingerprint256 ?? "",
    serialNumber: cert.serialNumber ?? "",
  };
}

/** What a completed handshake established, read from `socket` (internal). */
export function readTlsFacts(socket: tls.TLSSocket, servername: string | undefined): TraceTls {
  const error = socket.authorizationError as unknown;
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? "unknown",
    alpn: socket.alpnProtocol ?? false,
    servername,
    certificate: certificateOf(socket),
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
 * The setup of one new connection when a traced attempt asked for it
 * (internal): watches the sockets `connectSocket` opens (the proxy's, the
 * tunnel's TLS) for the lookup, the TCP connect and the TLS handshake,
 * records when each happened, and reports them live to the attempt whose
 * wait opened the connection. The pool keeps the record on the connection,
 * so whichever attempt first uses it gets the exact setup times.
 */
export class ConnectionSetup {
  readonly timings: SetupTimings = unmeasuredSetup();
  /** TLS facts of the last handshake (the origin's through a tunnel). */
  tls: TraceTls | undefined;
  readonly #tracer: AttemptTracer;

  constructor(tracer: AttemptTracer) {
    this.#tracer = tracer;
  }

  /** A proxy answered the CONNECT whose head was `requestHead` (a copy). */
  tunnel(proxy: string, requestHead: Uint8Array, head: ResponseHead): void {
    this.#tracer.tunnel(proxy, requestHead, head);
  }

  /** Starts watching `socket`, just created by `net.connect` or `tls.connect`. */
  watch(socket: net.Socket, how: WatchedSocket): void {
    const t = this.timings;
    const tracer = this.#tracer;
    const now = performance.now();
    if (how.through) {
      // TLS over an open tunnel: the handshake is all that happens here.
      if (how.secure) {
        t.tlsStart = now;
        tracer.tlsStart(now);
      }
    } else {
      const startConnect = (time: number): void => {
        t.connectStart = time;
        tracer.connectStart(
          how.socketPath ?? how.host,
          how.socketPath === undefined ? how.port : undefined,
          how.proxy,
          time,
        );
      };
      if (how.socketPath === undefined && net.isIP(how.host) === 0) {
        // net.connect looks the name up first (and emits 'lookup'); IP literals skip it.
        t.dnsStart = now;
        tracer.dnsStart(how.host, now);
        socket.once(
          "lookup",
          (
            error: Error | null,
            address: string | undefined,
            family: number | string | undefined,
          ) => {
            const time = performance.now();
            t.dnsEnd = time;
            tracer.dnsEnd(
              how.host,
              error === null ? address : undefined,
              error === null ? (typeof family === "number" ? family : Number(family)) : undefined,
              error ?? undefined,
              time,
            );
            if (error === null) startConnect(time);
          },
        );
      } else {
        startConnect(now);
      }
      socket.once("connect", () => {
        const time = performance.now();
        t.connectEnd = time;
        tracer.connectEnd(
          { address: socket.localAddress, port: socket.localPort },
          { address: socket.remoteAddress, port: socket.remotePort },
          how.proxy,
          time,
        );
        if (how.secure) {
          // tls.connect: 'connect' is the TCP connection; the handshake starts now.
          t.tlsStart = time;
          tracer.tlsStart(time);
        }
      });
    }
    if (how.secure) {
      socket.once("secureConnect", () => {
        const time = performance.now();
        const facts = readTlsFacts(socket as tls.TLSSocket, how.servername);
        t.tlsEnd = time;
        this.tls = facts;
        tracer.tlsEnd(facts, how.proxy, time);
      });
    }
  }
}
