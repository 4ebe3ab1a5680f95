// Loopback servers for the client tests: a node:http server and a raw node:net
// server that reads request heads and lets each test write any bytes back.
import http from "node:http";
import net from "node:net";

/** A request head as the raw server saw it. */
export interface RawRequest {
  readonly socket: net.Socket;
  /** The head text, request line first. */
  readonly head: string;
  readonly method: string;
  readonly target: string;
  /** The body bytes (Content-Length or chunked bodies are read). */
  readonly body: string;
  /** Index of the connection (0 for the first accepted). */
  readonly connection: number;
  /** Index of this request on its connection. */
  readonly index: number;
  header(name: string): string | undefined;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

function headerOf(head: string, name: string): string | undefined {
  const wanted = `${name.toLowerCase()}:`;
  for (const line of head.split("\r\n").slice(1)) {
    if (line.toLowerCase().startsWith(wanted)) return line.slice(wanted.length).trim();
  }
  return undefined;
}

/** Reads one chunked body from `buffer`; returns [body, rest] or null when incomplete. */
function readChunked(buffer: string): [string, string] | null {
  let body = "";
  let pos = 0;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", pos);
    if (lineEnd === -1) return null;
    const size = Number.parseInt(buffer.slice(pos, lineEnd), 16);
    if (size === 0) {
      const end = buffer.indexOf("\r\n\r\n", lineEnd);
      if (end === -1) return null;
      return [body, buffer.slice(end + 4)];
    }
    if (buffer.length < lineEnd + 2 + size + 2) return null;
    body += buffer.slice(lineEnd + 2, lineEnd + 2 + size);
    pos = lineEnd + 2 + size + 2;
  }
}

/**
 * A raw TCP server on 127.0.0.1: it parses request heads (and bodies framed
 * by Content-Length or chunked) and calls `onRequest` for each, leaving the
 * answer to the test, byte for byte.
 */
export async function rawServer(
  onRequest: (request: RawRequest) => void,
  onConnection?: (socket: net.Socket, index: number) => void,
  onHead?: (head: string, socket: net.Socket) => void,
): Promise<RunningServer> {
  let accepted = 0;
  const server = net.createServer((socket) => {
    const connection = accepted++;
    socket.on("error", () => {});
    onConnection?.(socket, connection);
    let buffer = "";
    let index = 0;
    const announced = new Set<string>();
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = buffer.slice(0, end);
        let rest = buffer.slice(end + 4);
        let body = "";
        const length = headerOf(head, "content-length");
        const expect = headerOf(head, "expect");
        if (expect !== undefined && length === undefined && !announced.has(head)) {
          announced.add(head);
          onHead?.(head, socket);
        }
        if (length !== undefined) {
          const n = Number(length);
          if (rest.length < n) {
            // An Expect: 100-continue request is shown to the test before its body arrives.
            if (expect !== undefined && !announced.has(head)) {
              announced.add(head);
              onHead?.(head, socket);
            }
            return;
          }
          body = rest.slice(0, n);
          rest = rest.slice(n);
        } else if (headerOf(head, "transfer-encoding") === "chunked") {
          const parsed = readChunked(rest);
          if (parsed === null) return;
          [body, rest] = parsed;
        }
        buffer = rest;
        const [method = "", target = ""] = head.split(" ");
        onRequest({
          socket,
          head,
          method,
          target,
          body,
          connection,
          index: index++,
          header: (name) => headerOf(head, name),
        });
      }
    });
  });
  return listenOnLoopback(server);
}

/** A node:http server (or the node:https one given) on 127.0.0.1 that counts the connections it accepted. */
export async function httpServer(
  handler: http.RequestListener,
  listen: { path?: string } = {},
  server: http.Server = http.createServer(),
): Promise<RunningServer & { server: http.Server }> {
  server.on("request", handler);
  return { server, ...(await listenOnLoopback(server, listen)) };
}

/**
 * Listens on 127.0.0.1 with an ephemeral port (or on the socket file
 * `listen.path`) and counts the connections `server` accepts (TCP
 * connections: a TLS server's count once each); `close` destroys those still
 * open, then closes the server.
 */
export async function listenOnLoopback(
  server: net.Server,
  listen: { path?: string } = {},
): Promise<RunningServer> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => {
    if (listen.path === undefined) server.listen(0, "127.0.0.1", resolve);
    else server.listen(listen.path, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads a whole node:http request body as text. */
export async function readAll(request: http.IncomingMessage): Promise<string> {
  let text = "";
  request.setEncoding("latin1");
  for await (const chunk of request) text += chunk as string;
  return text;
}
