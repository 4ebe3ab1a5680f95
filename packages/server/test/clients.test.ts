import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Agent, fetch as undiciFetch, request as undiciRequest } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpServer, Router } from "../src/index.js";
import { start } from "./helpers.js";

let server: (HttpServer & { port: number }) | undefined;

afterEach(async () => {
  await server?.close({ deadline: 100 });
  server = undefined;
});

interface NodeResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  trailers: Record<string, string | undefined>;
  socketPort: number;
}

function nodeRequest(
  port: number,
  options: {
    method?: string;
    path?: string;
    body?: string | Buffer;
    agent?: HttpAgent;
    headers?: Record<string, string>;
  } = {},
): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path ?? "/",
        agent: options.agent,
        headers: options.headers,
        timeout: 5_000,
      },
      (res) => {
        const socketPort = res.socket.localPort ?? 0;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            trailers: res.trailers,
            socketPort,
          }),
        );
      },
    );
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("client timeout")));
    req.end(options.body);
  });
}

describe("node:http client", () => {
  it("GET and POST, with the body echoed", async () => {
    server = await start({
      handler: async (request) => ({
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: request.method === "POST" ? `echo:${await request.text()}` : "hello ✓",
      }),
    });
    const get = await nodeRequest(server.port);
    expect(get.status).toBe(200);
    expect(get.body).toBe("hello ✓");
    expect(get.headers["content-length"]).toBe(String(Buffer.byteLength("hello ✓")));
    expect(get.headers.date).toBeDefined();
    const post = await nodeRequest(server.port, { method: "POST", body: "payload" });
    expect(post.body).toBe("echo:payload");
  });

  it("reuses one connection with a keep-alive agent", async () => {
    server = await start({ handler: () => ({ body: "k" }) });
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    try {
      const a = await nodeRequest(server.port, { agent });
      const b = await nodeRequest(server.port, { agent });
      expect(a.socketPort).toBe(b.socketPort);
    } finally {
      agent.destroy();
    }
  });

  it("streams a Node Readable with chunked coding and trailers", async () => {
    server = await start({
      handler: () => ({
        headers: { Trailer: "x-sum" },
        body: Readable.from([Buffer.from("a"), Buffer.from("b"), Buffer.from("c")]),
        trailers: () => ({ "x-sum": "3" }),
      }),
    });
    const result = await nodeRequest(server.port);
    expect(result.headers["transfer-encoding"]).toBe("chunked");
    expect(result.body).toBe("abc");
    expect(result.trailers["x-sum"]).toBe("3");
  });

  it("HEAD keeps Content-Length and sends no content", async () => {
    server = await start({ handler: () => ({ body: "0123456789" }) });
    const result = await nodeRequest(server.port, { method: "HEAD" });
    expect(result.headers["content-length"]).toBe("10");
    expect(result.body).toBe("");
  });

  it("sends a chunked request body to the handler as a stream", async () => {
    server = await start({
      handler: async (request) => {
        let total = 0;
        for await (const chunk of request) total += chunk.byteLength;
        return { body: `${total} ${request.headers.get("transfer-encoding")}` };
      },
    });
    const result = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port: server!.port, method: "PUT", path: "/" },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
      req.write(Buffer.alloc(70_000, 1));
      req.write(Buffer.alloc(30_000, 2));
      req.end();
    });
    expect(result).toBe("100000 chunked");
  });
});

