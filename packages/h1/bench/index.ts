/**
 * Parser benchmark: this package's parsers side by side with llhttp (through
 * Node's internal binding, producing JS strings for method, URL and fields as
 * node:http does) and http-parser-js, in one run.
 *
 *   (a) a realistic browser GET of about 500 bytes
 *   (b) 16 such requests pipelined in one buffer
 *   (c) a response with a chunked 64 KiB body
 *
 * Prints messages parsed per CPU second (medians of alternating rounds) and the
 * ratios to llhttp and http-parser-js with their range. Run: `pnpm bench` in
 * packages/h1 (BENCH_ROUNDS and BENCH_SLICE_MS tune the rounds).
 */
import { createRequire } from "node:module";
import { RequestParser, ResponseParser } from "../src/index.js";

const require = createRequire(import.meta.url);

// ---- inputs -----------------------------------------------------------------

const GET =
  "GET /products/view?id=81723&ref=home HTTP/1.1\r\n" +
  "Host: shop.example.com\r\n" +
  "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n" +
  "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" +
  "Accept-Language: en-US,en;q=0.5\r\n" +
  "Accept-Encoding: gzip, deflate, br, zstd\r\n" +
  "Referer: https://shop.example.com/\r\n" +
  "Connection: keep-alive\r\n" +
  "Cookie: session=4f9a8b7c6d5e; theme=dark; consent=1\r\n" +
  "Upgrade-Insecure-Requests: 1\r\n" +
  "Sec-Fetch-Dest: document\r\n" +
  "Sec-Fetch-Mode: navigate\r\n" +
  "Sec-Fetch-Site: same-origin\r\n" +
  "Priority: u=0, i\r\n" +
  "\r\n";

const single = Buffer.from(GET, "latin1");
const pipelined = Buffer.from(GET.repeat(16), "latin1");

function chunkedResponse(): Buffer {
  const chunk = "x".repeat(8192);
  let text =
    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (let i = 0; i < 8; i++) text += `2000\r\n${chunk}\r\n`;
  text += "0\r\n\r\n";
  return Buffer.from(text, "latin1");
}
const response = chunkedResponse();

// ---- contenders ---------------------------------------------------------------

type Runner = (input: Buffer) => number;

let sink = 0;

function ours(kind: "request" | "response"): Runner {
  let messages = 0;
  const handlers = {
    onHead(head: { headers: { size: number } }) {
      sink += head.headers.size;
    },
    onBody(chunk: Uint8Array) {
      sink += chunk.byteLength;
    },
    onMessageComplete() {
      messages++;
    },
    onError(error: Error) {
      throw error;
    },
  };
  if (kind === "request") {
    const parser = new RequestParser(handlers as never);
    return (input) => {
      messages = 0;
      parser.push(input);
      return messages;
    };
  }
  const parser = new ResponseParser(handlers as never);
  return (input) => {
    messages = 0;
    parser.expectResponse("GET");
    parser.push(input);
    return messages;
  };
}

interface NodeParser {
  initialize(type: number, resource: object, maxHeaderSize?: number, lenient?: number): void;
  execute(data: Buffer): number | Error;
  [key: number]: unknown;
}

function llhttp(kind: "request" | "response"): Runner {
  const emit = process.emitWarning;
  process.emitWarning = () => {};
  const binding = (
    process as unknown as { binding(name: string): Record<string, unknown> }
  ).binding("http_parser");
  process.emitWarning = emit;
  const HTTPParser = binding.HTTPParser as {
    new (): NodeParser;
    REQUEST: number;
    RESPONSE: number;
    kOnHeaders: number;
    kOnHeadersComplete: number;
    kOnBody: number;
    kOnMessageComplete: number;
  };
  const methods = binding.allMethods as string[];
  const parser = new HTTPParser();
  parser.initialize(kind === "request" ? HTTPParser.REQUEST : HTTPParser.RESPONSE, {}, 0, 0);
  let messages = 0;
  // What node:http does with these callbacks: strings for method, URL and every field.
  parser[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
    sink += headers.length + url.length;
  };
  parser[HTTPParser.kOnHeadersComplete] = (
    major: number,
    minor: number,
    headers: string[] | undefined,
    method: number | undefined,
    url: string | undefined,
    status: number | undefined,
    _reason: string | undefined,
    upgrade: boolean,
    keepAlive: boolean,
  ) => {
    const head = {
      method: method === undefined ? undefined : methods[method],
      url,
      headers,
      status,
      version: major * 10 + minor,
      upgrade,
      keepAlive,
    };
    sink += head.headers === undefined ? 0 : head.headers.length;
    return 0;
  };
  parser[HTTPParser.kOnBody] = (chunk: Buffer) => {
    sink += chunk.length;
  };
  parser[HTTPParser.kOnMessageComplete] = () => {
    messages++;
  };
  return (input) => {
    messages = 0;
    const r = parser.execute(input);
    if (typeof r !== "number") throw r;
    return messages;
  };
}

