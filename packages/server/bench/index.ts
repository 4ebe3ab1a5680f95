/**
 * Server benchmark: hyperwire against node:http on loopback, in one run.
 *
 * - The same two handlers on both: `/` a 12-byte hello, `/json` 16 KiB of JSON.
 *   Their response bytes are asserted identical (the Date value aside) first.
 * - Each server runs in its own process pinned to core 0 (`taskset -c 0`);
 *   wrk runs pinned to core 1 (`taskset -c 1`, one thread).
 * - 50 and 256 connections, pipelining depth 1 and 16 (bench/pipeline.lua).
 * - Alternating A/B runs (node:http, then hyperwire), ROUNDS rounds of
 *   DURATION seconds each; the table shows the median requests/s, the
 *   median p99 latency and the ratio hyperwire / node:http.
 *
 * Besides wrk's figures, each run reads the server's CPU time (user + system)
 * before and after: CPU per response is a second measure, one that other
 * load on the machine distorts far less than requests/s. "CPU ratio" is
 * node:http's CPU per response over hyperwire's (higher: hyperwire cheaper).
 *
 * BENCH_CEILING=1 adds a third contender, the floor for any server on
 * node:net: a responder that writes fixed bytes for every request head in a
 * read (no parsing, no HTTP), and two columns, its CPU per response and that
 * over hyperwire's (1.00 would be hyperwire costing no more than the floor).
 *
 * Run: `pnpm bench` in packages/server (needs wrk and taskset; Linux). It
 * builds the package and its dependencies first: the targets run the built
 * `dist` code with plain Node (bench/targets.mjs), as users would.
 * Environment: BENCH_DURATION (s, default 3), BENCH_ROUNDS (default 5);
 * BENCH_PATHS (default "/,/json") and BENCH_CONNECTIONS (default "50,256")
 * narrow the matrix while working on one case.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PATHS = (process.env.BENCH_PATHS ?? "/,/json").split(",");
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "50,256").split(",").map(Number);
/** BENCH_CEILING=1 adds the floor: a minimal responder on node:net (bench/targets.mjs). */
const CEILING = process.env.BENCH_CEILING === "1";
type Kind = "node" | "hyperwire" | "ceiling";
const KINDS: readonly Kind[] = CEILING ? ["node", "hyperwire", "ceiling"] : ["node", "hyperwire"];

interface Target {
  readonly kind: Kind;
  readonly port: number;
  readonly child: ChildProcess;
  /** The target's CPU time so far, in microseconds (user + system). */
  cpu(): Promise<number>;
}

function startTarget(kind: Kind): Promise<Target> {
  const child = spawn("taskset", ["-c", "0", process.execPath, `${here}targets.mjs`, kind], {
    cwd: `${here}..`,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let started = false;
    const cpuWaiters: ((value: number) => void)[] = [];
    const cpu = (): Promise<number> =>
      new Promise((resolveCpu) => {
        cpuWaiters.push(resolveCpu);
        child.stdin!.write("cpu\n");
      });
    const timer = setTimeout(() => reject(new Error(`${kind} did not start`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      let newline = out.indexOf("\n");
      while (newline >= 0) {
        const line = out.slice(0, newline);
        out = out.slice(newline + 1);
        newline = out.indexOf("\n");
        const ready = /^ready (\d+)/.exec(line);
        if (ready !== null && !started) {
          started = true;
          clearTimeout(timer);
          resolve({ kind, port: Number(ready[1]), child, cpu });
        }
        const used = /^cpu (\d+)/.exec(line);
        if (used !== null) cpuWaiters.shift()?.(Number(used[1]));
      }
    });
    child.on("exit", (code) => reject(new Error(`${kind} exited with ${code}`)));
  });
}

/** One raw GET; returns the response bytes with the Date value blanked. */
function fetchRaw(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
    );
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(text);
      if (end >= 0 && length !== null && text.length >= end + 4 + Number(length[1])) {
        socket.destroy();
        resolve(text.replace(/\r\nDate: [^\r]*/i, "\r\nDate: -"));
      }
    });
    socket.on("error", reject);
    setTimeout(() => reject(new Error("no response")), 5_000).unref();
  });
}

interface Sample {
  readonly rps: number;
  readonly p99: number; // ms
  /** Server CPU time per response, in microseconds (robust to other load on the machine). */
  readonly cpuPerRequest: number;
  readonly errors: string;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  if (unit === "us") return n / 1000;
  if (unit === "s") return n * 1000;
  if (unit === "m") return n * 60_000;
  return n;
}