describe("undici client", () => {
  it("GET, POST JSON, form data, streaming response", async () => {
    server = await start({
      handler: async (request) => {
        switch (request.path) {
          case "/json":
            return {
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ got: await request.json() }),
            };
          case "/form": {
            const form = await request.formData();
            return { body: `${form.get("a")}|${form.get("b")}` };
          }
          case "/stream":
            return {
              body: new ReadableStream<Uint8Array>({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode("web "));
                  controller.enqueue(new TextEncoder().encode("stream"));
                  controller.close();
                },
              }),
            };
          default:
            return { body: `path=${request.path} query=${request.url.searchParams.get("q")}` };
        }
      },
    });
    const base = `http://127.0.0.1:${server.port}`;
    const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
    try {
      const get = await undiciRequest(`${base}/x?q=1`, { dispatcher });
      expect(await get.body.text()).toBe("path=/x query=1");
      const json = await undiciFetch(`${base}/json`, {
        method: "POST",
        body: JSON.stringify({ n: 1 }),
        headers: { "content-type": "application/json" },
        dispatcher,
      });
      expect(await json.json()).toEqual({ got: { n: 1 } });
      const form = await undiciFetch(`${base}/form`, {
        method: "POST",
        body: new URLSearchParams({ a: "1 2", b: "ä" }),
        dispatcher,
      });
      expect(await form.text()).toBe("1 2|ä");
      const stream = await undiciFetch(`${base}/stream`, { dispatcher });
      expect(stream.headers.get("transfer-encoding")).toBe("chunked");
      expect(await stream.text()).toBe("web stream");
    } finally {
      await dispatcher.close();
    }
  });

  it("echoes a large request body handed back as the response body", async () => {
    server = await start({ handler: (request) => ({ body: request.body }) });
    const payload = Buffer.alloc(300_000, 0x62);
    const response = await undiciRequest(`http://127.0.0.1:${server.port}/`, {
      method: "POST",
      body: payload,
    });
    const echoed = Buffer.from(await response.body.arrayBuffer());
    expect(echoed.equals(payload)).toBe(true);
  });

  it("bad JSON from the client is a 400, not a 500", async () => {
    const errors: unknown[] = [];
    server = await start({
      onError: (e) => errors.push(e),
      handler: async (request) => ({ body: String(await request.json()) }),
    });
    const response = await undiciRequest(`http://127.0.0.1:${server.port}/`, {
      method: "POST",
      body: "{nope",
    });
    expect(response.statusCode).toBe(400);
    await response.body.dump();
    expect(errors).toEqual([]);
  });

  it("serves a file, and 404 for a missing one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-serve-"));
    writeFileSync(join(dir, "a.txt"), "file content");
    server = await start({
      handler: (request) => ({ body: { file: join(dir, request.path.slice(1)) } }),
    });
    const ok = await undiciRequest(`http://127.0.0.1:${server.port}/a.txt`);
    expect(ok.headers["content-length"]).toBe("12");
    expect(ok.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(await ok.body.text()).toBe("file content");
    const missing = await undiciRequest(`http://127.0.0.1:${server.port}/nope.txt`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
  });

  it("answers a file body from one open descriptor: HEAD, empty files, directories and FIFOs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-serve-"));
    writeFileSync(join(dir, "a.txt"), "file content");
    writeFileSync(join(dir, "empty.txt"), "");
    mkdirSync(join(dir, "sub"));
    execFileSync("mkfifo", [join(dir, "pipe")]);
    server = await start({
      handler: (request) => ({ body: { file: join(dir, request.path.slice(1)) } }),
    });
    const base = `http://127.0.0.1:${server.port}`;
    const fds = () => readdirSync("/proc/self/fd").length;
    const before = fds();
    for (let i = 0; i < 20; i++) {
      const head = await undiciRequest(`${base}/a.txt`, { method: "HEAD" });
      expect(head.headers["content-length"]).toBe("12");
      await head.body.dump();
      const empty = await undiciRequest(`${base}/empty.txt`);
      expect(empty.headers["content-length"]).toBe("0");
      expect(await empty.body.text()).toBe("");
      // A FIFO would block a reader until someone writes: it is not content.
      for (const path of ["/sub", "/pipe"]) {
        const refused = await undiciRequest(`${base}${path}`);
        expect(refused.statusCode).toBe(404);
        await refused.body.dump();
      }
      const whole = await undiciRequest(`${base}/a.txt`);
      expect(await whole.body.text()).toBe("file content");
    }
    // Every descriptor opened for those 100 responses was closed (a small slack for sockets).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fds() - before).toBeLessThan(5);
  });
});

describe("Router", () => {
  it("routes by method and pattern; 405 with Allow; 404; HEAD falls back to GET", async () => {
    const router = new Router()
      .get("/users/:id", (_request, { id }) => ({ body: `user ${id}` }))
      .post("/users", async (request) => ({ status: 201, body: await request.text() }))
      .get("/static/*", (request) => ({ body: `rest=${request.params["*"]}` }));
    server = await start({ handler: router.handler });
    const base = `http://127.0.0.1:${server.port}`;
    const user = await undiciRequest(`${base}/users/caf%C3%A9`);
    expect(await user.body.text()).toBe("user café");
    const created = await undiciRequest(`${base}/users`, { method: "POST", body: "x" });
    expect(created.statusCode).toBe(201);
    await created.body.dump();
    const wrong = await undiciRequest(`${base}/users/1`, { method: "DELETE" });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe("GET, HEAD");
    await wrong.body.dump();
    const missing = await undiciRequest(`${base}/nothing`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
    const rest = await undiciRequest(`${base}/static/a/b.css`);
    expect(await rest.body.text()).toBe("rest=a/b.css");
    const head = await undiciRequest(`${base}/users/7`, { method: "HEAD" });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-length"]).toBe("6");
    await head.body.dump();
    const options = await undiciRequest(`${base}/users`, { method: "OPTIONS" });
    expect(options.statusCode).toBe(204);
    expect(options.headers.allow).toBe("POST, OPTIONS");
    await options.body.dump();
  });
});
