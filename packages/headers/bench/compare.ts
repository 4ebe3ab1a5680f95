// Shared by the *.bench.ts files of the typed field parsers: runs hyperwire and
// the package users would pick instead side by side with tinybench, and prints
// ops/s for each and the ratio (above 1: hyperwire is faster).
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

/** Runs every comparison and prints one line each; returns the ratios. */
export async function compare(
  title: string,
  comparisons: readonly Comparison[],
  time = 500,
): Promise<number[]> {
  const ratios: number[] = [];
  console.log(title);
  for (const c of comparisons) {
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
    const a = opsPerSecond(bench, ours);
    const b = opsPerSecond(bench, theirs);
    ratios.push(a / b);
    const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
    console.log(
      `  ${c.name.padEnd(44)} hyperwire ${fmt(a)} ops/s   ${c.referenceName} ${fmt(b)} ops/s   ratio ${(a / b).toFixed(2)}x`,
    );
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return ratios;
}