function httpParserJs(kind: "request" | "response"): Runner {
  const { HTTPParser } = require("http-parser-js") as {
    HTTPParser: {
      new (type: string): NodeParser;
      REQUEST: string;
      RESPONSE: string;
      kOnHeadersComplete: number;
      kOnBody: number;
      kOnMessageComplete: number;
    };
  };
  const parser = new HTTPParser(kind === "request" ? HTTPParser.REQUEST : HTTPParser.RESPONSE);
  let messages = 0;
  parser[HTTPParser.kOnHeadersComplete] = (info: { headers: string[] }) => {
    sink += info.headers.length;
  };
  parser[HTTPParser.kOnBody] = (_b: Buffer, _start: number, len: number) => {
    sink += len;
  };
  parser[HTTPParser.kOnMessageComplete] = () => {
    messages++;
  };
  return (input) => {
    messages = 0;
    const r = parser.execute(input);
    if (typeof r !== "number") throw r;
    return messages;
  };
}

// ---- measurement ------------------------------------------------------------------

/**
 * Fairness on a shared machine: the contenders of a case run in alternation,
 * one short timed slice each per round (the order rotates every round), so
 * that load from other processes hits all of them alike; each slice is timed
 * in CPU time of this process (user + system, which also counts GC threads),
 * not wall time, so being descheduled costs nobody. A case reports the median
 * rate of each contender and the median and range (min–max) of the per-round
 * ratios, each computed from slices run side by side.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 120);

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Runs `run` for about SLICE_MS of CPU time; returns messages per CPU second. */
function slice(run: Runner, input: Buffer): number {
  let count = 0;
  const start = cpuMicros();
  const stop = start + SLICE_MS * 1000;
  let now = start;
  while (now < stop) {
    for (let i = 0; i < 50; i++) count += run(input);
    now = cpuMicros();
  }
  return (count / (now - start)) * 1e6;
}

function warm(run: Runner, input: Buffer, expected: number): void {
  if (run(input) !== expected) throw new Error(`expected ${expected} messages per input`);
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) for (let i = 0; i < 100; i++) run(input);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const cases = [
  { name: "(a) browser GET, 1 request", kind: "request" as const, input: single, messages: 1 },
  { name: "(b) 16 pipelined GETs", kind: "request" as const, input: pipelined, messages: 16 },
  { name: "(c) chunked 64 KiB response", kind: "response" as const, input: response, messages: 1 },
];

const format = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
const range = (values: number[]) =>
  `${median(values).toFixed(2)}x (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;

console.log(`node ${process.version}, llhttp ${process.versions.llhttp}`);
console.log(
  `input sizes: (a) ${single.length} B, (b) ${pipelined.length} B, (c) ${response.length} B`,
);
console.log(`${ROUNDS} alternating rounds of ${SLICE_MS} ms CPU time per contender and case`);
console.log("");
console.log(
  `${"case".padEnd(30)}${"hyperwire".padStart(12)}${"llhttp".padStart(12)}${"http-parser-js".padStart(16)}   ${"ours/llhttp median (range)".padEnd(28)} ours/hpjs median (range)`,
);
for (const c of cases) {
  const runners = [ours(c.kind), llhttp(c.kind), httpParserJs(c.kind)];
  for (const run of runners) warm(run, c.input, c.messages);
  const rates: number[][] = [[], [], []];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < runners.length; k++) {
      const which = (round + k) % runners.length;
      rates[which]!.push(slice(runners[which]!, c.input));
    }
  }
  const [a, b, d] = rates as [number[], number[], number[]];
  const vsLlhttp = a.map((x, i) => x / b[i]!);
  const vsHpjs = a.map((x, i) => x / d[i]!);
  console.log(
    `${c.name.padEnd(30)}${format(median(a))}${format(median(b))}${format(median(d)).padStart(16)}   ${range(vsLlhttp).padEnd(28)} ${range(vsHpjs)}`,
  );
}
console.log("\n(messages parsed per CPU second, medians; ratios > 1 mean hyperwire is faster)");
if (sink === -1) console.log(sink);
