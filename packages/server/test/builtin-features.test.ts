import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { brotliCompressSync, gunzipSync } from "node:zlib";
import { fetch as undiciFetch, request as undiciRequest } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compose,
  type HttpServer,
  serveStatic,
  withCompression,
  withConditionalRequests,
  withRanges,
} from "../src/index.js";
import { start } from "./helpers.js";

/**
 * The built-in features over loopback with real clients: curl (ranges,
 * --compressed, If-None-Match, traversal with --path-as-is), undici (gzip and
 * brotli decoded correctly on a large body, bytes and streams) and node:http.
 */

const CURL = "/usr/bin/curl";
const LARGE = Array.from({ length: 40_000 }, (_, i) => `line ${i} of a large body\n`).join(""); // ~1 MB
let base: string;
let server: (HttpServer & { port: number }) | undefined;
let origin: string;

interface CurlResult {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly body: Buffer;
}

/** Runs curl with `-s -i`; returns the last response's status, headers and body. */
function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      CURL,
      ["-s", "-i", "--max-time", "10", ...args],
      { encoding: "buffer", timeout: 15_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error) return reject(error);
        let rest = stdout;
        let head = "";
        // Skip to the last header block (curl prints one per response).
        for (;;) {
          const end = rest.indexOf("\r\n\r\n");
          if (end < 0) return reject(new Error(`no head in ${rest.toString("latin1")}`));
          head = rest.subarray(0, end).toString("latin1");
          rest = rest.subarray(end + 4);
          if (!/^HTTP\/1\.1 1\d\d /.test(head)) break;
        }
        const [statusLine, ...lines] = head.split("\r\n");
        const headers = new Map<string, string>();
        for (const line of lines) {
          const colon = line.indexOf(":");
          headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
        }
        resolve({ status: Number(statusLine!.split(" ")[1]), headers, body: rest });
      },
    );
  });
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "hw-features-"));
  const root = join(base, "www");
  await mkdir(root);
  await writeFile(join(base, "secret.txt"), "root:x:0:0\n");
  await writeFile(join(root, "hello.txt"), "0123456789abcdefghijklmnopqrstuvwxyz");
  await writeFile(join(root, "large.txt"), LARGE);
  await writeFile(join(root, "app.css"), "body { color: red }\n".repeat(100));
  await writeFile(
    join(root, "app.css.br"),
    brotliCompressSync("body { color: red }\n".repeat(100)),
  );
  const files = withCompression(serveStatic(root, { prefix: "/static", precompressed: true }));
  const dynamic = compose(
    withCompression,
    withRanges,
    withConditionalRequests,
  )((request) => {
    if (request.path === "/stream") {
      return {
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: Readable.from(LARGE.match(/[\s\S]{1,16384}/g)!),
      };
    }
    return { headers: { "content-type": "text/plain; charset=utf-8" }, body: LARGE };
  });
  server = await start({
    handler: (request) => (request.path.startsWith("/static") ? files(request) : dynamic(request)),
  });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close({ deadline: 100 });
  await rm(base, { recursive: true, force: true });
});

