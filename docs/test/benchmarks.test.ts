/**
 * The benchmarks page draws its chart and its tables from docs/benchmarks.json
 * (scripts/write-benchmark-chart.mjs): the committed SVG and tables must be what the script
 * makes from the committed JSON, so a figure edited in one place only fails here.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without type declarations.
import * as chart from "../../scripts/write-benchmark-chart.mjs";

const docsDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = resolve(docsDir, "..");
const script = join(repoRoot, "scripts", "write-benchmark-chart.mjs");

interface Result {
  name: string;
  ratio?: number;
  latency?: { ours: number; reference: number; unit: string };
  check?: string;
  target?: number;
}
interface Data {
  groups: { id: string; command: string; date: string; directory: string; results: Result[] }[];
}

const data: Data = chart.loadBenchmarks();
const results = data.groups.flatMap((group) => group.results);

describe("benchmarks page", () => {
  it("has a chart and tables that match docs/benchmarks.json (run `pnpm docs:bench-chart`)", () => {
    const run = spawnSync(process.execPath, [script, "--check"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const { chart: svg, page } = chart.expectedOutputs();
    expect(readFileSync(join(docsDir, "media", "benchmarks.svg"), "utf8")).toBe(svg);
    expect(readFileSync(join(docsDir, "benchmarks.md"), "utf8")).toBe(page);
  });

  it("records a date and a command for every group", () => {
    for (const group of data.groups) {
      expect(group.date, group.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(group.command, group.id).toMatch(/pnpm bench/);
      expect(page()).toContain(`\`cd ${group.directory} && ${group.command}\``);
    }
  });

  it("draws one bar per ratio, a 1.0× line and one marker per target", () => {
    const svg = chart.renderChart(data) as string;
    const drawn = results.filter((result) => result.check === undefined);
    expect(svg.match(/<rect x=[^>]*><title>/g)?.length).toBe(drawn.length);
    expect(svg.match(/<title>target /g)?.length).toBe(
      drawn.filter((result) => result.target !== undefined).length,
    );
    expect(svg).toContain("1.0× = reference");
    for (const result of drawn) expect(svg).toContain(`${chart.ratioOf(result).toFixed(2)}×`);
    // Well-formed enough for a browser: one root, every quote and tag closed.
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it("lists every result in the tables, and links the chart from the page", () => {
    const text = page();
    for (const result of results)
      expect(text).toContain(`| ${result.name.replace(/\|/g, "\\|")} |`);
    expect(text).toContain("](media/benchmarks.svg)");
  });

  it("refuses data that would draw nonsense", () => {
    const broken = structuredClone(data);
    const first = broken.groups[0]!.results[0]!;
    (first as { range?: number[] }).range = [2, 3];
    expect(() => chart.validateBenchmarks(broken)).toThrow(/range/);
    const twoKinds = structuredClone(data);
    twoKinds.groups[0]!.results[0]!.check = "0 errors";
    expect(() => chart.validateBenchmarks(twoKinds)).toThrow(/exactly one/);
  });
});

function page(): string {
  return readFileSync(join(docsDir, "benchmarks.md"), "utf8");
}
