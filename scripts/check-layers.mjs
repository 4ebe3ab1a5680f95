#!/usr/bin/env node
// Checks the layering of ../shared/ARCHITECTURE.md: each package depends only on
// the layers below it, has no runtime dependency outside the workspace, and the
// runtime-neutral layers (L0–L2) import no `node:` module outside tests,
// benchmarks and scripts.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const layersBelow = {
  grammar: [],
  methods: ["grammar"],
  status: ["grammar"],
  headers: ["grammar"],
  h1: ["grammar", "headers", "methods", "status"],
  server: ["grammar", "headers", "methods", "status", "h1"],
  client: ["grammar", "headers", "methods", "status", "h1"],
};
const runtimeNeutral = new Set(["grammar", "methods", "status", "headers", "h1"]);
const problems = [];

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

for (const name of readdirSync("packages")) {
  const manifestPath = join("packages", name, "package.json");
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const allowed = layersBelow[name];
  if (!allowed) problems.push(`packages/${name} is not a layer named in ARCHITECTURE.md`);
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const match = /^@hyperwire\/(.+)$/.exec(dep);
    if (!match)
      problems.push(`packages/${name} has a runtime dependency outside the workspace: ${dep}`);
    else if (allowed && !allowed.includes(match[1]))
      problems.push(`packages/${name} depends on ${dep}, which is not a layer below it`);
  }
  if (runtimeNeutral.has(name) && existsSync(join("packages", name, "src"))) {
    for (const file of sourceFiles(join("packages", name, "src"))) {
      const text = readFileSync(file, "utf8");
      if (/from\s+["']node:|require\(["']node:|import\(["']node:/.test(text)) {
        problems.push(
          `${file} imports a node: module, but ${name} must run in any JavaScript runtime`,
        );
      }
    }
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log("layers: ok");