describe("ranges over curl", () => {
  it("curl -r 0-9 gets 206 with Content-Range", async () => {
    const result = await curl(["-r", "0-9", `${origin}/static/hello.txt`]);
    expect(result.status).toBe(206);
    expect(result.headers.get("content-range")).toBe("bytes 0-9/36");
    expect(result.headers.get("content-length")).toBe("10");
    expect(result.body.toString()).toBe("0123456789");
  });

  it("several ranges come back as multipart/byteranges", async () => {
    const result = await curl(["-r", "0-1,10-11,-2", `${origin}/static/hello.txt`]);
    expect(result.status).toBe(206);
    const type = result.headers.get("content-type")!;
    const boundary = /^multipart\/byteranges; boundary=([0-9a-f]+)$/.exec(type)?.[1];
    expect(boundary).toBeDefined();
    expect(Number(result.headers.get("content-length"))).toBe(result.body.byteLength);
    const parts = result.body.toString().split(`--${boundary}`);
    expect(parts.at(-1)).toBe("--\r\n");
    expect(parts.slice(1, -1)).toEqual([
      "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/36\r\n\r\n01\r\n",
      "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-11/36\r\n\r\nab\r\n",
      "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 34-35/36\r\n\r\nyz\r\n",
    ]);
  });

  it("an unsatisfiable range gets 416 with Content-Range: bytes */length", async () => {
    const result = await curl(["-r", "100-200", `${origin}/static/hello.txt`]);
    expect(result.status).toBe(416);
    expect(result.headers.get("content-range")).toBe("bytes */36");
  });

  it("a range of in-memory content, and If-Range with the current ETag", async () => {
    const full = await curl([`${origin}/dynamic`]);
    const etag = full.headers.get("etag")!;
    expect(etag).toMatch(/^"/);
    const partial = await curl(["-r", "5-9", "-H", `If-Range: ${etag}`, `${origin}/dynamic`]);
    expect(partial.status).toBe(206);
    expect(partial.body.toString()).toBe(LARGE.slice(5, 10));
    const stale = await curl(["-r", "5-9", "-H", 'If-Range: "old"', `${origin}/dynamic`]);
    expect(stale.status).toBe(200);
    expect(stale.body.byteLength).toBe(Buffer.byteLength(LARGE));
  });
});

describe("conditional requests over curl", () => {
  it("If-None-Match with the file's ETag gets 304 without content", async () => {
    const first = await curl([`${origin}/static/hello.txt`]);
    const etag = first.headers.get("etag")!;
    const again = await curl(["-H", `If-None-Match: ${etag}`, `${origin}/static/hello.txt`]);
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.has("content-length")).toBe(false);
    expect(again.body.byteLength).toBe(0);
  });

  it("If-Modified-Since with Last-Modified gets 304; a failing If-Match gets 412", async () => {
    const first = await curl([`${origin}/static/hello.txt`]);
    const lastModified = first.headers.get("last-modified")!;
    const again = await curl([
      "-H",
      `If-Modified-Since: ${lastModified}`,
      `${origin}/static/hello.txt`,
    ]);
    expect(again.status).toBe(304);
    const failed = await curl(["-H", 'If-Match: "nope"', `${origin}/dynamic`]);
    expect(failed.status).toBe(412);
  });

  it("a compressed response revalidates with its weak ETag", async () => {
    const first = await curl(["--compressed", `${origin}/dynamic`]);
    expect(first.headers.get("content-encoding")).toMatch(/^(br|gzip|deflate)$/);
    const etag = first.headers.get("etag")!;
    expect(etag.startsWith('W/"')).toBe(true);
    const again = await curl(["--compressed", "-H", `If-None-Match: ${etag}`, `${origin}/dynamic`]);
    expect(again.status).toBe(304);
    expect(again.headers.get("vary")).toBe("Accept-Encoding");
  });
});

describe("compression over curl", () => {
  it("curl --compressed decodes to the original", async () => {
    const result = await curl(["--compressed", `${origin}/dynamic`]);
    expect(result.status).toBe(200);
    expect(result.headers.get("vary")).toBe("Accept-Encoding");
    expect(Number(result.headers.get("content-length"))).toBeLessThan(LARGE.length / 5);
    expect(result.body.toString()).toBe(LARGE);
  });

  it("a streamed body is compressed chunked", async () => {
    const result = await curl(["--compressed", `${origin}/stream`]);
    expect(result.headers.get("transfer-encoding")).toBe("chunked");
    expect(result.headers.has("content-encoding")).toBe(true);
    expect(result.body.toString()).toBe(LARGE);
  });

  it("without Accept-Encoding the content is identity", async () => {
    const result = await curl([`${origin}/dynamic`]);
    expect(result.headers.has("content-encoding")).toBe(false);
    expect(result.body.toString()).toBe(LARGE);
  });

  it("a static file is compressed on the fly through withCompression", async () => {
    const result = await curl(["-H", "Accept-Encoding: gzip", `${origin}/static/large.txt`]);
    expect(result.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(result.body).toString()).toBe(LARGE);
  });
});

