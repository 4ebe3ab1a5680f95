/**
 * One benchmark target process: `node bench/targets.mjs <hyperwire|node>`.
 * Plain JavaScript on the built package (`dist`, through the package's own
 * name), so it measures what users install, not a development transform.
 * Listens on an ephemeral loopback port and prints `ready <port>` on stdout.
 * Both servers answer the same two routes with the same bytes (the Date
 * value aside): `/` a 12-byte hello, `/json` a 16 KiB JSON document.
 */
import { createServer as createNodeServer } from "node:http";
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
