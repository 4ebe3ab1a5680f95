/**
 * The benchmark's server (started by bench/index.ts, pinned to one core): a
 * node:http server answering the scenarios' routes, and a second one with a
 * keep-alive timeout of one second for the churn scenario (S7). Prints the two
 * ports as one JSON line on stdout, then serves until killed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const SMALL = Buffer.from("hello world\n"); // 12 bytes
const LARGE = Buffer.alloc(64 * 1024, "x"); // 64 KiB

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const body = req.url === "/64k" ? LARGE : SMALL;
  const reply = (): void => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": body.byteLength });
    res.end(body);
  };
  if (req.method === "POST") {
    // Read the whole request content before answering, as a real handler would.
    req.on("data", () => {});
    req.on("end", reply);
  } else {
    reply();
  }
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

const main = http.createServer(handler);
main.keepAliveTimeout = 30_000;
const churn = http.createServer(handler);
churn.keepAliveTimeout = 1000;
const [port, churnPort] = await Promise.all([listen(main), listen(churn)]);
process.stdout.write(`${JSON.stringify({ port, churnPort })}\n`);