async function wrk(
  target: Target,
  path: string,
  connections: number,
  depth: number,
  duration = DURATION,
) {
  const port = target.port;
  const args = [
    "-c",
    "1",
    "wrk",
    "-t1",
    `-c${connections}`,
    `-d${duration}s`,
    "--latency",
    // 256 connections × 16 pipelined × 16 KiB is 64 MiB in flight: wrk's 2 s default would count timeouts.
    "--timeout",
    "10s",
    ...(depth > 1 ? ["-s", `${here}pipeline.lua`] : []),
    `http://127.0.0.1:${port}${path}`,
    ...(depth > 1 ? ["--", String(depth)] : []),
  ];
  const cpuBefore = await target.cpu();
  const { stdout } = await run("taskset", args, { timeout: (duration + 30) * 1000 });
  const cpuAfter = await target.cpu();
  const total = /(\d+) requests in/.exec(stdout);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(stdout);
  if (rps === null || p99 === null || total === null)
    throw new Error(`cannot read wrk output:\n${stdout}`);
  const problems = [/Socket errors:[^\n]*/.exec(stdout)?.[0], /Non-2xx[^\n]*/.exec(stdout)?.[0]];
  return {
    rps: Number(rps[1]),
    p99: toMs(p99[1]!, p99[2]!),
    cpuPerRequest: (cpuAfter - cpuBefore) / Math.max(1, Number(total[1])),
    errors: problems.filter(Boolean).join("; "),
  } satisfies Sample;
}

/** Median p99 of the runs that recorded latencies (wrk prints 0 when it has none). */
function latency(samples: Sample[]): string {
  const recorded = samples.map((s) => s.p99).filter((p) => p > 0);
  return recorded.length === 0 ? "n/a" : `${median(recorded).toFixed(2)} ms`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const targets: Target[] = [];
  try {
    for (const kind of KINDS) targets.push(await startTarget(kind));
    const [node, ...others] = targets as [Target, ...Target[]];
    for (const path of ["/", "/json"]) {
      const a = await fetchRaw(node.port, path);
      for (const other of others) {
        const b = await fetchRaw(other.port, path);
        if (a !== b)
          throw new Error(
            `responses of ${other.kind} to ${path} differ:\n${a.slice(0, 400)}\n---\n${b.slice(0, 400)}`,
          );
      }
    }
    console.log("response bytes identical on every target (Date value aside)\n");
    // Warm-up: let both JITs optimize every path before anything is measured.
    for (const target of targets) {
      for (const path of ["/", "/json"]) {
        for (const depth of [1, 16]) await wrk(target, path, 50, depth, 1);
      }
    }
    const rows: string[][] = [];
    const header = [
      "handler",
      "conns",
      "depth",
      "node:http req/s",
      "hyperwire req/s",
      "ratio",
      "node:http p99",
      "hyperwire p99",
      "node:http CPU/req",
      "hyperwire CPU/req",
      "CPU ratio",
      ...(CEILING ? ["ceiling CPU/req", "ceiling / hyperwire CPU"] : []),
    ];
    for (const path of PATHS) {
      for (const connections of CONNECTIONS) {
        for (const depth of [1, 16]) {
          const samples: Record<Kind, Sample[]> = { node: [], hyperwire: [], ceiling: [] };
          for (let round = 0; round < ROUNDS; round++) {
            // A/B alternation: drifts (thermal, other load) hit both sides alike.
            const order = round % 2 === 0 ? targets : [...targets].reverse();
            for (const target of order) {
              samples[target.kind].push(await wrk(target, path, connections, depth));
            }
          }
          const rpsNode = median(samples.node.map((s) => s.rps));
          const rpsHw = median(samples.hyperwire.map((s) => s.rps));
          const cpuNode = median(samples.node.map((s) => s.cpuPerRequest));
          const cpuHw = median(samples.hyperwire.map((s) => s.cpuPerRequest));
          const cpuCeiling = CEILING ? median(samples.ceiling.map((s) => s.cpuPerRequest)) : 0;
          const errors = [...samples.node, ...samples.hyperwire, ...samples.ceiling]
            .map((s) => s.errors)
            .filter(Boolean);
          rows.push([
            path === "/" ? "hello" : "json 16 KiB",
            String(connections),
            String(depth),
            Math.round(rpsNode).toLocaleString("en-US"),
            Math.round(rpsHw).toLocaleString("en-US"),
            `${(rpsHw / rpsNode).toFixed(2)}×`,
            latency(samples.node),
            latency(samples.hyperwire),
            `${cpuNode.toFixed(1)} µs`,
            `${cpuHw.toFixed(1)} µs`,
            `${(cpuNode / cpuHw).toFixed(2)}×`,
            ...(CEILING
              ? [`${cpuCeiling.toFixed(1)} µs`, `${(cpuCeiling / cpuHw).toFixed(2)}`]
              : []),
          ]);
          console.log(
            rows.at(-1)!.join("  "),
            errors.length > 0 ? `(wrk: ${errors.join(" | ")})` : "",
          );
        }
      }
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(" | ")} |`;
    console.log(
      `\n${DURATION} s per run, ${ROUNDS} rounds A/B, medians; servers on core 0, wrk -t1 on core 1\n`,
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const row of rows) console.log(line(row));
  } finally {
    for (const target of targets) target.child.kill();
  }
}

await main();
