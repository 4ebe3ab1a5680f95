import type { Options } from "tsup";

/** The build every package shares: ESM and CommonJS, each with its own declarations. */
export const packageBuild: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  treeshake: true,
  splitting: false,
};
