/** The shapes exchanged between bench/index.ts and each client process (bench/client.mjs). */

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
