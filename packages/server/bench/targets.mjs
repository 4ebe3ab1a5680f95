/**
 * One benchmark target process: `node bench/targets.mjs <hyperwire|node|ceiling>`.
 * Plain JavaScript on the built package (`dist`, through the package's own
 * name), so it measures what users install, not a development transform.
 * Listens on an ephemeral loopback port and prints `ready <port>` on stdout.
 * Both servers answer the same two routes with the same bytes (the Date
 * value aside): `/` a 12-byte hello, `/json` a 16 KiB JSON document.
 */
import { createServer as createNodeServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { httpDateNow, serve } from "@hyperwire/server";
import { HELLO, JSON_BODY } from "./payloads.mjs";

const kind = process.argv[2];

if (kind === "node") {
  const server = createNodeServer((request, response) => {
    const json = request.url === "/json";
    const body = json ? JSON_BODY : HELLO;
    // node:http adds Date, Connection: keep-alive, Keep-Alive and Content-Length.
    response.setHeader("Content-Type", json ? "application/json" : "text/plain");
    response.end(body);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no address");
    process.stdout.write(`ready ${address.port}\n`);
  });
} else if (kind === "hyperwire") {
  // hyperwire adds Date, Keep-Alive and Content-Length but no `Connection: keep-alive`
  // (HTTP/1.1 persists by default, RFC 9112 §9.3); the handler sends node:http's
  // extra field itself so that both servers write identical bytes.
  /** @param {string} type */
  const fields = (type) => [
    ["Content-Type", type],
    ["Date", httpDateNow()],
    ["Connection", "keep-alive"],
    ["Keep-Alive", "timeout=5"],
  ];
  const server = await serve({
    port: 0,
    hostname: "127.0.0.1",
    handler: (request) =>
      request.target === "/json"
        ? { headers: fields("application/json"), body: JSON_BODY }
        : { headers: fields("text/plain"), body: HELLO },
  });
  const address = server.address;
  if (address === null || typeof address === "string") throw new Error("no address");
  process.stdout.write(`ready ${address.port}\n`);
} else if (kind === "ceiling") {
  // Not an HTTP server: the floor of what any server on node:net pays per response
  // (one read, one write, Node's stream machinery). It answers each "\r\n\r\n" in
  // a read with the same bytes as the others, so it only serves wrk's GETs on loopback,
  // where a request never straddles two reads.
  let cachedDate = "";
  /** @type {(Buffer | undefined)[]} the hello and JSON responses of the current Date second */
  const cached = [];
  const responseFor = (/** @type {boolean} */ json) => {
    const date = httpDateNow();
    if (date !== cachedDate) {
      cachedDate = date;
      cached.length = 0;
    }
    const slot = json ? 1 : 0;
    let bytes = cached[slot];
    if (bytes === undefined) {
      const body = json ? JSON_BODY : HELLO;
      const head =
        `HTTP/1.1 200 OK\r\nContent-Type: ${json ? "application/json" : "text/plain"}\r\n` +
        `Date: ${date}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n` +
        `Content-Length: ${body.byteLength}\r\n\r\n`;
      bytes = Buffer.concat([Buffer.from(head, "latin1"), body]);
      cached[slot] = bytes;
    }
    return bytes;
  };
  const server = createNetServer((socket) => {
    socket.setNoDelay(true);
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      const json = chunk[5] === 0x6a; // "GET /j…"
      const response = responseFor(json);
      let count = 0;
      for (let at = chunk.indexOf("\r\n\r\n"); at >= 0; at = chunk.indexOf("\r\n\r\n", at + 4)) {
        count++;
      }
      socket.write(count === 1 ? response : Buffer.concat(Array(count).fill(response)));
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no address");
    process.stdout.write(`ready ${address.port}\n`);
  });
} else {
  throw new Error(`unknown target ${kind}`);
}

// The bench asks for this process's CPU time (a measure that other load on the
// machine does not distort): one line "cpu" in, "cpu <microseconds>" out.
process.stdin.setEncoding("utf8");
process.stdin.on("data", (text) => {
  for (const line of text.split("\n")) {
    if (line.trim() !== "cpu") continue;
    const usage = process.cpuUsage();
    process.stdout.write(`cpu ${usage.user + usage.system}\n`);
  }
});

// Exit normally on a signal so that `node --cpu-prof` writes its profile.
process.on("SIGINT", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
