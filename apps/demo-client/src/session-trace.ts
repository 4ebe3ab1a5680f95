import type {
  AttemptTimings,
  RequestTrace,
  ResponseHeadEvent,
  TracedAttempt,
  TraceTls,
} from "@hyperwire/client";
import type { VerboseTrace } from "./verbose-trace.js";

/** One request/response exchange of the transfer, as the client's trace reported it. */
export interface SessionExchange {
  /** The connection's number in this session: #0, #1, … in the order first used. */
  readonly connection: number;
  /** Whether the connection had carried an earlier request. */
  readonly reused: boolean;
  /** The request head exactly as serialized, CRLFs included. */
  readonly requestHead: string;
  /** Every response head received for it (interim 1xx first), CRLFs included. */
  readonly responseHeads: string[];
  /** The attempt's timings (`performance.now()`, ms). */
  readonly timings: AttemptTimings;
}

/**
 * A response head rebuilt from a trace event: the status line and the
 * field lines in the order and case received (values trimmed, obs-folds
 * already replaced by the parser), ending with the empty line.
 */
export function headText(
  event: Pick<ResponseHeadEvent, "version" | "status" | "statusText" | "headers">,
): string {
  let head = `HTTP/${event.version} ${event.status} ${event.statusText}\r\n`;
  for (const [name, value] of event.headers.lines()) head += `${name}: ${value}\r\n`;
  return `${head}\r\n`;
}

type CertificateNames = Readonly<Record<string, string | string[]>>;

/** `CN=localhost, O=Example`: a certificate name as one line. */
export function describeName(name: CertificateNames | undefined): string {
  if (name === undefined) return "";
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : v}`)
    .join(", ");
}

/**
 * Records a transfer through the `trace` option of @hyperwire/client (the
 * heads as sent and received, connections, timings) and, for `-v`, prints
 * it as it happens.
 */
export class SessionTrace {
  readonly exchanges: SessionExchange[] = [];
  /**
   * The timings of the attempt that first used each connection (by session
   * number): its DNS, connect and TLS steps are the connection's setup.
   */
  readonly setups: AttemptTimings[] = [];
  /** The trace to pass to the client. */
  readonly trace: RequestTrace;
  readonly #numbers = new Map<number, number>();
  readonly #byAttempt = new Map<TracedAttempt, SessionExchange>();
  /** The connection each attempt went out on. */
  readonly #chosen = new Map<TracedAttempt, { number: number; reused: boolean }>();
  /** What each attempt is connecting to, for "Connected to …". */
  readonly #connecting = new Map<TracedAttempt, string>();

  constructor(printer?: VerboseTrace) {
    const p = printer;
    const tlsLines = (tls: TraceTls, proxy: boolean): void => {
      if (p === undefined) return;
      const who = proxy ? "Proxy " : "";
      const cert = tls.certificate;
      p.info(`${who}TLS handshake done: ${tls.protocol ?? "?"} / ${tls.cipher}`);
      p.info(`${who}ALPN: server accepted ${tls.alpn === false ? "nothing" : tls.alpn}`);
      p.info(`${who}Server certificate: subject ${describeName(cert?.subject)}`);
      p.info(
        `  issuer ${describeName(cert?.issuer)}; valid ${cert?.validFrom} to ${cert?.validTo}`,
      );
      p.info(
        tls.authorized
          ? "  certificate verified"
          : `  certificate NOT verified (${tls.authorizationError ?? "unknown reason"}), continuing anyway (-k)`,
      );
    };
    const received = (event: ResponseHeadEvent): void => {
      const head = headText(event);
      this.#byAttempt.get(event.attempt)?.responseHeads.push(head);
      p?.received(head, event.status);
    };
    this.trace = {
      onDnsEnd: (e) => {
        if (e.address !== undefined) p?.info(`Host ${e.host} resolved to ${e.address}`);
      },
      onConnectStart: (e) => {
        this.#connecting.set(e.attempt, e.host);
        const where = e.port === undefined ? e.host : `${e.host}:${e.port}`;
        p?.info(`Trying ${where}${e.proxy ? " (proxy)" : ""}...`);
      },
      onConnectEnd: (e) => {
        const host = this.#connecting.get(e.attempt) ?? e.remoteAddress;
        p?.info(
          `Connected to ${host} (${e.remoteAddress}) port ${e.remotePort}${e.proxy ? " (proxy)" : ""}`,
        );
      },
      onTlsEnd: (e) => tlsLines(e.tls, e.proxy),
      onTunnel: (e) => {
        // The CONNECT exchange with the proxy, before TLS with the server inside the tunnel.
        p?.sent(Buffer.from(e.requestHead).toString("latin1"));
        p?.received(headText(e), e.status);
        if (e.status >= 200 && e.status < 300) p?.info(`Tunnel through ${e.proxy} established`);
      },
      onConnection: ({ attempt, connection }) => {
        let number = this.#numbers.get(connection.id);
        if (number === undefined) {
          number = this.#numbers.size;
          this.#numbers.set(connection.id, number);
          this.setups[number] = attempt.timings;
        }
        if (connection.reused) p?.info(`Re-using existing connection #${number}`);
        else p?.info(`Using new connection #${number}`);
        this.#chosen.set(attempt, { number, reused: connection.reused });
      },
      onRequestHead: (e) => {
        const head = Buffer.from(e.head).toString("latin1");
        const chosen = this.#chosen.get(e.attempt);
        if (chosen !== undefined) {
          const exchange: SessionExchange = {
            connection: chosen.number,
            reused: chosen.reused,
            requestHead: head,
            responseHeads: [],
            timings: e.attempt.timings,
          };
          this.#byAttempt.set(e.attempt, exchange);
          this.exchanges.push(exchange);
        }
        p?.sent(head);
      },
      onRequestEnd: (e) => {
        if (e.bodyBytes > 0) p?.info(`upload completely sent off: ${e.bodyBytes} bytes`);
      },
      onInformational: received,
      onResponseHead: received,
      onAttemptError: (e) => {
        p?.info(`Attempt ${e.attempt.number} failed: ${(e.error as Error)?.message ?? e.error}`);
      },
      onRetry: (e) => {
        const why = e.status === undefined ? e.reason : `${e.reason}, ${e.status}`;
        p?.info(
          `Sending the request again (${why})${e.delayMs > 0 ? ` in ${Math.round(e.delayMs)} ms` : ""}`,
        );
      },
      onRedirect: (e) => p?.info(`Following the ${e.status} redirect to ${e.to}`),
    };
  }

  /** The session number of the last exchange's connection, if any. */
  get lastConnection(): number | undefined {
    return this.exchanges.at(-1)?.connection;
  }
}
