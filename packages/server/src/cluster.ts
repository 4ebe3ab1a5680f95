import cluster, { type ClusterSettings, type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { ServerError, ServerErrorCode } from "./errors.js";
import {
  isWorkerListeningMessage,
  REUSE_PORT_ENV,
  type ReusePortSetting,
  resolveReusePort,
  reusePortUnsupportedReason,
} from "./reuse-port.js";

/** Restart policy of {@link runCluster}. */
export interface ClusterRestartOptions {
  /**
   * Most restarts allowed within `windowMs`, across all workers. Once exceeded
   * the primary stops restarting (a crash loop would otherwise burn CPU
   * forever and hide the bug); the surviving workers keep serving and a
   * "restart-limit" event is reported. Default 10.
   */
  maxRestarts?: number;
  /** The sliding window restarts are counted in, in ms. Default 60 000. */
  windowMs?: number;
  /** Delay before the first restart in the window, doubled for each further one. Default 100 ms. */
  initialDelayMs?: number;
  /** Upper bound of the backoff delay. Default 10 000 ms. */
  maxDelayMs?: number;
}

/** What {@link runCluster} reports to `onEvent`, for logs and metrics. */
export type ClusterEvent =
  | { readonly type: "fork"; readonly id: number; readonly pid: number | undefined }
  | {
      readonly type: "listening";
      readonly id: number;
      readonly pid: number | undefined;
      readonly address: string | null;
      readonly port: number;
    }
  | {
      readonly type: "exit";
      readonly id: number;
      readonly pid: number | undefined;
      readonly code: number | null;
      readonly signal: string | null;
      /** False for a crash: the worker died while the cluster was not shutting down. */
      readonly expected: boolean;
    }
  | { readonly type: "restart"; readonly delayMs: number; readonly restartsInWindow: number }
  | { readonly type: "restart-limit"; readonly restartsInWindow: number }
  | { readonly type: "shutdown"; readonly signal: NodeJS.Signals }
  | { readonly type: "force-kill"; readonly pids: readonly number[] };

/** What `start` learns about the worker it runs in. */
export interface ClusterWorkerContext {
  /** The worker's `cluster.worker.id` (1, 2, … in fork order, restarts included). */
  readonly id: number;
  /**
   * Whether to listen with `SO_REUSEPORT` (the `reusePort` option of
   * {@link runCluster}, resolved by the primary for this machine): pass it
   * to `serve({ reusePort })`. When true, each worker binds its own socket
   * and the kernel spreads connections over them; when false, workers share
   * the primary's socket as `node:cluster` does by default.
   */
  readonly reusePort: boolean;
}

/** Options of {@link runCluster}. */
export interface RunClusterOptions {
  /** Number of worker processes. Default `os.availableParallelism()`. */
  workers?: number;
  /**
   * What a worker runs: typically creates the server and listens. May
   * return a function that stops the worker gracefully; it is called on
   * SIGINT/SIGTERM, and the worker then exits once its event loop is empty.
   * Without one, the signal's default action ends the worker.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` (not `undefined`) lets an async start() with no return value fit.
  start: (worker: ClusterWorkerContext) => void | StopWorker | Promise<void | StopWorker>;
  /**
   * How workers share the port. `"auto"` (default): each binds its own
   * socket with `SO_REUSEPORT` where Node.js and the platform support it
   * (Node.js 22.12+ or 23.1+ on Linux, FreeBSD, Solaris or AIX; see
   * `supportsReusePort`), and the kernel balances new connections, with no
   * hop through the primary; elsewhere (Node.js 20, macOS, Windows) they
   * share the primary's socket. `true` requires `SO_REUSEPORT` (rejects with
   * `HW_SERVER_CLUSTER_INVALID_OPTIONS` where it cannot work); `false`
   * always shares. The decision reaches `start` as `worker.reusePort`, for
   * `serve({ reusePort: worker.reusePort })`; a worker that listens some
   * other way is free to ignore it.
   */
  reusePort?: ReusePortSetting;
  /** Restart policy for workers that die unexpectedly. */
  restart?: ClusterRestartOptions;
  /**
   * Signals the primary forwards to every worker to shut down gracefully.
   * Default ["SIGINT", "SIGTERM"]. A second signal while shutting down
   * kills the workers at once. Pass [] to manage shutdown with `signal` only.
   */
  signals?: readonly NodeJS.Signals[];
  /** Aborting it shuts the cluster down gracefully, like SIGTERM. */
  signal?: AbortSignal;
  /** After a shutdown starts, workers still alive this long are killed with SIGKILL. Default 30 000 ms. */
  shutdownTimeoutMs?: number;
  /**
   * `cluster.setupPrimary` settings (`exec`, `args`, `execArgv`, `silent`, …).
   * By default workers run the same script as the primary, where their own
   * `runCluster` call runs `start`.
   */
  settings?: ClusterSettings;
  /** Extra environment variables for every worker. */
  env?: Readonly<Record<string, string>>;
  /** Called for each fork, listening socket, exit, restart and shutdown step. */
  onEvent?: (event: ClusterEvent) => void;
}

/** A graceful stop returned by `start`: close listeners, finish in-flight requests. */
export type StopWorker = () => void | Promise<void>;

/** How {@link runCluster} finished. */
export type ClusterResult =
  | {
      readonly role: "primary";
      /** Why the cluster ended: a shutdown signal, an aborted `signal`, or every worker gone. */
      readonly reason: "signal" | "aborted" | "workers-exited";
      /** Restarts performed over the cluster's lifetime. */
      readonly restarts: number;
    }
  | { readonly role: "worker" };

const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/**
 * Runs a server on every core: in the primary process it forks `workers`
 * processes and supervises them; in each worker it calls `start`. Where
 * `SO_REUSEPORT` works (option `reusePort`, default `"auto"`: Node.js 22.12+
 * on Linux), each worker that listens with `serve({ reusePort })` binds its
 * own socket and the kernel spreads connections; elsewhere workers share
 * listening sockets through `node:cluster` (the primary accepts and hands
 * connections round-robin on most platforms).
 *
 * In the primary:
 * - a worker that dies while the cluster is not shutting down is replaced
 *   after an exponential backoff (100 ms, 200 ms, … up to 10 s), at most
 *   `maxRestarts` times per `windowMs`, so a worker that crashes at startup
 *   cannot fork-bomb the machine;
 * - SIGINT/SIGTERM (or aborting `signal`) are forwarded to every worker so
 *   each can finish its in-flight requests; stragglers are killed after
 *   `shutdownTimeoutMs`;
 * - the promise resolves once every worker has exited.
 *
 * In a worker the promise resolves once `start` has finished.
 *
 * @throws ServerError `HW_SERVER_CLUSTER_INVALID_OPTIONS` (as a rejection) for
 * a worker count that is not a positive integer, a negative time, or
 * `reusePort: true` where `SO_REUSEPORT` cannot work.
 *
 * @example
 * ```ts
 * import { runCluster, serve } from "@hyperwire/server";
 *
 * await runCluster({
 *   workers: 4,
 *   async start({ reusePort }) {
 *     const server = await serve({ port: 8080, reusePort, handler: () => ({ body: "hello" }) });
 *     return () => server.close();
 *   },
 * });
 * // primary: all workers have exited (Ctrl-C, SIGTERM from the orchestrator, …)
 * ```
 */
export async function runCluster(options: RunClusterOptions): Promise<ClusterResult> {
  if (cluster.isWorker) return runWorker(options);
  return runPrimary(options);
}

async function runWorker(options: RunClusterOptions): Promise<ClusterResult> {
  // Set by the primary's runCluster; a worker forked some other way shares the primary's socket.
  const reusePort = process.env[REUSE_PORT_ENV] === "1";
  const stop = await options.start({ id: cluster.worker?.id ?? 0, reusePort });
  if (typeof stop === "function") {
    let stopping = false;
    const onSignal = () => {
      if (stopping) return;
      stopping = true;
      for (const name of options.signals ?? DEFAULT_SIGNALS) process.removeListener(name, onSignal);
      // Disconnecting the IPC channel lets the process exit once `stop` has
      // closed the servers and the event loop drains.
      Promise.resolve()
        .then(stop)
        .finally(() => {
          if (cluster.worker?.isConnected()) cluster.worker.disconnect();
        });
    };
    for (const name of options.signals ?? DEFAULT_SIGNALS) process.on(name, onSignal);
  }
  return { role: "worker" };
}

function invalidOption(message: string): ServerError {
  return new ServerError(ServerErrorCode.CLUSTER_INVALID_OPTIONS, message);
}

function checkNonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw invalidOption(`${name} must be a non-negative number, got ${value}`);
  }
}

