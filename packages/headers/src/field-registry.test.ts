import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IANA_FIELD_REGISTRY } from "./field-registry.generated.js";

const scriptUrl = new URL("../scripts/generate-registry.mjs", import.meta.url);
const generatedPath = fileURLToPath(new URL("./field-registry.generated.ts", import.meta.url));
// The CSV lives outside the repository (../shared/iana, relative to the repo root);
// a checkout without that snapshot cannot regenerate, so the staleness check is skipped there.
const csvPath = fileURLToPath(new URL("../../../../shared/iana/field-names.csv", import.meta.url));
const csvExists = existsSync(csvPath);

interface Generator {
  parseCsv(text: string): string[][];
  generate(csvPath?: string): string;
  CSV_PATH: string;
}

async function generator(): Promise<Generator> {
  return (await import(scriptUrl.href)) as Generator;
}

describe("IANA field registry", () => {
  // Skipped only when ../shared/iana/field-names.csv is absent (see csvPath above).
  it.skipIf(!csvExists)("the committed table is up to date with the CSV", async () => {
    const { generate, CSV_PATH } = await generator();
    expect(CSV_PATH).toBe(csvPath);
    expect(readFileSync(generatedPath, "utf8")).toBe(generate());
  });

  it("parses RFC 4180 CSV: quotes, doubled quotes, commas and line breaks in fields", async () => {
    const { parseCsv } = await generator();
    expect(parseCsv('a,"b, c","d ""e""",\r\n"multi\nline",x,,y\n')).toEqual([
      ["a", "b, c", 'd "e"', ""],
      ["multi\nline", "x", "", "y"],
    ]);
    expect(parseCsv("a,b")).toEqual([["a", "b"]]);
    expect(() => parseCsv('"open')).toThrow();
    expect(() => parseCsv('a"b')).toThrow();
  });

  it("holds every status and well-known rows", () => {
    const byName = new Map(IANA_FIELD_REGISTRY.map((row) => [row.name, row]));
    expect(IANA_FIELD_REGISTRY.length).toBeGreaterThan(200);
    expect(new Set(IANA_FIELD_REGISTRY.map((r) => r.status))).toEqual(
      new Set(["permanent", "provisional", "deprecated", "obsoleted"]),
    );
    expect(byName.get("Content-Length")).toEqual({
      name: "Content-Length",
      status: "permanent",
      reference: "[RFC9110, Section 8.6: HTTP Semantics]",
    });
    expect(byName.get("Accept-CH")?.structuredType).toBe("List");
    expect(byName.get("Expect-CT")?.comments).toBe("Obsoleted by [IESG] [HTTPBIS]");
  });
});
