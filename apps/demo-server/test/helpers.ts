import { execFile } from "node:child_process";

/** Debian's curl: the reference client the endpoints are checked with. */
export const CURL = "/usr/bin/curl";

/** What one curl run printed. */
export interface CurlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs curl with `args` (never through a shell), bounded by `--max-time 15`
 * and a kill after 20 s. `-s` keeps progress meters out of stderr.
 */
export function curl(args: readonly string[]): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      CURL,
      ["-s", "--max-time", "15", ...args],
      { timeout: 20_000, maxBuffer: 16 * 1024 * 1024, encoding: "latin1" },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/** The header section curl prints with `-i` (or `-D -`), as lower-case name → value. */
export function parseHead(text: string): { status: number; fields: Map<string, string> } {
  const blocks = text.split("\r\n\r\n");
  // With -L several heads precede the body: the last head is the final response's.
  let head = blocks[0] ?? "";
  for (const block of blocks) if (block.startsWith("HTTP/")) head = block;
  const [statusLine = "", ...lines] = head.split("\r\n");
  const fields = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(statusLine.split(" ")[1]), fields };
}

/** The content after the last head printed by `curl -i`. */
export function bodyOf(text: string): string {
  const parts = text.split("\r\n\r\n");
  let index = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i]!.startsWith("HTTP/")) index = i;
  return parts.slice(index + 1).join("\r\n\r\n");
}