function runPrimary(options: RunClusterOptions): Promise<ClusterResult> {
  const count = options.workers ?? availableParallelism();
  if (!Number.isSafeInteger(count) || count < 1) {
    throw invalidOption(`workers must be a positive integer, got ${count}`);
  }
  const restart = options.restart ?? {};
  checkNonNegative("restart.maxRestarts", restart.maxRestarts);
  checkNonNegative("restart.windowMs", restart.windowMs);
  checkNonNegative("restart.initialDelayMs", restart.initialDelayMs);
  checkNonNegative("restart.maxDelayMs", restart.maxDelayMs);
  checkNonNegative("shutdownTimeoutMs", options.shutdownTimeoutMs);
  const maxRestarts = restart.maxRestarts ?? 10;
  const windowMs = restart.windowMs ?? 60_000;
  const initialDelayMs = restart.initialDelayMs ?? 100;
  const maxDelayMs = restart.maxDelayMs ?? 10_000;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 30_000;
  const signals = options.signals ?? DEFAULT_SIGNALS;
  const emit = options.onEvent ?? (() => {});
  const reusePort = resolveReusePort(options.reusePort ?? "auto");
  if (reusePort === "unsupported") throw invalidOption(reusePortUnsupportedReason());
  const env = { ...options.env, [REUSE_PORT_ENV]: reusePort ? "1" : "0" };

  if (options.settings !== undefined) cluster.setupPrimary(options.settings);

  return new Promise<ClusterResult>((resolve) => {
    const workers = new Set<Worker>();
    const restartTimes: number[] = [];
    const pendingRestarts = new Set<NodeJS.Timeout>();
    let restarts = 0;
    let shuttingDown: "signal" | "aborted" | undefined;
    let forceTimer: NodeJS.Timeout | undefined;
    let finished = false;

    const fork = (): void => {
      const worker = cluster.fork(env);
      workers.add(worker);
      emit({ type: "fork", id: worker.id, pid: worker.process.pid });
      worker.on("listening", (address) => {
        emit({
          type: "listening",
          id: worker.id,
          pid: worker.process.pid,
          address: address.address,
          port: address.port,
        });
      });
      // A socket the worker bound itself (SO_REUSEPORT, exclusive): the cluster
      // does not see it, `serve` tells us.
      worker.on("message", (message: unknown) => {
        if (!isWorkerListeningMessage(message)) return;
        emit({
          type: "listening",
          id: worker.id,
          pid: worker.process.pid,
          address: message.address,
          port: message.port,
        });
      });
      // "error" on a worker (e.g. IPC failure) must not crash the primary; the
      // following "exit" drives the restart.
      worker.on("error", () => {});
      worker.once("exit", (code, signal) => {
        workers.delete(worker);
        const expected = shuttingDown !== undefined || worker.exitedAfterDisconnect === true;
        emit({ type: "exit", id: worker.id, pid: worker.process.pid, code, signal, expected });
        if (!expected) scheduleRestart();
        maybeFinish();
      });
    };

    const scheduleRestart = (): void => {
      const now = Date.now();
      while (restartTimes.length > 0 && now - restartTimes[0]! > windowMs) restartTimes.shift();
      if (restartTimes.length >= maxRestarts) {
        emit({ type: "restart-limit", restartsInWindow: restartTimes.length });
        return;
      }
      restartTimes.push(now);
      const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (restartTimes.length - 1));
      emit({ type: "restart", delayMs, restartsInWindow: restartTimes.length });
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        if (shuttingDown !== undefined) return;
        restarts++;
        fork();
      }, delayMs);
      pendingRestarts.add(timer);
    };

    const maybeFinish = (): void => {
      if (finished || workers.size > 0 || pendingRestarts.size > 0) return;
      finished = true;
      cleanup();
      resolve({ role: "primary", reason: shuttingDown ?? "workers-exited", restarts });
    };

    const shutdown = (signal: NodeJS.Signals, reason: "signal" | "aborted"): void => {
      if (shuttingDown !== undefined) {
        // A second Ctrl-C: the operator does not want to wait.
        if (reason === "signal") forceKill();
        return;
      }
      shuttingDown = reason;
      emit({ type: "shutdown", signal });
      for (const timer of pendingRestarts) clearTimeout(timer);
      pendingRestarts.clear();
      for (const worker of workers) {
        if (!worker.isDead()) worker.process.kill(signal);
      }
      forceTimer = setTimeout(forceKill, shutdownTimeoutMs);
      forceTimer.unref();
      maybeFinish();
    };

    const forceKill = (): void => {
      const pids: number[] = [];
      for (const worker of workers) {
        if (worker.isDead()) continue;
        if (worker.process.pid !== undefined) pids.push(worker.process.pid);
        worker.process.kill("SIGKILL");
      }
      emit({ type: "force-kill", pids });
    };

    const signalHandlers = new Map<NodeJS.Signals, () => void>();
    for (const name of signals) {
      const handler = () => shutdown(name, "signal");
      signalHandlers.set(name, handler);
      process.on(name, handler);
    }
    const onAbort = () => shutdown("SIGTERM", "aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });

    const cleanup = (): void => {
      for (const [name, handler] of signalHandlers) process.removeListener(name, handler);
      options.signal?.removeEventListener("abort", onAbort);
      if (forceTimer !== undefined) clearTimeout(forceTimer);
    };

    for (let i = 0; i < count; i++) fork();
    if (options.signal?.aborted) onAbort();
  });
}
