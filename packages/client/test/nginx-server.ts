// Starts Debian's nginx for the integration tests: a temporary prefix holding the
// config (test/nginx/nginx.conf.template filled in), the static files and an
// htpasswd file, nginx in the foreground as a child process on an ephemeral
// loopback port, and a stop() that ends it and removes the prefix.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where Debian's package puts the binary (CI installs it through .ci/run's SYSTEM_PACKAGES). */
export const NGINX_BINARY = "/usr/sbin/nginx";

/** Whether nginx is installed here. */
export const hasNginx = existsSync(NGINX_BINARY);

const TEMPLATE = fileURLToPath(new URL("./nginx/nginx.conf.template", import.meta.url));

/** The files served under /static/ (and /gzip/, /chunked/, /private/). */
export interface NginxFiles {
  /** `small.txt`: 12 bytes. */
  readonly small: Uint8Array;
  /** `text.txt`: about 64 KiB of compressible text. */
  readonly text: Uint8Array;
  /** `large.bin`: 1 MiB of random bytes. */
  readonly large: Uint8Array;
}

/** A started nginx: where it listens, what it serves, and how to stop it. */
export interface RunningNginx {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly prefix: string;
  readonly files: NginxFiles;
  /** The user and password accepted under /private/. */
  readonly credentials: { readonly user: string; readonly password: string };
  /** What nginx wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

/** An ephemeral port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connection to the port succeeds. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An htpasswd line nginx accepts without an external tool: `{SSHA}` is
 * base64(SHA-1(password ‖ salt) ‖ salt) (nginx's ngx_crypt supports it).
 * Test credentials only; nothing here protects anything real.
 */
function htpasswdLine(user: string, password: string): string {
  const salt = randomBytes(8);
  const digest = createHash("sha1").update(password).update(salt).digest();
  return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString("base64")}\n`;
}

async function writeFiles(prefix: string): Promise<NginxFiles> {
  const small = new TextEncoder().encode("hello nginx\n");
  const lines: string[] = [];
  for (let i = 0; lines.join("").length < 64 * 1024; i++) {
    lines.push(`line ${i}: hyperwire talks to nginx over HTTP/1.1\n`);
  }
  const text = new TextEncoder().encode(lines.join(""));
  const large = new Uint8Array(randomBytes(1024 * 1024));
  const dir = join(prefix, "html", "static");
  await mkdir(dir, { recursive: true });
  await mkdir(join(prefix, "html", "uploads"), { recursive: true });
  await mkdir(join(prefix, "tmp"), { recursive: true });
  await writeFile(join(dir, "small.txt"), small);
  await writeFile(join(dir, "text.txt"), text);
  await writeFile(join(dir, "large.bin"), large);
  return { small, text, large };
}

async function startOnce(): Promise<RunningNginx> {
  const prefix = await mkdtemp(join(tmpdir(), "hyperwire-nginx-"));
  // Readable by nginx's workers whatever user they run as.
  await chmod(prefix, 0o755);
  const files = await writeFiles(prefix);
  const credentials = { user: "hyper", password: "wire:secret ü" };
  await writeFile(join(prefix, "htpasswd"), htpasswdLine(credentials.user, credentials.password));
  const port = await freePort();
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const config = (await readFile(TEMPLATE, "utf8"))
    .replaceAll("{{USER_DIRECTIVE}}", isRoot ? "user root;" : "")
    .replaceAll("{{PREFIX}}", prefix)
    .replaceAll("{{PORT}}", String(port));
  const configPath = join(prefix, "nginx.conf");
  await writeFile(configPath, config);

  let stderr = "";
  let exited = false;
  const child: ChildProcess = spawn(
    NGINX_BINARY,
    [
      // -e: the error log before the config is read (the default path is outside the prefix).
      "-e",
      "stderr",
      "-p",
      prefix,
      "-c",
      configPath,
      "-g",
      `daemon off; master_process on; pid ${join(prefix, "nginx.pid")}; error_log stderr;`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    stderr += text;
  });
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
    child.once("error", (error) => {
      stderr += String(error);
      exited = true;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (!exited) {
      // SIGQUIT: graceful shutdown of master and workers; SIGKILL if it hangs.
      child.kill("SIGQUIT");
      const hung = await Promise.race([exit.then(() => false), delay(5000).then(() => true)]);
      if (hung) {
        child.kill("SIGKILL");
        await exit;
      }
    }
    await rm(prefix, { recursive: true, force: true });
  };

  // Bounded wait for the listener: 200 × 25 ms.
  for (let i = 0; i < 200 && !exited; i++) {
    if (await canConnect(port)) {
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        prefix,
        files,
        credentials,
        stderr: () => stderr,
        stop,
      };
    }
    await delay(25);
  }
  await stop();
  throw new Error(`nginx did not start on port ${port}:\n${stderr}`);
}

/**
 * Starts nginx; retries (at most three times) when the ephemeral port was
 * taken between probing it and nginx binding it.
 */
export async function startNginx(): Promise<RunningNginx> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      last = error;
      if (!String(error).includes("Address already in use")) throw error;
    }
  }
  throw last;
}

/** Hex SHA-256 of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
