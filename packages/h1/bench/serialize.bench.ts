/**
 * Response-head micro-benchmark (tinybench): what the server pays to turn a
 * response into bytes, against what node:http effectively does (a template
 * string encoded as latin1 with `Buffer.from`, no per-character checks).
 *
 *   (a) serializeResponseHead: status line + the hello head of the server
 *       bench (Content-Type, Date, Connection, Keep-Alive) + Content-Length
 *   (b) the same bytes from a template string + Buffer.from(…, "latin1")
 *   (c) ServerConnection: 16 pipelined GETs received, each answered with
 *       sendResponse (framing decided, head serialized) — the server's path
 *
 * Run: `npx tsx bench/serialize.bench.ts` in packages/h1 (BENCH_TIME_MS tunes
 * the time per task). Prints operations per second and mean latency.
 */
import { Fields } from "@hyperwire/headers";
import { Bench } from "tinybench";
import { ServerConnection, serializeResponseHead } from "../src/index.js";

const DATE = "Mon, 23 Nov 2026 13:00:00 GMT";

function helloFields(): Fields {
  return Fields.fromTrusted(
    ["content-type", "date", "connection", "keep-alive"],
    ["Content-Type", "Date", "Connection", "Keep-Alive"],
    ["text/plain", DATE, "keep-alive", "timeout=5"],
  );
}

const extra: [string, string][] = [["Content-Length", "12"]];

function templateHead(status: number, reason: string, lines: readonly string[]): Buffer {
  let text = `HTTP/1.1 ${status} ${reason}\r\n`;
  for (let i = 0; i < lines.length; i += 2) text += `${lines[i]}: ${lines[i + 1]}\r\n`;
  return Buffer.from(`${text}\r\n`, "latin1");
}

// Both contenders must produce the same bytes.
const ours = serializeResponseHead({ status: 200, headers: helloFields() }, extra);
const theirs = templateHead(200, "OK", [...helloFields().toRawArray(), "Content-Length", "12"]);
if (Buffer.compare(Buffer.from(ours), theirs) !== 0) {
  throw new Error(
    `heads differ:\n${Buffer.from(ours).toString("latin1")}\n${theirs.toString("latin1")}`,
  );
}

const GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\n\r\n";
const pipelined = new TextEncoder().encode(GET.repeat(16));

let sink = 0;
const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 1000) });
bench
  .add("serializeResponseHead (hello head)", () => {
    sink += serializeResponseHead({ status: 200, headers: helloFields() }, extra).length;
  })
  .add("template string + Buffer.from latin1", () => {
    const fields = helloFields();
    sink += templateHead(200, "OK", [...fields.toRawArray(), "Content-Length", "12"]).length;
  })
  .add("ServerConnection: 16 pipelined, sendResponse each", () => {
    const conn = new ServerConnection();
    const events = conn.receive(pipelined);
    for (const event of events) {
      if (event.type !== "request") continue;
      sink += conn.sendResponse(
        { status: 200, headers: helloFields() },
        { contentLength: 12 },
      ).length;
      conn.sendData(HELLO);
      conn.sendEndOfMessage();
    }
  });
const HELLO = new TextEncoder().encode("hello world\n");

await bench.run();
console.table(
  bench.tasks.map((task) => {
    const result = task.result as unknown as {
      throughput?: { mean: number };
      latency?: { mean: number; p50?: number };
    };
    return {
      task: task.name,
      "ops/s": Math.round(result.throughput?.mean ?? 0),
      "mean (ns)": Math.round((result.latency?.mean ?? 0) * 1e6),
      "median (ns)": Math.round((result.latency?.p50 ?? 0) * 1e6),
    };
  }),
);
if (sink === 0) console.log("unreachable");
