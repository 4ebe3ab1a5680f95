#!/usr/bin/env node
// Runs the TypeScript source of the hyperwire command through tsx, so it works
// straight from a checkout (no build step). tsconfig.source.json maps
// @hyperwire/* to the workspace packages' sources.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const tsconfig = fileURLToPath(new URL("../tsconfig.source.json", import.meta.url));
register({ tsconfig });
await import("../src/main.ts");
