import { colorStatus, type Palette } from "./color.js";
import type { TappedConnection, TappedExchange, WireEvent } from "./wire-tap.js";

/** Something lines can be written to (stderr). */
export interface LineSink {
  write(text: string): unknown;
}

function splitHead(head: string): string[] {
  // The head ends with CRLF CRLF: drop the final empty lines, keep the blank separator.
  return head.slice(0, -4).split("\r\n");
}

/**
 * Prints the session the way MDN's HTTP pages show it: `> ` for what was
 * sent, `< ` for what was received, `* ` for what the client knows besides
 * (connections, reuse, TLS, timings). Request and response bodies are not
 * printed, only their sizes.
 */
export class VerboseTrace {
  readonly #out: LineSink;
  readonly #c: Palette;

  constructor(out: LineSink, palette: Palette) {
    this.#out = out;
    this.#c = palette;
  }

  /** An info line. */
  info(text: string): void {
    this.#out.write(`${this.#c.dim(`* ${text}`)}\n`);
  }

  /** Handles one event of the wire tap. */
  readonly onEvent = (event: WireEvent): void => {
    const c = this.#c;
    switch (event.type) {
      case "open":
        this.info(
          `Opening connection #${event.connection.id}${event.connection.secure ? " (TLS)" : ""}`,
        );
        return;
      case "lookup":
        this.info(`Host ${event.connection.host ?? "?"} resolved to ${event.address}`);
        return;
      case "connect":
        this.info(
          `Connected to ${event.connection.host ?? event.connection.remoteAddress} (${event.connection.remoteAddress}) port ${event.connection.remotePort} (#${event.connection.id})`,
        );
        return;
      case "secure": {
        const t = event.tls;
        this.info(`TLS handshake done: ${t.protocol ?? "?"} / ${t.cipher}`);
        this.info(`ALPN: server accepted ${t.alpn === false ? "nothing" : t.alpn}`);
        this.info(`Server certificate: subject ${t.subject}`);
        this.info(`  issuer ${t.issuer}; expires ${t.validTo}`);
        this.info(
          t.authorized
            ? "  certificate verified"
            : `  certificate NOT verified (${t.authorizationError ?? "unknown reason"}), continuing anyway (-k)`,
        );
        return;
      }
      case "request": {
        const x = event.exchange;
        if (x.reused) this.info(`Re-using existing connection #${x.connection.id}`);
        for (const line of splitHead(x.requestHead)) this.#out.write(`${c.cyan(">")} ${line}\n`);
        this.#out.write(`${c.cyan(">")}\n`);
        return;
      }
      case "response": {
        const lines = splitHead(event.head);
        const [statusLine = "", ...fields] = lines;
        const status = Number(statusLine.slice(9, 12));
        this.#out.write(`${c.magenta("<")} ${colorStatus(c, status, statusLine)}\n`);
        for (const line of fields) this.#out.write(`${c.magenta("<")} ${line}\n`);
        this.#out.write(`${c.magenta("<")}\n`);
        return;
      }
      case "close":
        this.info(`Connection #${event.connection.id} closed`);
        return;
    }
  };

  /** Prints what became of each connection and the timing breakdown of the last exchange. */
  summary(
    connections: readonly TappedConnection[],
    last: TappedExchange | undefined,
    startedAt: number,
    endedAt: number,
    receivedBytes: number,
  ): void {
    if (last !== undefined) {
      this.info(`${receivedBytes} bytes of content received`);
      this.info(`Connection #${last.connection.id} left intact`);
    }
    this.info(timingLine(timingsOf(connections, last, startedAt, endedAt)));
  }
}

/** Milliseconds of each step of a transfer (undefined: did not happen). */
export interface Timings {
  readonly dns: number | undefined;
  readonly connect: number | undefined;
  readonly tls: number | undefined;
  /** From the start of the command until the first response byte of the last exchange. */
  readonly firstByte: number | undefined;
  readonly total: number;
  /** From the start until TCP connected (curl's time_connect), for the connection of the last exchange. */
  readonly connectedAfter: number | undefined;
  /** From the start until TLS was done (curl's time_appconnect). */
  readonly secureAfter: number | undefined;
}

/** The timing breakdown of the last exchange of a transfer. */
export function timingsOf(
  connections: readonly TappedConnection[],
  last: TappedExchange | undefined,
  startedAt: number,
  endedAt: number,
): Timings {
  const connection = last?.connection ?? connections.at(-1);
  const opened = connection?.openedAt;
  const lookup = connection?.lookupAt;
  const connected = connection?.connectedAt;
  const secure = connection?.secureAt;
  return {
    dns: opened !== undefined && lookup !== undefined ? lookup - opened : undefined,
    connect:
      connected !== undefined && opened !== undefined ? connected - (lookup ?? opened) : undefined,
    tls: secure !== undefined && connected !== undefined ? secure - connected : undefined,
    firstByte: last?.firstByteAt === undefined ? undefined : last.firstByteAt - startedAt,
    total: endedAt - startedAt,
    connectedAfter: connected === undefined ? undefined : connected - startedAt,
    secureAfter: secure === undefined ? undefined : secure - startedAt,
  };
}

const ms = (n: number | undefined): string => (n === undefined ? "-" : `${n.toFixed(1)} ms`);

/** `Timing: DNS 0.4 ms | connect 0.3 ms | TLS 4.1 ms | first byte 6.0 ms | total 7.2 ms`. */
export function timingLine(t: Timings): string {
  return `Timing: DNS ${ms(t.dns)} | connect ${ms(t.connect)} | TLS ${ms(t.tls)} | first byte ${ms(t.firstByte)} | total ${ms(t.total)}`;
}
