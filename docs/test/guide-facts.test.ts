/**
 * The facts the guides list by hand, checked against the code they describe: every client
 * error code, every diagnostics channel of the server, and the defaults in the server's table
 * of timeouts and limits. A code, channel or default added or changed without the guide
 * fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ClientErrorCode, RequestErrorCode } from "@hyperwire/client";
import { DEFAULT_PARSER_OPTIONS } from "@hyperwire/h1";
import { SERVER_CHANNELS } from "@hyperwire/server";
import { describe, expect, it } from "vitest";
import { resolveServeOptions } from "../../packages/server/src/server-options.js";

const docsDir = fileURLToPath(new URL("..", import.meta.url));
const guide = (name: string) => readFileSync(join(docsDir, name), "utf8");

/** "10 000 ms", "64 KiB", "1 GiB", "`Infinity`", "240" → a number; undefined for prose. */
function quantity(cell: string): number | undefined {
  const text = cell.replace(/[`\s\u00a0\u202f]/g, "");
  if (text === "Infinity") return Number.POSITIVE_INFINITY;
  const match = /^(\d+(?:\.\d+)?)(ms|KiB|MiB|GiB)?$/.exec(text);
  if (match === null) return undefined;
  const scale = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[match[2] ?? ""] ?? 1;
  return Number(match[1]) * scale;
}

/** The rows of the first markdown table after `heading`: cells without the outer pipes. */
function tableAfter(text: string, heading: string): string[][] {
  const start = text.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of text.slice(start).split("\n")) {
    if (line.startsWith("|")) {
      inTable = true;
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      if (!cells.every((cell) => /^-+$/.test(cell))) rows.push(cells);
    } else if (inTable) break;
  }
  return rows.slice(1);
}

describe("client guide", () => {
  const text = guide("client.md");

  it("lists every code of RequestErrorCode, with its constant", () => {
    const rows = tableAfter(text, "The codes of an exchange on the wire");
    const listed = new Map(
      rows.map(([constant, code]) => [code!.replace(/`/g, ""), constant!.replace(/`/g, "")]),
    );
    for (const [constant, code] of Object.entries(RequestErrorCode)) {
      expect(listed.get(code), code).toBe(constant);
    }
    expect(listed.size).toBe(Object.keys(RequestErrorCode).length);
  });

  it("names every code of ClientErrorCode", () => {
    for (const code of Object.values(ClientErrorCode)) expect(text, code).toContain(`\`${code}\``);
  });
});

describe("server guide", () => {
  const text = guide("server.md");

  it("names every diagnostics channel", () => {
    for (const name of Object.values(SERVER_CHANNELS)) expect(text, name).toContain(`\`${name}\``);
  });

  it("gives the real default of every timeout and limit of serve()", () => {
    const resolved = resolveServeOptions({}, () => ({})) as unknown as Record<string, unknown>;
    const rows = tableAfter(text, "## Timeouts and limits");
    const table = new Map(rows.map(([option, value]) => [option!.replace(/`/g, ""), value!]));
    const numeric = Object.entries(resolved).filter(
      ([name, value]) => typeof value === "number" && name !== "keepAliveHeader",
    );
    expect(numeric.length).toBeGreaterThan(10);
    for (const [name, value] of numeric) {
      expect(table.has(name), `${name} is missing from the table`).toBe(true);
      expect(quantity(table.get(name)!), name).toBe(value);
    }
    expect(quantity(table.get("maxBodyBytes")!)).toBe(DEFAULT_PARSER_OPTIONS.maxBodyBytes);
  });

  it("gives the real defaults of the request parser's limits", () => {
    for (const name of [
      "maxStartLineBytes",
      "maxHeaderSectionBytes",
      "maxFieldCount",
      "maxChunkExtensionBytes",
      "maxTrailerSectionBytes",
    ] as const) {
      const match = new RegExp(`\`${name}\`\\s+([\\d\\s]+)`).exec(text);
      expect(match, name).not.toBeNull();
      expect(quantity(match![1]!), name).toBe(DEFAULT_PARSER_OPTIONS[name]);
    }
  });
});

describe("security notes", () => {
  it("quote the real defaults of the limits they name", () => {
    const text = guide("security.md");
    const resolved = resolveServeOptions({}, () => ({})) as unknown as Record<string, unknown>;
    const defaults: Record<string, unknown> = {
      ...DEFAULT_PARSER_OPTIONS,
      ...resolved,
      maxBodyBytes: DEFAULT_PARSER_OPTIONS.maxBodyBytes,
    };
    const unit: Record<string, number> = { s: 1000, h: 3_600_000, KiB: 1024, GiB: 1024 ** 3 };
    let checked = 0;
    // "`headersTimeout` (10 s", "`parser.maxFieldCount` (100)", "`minBodyBytesPerSecond` (240 B/s"
    for (const match of text.matchAll(
      /`(?:parser\.)?(\w+)` \((\d[\d\s]*)\s*(s|h|KiB|GiB|B\/s)?\b/g,
    )) {
      const [, name, digits, suffix] = match;
      if (!(name! in defaults)) continue;
      const value = Number(digits!.replace(/\s/g, "")) * (unit[suffix ?? ""] ?? 1);
      expect(value, name).toBe(defaults[name!]);
      checked++;
    }
    expect(checked).toBeGreaterThan(8);
  });
});
