// Shared by the *.bench.ts files of the typed field parsers: runs hyperwire and
// the package users would pick instead side by side with tinybench, and prints
// ops/s for each and the ratio (above 1: hyperwire is faster).
//
// Environment (set by `pnpm bench --case … --repeat …`, or by hand when a file
// runs alone):
//   HW_BENCH_CASE    only the cases whose name contains this text (case-insensitive)
//   HW_BENCH_REPEAT  run each case this many times and print the median ratio
import { Bench } from "tinybench";

/** One comparison: the same work done by hyperwire and by the reference package. */
export interface Comparison {
  name: string;
  hyperwire: () => unknown;
  reference: () => unknown;
  referenceName: string;
}

let sink: unknown;

function opsPerSecond(bench: Bench, name: string): number {
  const task = bench.getTask(name);
  const result = task?.result as { throughput?: { mean: number } } | undefined;
  return result?.throughput?.mean ?? Number.NaN;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One round of one comparison: both sides in one tinybench run. */
async function runOnce(c: Comparison, time: number): Promise<[ours: number, theirs: number]> {
  const bench = new Bench({ time, warmup: true });
  const ours = `hyperwire: ${c.name}`;
  const theirs = `${c.referenceName}: ${c.name}`;
  bench.add(ours, () => {
    sink = c.hyperwire();
  });
  bench.add(theirs, () => {
    sink = c.reference();
  });
  await bench.run();
  return [opsPerSecond(bench, ours), opsPerSecond(bench, theirs)];
}

/**
 * Runs every comparison (those selected by HW_BENCH_CASE), HW_BENCH_REPEAT
 * times each, and prints one line per run, plus the median ratio when
 * repeated; returns the median ratio of each comparison run.
 */
export async function compare(
  title: string,
  comparisons: readonly Comparison[],
  time = 500,
): Promise<number[]> {
  const only = process.env.HW_BENCH_CASE?.toLowerCase();
  const repeat = Math.max(1, Number.parseInt(process.env.HW_BENCH_REPEAT ?? "1", 10) || 1);
  const selected = comparisons.filter(
    (c) => only === undefined || c.name.toLowerCase().includes(only),
  );
  const ratios: number[] = [];
  console.log(title);
  if (selected.length === 0) console.log(`  no case matched HW_BENCH_CASE=${only}`);
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
  for (const c of selected) {
    const runs: number[] = [];
    for (let round = 0; round < repeat; round++) {
      const [a, b] = await runOnce(c, time);
      runs.push(a / b);
      console.log(
        `  ${c.name.padEnd(44)} hyperwire ${fmt(a)} ops/s   ${c.referenceName} ${fmt(b)} ops/s   ratio ${(a / b).toFixed(2)}x`,
      );
    }
    const m = median(runs);
    ratios.push(m);
    if (repeat > 1) {
      const all = runs.map((r) => r.toFixed(2)).join(" ");
      console.log(`  ${c.name.padEnd(44)} median ratio ${m.toFixed(2)}x  (runs: ${all})`);
    }
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return ratios;
}
