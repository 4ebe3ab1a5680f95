/**
 * Client benchmark: `pnpm bench` in packages/client (`tsx bench/index.ts`).
 *
 * Starts a node:http server (bench/server.ts) pinned to core 0 and runs each
 * client as a fresh process (bench/client.mjs, on the built package) pinned to core 1, with `taskset`.
 * Clients alternate ABBA-style: round 1 in list order, round 2 reversed,
 * round 3 in order again. Each run: warm-up, then a measured window, every
 * body read to the end.
 *
 *   S1  GET, 12-byte body, 50 in flight, 50 connections
 *   S2  the same pipelined: 50 in flight on 5 connections, depth 10
 *   S3  GET, 64 KiB body, 50 in flight, 50 connections
 *   S4  POST with a 1 KiB body (12-byte answer), 50 in flight, 50 connections
 *   S5  one request at a time on one connection (latency p50 / p99)
 *   S6  fetch(): ours against undici.fetch, as S1
 *   S7  churn: server keep-alive 1 s, 20 loops idling about 1 s between GETs; errors counted
 *
 * Prints per client the median requests/s over the rounds, the ratio to undici
 * (median, min–max over rounds), p50/p99 latency and client CPU, then the
 * targets of issue 7 with a mark each.
 *
 * Flags: `--quick` (0.5 s warm-up + 2 s measured instead of 1 s + 5 s),
 * `--only S1,S5` (some scenarios), `--rounds N`, `--profile` (our client
 * processes write V8 CPU profiles, `--cpu-prof`, to
 * `$TMPDIR/hyperwire-client-bench-profiles`; open them in Chrome DevTools).
 * `pnpm bench` builds the package and its dependencies first: the client
 * processes run the built `dist` code (bench/client.mjs) with plain Node.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientName, RunConfig, RunResult } from "./run-config.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const profile = args.includes("--profile");
const flagValue = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const only = flagValue("--only")?.split(",");
const rounds = Number(flagValue("--rounds") ?? 3);
const profileDir = join(tmpdir(), "hyperwire-client-bench-profiles");
const warmupMs = quick ? 500 : 1000;
const durationMs = quick ? 2000 : 5000;

interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly path: string;
  readonly churn?: boolean;
  readonly clients: readonly ClientName[];
  /** The client the ratio is taken against, and ours. */
  readonly baseline: ClientName;
  readonly ours: ClientName;
  readonly config: Omit<RunConfig, "client" | "url" | "warmupMs" | "durationMs">;
}

const common = {
  method: "GET",
  bodySize: 0,
  inFlight: 50,
  connections: 50,
  pipelining: 1,
  idleMs: 0,
} as const;

const SCENARIOS: readonly Scenario[] = [
  {
    id: "S1",
    title: "GET 12 B, 50 in flight, 50 connections",
    path: "/small",
    clients: ["hyperwire", "undici", "node-http"],
    baseline: "undici",
    ours: "hyperwire",
    config: common,
  },
  {
    id: "S2",
    title: "GET 12 B, 50 in flight, pipelining 10 on 5 connections",
    path: "/small",
    // node:http cannot pipeline.
    clients: ["hyperwire", "undici"],
    baseline: "undici",
    ours: "hyperwire",
    config: { ...common, connections: 5, pipelining: 10 },
  },
  {
    id: "S3",
    title: "GET 64 KiB, 50 in flight, 50 connections",
    path: "/64k",
    clients: ["hyperwire", "undici", "node-http"],
    baseline: "undici",
    ours: "hyperwire",
    config: common,
  },
  {
    id: "S4",
    title: "POST 1 KiB, 50 in flight, 50 connections",
    path: "/small",
    clients: ["hyperwire", "undici", "node-http"],
    baseline: "undici",
    ours: "hyperwire",
    config: { ...common, method: "POST", bodySize: 1024 },
  },
  {
    id: "S5",
    title: "GET 12 B, one request at a time",
    path: "/small",
    clients: ["hyperwire", "undici", "node-http"],
    baseline: "undici",
    ours: "hyperwire",
    config: { ...common, inFlight: 1, connections: 1 },
  },
  {
    id: "S6",
    title: "fetch(): GET 12 B, 50 in flight, 50 connections",
    path: "/small",
    clients: ["hyperwire-fetch", "undici-fetch"],
    baseline: "undici-fetch",
    ours: "hyperwire-fetch",
    config: common,
  },
  {
    id: "S7",
    title: "churn: server keep-alive 1 s, 20 loops idling ~1 s between GETs",
    path: "/small",
    churn: true,
    clients: ["hyperwire", "undici", "node-http"],
    baseline: "undici",
    ours: "hyperwire",
    config: { ...common, inFlight: 20, connections: 20, idleMs: 1000 },
  },
];

// ---- pinning ------------------------------------------------------------------

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const pinned = process.platform === "linux" && cpus().length >= 2 && hasTaskset();

/**
 * `node <script>` (`.mjs`: plain Node; `.ts`: through tsx), under
 * `taskset -c <core>` when pinning is possible.
 */
function spawnNode(core: number, script: string, extra: string[], nodeFlags: string[] = []) {
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const nodeArgs = [...nodeFlags, ...loader, `${here}${script}`, ...extra];
  const env = { ...process.env, TSX_TSCONFIG_PATH: `${here}tsconfig.json` };
  const options = {
    env,
    stdio: ["ignore", "pipe", "inherit"] as ("ignore" | "pipe" | "inherit")[],
  };
  return pinned
    ? spawn("taskset", ["-c", String(core), process.execPath, ...nodeArgs], options)
    : spawn(process.execPath, nodeArgs, options);
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end !== -1) resolve(text.slice(0, end));
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

