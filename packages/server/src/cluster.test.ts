import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterEvent, type RunClusterOptions, runCluster } from "./cluster.js";
import { ServerErrorCode } from "./errors.js";
import { supportsReusePort } from "./reuse-port.js";

// Every wait is bounded: a broken cluster fails the test instead of hanging it.
const WAIT_MS = 10_000;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hyperwire-cluster-"));
  // A worker on node:http (the hyperwire server does not exist yet): answers
  // with its pid; on SIGTERM or SIGUSR2 it leaves a marker, closes and exits 0.
  writeFileSync(
    join(dir, "serve.mjs"),
    `import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
const server = createServer((req, res) => res.end(String(process.pid)));
server.listen(Number(process.env.PORT), "127.0.0.1");
const stop = (signal) => {
  writeFileSync(process.env.MARKERS + "/" + signal + "-" + process.pid, "");
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGUSR2", stop);
`,
  );
  writeFileSync(join(dir, "crash.mjs"), "process.exit(3);\n");
  // A worker that goes through runCluster itself, so `start` and the returned
  // stop function run in a real worker process (TypeScript loaded by tsx).
  const clusterModule = new URL("cluster.ts", import.meta.url);
  writeFileSync(
    join(dir, "start.mjs"),
    `import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
const { runCluster } = await import(${JSON.stringify(clusterModule.href)});
await runCluster({
  start() {
    const server = createServer((req, res) => res.end("started " + process.pid));
    server.listen(Number(process.env.PORT), "127.0.0.1");
    return () => new Promise((done) => server.close(() => {
      writeFileSync(process.env.MARKERS + "/stopped-" + process.pid, "");
      done();
    }));
  },
});
`,
  );
  // A worker on the hyperwire server: listens with the reusePort runCluster
  // decided, and answers with its pid and that decision.
  const indexModule = new URL("index.ts", import.meta.url);
  writeFileSync(
    join(dir, "serve-hyperwire.mjs"),
    `const { runCluster, serve } = await import(${JSON.stringify(indexModule.href)});
await runCluster({
  async start({ reusePort, id }) {
    const server = await serve({
      port: Number(process.env.PORT),
      hostname: "127.0.0.1",
      reusePort,
      handler: () => ({ body: process.pid + " " + id + " " + reusePort }),
    });
    return () => server.close({ deadline: 1000 });
  },
});
`,
  );
  // A worker that binds its own socket (as serve() does with SO_REUSEPORT) and
  // tells the primary the way serve() does.
  const reusePortModule = new URL("reuse-port.ts", import.meta.url);
  writeFileSync(
    join(dir, "exclusive.mjs"),
    `import { createServer } from "node:net";
const { announceWorkerListening } = await import(${JSON.stringify(reusePortModule.href)});
const server = createServer((socket) => socket.end());
server.listen({ port: Number(process.env.PORT), host: "127.0.0.1", exclusive: true }, () => {
  const { address, port } = server.address();
  announceWorkerListening(address, port);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`,
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        baseUrl: ".",
        paths: {
          "@hyperwire/*": [
            resolve(fileURLToPath(new URL("../..", import.meta.url)), "*/src/index.ts"),
          ],
        },
      },
    }),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

/** tsx's loader, so that worker scripts can import the TypeScript sources. */
function tsxLoader(): string {
  return new URL("../../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
}

function fetchText(port: number): Promise<string> {
  return new Promise((done, fail) => {
    const request = get({ host: "127.0.0.1", port, path: "/", agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => done(body));
    });
    request.setTimeout(WAIT_MS, () => request.destroy(new Error("request timed out")));
    request.on("error", fail);
  });
}

/** Collects events and lets a test wait, with a deadline, until a condition on them holds. */
function recorder() {
  const events: ClusterEvent[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    onEvent(event: ClusterEvent) {
      events.push(event);
      for (const waiter of waiters) waiter();
    },
    until(predicate: (events: ClusterEvent[]) => boolean, what: string): Promise<void> {
      return new Promise((done, fail) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error(`timed out waiting for ${what}: ${JSON.stringify(events)}`));
        }, WAIT_MS);
        const check = () => {
          if (!predicate(events)) return;
          clearTimeout(timer);
          waiters.delete(check);
          done();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/**
 * Runs the worker script `script` (written to `dir` above) under runCluster:
 * one worker, no signal handlers, shut down with `stop()`; `typescript` loads
 * tsx in the workers. `options` adds to or replaces any of these.
 */
function startCluster(
  script: string,
  options: Partial<RunClusterOptions> & { readonly typescript?: boolean } = {},
) {
  const { typescript = false, ...rest } = options;
  const log = recorder();
  const controller = new AbortController();
  const done = runCluster({
    workers: 1,
    start: () => {},
    settings: {
      exec: join(dir, script),
      execArgv: typescript ? ["--import", tsxLoader()] : [],
      silent: true,
    },
    signals: [],
    signal: controller.signal,
    onEvent: log.onEvent,
    ...rest,
  });
  return { log, done, stop: () => controller.abort() };
}

/** The first worker forked, by its pid. */
const firstPid = (events: ClusterEvent[]): number =>
  (events.find((e) => e.type === "fork") as { pid: number }).pid;

function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, fail) =>
      setTimeout(() => fail(new Error(`timed out: ${what}`)), WAIT_MS).unref(),
    ),
  ]);
}

