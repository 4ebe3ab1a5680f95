/**
 * `tsx src/main.ts [--tls] [--once] [--trace-echo]` — the demo server in the
 * foreground: listens on HOST:PORT (127.0.0.1:8080 by default), prints its
 * URL, shows one request/response made with @hyperwire/client as it crosses
 * the wire, then serves until SIGINT/SIGTERM (graceful close: requests in
 * flight may finish for 3 s). `--once` stops after the session (CI).
 */
import { request } from "@hyperwire/client";
import { startDemoServer } from "./server.js";
import { createSelfSignedCertificate } from "./tls-certificate.js";
import { startWireTap } from "./wire-tap.js";

const USAGE = `usage: tsx src/main.ts [--tls] [--once] [--trace-echo]

  --tls         serve HTTPS with a self-signed certificate for localhost, made at startup
                with openssl in a temporary directory (clients must trust it: curl -k)
  --once        exit after the demo session (for CI)
  --trace-echo  answer TRACE with the request head instead of 405
environment: HOST (default 127.0.0.1), PORT (default 8080; 0 picks a free port)`;

const args = new Set(process.argv.slice(2));
for (const arg of args) {
  if (!["--tls", "--once", "--trace-echo", "--help", "-h"].includes(arg)) {
    console.error(`unknown option ${arg}\n${USAGE}`);
    process.exit(2);
  }
}
if (args.has("--help") || args.has("-h")) {
  console.log(USAGE);
  process.exit(0);
}

const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}

const certificate = args.has("--tls") ? await createSelfSignedCertificate() : undefined;
const demo = await startDemoServer({
  port,
  hostname: host,
  ...(certificate === undefined ? {} : { tls: certificate }),
  trace: args.has("--trace-echo") ? "echo" : "off",
});
console.log(`hyperwire demo server listening on ${demo.url}`);
if (certificate !== undefined) {
  console.log("(self-signed certificate for localhost, valid one day: use curl -k or trust it)");
}

// One exchange through a tap on loopback that prints the bytes as they pass.
const tap = await startWireTap({
  host: host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host,
  port: demo.port,
  ...(certificate === undefined ? {} : { tls: { ca: certificate.cert } }),
});
console.log(
  `\none request with @hyperwire/client, as it crosses the wire${certificate ? " (the plaintext inside TLS)" : ""}:\n`,
);
let failed = false;
try {
  const response = await request(`http://127.0.0.1:${tap.port}/get?greeting=hello`, {
    headers: { accept: "application/json", "user-agent": "hyperwire-demo" },
    decompress: false, // keep the body readable on the wire
    timeout: 5_000,
  });
  await response.body.text();
  console.log(`\nclient saw: ${response.status} ${response.statusText}`);
} catch (error) {
  failed = true;
  console.error("the demo request failed:", error);
} finally {
  await tap.close();
}

let stopping = false;
const stop = async (reason: string): Promise<void> => {
  if (stopping) {
    console.log("forced exit");
    process.exit(1);
  }
  stopping = true;
  console.log(`${reason}: closing (requests in flight have 3 s)…`);
  await demo.close(3_000);
  console.log("server closed");
  process.exit(failed ? 1 : 0);
};

if (args.has("--once")) await stop("--once");
else {
  const base = demo.url;
  console.log(
    `\ntry it: open ${base} or run curl -v${certificate ? " -k" : ""} ${base}get   (Ctrl-C stops the server)`,
  );
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