async function runClient(config: RunConfig): Promise<RunResult> {
  const flags =
    profile && config.client.startsWith("hyperwire")
      ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]
      : [];
  const child = spawnNode(1, "client.mjs", [JSON.stringify(config)], flags);
  const line = await firstLine(child);
  await new Promise((resolve) =>
    child.exitCode === null ? child.once("exit", resolve) : resolve(null),
  );
  return JSON.parse(line) as RunResult;
}

// ---- statistics -----------------------------------------------------------------

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (n: number, digits = 0): string =>
  n.toFixed(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const pad = (text: string, width: number): string => text.padStart(width);

interface Summary {
  readonly scenario: Scenario;
  readonly results: ReadonlyMap<ClientName, RunResult[]>;
}

function ratios(summary: Summary, of: ClientName, against: ClientName): number[] {
  const a = summary.results.get(of) ?? [];
  const b = summary.results.get(against) ?? [];
  return a.map((r, i) => r.rps / (b[i]?.rps ?? Number.NaN));
}

function printSummary(summary: Summary): void {
  const { scenario } = summary;
  console.log(`\n${scenario.id}  ${scenario.title}`);
  console.log(
    `  ${"client".padEnd(16)}${pad("req/s", 10)}${pad(`× ${scenario.baseline}`, 22)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("CPU %", 7)}${pad("µs/req", 8)}${pad("errors", 8)}`,
  );
  for (const client of scenario.clients) {
    const runs = summary.results.get(client) ?? [];
    const r = ratios(summary, client, scenario.baseline);
    const ratio =
      client === scenario.baseline
        ? "1"
        : `${median(r).toFixed(2)} (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
    const errors = runs.reduce((n, run) => n + run.errors, 0);
    console.log(
      `  ${client.padEnd(16)}${pad(fmt(median(runs.map((x) => x.rps))), 10)}${pad(ratio, 22)}${pad(median(runs.map((x) => x.p50)).toFixed(3), 9)}${pad(median(runs.map((x) => x.p99)).toFixed(3), 9)}${pad(fmt(median(runs.map((x) => x.cpu))), 7)}${pad(fmt(median(runs.map((x) => x.cpuPerRequest)), 1), 8)}${pad(String(errors), 8)}`,
    );
    const codes: Record<string, number> = {};
    for (const run of runs) {
      for (const [code, n] of Object.entries(run.errorCodes)) codes[code] = (codes[code] ?? 0) + n;
    }
    if (errors > 0) console.log(`  ${"".padEnd(16)}errors: ${JSON.stringify(codes)}`);
  }
}

function printTargets(summaries: readonly Summary[]): void {
  const find = (id: string) => summaries.find((s) => s.scenario.id === id);
  const lines: string[] = [];
  const check = (
    id: string,
    label: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    unit = "×",
  ) => {
    if (value === undefined || Number.isNaN(value)) return;
    lines.push(
      `  ${ok(value) ? "✓" : "✗"} ${id} ${label}: ${value.toFixed(unit === "×" ? 2 : 3)}${unit}`,
    );
  };
  for (const [id, minimum] of [
    ["S1", 1.05],
    ["S2", 1.0],
    ["S3", 1.05],
  ] as const) {
    const s = find(id);
    if (s)
      check(
        id,
        `≥ ${minimum.toFixed(2)}× undici`,
        median(ratios(s, "hyperwire", "undici")),
        (v) => v >= minimum,
      );
  }
  const s5 = find("S5");
  if (s5) {
    const ours = median((s5.results.get("hyperwire") ?? []).map((r) => r.p50));
    const theirs = median((s5.results.get("undici") ?? []).map((r) => r.p50));
    check("S5", `p50 ≤ undici (${theirs.toFixed(3)} ms)`, ours, (v) => v <= theirs, " ms");
  }
  const s6 = find("S6");
  if (s6)
    check(
      "S6",
      "≥ 2× undici.fetch",
      median(ratios(s6, "hyperwire-fetch", "undici-fetch")),
      (v) => v >= 2,
    );
  const s7 = find("S7");
  if (s7) {
    const errors = (s7.results.get("hyperwire") ?? []).reduce((n, r) => n + r.errors, 0);
    lines.push(`  ${errors === 0 ? "✓" : "✗"} S7 zero errors for GET: ${errors}`);
  }
  console.log("\nTargets (issue 7)");
  for (const line of lines) console.log(line);
}

// ---- main -----------------------------------------------------------------------

const server = spawnNode(0, "server.ts", []);
const { port, churnPort } = JSON.parse(await firstLine(server)) as {
  port: number;
  churnPort: number;
};
console.log(
  `client benchmark: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), ` +
    `${pinned ? "server on core 0, clients on core 1 (taskset)" : "NOT pinned (no taskset or one CPU)"}, ` +
    `${rounds} rounds alternating, ${warmupMs} ms warm-up + ${durationMs} ms measured per run`,
);
const summaries: Summary[] = [];
try {
  for (const scenario of SCENARIOS) {
    if (only !== undefined && !only.includes(scenario.id)) continue;
    const results = new Map<ClientName, RunResult[]>(scenario.clients.map((c) => [c, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? scenario.clients : [...scenario.clients].reverse();
      for (const client of order) {
        const result = await runClient({
          ...scenario.config,
          client,
          url: `http://127.0.0.1:${scenario.churn ? churnPort : port}${scenario.path}`,
          warmupMs,
          durationMs,
        });
        results.get(client)!.push(result);
      }
    }
    const summary = { scenario, results };
    summaries.push(summary);
    printSummary(summary);
  }
  printTargets(summaries);
  if (profile) console.log(`\nCPU profiles of our client processes: ${profileDir}`);
} finally {
  server.kill();
}
