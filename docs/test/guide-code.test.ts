/**
 * Every ```ts block of the guides compiles against the packages' real exports.
 *
 * Each block is type-checked as a module of its own with the workspace's compiler settings
 * (tsconfig.base.json: strict, NodeNext), `@hyperwire/*` mapped onto the TypeScript sources
 * of the packages, so a renamed export, a changed option or a wrong field type in a guide
 * fails here instead of in a reader's editor. Blocks are whole programs (imports included);
 * a block that needs something from outside declares it.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const docsDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = resolve(docsDir, "..");

/** The guides whose code blocks are checked: every one of them compiles as written. */
const GUIDES = ["server.md", "client.md", "headers.md", "security.md", "benchmarks.md"];

interface CodeBlock {
  readonly guide: string;
  /** 1-based line of the opening fence in the guide. */
  readonly line: number;
  readonly code: string;
}

/** The ```ts blocks of a guide, with the line each starts on. */
function codeBlocks(guide: string): CodeBlock[] {
  const text = readFileSync(join(docsDir, guide), "utf8");
  const blocks: CodeBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== "```ts") continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== "```"; i++) body.push(lines[i]!);
    blocks.push({ guide, line: start + 1, code: body.join("\n") });
  }
  return blocks;
}

/** The workspace compiler options, with the packages resolved to their sources. */
function compilerOptions(): ts.CompilerOptions {
  const configPath = join(repoRoot, "tsconfig.base.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot);
  return {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    paths: { "@hyperwire/*": [join(repoRoot, "packages/*/src/index.ts")] },
  };
}

/** Type-checks the blocks as virtual files beside the guides; returns one message per error. */
function typeCheck(blocks: readonly CodeBlock[]): string[] {
  const options = compilerOptions();
  const files = new Map<string, CodeBlock>();
  for (const block of blocks) {
    const name = join(
      docsDir,
      "__guide_code__",
      `${block.guide.replace(".md", "")}-L${block.line}.ts`,
    );
    files.set(name, block);
  }
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const virtualText = (name: string): string | undefined => {
    const block = files.get(name);
    // `export {}` makes a block without imports a module too (top-level await, own scope).
    return block === undefined ? undefined : `${block.code}\nexport {};\n`;
  };
  host.readFile = (name) => virtualText(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = virtualText(name);
    return text === undefined
      ? getSourceFile(name, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(name, text, languageVersion, true);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const messages: string[] = [];
  for (const [name, block] of files) {
    const source = program.getSourceFile(name)!;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const diagnostic of diagnostics) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      messages.push(`${block.guide}:${block.line + 1 + line}: ${text}`);
    }
  }
  return messages;
}

describe("code blocks of the guides", () => {
  const blocks = GUIDES.flatMap(codeBlocks);

  it("finds the blocks of every guide", () => {
    for (const guide of GUIDES.filter((name) => name !== "benchmarks.md")) {
      expect(blocks.filter((block) => block.guide === guide).length, guide).toBeGreaterThan(2);
    }
  });

  it("compiles every ```ts block against the packages' exports", () => {
    expect(typeCheck(blocks)).toEqual([]);
  }, 120_000);
});