const count = (events: ClusterEvent[], type: ClusterEvent["type"]) =>
  events.filter((e) => e.type === type).length;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("runCluster", () => {
  it("forks workers that share a port, restarts a killed one, and shuts down on abort", async () => {
    const port = await freePort();
    const { log, done, stop } = startCluster("serve.mjs", {
      workers: 2,
      env: { PORT: String(port), MARKERS: dir },
      restart: { initialDelayMs: 20 },
    });
    await log.until((e) => count(e, "listening") === 2, "two listening workers");
    const pids = log.events.flatMap((e) => (e.type === "fork" && e.pid ? [e.pid] : []));
    expect(pids).toHaveLength(2);
    expect(pids).toContain(Number(await fetchText(port)));

    // Kill one worker as a crash would: it must come back, on the same port.
    process.kill(pids[0]!, "SIGKILL");
    await log.until((e) => count(e, "listening") === 3, "the restarted worker listening");
    const exit = log.events.find((e) => e.type === "exit");
    expect(exit).toMatchObject({ type: "exit", pid: pids[0], signal: "SIGKILL", expected: false });
    expect(log.events.find((e) => e.type === "restart")).toMatchObject({
      delayMs: 20,
      restartsInWindow: 1,
    });
    const newPid = log.events.flatMap((e) => (e.type === "fork" && e.pid ? [e.pid] : []))[2]!;
    expect(newPid).not.toBe(pids[0]);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add(await fetchText(port));
    expect([...seen].every((pid) => [pids[1], newPid].includes(Number(pid)))).toBe(true);

    stop();
    const result = await withDeadline(done, "cluster shutdown");
    expect(result).toEqual({ role: "primary", reason: "aborted", restarts: 1 });
    // Graceful: each live worker received SIGTERM and exited on its own.
    expect(existsSync(join(dir, `SIGTERM-${pids[1]}`))).toBe(true);
    expect(existsSync(join(dir, `SIGTERM-${newPid}`))).toBe(true);
    for (const pid of [...pids, newPid]) expect(isAlive(pid)).toBe(false);
    const exits = log.events.filter((e) => e.type === "exit");
    expect(exits.slice(1).every((e) => e.type === "exit" && e.expected && e.code === 0)).toBe(true);
  });

  it("forwards its shutdown signals to the workers", async () => {
    const port = await freePort();
    const { log, done } = startCluster("serve.mjs", {
      env: { PORT: String(port), MARKERS: dir },
      // SIGUSR2 stands in for SIGTERM: emitting SIGTERM inside the test
      // runner would reach the runner's own handlers.
      signals: ["SIGUSR2"],
    });
    await log.until((e) => count(e, "listening") === 1, "a listening worker");
    const pid = firstPid(log.events);
    process.emit("SIGUSR2", "SIGUSR2");
    const result = await withDeadline(done, "shutdown by signal");
    expect(result).toEqual({ role: "primary", reason: "signal", restarts: 0 });
    expect(existsSync(join(dir, `SIGUSR2-${pid}`))).toBe(true);
    expect(log.events).toContainEqual({ type: "shutdown", signal: "SIGUSR2" });
    expect(process.listenerCount("SIGUSR2")).toBe(0);
  });

  it("stops restarting a crash loop at the cap, with growing delays", async () => {
    const { log, done } = startCluster("crash.mjs", {
      restart: { maxRestarts: 3, initialDelayMs: 10, maxDelayMs: 25 },
    });
    const result = await withDeadline(done, "crash loop");
    expect(result).toEqual({ role: "primary", reason: "workers-exited", restarts: 3 });
    expect(count(log.events, "fork")).toBe(4);
    expect(
      log.events.filter((e) => e.type === "restart").map((e) => e.type === "restart" && e.delayMs),
    ).toEqual([10, 20, 25]);
    expect(log.events.at(-1)).toEqual({ type: "restart-limit", restartsInWindow: 3 });
    expect(
      log.events.filter((e) => e.type === "exit").every((e) => e.type === "exit" && e.code === 3),
    ).toBe(true);
  });

  it("runs start in the workers and calls its stop function on shutdown", async () => {
    const port = await freePort();
    const { log, done, stop } = startCluster("start.mjs", {
      typescript: true,
      env: { PORT: String(port), MARKERS: dir, TSX_TSCONFIG_PATH: join(dir, "tsconfig.json") },
    });
    await log.until((e) => count(e, "listening") === 1, "a listening worker");
    const pid = firstPid(log.events);
    expect(await fetchText(port)).toBe(`started ${pid}`);
    stop();
    expect(await withDeadline(done, "shutdown")).toMatchObject({ reason: "aborted" });
    expect(existsSync(join(dir, `stopped-${pid}`))).toBe(true);
    expect(log.events.find((e) => e.type === "exit")).toMatchObject({ code: 0, expected: true });
  });

  it("kills workers that ignore the shutdown signal after the deadline", async () => {
    writeFileSync(
      join(dir, "stubborn.mjs"),
      `import { writeFileSync } from "node:fs";
process.on("SIGTERM", () => {});
setInterval(() => {}, 1000);
writeFileSync(process.env.MARKERS + "/stubborn-" + process.pid, "");
`,
    );
    const { log, done, stop } = startCluster("stubborn.mjs", {
      env: { MARKERS: dir },
      shutdownTimeoutMs: 200,
    });
    await log.until((e) => count(e, "fork") === 1, "a fork");
    // Wait (bounded) until the worker has installed its SIGTERM handler.
    const pid = (log.events[0] as { pid: number }).pid;
    const deadline = Date.now() + WAIT_MS;
    while (!existsSync(join(dir, `stubborn-${pid}`))) {
      if (Date.now() > deadline) throw new Error("the stubborn worker never started");
      await new Promise((r) => setTimeout(r, 20));
    }
    stop();
    const result = await withDeadline(done, "forced shutdown");
    expect(result).toMatchObject({ reason: "aborted" });
    expect(log.events.some((e) => e.type === "force-kill")).toBe(true);
    expect(log.events.find((e) => e.type === "exit")).toMatchObject({
      signal: "SIGKILL",
      expected: true,
    });
  });

  it("tells start whether to use SO_REUSEPORT, and serve() workers share the port either way", async () => {
    const port = await freePort();
    const { log, done, stop } = startCluster("serve-hyperwire.mjs", {
      workers: 2,
      typescript: true,
      env: { PORT: String(port), TSX_TSCONFIG_PATH: join(dir, "tsconfig.json") },
    });
    try {
      // With SO_REUSEPORT each worker binds its own socket and announces it; without,
      // the cluster reports the shared one. Two "listening" events either way.
      await log.until((e) => count(e, "listening") === 2, "two listening workers");
      const forks = log.events.flatMap((e) => (e.type === "fork" ? [e] : []));
      for (let i = 0; i < 4; i++) {
        const [pid, id, reusePort] = (await fetchText(port)).split(" ");
        // `start` ran in one of the forked workers and learnt its id.
        expect(forks).toContainEqual({ type: "fork", id: Number(id), pid: Number(pid) });
        // "auto": on this machine (Node 20 here), what supportsReusePort says.
        expect(reusePort).toBe(String(supportsReusePort()));
      }
      for (const event of log.events.filter((e) => e.type === "listening"))
        expect(event).toMatchObject({ address: "127.0.0.1", port });
    } finally {
      stop();
    }
    expect(await withDeadline(done, "shutdown")).toMatchObject({ reason: "aborted" });
  });

  it("reports a worker that bound its own socket as listening", async () => {
    const port = await freePort();
    const { log, done, stop } = startCluster("exclusive.mjs", {
      typescript: true,
      env: { PORT: String(port) },
    });
    try {
      await log.until((e) => count(e, "listening") === 1, "the announced socket");
      const pid = firstPid(log.events);
      expect(log.events.find((e) => e.type === "listening")).toEqual({
        type: "listening",
        id: expect.any(Number),
        pid,
        address: "127.0.0.1",
        port,
      });
    } finally {
      stop();
    }
    await withDeadline(done, "shutdown");
  });

  it.skipIf(supportsReusePort())(
    "refuses reusePort: true where SO_REUSEPORT cannot work (this Node.js)",
    async () => {
      await expect(
        runCluster({ workers: 1, start: () => {}, reusePort: true }),
      ).rejects.toMatchObject({
        code: ServerErrorCode.CLUSTER_INVALID_OPTIONS,
        message: expect.stringContaining("Node.js 22.12+"),
      });
    },
  );

  it("rejects invalid options", async () => {
    for (const workers of [0, -1, 1.5, Number.NaN]) {
      await expect(runCluster({ workers, start: () => {} })).rejects.toMatchObject({
        code: ServerErrorCode.CLUSTER_INVALID_OPTIONS,
      });
    }
    await expect(
      runCluster({ workers: 1, start: () => {}, restart: { maxDelayMs: -5 } }),
    ).rejects.toMatchObject({ code: ServerErrorCode.CLUSTER_INVALID_OPTIONS });
  });
});
