#!/usr/bin/env node
// The quick-start demo until apps/demo-server exists: a hyperwire server on
// HOST:PORT (127.0.0.1:8080 by default), one request made with the hyperwire
// client through a tap that prints the bytes on the wire, then the server keeps
// serving until Ctrl-C. `--once` stops after the session (used by CI).
import { createServer as createTcpServer, connect } from "node:net";
import { request } from "../packages/client/dist/index.js";
import { negotiateMediaType } from "../packages/headers/dist/index.js";
import { serve } from "../packages/server/dist/index.js";

const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 8080);
const once = process.argv.includes("--once");

const server = await serve({
  hostname: host,
  port,
  handler: async (req) => {
    const name = new URL(req.target, "http://x").searchParams.get("name") ?? "world";
    const type = negotiateMediaType(req.headers.get("accept"), ["application/json", "text/plain"]);
    if (type === "text/plain") return { headers: { "content-type": "text/plain; charset=utf-8" }, body: `hello, ${name}\n` };
    return {
      headers: { "content-type": "application/json", vary: "Accept" },
      body: JSON.stringify({ hello: name, method: req.method, userAgent: req.headers.get("user-agent") }),
    };
  },
});
console.log(`hyperwire demo server listening on ${server.url}`);

// A tap between the client and the server prints what crosses the wire.
const printBytes = (arrow, chunk) => {
  for (const line of chunk.toString("latin1").split("\r\n")) console.log(`${arrow} ${line}`);
};
const tap = createTcpServer((downstream) => {
  const upstream = connect(server.address.port, server.address.address);
  downstream.on("data", (chunk) => {
    printBytes(">", chunk);
    upstream.write(chunk);
  });
  upstream.on("data", (chunk) => {
    printBytes("<", chunk);
    downstream.write(chunk);
  });
  downstream.on("close", () => upstream.destroy());
  upstream.on("close", () => downstream.destroy());
});
await new Promise((resolve) => tap.listen(0, "127.0.0.1", resolve));

console.log("\none request with @hyperwire/client, as it crosses the wire:\n");
const response = await request(`http://127.0.0.1:${tap.address().port}/greeting?name=hyperwire`, {
  headers: { accept: "application/json", "user-agent": "hyperwire-demo" },
  timeout: 5_000,
});
const body = await response.body.json();
console.log(`\nclient saw: ${response.status} ${response.statusText}, body ${JSON.stringify(body)}`);
tap.close();

const stop = async () => {
  await server.close({ deadline: 2_000 });
  console.log("server closed");
  process.exit(0);
};
if (once) await stop();
else {
  console.log(`\ntry it: curl -v ${server.url}greeting?name=you   (Ctrl-C stops the server)`);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
