import cluster from "node:cluster";

/**
 * The platforms where libuv's `UV_TCP_REUSEPORT` gives `SO_REUSEPORT` with
 * load balancing across the sockets (Node's documentation of
 * `server.listen`: Linux 3.9+, DragonFlyBSD 3.6+, FreeBSD 12.0+, Solaris
 * 11.4, AIX 7.2.5+). Elsewhere (macOS, Windows) Node refuses the option.
 */
const REUSE_PORT_PLATFORMS: ReadonlySet<string> = new Set(["linux", "freebsd", "sunos", "aix"]);

/**
 * Whether `net.Server.listen()` of this Node.js version takes `reusePort`:
 * it arrived in 23.1.0 and was backported to 22.12.0. Older versions ignore
 * the option without a word, so two processes would then fail with
 * EADDRINUSE instead of sharing the port.
 */
function versionHasReusePort(version: string): boolean {
  const [major = 0, minor = 0] = version
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10));
  if (major > 23) return true;
  if (major === 23) return minor >= 1;
  if (major === 22) return minor >= 12;
  return false;
}

/**
 * Whether `listen({ reusePort: true })` works here: a Node.js version that
 * has the option (22.12 or newer on the 22 line, 23.1 or newer) on a
 * platform whose kernel balances connections over `SO_REUSEPORT` sockets.
 * Both arguments default to the running process.
 *
 * @example
 * ```ts
 * supportsReusePort();                   // true on Node 22.12+ under Linux
 * supportsReusePort("20.20.2", "linux"); // false: the option is ignored there
 * supportsReusePort("24.1.0", "darwin"); // false: macOS does not balance
 * ```
 */
export function supportsReusePort(
  version: string = process.versions.node,
  platform: string = process.platform,
): boolean {
  return REUSE_PORT_PLATFORMS.has(platform) && versionHasReusePort(version);
}

/**
 * The `reusePort` setting of `serve` and `runCluster`: `true` requires it,
 * `false` never uses it, `"auto"` uses it where {@link supportsReusePort}.
 */
export type ReusePortSetting = boolean | "auto";

/** Resolves a setting for this process: true, false, or "unsupported" for `true` where it cannot work. @internal */
export function resolveReusePort(setting: ReusePortSetting | undefined): boolean | "unsupported" {
  if (setting === undefined || setting === false) return false;
  const supported = supportsReusePort();
  if (setting === "auto") return supported;
  return supported ? true : "unsupported";
}

/** Why `reusePort: true` was refused, for error messages. @internal */
export function reusePortUnsupportedReason(): string {
  return `reusePort needs Node.js 22.12+ or 23.1+ on Linux, FreeBSD, Solaris or AIX (this is Node.js ${process.versions.node} on ${process.platform})`;
}

/**
 * The extra `listen()` options for SO_REUSEPORT. In a cluster worker the
 * socket is bound `exclusive`ly: without it the worker would ask the
 * primary for its one shared handle, and the kernel would have a single
 * socket to balance over. @internal
 */
export function reusePortListenOptions(
  reusePort: boolean,
  inWorker: boolean = cluster.isWorker,
): { reusePort?: true; exclusive?: true } {
  if (!reusePort) return {};
  return inWorker ? { reusePort: true, exclusive: true } : { reusePort: true };
}

/**
 * The message a worker sends its primary after binding its own socket: the
 * cluster reports "listening" only for sockets bound through the primary,
 * so `runCluster` learns of exclusive ones this way. @internal
 */
export const WORKER_LISTENING_MESSAGE = "hyperwire:cluster:listening";

/** What a worker sends with {@link WORKER_LISTENING_MESSAGE}. @internal */
export interface WorkerListeningMessage {
  readonly type: typeof WORKER_LISTENING_MESSAGE;
  readonly address: string | null;
  readonly port: number;
}

/** Tells the primary (if this is a cluster worker) that it listens on its own socket. @internal */
export function announceWorkerListening(address: string | null, port: number): void {
  if (!cluster.isWorker || typeof process.send !== "function") return;
  process.send({
    type: WORKER_LISTENING_MESSAGE,
    address,
    port,
  } satisfies WorkerListeningMessage);
}

/** Whether an IPC message from a worker is a {@link WorkerListeningMessage}. @internal */
export function isWorkerListeningMessage(message: unknown): message is WorkerListeningMessage {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { type?: unknown }).type === WORKER_LISTENING_MESSAGE &&
    typeof (message as { port?: unknown }).port === "number"
  );
}

/** The environment variable through which the primary tells its workers the resolved setting. @internal */
export const REUSE_PORT_ENV = "HYPERWIRE_CLUSTER_REUSE_PORT";
