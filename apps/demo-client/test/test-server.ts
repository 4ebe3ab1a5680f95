// A node:http server on loopback with the routes the CLI tests need.
import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

export interface TestServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const md5 = (text: string): string => createHash("md5").update(text).digest("hex");

/** 0, 1, 2, … 255, 0, 1, … : n bytes whose values say where they are. */
export function patternBytes(n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = i % 256;
  return bytes;
}

const DIGEST_REALM = "hyperwire-test";
const DIGEST_NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093";

function digestOk(req: http.IncomingMessage, user: string, password: string): boolean {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Digest ")) return false;
  const params: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    params[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? "";
  }
  if (params.username !== user || params.nonce !== DIGEST_NONCE) return false;
  // RFC 7616 §3.4.1 with qop=auth and MD5.
  const ha1 = md5(`${user}:${DIGEST_REALM}:${password}`);
  const ha2 = md5(`${req.method}:${params.uri}`);
  const expected = md5(`${ha1}:${DIGEST_NONCE}:${params.nc}:${params.cnonce}:${params.qop}:${ha2}`);
  return params.response === expected;
}

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    const body = Buffer.concat(chunks);
    if (path === "/echo" || path === "/") {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          headers: req.headers,
          rawHeaders: req.rawHeaders,
          body: body.toString("latin1"),
        }),
      );
      return;
    }
    const redirect = /^\/redirect\/(\d+)$/.exec(path);
    if (redirect) {
      const n = Number(redirect[1]);
      res.writeHead(302, { location: n <= 1 ? "/echo" : `/redirect/${n - 1}` });
      res.end();
      return;
    }
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status) {
      res.writeHead(Number(status[1]), { "content-type": "text/plain" });
      res.end(`status ${status[1]}\n`);
      return;
    }
    const bytes = /^\/bytes\/(\d+)(?:\/[^/]*)?$/.exec(path);
    if (bytes) {
      const data = patternBytes(Number(bytes[1]));
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      if (range) {
        const start = Number(range[1]);
        const end = range[2] === "" ? data.length - 1 : Math.min(Number(range[2]), data.length - 1);
        res.writeHead(206, {
          "content-range": `bytes ${start}-${end}/${data.length}`,
          "content-length": end - start + 1,
        });
        res.end(data.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": data.length,
      });
      res.end(data);
      return;
    }
    if (path === "/gzip") {
      const data = gzipSync(Buffer.from("hello, compressed world\n"));
      res.writeHead(200, { "content-encoding": "gzip", "content-length": data.length });
      res.end(data);
      return;
    }
    if (path === "/cookies/set") {
      res.writeHead(200, {
        "set-cookie": [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/; Max-Age=3600`),
      });
      res.end("set\n");
      return;
    }
    if (path === "/cookies") {
      res.end(`cookie: ${req.headers.cookie ?? ""}\n`);
      return;
    }
    if (path === "/basic-auth") {
      const expected = `Basic ${Buffer.from("alice:s3cret").toString("base64")}`;
      if (req.headers.authorization === expected) res.end("welcome alice\n");
      else {
        res.writeHead(401, { "www-authenticate": 'Basic realm="test"' });
        res.end("no\n");
      }
      return;
    }
    if (path === "/digest-auth") {
      if (digestOk(req, "bob", "hunter2")) res.end("welcome bob\n");
      else {
        res.writeHead(401, {
          "www-authenticate": `Digest realm="${DIGEST_REALM}", qop="auth", algorithm=MD5, nonce="${DIGEST_NONCE}", opaque="5ccc069c403ebaf9f0171e9517f40e41"`,
        });
        res.end("no\n");
      }
      return;
    }
    if (path === "/slow") {
      // Never answers within the tests' --max-time; closed when the server stops.
      const timer = setTimeout(() => res.end("late\n"), 10_000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    res.writeHead(404);
    res.end("not found\n");
  });
}

async function listen(server: http.Server, scheme: string): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts the plain HTTP test server on an ephemeral loopback port. */
export function startHttpServer(): Promise<TestServer> {
  return listen(http.createServer(handler), "http");
}

/** Starts the same routes over TLS with the given (self-signed) certificate. */
export function startHttpsServer(cert: string, key: string): Promise<TestServer> {
  return listen(https.createServer({ cert, key }, handler), "https");
}

/** A loopback port that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
