import { connect as connectTcp, createServer, type Server, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";

/** A loopback relay that prints what crosses it. */
export interface WireTap {
  /** The port clients connect to (plain HTTP). */
  readonly port: number;
  close(): Promise<void>;
}

/** Options of {@link startWireTap}. */
export interface WireTapOptions {
  /** Where the server listens. */
  readonly host: string;
  readonly port: number;
  /**
   * Speak TLS to the server (trusting `ca`), so the tap prints the plaintext
   * inside the TLS session: the client talks plain HTTP to the tap, the tap
   * does the TLS, like stunnel.
   */
  readonly tls?: { readonly ca: string };
  /** Receives each printed line. Default `console.log`. */
  readonly print?: (line: string) => void;
}

/**
 * Starts a TCP relay on 127.0.0.1 that forwards to the server and prints
 * every chunk line by line: `> ` for what the client sent, `< ` for what the
 * server answered, bytes shown as Latin-1 (what HTTP/1.1 fields are), the
 * CRLFs as line ends. A chunk that ends mid-line continues on a new `> `
 * line; that is where the bytes were split on the wire.
 *
 * @example
 * ```ts
 * const tap = await startWireTap({ host: "127.0.0.1", port: 8080 });
 * await request(`http://127.0.0.1:${tap.port}/get`);
 * await tap.close();
 * ```
 */
export async function startWireTap(options: WireTapOptions): Promise<WireTap> {
  const print = options.print ?? ((line: string) => console.log(line));
  const show = (arrow: string, chunk: Buffer): void => {
    const text = chunk.toString("latin1");
    // CRLF ends the lines of a head; a JSON body has bare LFs: both end a printed line.
    const lines = text.split(/\r?\n/);
    if (text.endsWith("\n")) lines.pop();
    for (const line of lines) print(`${arrow} ${line}`.trimEnd());
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer((downstream) => {
    const upstream: Socket =
      options.tls === undefined
        ? connectTcp(options.port, options.host)
        : connectTls({
            port: options.port,
            host: options.host,
            ca: options.tls.ca,
            servername: "localhost",
          });
    sockets.add(downstream).add(upstream);
    downstream.on("data", (chunk: Buffer) => {
      show(">", chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      show("<", chunk);
      downstream.write(chunk);
    });
    const end = (): void => {
      downstream.destroy();
      upstream.destroy();
      sockets.delete(downstream);
      sockets.delete(upstream);
    };
    downstream.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