describe("static files over curl", () => {
  it("serves the precompressed .br sibling with the right fields", async () => {
    const result = await curl(["-H", "Accept-Encoding: br", `${origin}/static/app.css`]);
    expect(result.status).toBe(200);
    expect(result.headers.get("content-encoding")).toBe("br");
    expect(result.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(result.headers.get("vary")).toBe("Accept-Encoding");
    expect(result.body).toEqual(brotliCompressSync("body { color: red }\n".repeat(100)));
    const decoded = await curl(["--compressed", `${origin}/static/app.css`]);
    expect(decoded.body.toString()).toBe("body { color: red }\n".repeat(100));
  });

  it.each([
    "/static/../secret.txt",
    "/static/../../../../etc/passwd",
    "/static/%2e%2e/secret.txt",
    "/static/%2E%2E/%2e%2e/etc/passwd",
    "/static/..%5csecret.txt",
    "/static/..%5c..%5c..%5cetc%5cpasswd",
    "/static/..\\secret.txt",
    "/static/%252e%252e/secret.txt",
    "/static/.%2e/secret.txt",
    "/static/hello.txt%00.png",
  ])("refuses traversal %s", async (path) => {
    const result = await curl(["--path-as-is", `${origin}${path}`]);
    expect([400, 403, 404]).toContain(result.status);
    expect(result.body.toString()).not.toContain("root:");
  });

  it("redirects a directory without its slash, and refuses POST with 405 and Allow", async () => {
    await mkdir(join(base, "www", "sub"), { recursive: true });
    await writeFile(join(base, "www", "sub", "index.html"), "<p>sub</p>");
    const redirect = await curl([`${origin}/static/sub`]);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/static/sub/");
    const followed = await curl(["-L", `${origin}/static/sub`]);
    // -i prints the 301 too; the followed response comes last.
    expect(followed.body.toString().endsWith("<p>sub</p>")).toBe(true);
    const post = await curl(["-X", "POST", `${origin}/static/hello.txt`]);
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("undici and node:http", () => {
  it.each(["gzip", "br", "deflate"])(
    "undici decodes %s correctly on a large body",
    async (coding) => {
      for (const path of ["/dynamic", "/stream"]) {
        const response = await undiciFetch(`${origin}${path}`, {
          headers: { "accept-encoding": coding },
        });
        expect(response.headers.get("content-encoding")).toBe(coding);
        expect(await response.text()).toBe(LARGE);
      }
    },
  );

  it("undici sees the raw coded bytes with an exact Content-Length", async () => {
    const { statusCode, headers, body } = await undiciRequest(`${origin}/dynamic`, {
      headers: { "accept-encoding": "gzip" },
    });
    const bytes = Buffer.from(await body.arrayBuffer());
    expect(statusCode).toBe(200);
    expect(Number(headers["content-length"])).toBe(bytes.byteLength);
    expect(gunzipSync(bytes).toString()).toBe(LARGE);
  });

  it("node:http HEAD of a static file has the GET's Content-Length and no content", async () => {
    const result = await new Promise<{ status: number; length: string | undefined; body: number }>(
      (resolve, reject) => {
        const req = httpRequest(
          { host: "127.0.0.1", port: server!.port, method: "HEAD", path: "/static/hello.txt" },
          (res) => {
            let body = 0;
            res.on("data", (chunk: Buffer) => {
              body += chunk.byteLength;
            });
            res.on("end", () =>
              resolve({ status: res.statusCode!, length: res.headers["content-length"], body }),
            );
          },
        );
        req.on("error", reject);
        req.end();
      },
    );
    expect(result).toEqual({ status: 200, length: "36", body: 0 });
  });
});
