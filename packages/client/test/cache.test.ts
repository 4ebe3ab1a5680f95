// The private HTTP cache (RFC 9111) wired into request(), against node:http counting requests.
import type http from "node:http";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Agent } from "../src/agent.js";
import { MemoryCacheStore } from "../src/memory-cache-store.js";
import { closeAfterEach } from "./close-after-each.js";
import { httpServer, type RunningServer } from "./servers.js";

const { track, newAgent } = closeAfterEach();

let agent: Agent;
async function serve(
  handler: http.RequestListener,
): Promise<RunningServer & { seen: http.IncomingHttpHeaders[] }> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = track(
    await httpServer((req, res) => {
      seen.push({ ...req.headers, ":method": req.method, ":path": req.url });
      handler(req, res);
    }),
  );
  agent = newAgent();
  return { ...server, seen };
}

function freshCache() {
  return { store: new MemoryCacheStore() };
}

async function get(url: string, options: Parameters<Agent["request"]>[1] = {}) {
  const res = await agent.request(url, options);
  return { res, text: await res.body.text() };
}

describe("fresh responses", () => {
  it("serves a fresh stored response without the network", async () => {
    let n = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { "cache-control": "max-age=60", "content-type": "text/plain" });
      res.end(`body ${++n}`);
    });
    const cache = freshCache();
    const first = await get(`${server.url}/a`, { cache });
    expect([first.res.cache, first.text]).toEqual(["miss", "body 1"]);
    const second = await get(`${server.url}/a`, { cache });
    expect([second.res.cache, second.text, second.res.status]).toEqual(["hit", "body 1", 200]);
    expect(second.res.headers.get("content-type")).toBe("text/plain");
    expect(second.res.headers.get("age")).toMatch(/^\d+$/);
    expect(server.seen).toHaveLength(1);
    // HEAD is answered from the stored GET, without content.
    const head = await get(`${server.url}/a`, { cache, method: "HEAD" });
    expect([head.res.cache, head.text]).toEqual(["hit", ""]);
    expect(server.seen).toHaveLength(1);
    // Without the option the cache is not consulted.
    const plain = await get(`${server.url}/a`);
    expect([plain.res.cache, plain.text]).toEqual([undefined, "body 2"]);
  });

  it("stores the content as received and decodes it on every hit", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "cache-control": "max-age=60", "content-encoding": "gzip" });
      res.end(zlib.gzipSync("compressed hello"));
    });
    const cache = freshCache();
    expect((await get(server.url, { cache })).text).toBe("compressed hello");
    const hit = await get(server.url, { cache });
    expect([hit.res.cache, hit.text]).toEqual(["hit", "compressed hello"]);
    const raw = await agent.request(server.url, { cache, decompress: false });
    expect(raw.cache).toBe("hit");
    expect(zlib.gunzipSync(await raw.body.bytes()).toString()).toBe("compressed hello");
    expect(server.seen).toHaveLength(1);
  });

  it("keeps one variant per Vary'd request field value", async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { "cache-control": "max-age=60", vary: "accept-language" });
      res.end(`lang ${req.headers["accept-language"]}`);
    });
    const cache = freshCache();
    const en = { cache, headers: { "accept-language": "en" } };
    const fr = { cache, headers: { "accept-language": "fr" } };
    expect((await get(server.url, en)).res.cache).toBe("miss");
    expect((await get(server.url, en)).res.cache).toBe("hit");
    const french = await get(server.url, fr);
    expect([french.res.cache, french.text]).toEqual(["miss", "lang fr"]);
    expect(server.seen).toHaveLength(2);
  });
});

describe("validation", () => {
  it("revalidates a stale response with If-None-Match and merges the 304", async () => {
    const server = await serve((req, res) => {
      if (req.headers["if-none-match"] === '"v1"') {
        res.writeHead(304, { etag: '"v1"', "cache-control": "max-age=0", "x-updated": "yes" });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', "cache-control": "max-age=0", "x-updated": "no" });
      res.end("version 1");
    });
    const cache = freshCache();
    expect((await get(server.url, { cache })).text).toBe("version 1");
    const again = await get(server.url, { cache });
    expect([again.res.cache, again.res.status, again.text]).toEqual([
      "revalidated",
      200,
      "version 1",
    ]);
    expect(again.res.headers.get("x-updated")).toBe("yes");
    expect(server.seen.map((h) => h["if-none-match"] ?? null)).toEqual([null, '"v1"']);
  });

  it("revalidates with If-Modified-Since from Last-Modified", async () => {
    const modified = new Date(Date.now() - 3600_000).toUTCString();
    const server = await serve((req, res) => {
      if (req.headers["if-modified-since"] === modified) {
        res.writeHead(304, { "last-modified": modified });
        res.end();
        return;
      }
      res.writeHead(200, { "last-modified": modified, "cache-control": "no-cache" });
      res.end("dated");
    });
    const cache = freshCache();
    await get(server.url, { cache });
    const again = await get(server.url, { cache });
    expect([again.res.cache, again.text]).toEqual(["revalidated", "dated"]);
    expect(server.seen[1]!["if-modified-since"]).toBe(modified);
  });

  it("replaces the stored response when the validation returns new content", async () => {
    let version = 1;
    const server = await serve((_req, res) => {
      res.writeHead(200, { etag: `"v${version}"`, "cache-control": "max-age=0, must-revalidate" });
      res.end(`version ${version++}`);
    });
    const cache = freshCache();
    await get(server.url, { cache });
    const second = await get(server.url, { cache });
    expect([second.res.cache, second.text]).toEqual(["miss", "version 2"]);
    expect(server.seen[1]!["if-none-match"]).toBe('"v1"');
    expect(server.seen).toHaveLength(2);
  });

  it("never stores no-store responses", async () => {
    let n = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { "cache-control": "no-store, max-age=60" });
      res.end(`n${++n}`);
    });
    const cache = freshCache();
    await get(server.url, { cache });
    const again = await get(server.url, { cache });
    expect([again.res.cache, again.text]).toEqual(["miss", "n2"]);
    expect(cache.store.size).toBe(0);
  });

  it("honours a request's no-cache by revalidating a fresh entry", async () => {
    const server = await serve((req, res) => {
      if (req.headers["if-none-match"] === '"x"') {
        res.writeHead(304, { etag: '"x"' });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"x"', "cache-control": "max-age=600" });
      res.end("x");
    });
    const cache = freshCache();
    await get(server.url, { cache });
    const forced = await get(server.url, { cache, headers: { "cache-control": "no-cache" } });
    expect(forced.res.cache).toBe("revalidated");
    expect(server.seen).toHaveLength(2);
  });
});

describe("invalidation", () => {
  it("drops the stored response after a successful unsafe request to the same URL", async () => {
    let n = 0;
    const server = await serve((req, res) => {
      if (req.method === "POST") {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { "cache-control": "max-age=60" });
      res.end(`list ${++n}`);
    });
    const cache = freshCache();
    await get(`${server.url}/items`, { cache });
    expect((await get(`${server.url}/items`, { cache })).res.cache).toBe("hit");
    await get(`${server.url}/items`, { cache, method: "POST", body: "new" });
    const after = await get(`${server.url}/items`, { cache });
    expect([after.res.cache, after.text]).toEqual(["miss", "list 2"]);
  });
});
