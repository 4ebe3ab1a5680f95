/**
 * `tsx src/main.ts` as a person (or CI) runs it: prints the URL and the
 * session as it crossed the wire, `--once` exits, SIGTERM closes gracefully,
 * `--tls` serves HTTPS with a fresh self-signed certificate.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const TSX = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts main.ts; `until` resolves when the output matches, `exit` when the process ends. */
function runMain(args: string[]) {
  const child = spawn(TSX, ["src/main.ts", ...args], {
    cwd: appDir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exit = new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code);
    });
  });
  const until = async (pattern: RegExp): Promise<string> => {
    const deadline = Date.now() + 25_000;
    while (!pattern.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`no ${pattern} in:\n${output}`);
      }
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return output;
  };
  return { child, exit, until, output: () => output };
}

describe("main.ts", () => {
  it("--once prints the URL and one exchange as it crossed the wire, then exits 0", async () => {
    const run = runMain(["--once"]);
    expect(await run.exit).toBe(0);
    const output = run.output();
    expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\//);
    expect(output).toMatch(/^> GET \/get\?greeting=hello HTTP\/1\.1$/m);
    expect(output).toMatch(/^> user-agent: hyperwire-demo$/m);
    expect(output).toMatch(/^< HTTP\/1\.1 200 OK$/m);
    expect(output).toMatch(/^< Content-Length: \d+$/m);
    expect(output).toMatch(/^< {3}"origin": "127\.0\.0\.1"$/m);
    expect(output).toContain("server closed");
  });

  it("shuts down gracefully on SIGTERM", async () => {
    const run = runMain([]);
    await run.until(/Ctrl-C stops the server/);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain("SIGTERM: closing");
    expect(run.output()).toContain("server closed");
  });

  it("--tls serves HTTPS with a self-signed certificate made at startup", async () => {
    const run = runMain(["--tls", "--once"]);
    expect(await run.exit).toBe(0);
    expect(run.output()).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+\//);
    expect(run.output()).toMatch(
      /^< {3}"url": "https:\/\/127\.0\.0\.1:\d+\/get\?greeting=hello",$/m,
    );
  });

  it("refuses unknown options with exit code 2", async () => {
    const run = runMain(["--nope"]);
    expect(await run.exit).toBe(2);
    expect(run.output()).toContain("usage:");
  });
});
