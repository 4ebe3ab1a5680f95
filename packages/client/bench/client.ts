/**
 * One measured run of one client (started by bench/index.ts as a fresh
 * process, pinned to its own core). Argument: a JSON {@link RunConfig}.
 * Keeps `inFlight` request loops busy (or, for churn, idle between requests),
 * reads every body to the end, and prints one JSON {@link RunResult} line.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import * as undici from "undici";
import { Agent } from "../src/index.js";

export type ClientName = "hyperwire" | "hyperwire-fetch" | "undici" | "undici-fetch" | "node-http";

export interface RunConfig {
  readonly client: ClientName;
  readonly url: string;
  readonly method: "GET" | "POST";
  /** Request content size for POST. */
  readonly bodySize: number;
  readonly inFlight: number;
  readonly connections: number;
  readonly pipelining: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Churn: each loop waits about this long between requests (±10%). */
  readonly idleMs: number;
}

export interface RunResult {
  readonly requests: number;
  readonly errors: number;
  readonly errorCodes: Record<string, number>;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Client CPU time (user + system) per wall second of the measured window, in %. */
  readonly cpu: number;
  /** Client CPU microseconds per request. */
  readonly cpuPerRequest: number;
}

type Send = () => Promise<number>;

function makeSender(config: RunConfig): { send: Send; close(): void } {
  const payload = Buffer.alloc(config.bodySize, "p");
  const post = config.method === "POST";
  switch (config.client) {
    case "hyperwire": {
      const agent = new Agent({ connections: config.connections, pipelining: config.pipelining });
      const options = post
        ? { method: "POST", body: payload as Uint8Array, headers: { "content-type": "text/plain" } }
        : {};
      return {
        send: async () => {
          const res = await agent.request(config.url, options);
          return (await res.body.bytes()).byteLength;
        },
        close: () => agent.destroy(),
      };
    }
    case "hyperwire-fetch": {
      const agent = new Agent({ connections: config.connections, pipelining: config.pipelining });
      const init: RequestInit = post
        ? { method: "POST", body: payload, headers: { "content-type": "text/plain" } }
        : {};
      return {
        send: async () => {
          const res = await agent.fetch(config.url, init);
          return (await res.arrayBuffer()).byteLength;
        },
        close: () => agent.destroy(),
      };
    }
    case "undici": {
      const dispatcher = new undici.Agent({
        connections: config.connections,
        pipelining: config.pipelining,
      });
      const options = post
        ? {
            dispatcher,
            method: "POST" as const,
            body: payload,
            headers: { "content-type": "text/plain" },
          }
        : { dispatcher };
      return {
        send: async () => {
          const res = await undici.request(config.url, options);
          return (await res.body.arrayBuffer()).byteLength;
        },
        close: () => void dispatcher.destroy(),
      };
    }
    case "undici-fetch": {
      const dispatcher = new undici.Agent({
        connections: config.connections,
        pipelining: config.pipelining,
      });
      const init = post
        ? { dispatcher, method: "POST", body: payload, headers: { "content-type": "text/plain" } }
        : { dispatcher };
      return {
        send: async () => {
          const res = await undici.fetch(config.url, init);
          return (await res.arrayBuffer()).byteLength;
        },
        close: () => void dispatcher.destroy(),
      };
    }
    case "node-http": {
      const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
      const headers = post
        ? { "content-type": "text/plain", "content-length": String(payload.byteLength) }
        : {};
      return {
        send: () =>
          new Promise<number>((resolve, reject) => {
            const req = http.request(
              config.url,
              { agent, method: config.method, headers },
              (res) => {
                let size = 0;
                res.on("data", (chunk: Buffer) => {
                  size += chunk.byteLength;
                });
                res.on("end", () => resolve(size));
                res.on("error", reject);
              },
            );
            req.on("error", reject);
            req.end(post ? payload : undefined);
          }),
        close: () => agent.destroy(),
      };
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function run(config: RunConfig): Promise<RunResult> {
  const { send, close } = makeSender(config);
  let measuring = false;
  let stopped = false;
  let requests = 0;
  let errors = 0;
  const errorCodes: Record<string, number> = {};
  let latencies = new Float64Array(1 << 16);

  const loop = async (): Promise<void> => {
    while (!stopped) {
      const started = performance.now();
      try {
        await send();
        if (measuring && !stopped) {
          if (requests === latencies.length) {
            const grown = new Float64Array(latencies.length * 2);
            grown.set(latencies);
            latencies = grown;
          }
          latencies[requests++] = performance.now() - started;
        }
      } catch (error) {
        if (measuring && !stopped) {
          errors++;
          const code = String((error as { code?: unknown }).code ?? (error as Error).name);
          errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        }
      }
      if (config.idleMs > 0) await sleep(config.idleMs * (0.9 + Math.random() * 0.2));
    }
  };

  const loops = Array.from({ length: config.inFlight }, async (_, i) => {
    // Churn: spread the loops over the idle period so they do not move in lockstep.
    if (config.idleMs > 0) await sleep((config.idleMs * i) / config.inFlight);
    return loop();
  });
  await sleep(config.warmupMs);
  measuring = true;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  await sleep(config.durationMs);
  stopped = true;
  const wall = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMicros = cpu.user + cpu.system;
  await Promise.race([Promise.allSettled(loops), sleep(2000)]);
  close();
  const sorted = latencies.subarray(0, requests).sort();
  return {
    requests,
    errors,
    errorCodes,
    rps: (requests / wall) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpu: (cpuMicros / 1000 / wall) * 100,
    cpuPerRequest: requests === 0 ? 0 : cpuMicros / requests,
  };
}

const config = JSON.parse(process.argv[2] ?? "{}") as RunConfig;
const result = await run(config);
process.stdout.write(`${JSON.stringify(result)}\n`);
// Sockets still closing must not hold the process (the next run waits for it).
process.exit(0);
