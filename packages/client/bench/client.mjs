/**
 * One measured run of one client (started by bench/index.ts as a fresh
 * process, pinned to its own core). Argument: a JSON RunConfig
 * (bench/run-config.ts). Plain JavaScript run by plain Node on the built
 * package (`dist`, through the package's own name): it measures what users
 * install, not a development transform.
 * Keeps `inFlight` request loops busy (or, for churn, idle between requests),
 * reads every body to the end, and prints one JSON RunResult line.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import { Agent } from "@hyperwire/client";
import * as undici from "undici";

/**
 * @param {import("./run-config.ts").RunConfig} config
 * @returns {{ send: () => Promise<number>, close(): void }}
 */
function makeSender(config) {
  const payload = Buffer.alloc(config.bodySize, "p");
  const post = config.method === "POST";
  switch (config.client) {
    case "hyperwire": {
      const agent = new Agent({ connections: config.connections, pipelining: config.pipelining });
      const options = post
        ? { method: "POST", body: payload, headers: { "content-type": "text/plain" } }
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
      const init = post
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
            method: "POST",
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
          new Promise((resolve, reject) => {
            const req = http.request(
              config.url,
              { agent, method: config.method, headers },
              (res) => {
                let size = 0;
                res.on("data", (chunk) => {
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

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {Float64Array} sorted
 * @param {number} p
 */
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/**
 * @param {import("./run-config.ts").RunConfig} config
 * @returns {Promise<import("./run-config.ts").RunResult>}
 */
async function run(config) {
  const { send, close } = makeSender(config);
  let measuring = false;
  let stopped = false;
  let requests = 0;
  let errors = 0;
  /** @type {Record<string, number>} */
  const errorCodes = {};
  let latencies = new Float64Array(1 << 16);

  const loop = async () => {
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
          const code = String(error?.code ?? error?.name);
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

const config = JSON.parse(process.argv[2] ?? "{}");
const result = await run(config);
process.stdout.write(`${JSON.stringify(result)}\n`);
// Sockets still closing must not hold the process (the next run waits for it).
process.exit(0);
