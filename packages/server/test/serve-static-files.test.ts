import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, truncate, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HttpServer, serveStatic, withCompression } from "../src/index.js";
import { pauseAfterFirstAnswer, RawClient, requestWithNodeHttp, start } from "./helpers.js";
import { descriptorsLeftInto } from "./open-descriptors.js";
import { renameOver } from "./rename-over.js";

/**
 * serveStatic opens each file once and sends what it read from that
 * descriptor: files replaced, deleted or truncated between the request and
 * the read, and descriptors that must be closed on every path (HEAD, 304,
 * 412, ranges, 416, precompressed siblings, clients that leave). Loopback,
 * node:http and raw sockets.
 */

const OLD = "old content, the bytes that were opened\n".repeat(2_000); // 80 000 bytes
const NEW = "new\n";
let base: string;
let root: string;
let server: (HttpServer & { port: number }) | undefined;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "hw-static-fd-"));
  root = join(base, "www");
  await mkdir(root);
  await writeFile(join(root, "file.txt"), OLD);
});

afterEach(async () => {
  await server?.close({ deadline: 500 });
  server = undefined;
  await rm(base, { recursive: true, force: true });
});

afterAll(async () => {
  if (base !== undefined) await rm(base, { recursive: true, force: true });
});

/**
 * Serves `root`, running `between` once, for the first request, after
 * serveStatic has answered (the file is open) and before the server reads a
 * byte of it.
 */
async function serveWith(between: () => Promise<void>): Promise<void> {
  server = await start({ handler: pauseAfterFirstAnswer(serveStatic(root), between) });
}

/** A response with its body as latin1 text. */
async function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  const response = await requestWithNodeHttp(server!.port, path, headers, method);
  return { ...response, body: response.body.toString("latin1") };
}

describe("serveStatic reads what it opened", () => {
  it("sends the opened file when another is renamed over it", async () => {
    await serveWith(() => renameOver(join(root, "file.txt"), NEW));
    const response = await get("/file.txt");
    expect(response.status).toBe(200);
    expect(response.headers["content-length"]).toBe(String(OLD.length));
    expect(response.body).toBe(OLD);
    // The next request opens the new file.
    expect((await get("/file.txt")).body).toBe(NEW);
  });

  it("sends the opened file when it is deleted", async () => {
    await serveWith(() => unlink(join(root, "file.txt")));
    const response = await get("/file.txt");
    expect(response.body).toBe(OLD);
    expect((await get("/file.txt")).status).toBe(404);
  });

  it.each([
    ["one range", "bytes=4-6"],
    ["several ranges", "bytes=0-2, 79990-"],
  ])("sends %s of the opened file when another is renamed over it", async (_name, range) => {
    await serveWith(() => renameOver(join(root, "file.txt"), NEW.repeat(30_000)));
    const response = await get("/file.txt", { range });
    expect(response.status).toBe(206);
    if (range === "bytes=4-6") {
      expect(response.headers["content-range"]).toBe(`bytes 4-6/${OLD.length}`);
      expect(response.body).toBe(OLD.slice(4, 7));
    } else {
      expect(response.headers["content-type"]).toMatch(/^multipart\/byteranges; boundary=/);
      expect(response.body).toContain(`Content-Range: bytes 0-2/${OLD.length}\r\n\r\nold\r\n`);
      expect(response.body).toContain(
        `Content-Range: bytes 79990-79999/${OLD.length}\r\n\r\n${OLD.slice(79_990)}\r\n`,
      );
      expect(response.body.length).toBe(Number(response.headers["content-length"]));
    }
    expect(response.aborted).toBe(false);
  });

  it("cuts the response short, never sends wrong bytes, when the file is truncated in place", async () => {
    let cut = true;
    await serveWith(async () => {
      if (cut) await truncate(join(root, "file.txt"), 10);
      cut = false;
    });
    const response = await get("/file.txt");
    expect(response.headers["content-length"]).toBe(String(OLD.length));
    expect(response.aborted || response.body.length < OLD.length).toBe(true);
    expect(OLD.startsWith(response.body)).toBe(true);
    // The server is fine: the next request gets the (now short) file whole.
    const after = await get("/file.txt");
    expect(after).toMatchObject({ status: 200, body: OLD.slice(0, 10), aborted: false });
  });
});

describe.skipIf(!existsSync("/proc/self/fd"))("serveStatic closes every file it opens", () => {
  it("after GET, HEAD, 304, 412, ranges, 416, precompressed files and compression", async () => {
    await writeFile(join(root, "app.js"), "console.log(1);\n".repeat(500));
    await writeFile(join(root, "app.js.gz"), gzipSync("console.log(1);\n".repeat(500)));
    await writeFile(join(root, "app.js.br"), "not really brotli");
    await writeFile(join(root, "empty.txt"), "");
    await mkdir(join(root, "dir"));
    await writeFile(join(root, "dir", "index.html"), "<p>index</p>");
    const files = serveStatic(root, { precompressed: true });
    server = await start({ handler: withCompression(files) });
    const etag = (await get("/file.txt")).headers.etag!;
    const cases: [string, Record<string, string>, string?][] = [
      ["/file.txt", {}],
      ["/file.txt", {}, "HEAD"],
      ["/file.txt", { "if-none-match": etag }],
      ["/file.txt", { "if-match": '"other"' }],
      ["/file.txt", { range: "bytes=0-9" }],
      ["/file.txt", { range: "bytes=0-9, 20-29" }],
      ["/file.txt", { range: "bytes=999999-" }],
      ["/file.txt", { "accept-encoding": "gzip" }],
      ["/app.js", { "accept-encoding": "gzip" }],
      ["/app.js", { "accept-encoding": "br, gzip" }, "HEAD"],
      ["/app.js", {}],
      ["/empty.txt", {}],
      ["/dir/", {}],
      ["/dir", {}],
      ["/file.txt/", {}],
      ["/missing", {}],
      ["/file.txt", {}, "DELETE"],
    ];
    for (let round = 0; round < 5; round++) {
      const statuses = await Promise.all(
        cases.map(async ([path, headers, method]) => (await get(path, headers, method)).status),
      );
      expect(statuses).toEqual([
        200, 200, 304, 412, 206, 206, 416, 200, 200, 200, 200, 200, 200, 301, 404, 404, 405,
      ]);
    }
    expect(await descriptorsLeftInto(root)).toEqual([]);
  });

  it("after clients that leave mid-response", async () => {
    await writeFile(join(root, "big.bin"), Buffer.alloc(8 * 1024 * 1024, 0x61));
    server = await start({ handler: serveStatic(root) });
    for (let i = 0; i < 10; i++) {
      const client = await RawClient.open(server.port);
      client.write(
        i % 2 === 0
          ? "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
          : "GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=0-10, 5000000-\r\n\r\n",
      );
      await client.until(() => client.text.includes("\r\n\r\n"));
      client.close();
    }
    expect(await descriptorsLeftInto(root)).toEqual([]);
    // The server still serves.
    expect((await get("/file.txt")).body).toBe(OLD);
  });
});
