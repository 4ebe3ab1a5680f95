// Runs every *.bench.ts file in this folder, one after another, each in its own
// Node process (so one benchmark's JIT state and garbage cannot skew the next).
// Usage: pnpm bench            — all benchmarks
//        pnpm bench container  — only files whose name contains "container"
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
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
  });
  if (result.status !== 0) {
    failed++;
    console.error(`${file} exited with ${result.status ?? result.signal}`);
  }
}
if (files.length === 0) console.log("no *.bench.ts files matched");
process.exitCode = failed === 0 ? 0 : 1;
