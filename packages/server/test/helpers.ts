import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect, type Socket } from "node:net";
import { type Handler, type HttpServer, type ServeOptions, serve } from "../src/index.js";

/** Starts a server on 127.0.0.1 with an ephemeral port and quiet error reporting. */
export async function start(options: ServeOptions): Promise<HttpServer & { port: number }> {
  const server = await serve({ onError: () => {}, ...options, port: 0, hostname: "127.0.0.1" });
  const address = server.address;
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return Object.assign(server, { port: address.port });
}

/** A raw TCP client: collects everything the server sends. */
export class RawClient {
  readonly socket: Socket;
  #received: Buffer[] = [];
  #closed = false;
  #waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#received.push(chunk);
      this.#wake();
    });
    socket.on("close", () => {
      this.#closed = true;
      this.#wake();
    });
    socket.on("error", () => {});
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: "127.0.0.1" }, () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  get text(): string {
    return Buffer.concat(this.#received).toString("latin1");
  }

  get closed(): boolean {
    return this.#closed;
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Waits until `predicate()` holds, the socket closes, or `ms` pass (then throws). */
  async until(predicate: () => boolean, ms = 5_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out; received so far:\n${this.text}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the server to close the connection; returns everything received. */
  async untilClosed(ms = 5_000): Promise<string> {
    await this.until(() => this.#closed, ms);
    return this.text;
  }

  /**
   * A slow client: writes `piece` every `everyMs` until the server closes the
   * connection or `ms` pass (then throws); returns everything received.
   */
  async trickleUntilClosed(piece: string, everyMs: number, ms = 5_000): Promise<string> {
    const timer = setInterval(() => {
      if (!this.#closed) this.write(piece);
    }, everyMs);
    try {
      return await this.untilClosed(ms);
    } finally {
      clearInterval(timer);
    }
  }

  /** Waits until `count` complete responses arrived; returns them parsed. */
  async responses(count: number, ms = 5_000, headMethods: string[] = []): Promise<RawResponse[]> {
    let parsed: RawResponse[] = [];
    await this.until(() => {
      parsed = parseResponses(this.text, headMethods);
      return parsed.length >= count || this.#closed;
    }, ms);
    parsed = parseResponses(this.text, headMethods);
    if (parsed.length < count) throw new Error(`expected ${count} responses, got:\n${this.text}`);
    return parsed;
  }

  close(): void {
    this.socket.destroy();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Splits a byte stream (as latin1 text) into complete responses, framing by
 * Content-Length or chunked; 1xx responses are included. Enough for tests.
 */
export function parseResponses(text: string, headMethods: string[] = []): RawResponse[] {
  const out: RawResponse[] = [];
  let pos = 0;
  let finals = 0;
  while (pos < text.length) {
    const end = text.indexOf("\r\n\r\n", pos);
    if (end < 0) break;
    const lines = text.slice(pos, end).split("\r\n");
    const status = Number(lines[0]!.split(" ")[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    let cursor = end + 4;
    let body = "";
    const noBody =
      status < 200 || status === 204 || status === 304 || headMethods[finals] === "HEAD";
    if (!noBody && headers["transfer-encoding"] === "chunked") {
      for (;;) {
        const lineEnd = text.indexOf("\r\n", cursor);
        if (lineEnd < 0) return out;
        const size = Number.parseInt(text.slice(cursor, lineEnd), 16);
        cursor = lineEnd + 2;
        if (size === 0) {
          const trailerEnd = text.indexOf("\r\n\r\n", cursor - 2);
          if (trailerEnd < 0) return out;
          const trailerText = text.slice(cursor, trailerEnd);
          for (const line of trailerText.split("\r\n").filter(Boolean)) {
            const colon = line.indexOf(":");
            headers[`trailer:${line.slice(0, colon).toLowerCase()}`] = line.slice(colon + 1).trim();
          }
          cursor = trailerEnd + 4;
          break;
        }
        if (cursor + size + 2 > text.length) return out;
        body += text.slice(cursor, cursor + size);
        cursor += size + 2;
      }
    } else if (!noBody && headers["content-length"] !== undefined) {
      const length = Number(headers["content-length"]);
      if (cursor + length > text.length) return out;
      body = text.slice(cursor, cursor + length);
      cursor += length;
    }
    if (status >= 200) finals++;
    out.push({ status, headers, body });
    pos = cursor;
  }
  return out;
}

/** A handler that answers `body` and counts how often it was called (`calls()`). */
export function countingHandler(body: string): { handler: Handler; calls(): number } {
  let calls = 0;
  return {
    handler: () => {
      calls++;
      return { body };
    },
    calls: () => calls,
  };
}

/**
 * A handler that reads the request content to the end, then answers `body`;
 * `readError()` is what the read threw (undefined when it did not throw).
 */
export function contentReader(body: string): { handler: Handler; readError(): unknown } {
  let failure: unknown;
  return {
    handler: async (request) => {
      try {
        await request.text();
      } catch (error) {
        failure = error;
      }
      return { body };
    },
    readError: () => failure,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `handler`, but the first request's answer waits for `between()` before it
 * reaches the server: a test changes the world (replaces a file, say) after
 * the handler decided and before the server sends a byte.
 */
export function pauseAfterFirstAnswer(handler: Handler, between: () => Promise<void>): Handler {
  let first = true;
  return async (request) => {
    const response = await handler(request);
    if (first) {
      first = false;
      await between();
    }
    return response;
  };
}

/** A response as the `node:http` client received it. */
export interface ClientResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The response ended early (the server cut the connection). */
  readonly aborted: boolean;
}

/** One request with the `node:http` client (no agent, 5 s limit); a cut response resolves `aborted`. */
export function requestWithNodeHttp(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<ClientResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: "127.0.0.1", port, path, method, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        const done = (aborted: boolean) =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks),
            aborted,
          });
        response.on("end", () => done(false));
        response.on("aborted", () => done(true));
        response.on("error", () => done(true));
      },
    );
    request.setTimeout(5_000, () => request.destroy(new Error("request timed out")));
    request.on("error", reject);
    request.end();
  });
}
