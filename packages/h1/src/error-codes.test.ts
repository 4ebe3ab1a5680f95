import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { H1_ERROR_CODES } from "./error-codes.js";

const dir = fileURLToPath(new URL(".", import.meta.url));
const parserFiles = [
  "request-parser.ts",
  "response-parser.ts",
  "message-parser.ts",
  "field-lines.ts",
  "chunked-decoder.ts",
  "framing.ts",
];

describe("H1_ERROR_CODES", () => {
  test("every code is HW_H1_* with a status a server can send", () => {
    for (const [code, row] of Object.entries(H1_ERROR_CODES)) {
      expect(code).toMatch(/^HW_H1_[A-Z0-9_]+$/);
      expect([400, 413, 414, 431, 501, 502, 505]).toContain(row.statusHint);
      expect(row.reference).toMatch(/RFC|CVE/);
    }
  });

  test("every code the parsers report is in the table, and every parser code is used", () => {
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => parserFiles.includes(f))) {
      for (const match of readFileSync(dir + file, "utf8").matchAll(/"(HW_H1_[A-Z0-9_]+)"/g))
        used.add(match[1]!);
    }
    for (const code of used) expect(Object.keys(H1_ERROR_CODES)).toContain(code);
    for (const code of Object.keys(H1_ERROR_CODES)) expect(used, code).toContain(code);
  });
});

test("the README documents every code", () => {
  const readme = readFileSync(`${dir}../README.md`, "utf8");
  for (const code of Object.keys(H1_ERROR_CODES)) expect(readme, code).toContain(`\`${code}\``);
});
