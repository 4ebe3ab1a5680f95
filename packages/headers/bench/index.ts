// Runs every *.bench.ts file in this folder, one after another, each in its own
// Node process (so one benchmark's JIT state and garbage cannot skew the next).
// Usage: pnpm bench                          — all benchmarks
//        pnpm bench container                — only files whose name contains "container"
//        pnpm bench cookie --case "2 pairs"  — only cases whose name contains "2 pairs"
//        pnpm bench cookie --repeat 5        — each case 5 times, then the median ratio
// (--case and --repeat travel to the files as HW_BENCH_CASE and HW_BENCH_REPEAT,
// which also work when a file runs alone; files that do not compare through
// compare.ts, container and structured, ignore them.)
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filters: string[] = [];
const env: Record<string, string> = { ...process.env } as Record<string, string>;
const args = process.argv.slice(2);
for (let k = 0; k < args.length; k++) {
  const arg = args[k]!;
  const option = /^--(case|repeat)(?:=(.*))?$/.exec(arg);
  if (option === null) {
    if (arg !== "--") filters.push(arg);
    continue;
  }
  const value = option[2] ?? args[++k];
  if (value === undefined) throw new Error(`${arg} needs a value`);
  env[option[1] === "case" ? "HW_BENCH_CASE" : "HW_BENCH_REPEAT"] = value;
}
const files = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(here, file)], {
    stdio: "inherit",
    cwd: here,
    env,
  });
  if (result.status !== 0) {
    failed++;
    console.error(`${file} exited with ${result.status ?? result.signal}`);
  }
}
if (files.length === 0) console.log("no *.bench.ts files matched");
process.exitCode = failed === 0 ? 0 : 1;
