/**
 * Parser benchmark: this package's parsers side by side with llhttp (through
 * Node's internal binding, producing JS strings for method, URL and fields as
 * node:http does) and http-parser-js, in one run.
 *
 *   (a) a realistic browser GET of about 500 bytes
 *   (b) 16 such requests pipelined in one buffer
 *   (c) a response with a chunked 64 KiB body
 *   (d) the GET of (a) as the first request on a new connection: every
 *       contender builds a new parser for each message, so nothing learned
 *       from earlier messages (our field-name prediction) helps. llhttp pays
 *       what a new one costs there: `new HTTPParser()`, its callbacks,
 *       `initialize()` and `close()` (freeing the native parser at once,
 *       cheaper than leaving it to the garbage collector). node:http itself
 *       takes llhttp parsers from a pool and only calls `initialize()`, which
 *       costs about what (a) does.
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

function ours(kind: "request" | "response", fresh = false): Runner {
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
    if (fresh) {
      return (input) => {
        messages = 0;
        new RequestParser(handlers as never).push(input);
        return messages;
      };
    }
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
  close(): void;
  [key: number]: unknown;
}

function llhttp(kind: "request" | "response", fresh = false): Runner {
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
  const type = kind === "request" ? HTTPParser.REQUEST : HTTPParser.RESPONSE;
  let messages = 0;
  // What node:http does with these callbacks: strings for method, URL and every field.
  const onHeaders = (headers: string[], url: string) => {
    sink += headers.length + url.length;
  };
  const onHeadersComplete = (
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
  const onBody = (chunk: Buffer) => {
    sink += chunk.length;
  };
  const onMessageComplete = () => {
    messages++;
  };
  // As node:http's parser pool builds one: the callbacks, then initialize().
  const create = (): NodeParser => {
    const parser = new HTTPParser();
    parser[HTTPParser.kOnHeaders] = onHeaders;
    parser[HTTPParser.kOnHeadersComplete] = onHeadersComplete;
    parser[HTTPParser.kOnBody] = onBody;
    parser[HTTPParser.kOnMessageComplete] = onMessageComplete;
    parser.initialize(type, {}, 0, 0);
    return parser;
  };
  if (fresh) {
    return (input) => {
      messages = 0;
      const parser = create();
      const r = parser.execute(input);
      parser.close();
      if (typeof r !== "number") throw r;
      return messages;
    };
  }
  const parser = create();
  return (input) => {
    messages = 0;
    const r = parser.execute(input);
    if (typeof r !== "number") throw r;
    return messages;
  };
}

function httpParserJs(kind: "request" | "response", fresh = false): Runner {
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
  const type = kind === "request" ? HTTPParser.REQUEST : HTTPParser.RESPONSE;
  let messages = 0;
  const onHeadersComplete = (info: { headers: string[] }) => {
    sink += info.headers.length;
  };
  const onBody = (_b: Buffer, _start: number, len: number) => {
    sink += len;
  };
  const onMessageComplete = () => {
    messages++;
  };
  const create = (): NodeParser => {
    const parser = new HTTPParser(type);
    parser[HTTPParser.kOnHeadersComplete] = onHeadersComplete;
    parser[HTTPParser.kOnBody] = onBody;
    parser[HTTPParser.kOnMessageComplete] = onMessageComplete;
    return parser;
  };
  if (fresh) {
    return (input) => {
      messages = 0;
      const r = create().execute(input);
      if (typeof r !== "number") throw r;
      return messages;
    };
  }
  const parser = create();
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
  {
    name: "(d) GET on a fresh parser",
    kind: "request" as const,
    input: single,
    messages: 1,
    fresh: true,
  },
];

const format = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
const range = (values: number[]) =>
  `${median(values).toFixed(2)}x (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;

console.log(`node ${process.version}, llhttp ${process.versions.llhttp}`);
console.log(
  `input sizes: (a) and (d) ${single.length} B, (b) ${pipelined.length} B, (c) ${response.length} B`,
);
console.log(`${ROUNDS} alternating rounds of ${SLICE_MS} ms CPU time per contender and case`);
console.log("");
console.log(
  `${"case".padEnd(30)}${"hyperwire".padStart(12)}${"llhttp".padStart(12)}${"http-parser-js".padStart(16)}   ${"ours/llhttp median (range)".padEnd(28)} ours/hpjs median (range)`,
);
for (const c of cases) {
  const fresh = "fresh" in c && c.fresh;
  const runners = [ours(c.kind, fresh), llhttp(c.kind, fresh), httpParserJs(c.kind, fresh)];
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
