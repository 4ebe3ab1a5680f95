import { colorStatus, type Palette } from "./color.js";
import type { SessionTrace } from "./session-trace.js";

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
 * printed, only their sizes. {@link SessionTrace} calls it as the client's
 * trace reports each step.
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

  /** A request head as sent (CRLFs included). */
  sent(head: string): void {
    const c = this.#c;
    for (const line of splitHead(head)) this.#out.write(`${c.cyan(">")} ${line}\n`);
    this.#out.write(`${c.cyan(">")}\n`);
  }

  /** A response head as received (CRLFs included). */
  received(head: string, status: number): void {
    const c = this.#c;
    const [statusLine = "", ...fields] = splitHead(head);
    this.#out.write(`${c.magenta("<")} ${colorStatus(c, status, statusLine)}\n`);
    for (const line of fields) this.#out.write(`${c.magenta("<")} ${line}\n`);
    this.#out.write(`${c.magenta("<")}\n`);
  }

  /** Prints what became of the last connection and the timing breakdown of the last exchange. */
  summary(session: SessionTrace, startedAt: number, endedAt: number, receivedBytes: number): void {
    const last = session.lastConnection;
    if (last !== undefined) {
      this.info(`${receivedBytes} bytes of content received`);
      this.info(`Connection #${last} left intact`);
    }
    this.info(timingLine(timingsOf(session, startedAt, endedAt)));
  }
}

/** Milliseconds of each step of a transfer (undefined: did not happen). */
export interface Timings {
  /** The name lookup of the last exchange's connection. */
  readonly dns: number | undefined;
  /** Its TCP connect. */
  readonly connect: number | undefined;
  /** Its (last) TLS handshake. */
  readonly tls: number | undefined;
  /** From the start of the command until the first response byte of the last exchange. */
  readonly firstByte: number | undefined;
  readonly total: number;
  /** From the start until the name was resolved (curl's time_namelookup). */
  readonly resolvedAfter: number | undefined;
  /** From the start until TCP connected (curl's time_connect). */
  readonly connectedAfter: number | undefined;
  /** From the start until TLS was done (curl's time_appconnect). */
  readonly secureAfter: number | undefined;
}

const span = (from: number | undefined, to: number | undefined): number | undefined =>
  from === undefined || to === undefined ? undefined : to - from;

/**
 * The timing breakdown of a transfer from the client's trace: the setup of
 * the connection the last exchange went out on (measured when it was
 * opened, even if the last exchange reused it), and that exchange's first byte.
 */
export function timingsOf(session: SessionTrace, startedAt: number, endedAt: number): Timings {
  const last = session.exchanges.at(-1);
  const setup = last === undefined ? session.setups.at(-1) : session.setups[last.connection];
  return {
    dns: span(setup?.dnsStart, setup?.dnsEnd),
    connect: span(setup?.connectStart, setup?.connectEnd),
    tls: span(setup?.tlsStart, setup?.tlsEnd),
    firstByte: span(startedAt, last?.timings.firstByte),
    total: endedAt - startedAt,
    resolvedAfter: span(startedAt, setup?.dnsEnd),
    connectedAfter: span(startedAt, setup?.connectEnd),
    secureAfter: span(startedAt, setup?.tlsEnd),
  };
}

const ms = (n: number | undefined): string => (n === undefined ? "-" : `${n.toFixed(1)} ms`);

/** `Timing: DNS 0.4 ms | connect 0.3 ms | TLS 4.1 ms | first byte 6.0 ms | total 7.2 ms`. */
export function timingLine(t: Timings): string {
  return `Timing: DNS ${ms(t.dns)} | connect ${ms(t.connect)} | TLS ${ms(t.tls)} | first byte ${ms(t.firstByte)} | total ${ms(t.total)}`;
}
