// Building the field container from parsed request lines, as the HTTP/1 codec
// does (byte views -> findFieldName -> Fields.fromTrusted), against the two
// things users would build instead: a WHATWG `Headers` (undici, fetch) and a
// plain object filled the way node:http's IncomingMessage fills `headers`.
// Each contender also answers the three lookups a server makes on every
// request (host, content-length, transfer-encoding), so laziness is not free.
import { Bench } from "tinybench";
import { FIELD_NAMES_LOWER, Fields, findFieldName, internRawFieldName } from "../src/index.js";

const REQUEST_LINES: [string, string][] = [
  ["Host", "www.example.com"],
  ["Connection", "keep-alive"],
  ["Cache-Control", "max-age=0"],
  ["sec-ch-ua", '"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"'],
  ["sec-ch-ua-mobile", "?0"],
  ["sec-ch-ua-platform", '"Linux"'],
  ["Upgrade-Insecure-Requests", "1"],
  [
    "User-Agent",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
  ],
  [
    "Accept",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
  ],
  ["Sec-Fetch-Site", "none"],
  ["Sec-Fetch-Mode", "navigate"],
  ["Sec-Fetch-User", "?1"],
  ["Sec-Fetch-Dest", "document"],
  ["Accept-Encoding", "gzip, deflate, br, zstd"],
  ["Accept-Language", "en-US,en;q=0.9,fr;q=0.8"],
  ["Cookie", "session=38afes7a8; theme=dark; _ga=GA1.2.1234567890.1234567890"],
  ["If-None-Match", 'W/"5e15153d-120f"'],
  ["If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT"],
  ["X-Forwarded-For", "203.0.113.195, 70.41.3.18"],
  ["X-Request-ID", "f058ebd6-02f7-4d3f-942e-904344e8cde5"],
];

// The request head as bytes plus the offsets a parser would have found.
const text = REQUEST_LINES.map(([n, v]) => `${n}: ${v}\r\n`).join("");
const bytes = new TextEncoder().encode(text);
const offsets: number[] = [];
{
  let pos = 0;
  for (const [name, value] of REQUEST_LINES) {
    offsets.push(
      pos,
      pos + name.length,
      pos + name.length + 2,
      pos + name.length + 2 + value.length,
    );
    pos += name.length + 2 + value.length + 2;
  }
}
const LINES = REQUEST_LINES.length;

// Every contender decodes names/values from the same bytes with the same function.
function latin1(start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function buildFields(): Fields {
  const lower = new Array<string>(LINES);
  const raw = new Array<string>(LINES);
  const values = new Array<string>(LINES);
  for (let l = 0; l < LINES; l++) {
    const ns = offsets[4 * l]!;
    const ne = offsets[4 * l + 1]!;
    const index = findFieldName(bytes, ns, ne);
    if (index !== -1) {
      lower[l] = FIELD_NAMES_LOWER[index]!;
      raw[l] = internRawFieldName(index, bytes, ns, ne);
    } else {
      const name = latin1(ns, ne);
      raw[l] = name;
      lower[l] = name.toLowerCase();
    }
    values[l] = latin1(offsets[4 * l + 2]!, offsets[4 * l + 3]!);
  }
  return Fields.fromTrusted(lower, raw, values);
}

function buildHeaders(): Headers {
  const headers = new Headers();
  for (let l = 0; l < LINES; l++) {
    headers.append(
      latin1(offsets[4 * l]!, offsets[4 * l + 1]!),
      latin1(offsets[4 * l + 2]!, offsets[4 * l + 3]!),
    );
  }
  return headers;
}

// node:http keeps the first of some singletons, joins the rest with ", " and
// collects set-cookie in an array (IncomingMessage#_addHeaderLine).
const NODE_DROP_DUPLICATES = new Set([
  "content-type",
  "content-length",
  "user-agent",
  "referer",
  "host",
  "authorization",
]);
function buildNodeObject(): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (let l = 0; l < LINES; l++) {
    const name = latin1(offsets[4 * l]!, offsets[4 * l + 1]!).toLowerCase();
    const value = latin1(offsets[4 * l + 2]!, offsets[4 * l + 3]!);
    const existing = headers[name];
    if (existing === undefined) headers[name] = name === "set-cookie" ? [value] : value;
    else if (name === "set-cookie") (existing as string[]).push(value);
    else if (!NODE_DROP_DUPLICATES.has(name)) headers[name] = `${existing as string}, ${value}`;
  }
  return headers;
}

let sink = 0;
const bench = new Bench({ time: 1000, warmup: true });
bench
  .add("hyperwire Fields (findFieldName + fromTrusted)", () => {
    const f = buildFields();
    sink +=
      (f.get("host")?.length ?? 0) +
      (f.get("content-length") === null ? 1 : 0) +
      (f.has("transfer-encoding") ? 1 : 0);
  })
  .add("WHATWG Headers (append)", () => {
    const h = buildHeaders();
    sink +=
      (h.get("host")?.length ?? 0) +
      (h.get("content-length") === null ? 1 : 0) +
      (h.has("transfer-encoding") ? 1 : 0);
  })
  .add("plain object like node:http", () => {
    const o = buildNodeObject();
    sink +=
      ((o.host as string | undefined)?.length ?? 0) +
      (o["content-length"] === undefined ? 1 : 0) +
      ("transfer-encoding" in o ? 1 : 0);
  });

await bench.run();

const rows = bench.tasks.map((task) => {
  const result = task.result as { throughput?: { mean: number } } | undefined;
  return { name: task.name, opsPerSecond: result?.throughput?.mean ?? Number.NaN };
});
const ours = rows[0]!.opsPerSecond;
console.log(`container build from ${LINES} parsed lines + 3 lookups`);
for (const row of rows) {
  console.log(
    `${row.name.padEnd(48)} ${Math.round(row.opsPerSecond).toLocaleString("en-US").padStart(12)} ops/s   hyperwire is ${(ours / row.opsPerSecond).toFixed(2)}x`,
  );
}

// Name resolution alone: what findFieldName saves over decoding and lowercasing.
const names = new Bench({ time: 500, warmup: true });
names
  .add("findFieldName + internRawFieldName (20 names)", () => {
    for (let l = 0; l < LINES; l++) {
      const ns = offsets[4 * l]!;
      const ne = offsets[4 * l + 1]!;
      const index = findFieldName(bytes, ns, ne);
      sink +=
        index === -1 ? latin1(ns, ne).length : internRawFieldName(index, bytes, ns, ne).length;
    }
  })
  .add("decode + toLowerCase (20 names)", () => {
    for (let l = 0; l < LINES; l++) {
      sink += latin1(offsets[4 * l]!, offsets[4 * l + 1]!).toLowerCase().length;
    }
  });
await names.run();
const [fast, slow] = names.tasks.map(
  (task) =>
    (task.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN,
) as [number, number];
console.log(
  `\nname resolution: findFieldName ${Math.round(fast).toLocaleString("en-US")} ops/s vs decode+lowercase ${Math.round(slow).toLocaleString("en-US")} ops/s: ${(fast / slow).toFixed(2)}x`,
);
if (sink === -1) console.log(sink);
