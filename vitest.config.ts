import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Every workspace folder that holds a package.json becomes one vitest project. */
function workspaceFolders(parent: string): string[] {
  const dir = `${root}${parent}`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(`${dir}/${name}/package.json`))
    .map((name) => `${parent}/${name}`);
}

const folders = [...workspaceFolders("packages"), ...workspaceFolders("apps")];

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of sibling packages, so no build is needed first.
    alias: [
      {
        find: /^@hyperwire\/([a-z0-9-]+)$/,
        replacement: `${root}packages/$1/src/index.ts`,
      },
    ],
  },
  test: {
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: `${root}.vitest-results.json` }]]
      : ["default"],
    projects: [
      ...folders.map((folder) => ({
        extends: true,
        test: {
          name: folder.split("/")[1],
          root: `${root}${folder}`,
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      })),
      {
        // The docs site: builds it when stale (`pnpm run docs`) and opens it in chromium.
        extends: true,
        test: {
          name: "docs",
          root: `${root}docs`,
          include: ["test/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
