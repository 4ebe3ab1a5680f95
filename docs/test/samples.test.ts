/**
 * The key samples of the guides, run: each test does what a guide shows, against a real
 * `@hyperwire/server` on 127.0.0.1 (port 0) with the real client, and checks that what the
 * guide says happens does happen. The results the guides print in comments (the headers
 * guide, the security notes) are asserted here value by value.
 *
 * When a test here fails, the guide named in its `describe` is wrong, or the code changed
 * under it: fix whichever is out of step.
 */
import { createHash } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  Agent,
  ClientError,
  CookieJar,
  MemoryCacheStore,
  Pool,
  RedirectPolicy,
  RequestErrorCode,
} from "@hyperwire/client";
import * as H from "@hyperwire/headers";
import {
  authenticatedUser,
  compose,
  eventStream,
  forwardedClient,
  getCookie,
  type Handler,
  type HttpServer,
  type RequestRejectedMessage,
  type ResponseFinishMessage,
  Router,
  resolveStaticPath,
  SERVER_CHANNELS,
  type ServeOptions,
  type ServerResponse,
  securityHeaderFields,
  serve,
  serveStatic,
  setCookie,
  withBasicAuth,
  withCompression,
  withConditionalRequests,
  withCors,
  withRanges,
  withSecurityHeaders,
  withTrustedProxy,
} from "@hyperwire/server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";

const servers: HttpServer[] = [];
const agents: Agent[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close({ deadline: 1_000 })));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts a server on 127.0.0.1, port 0, and returns its origin ("http://127.0.0.1:40123"). */
async function start(options: ServeOptions): Promise<string> {
  const server = await serve({ hostname: "127.0.0.1", port: 0, onError: () => {}, ...options });
  servers.push(server);
  return server.url.origin;
}

function newAgent(options: ConstructorParameters<typeof Agent>[0] = {}): Agent {
  const agent = new Agent({ connectTimeout: 5_000, ...options });
  agents.push(agent);
  return agent;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hyperwire-docs-samples-"));
  tempDirs.push(dir);
  return dir;
}

/** Sends raw bytes and collects what comes back until the server closes (bounded). */
function rawExchange(origin: string, bytes: string, waitMs = 5_000): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(received);
    }, waitMs);
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(bytes);
  });
}

describe("server guide", () => {
  it("answers every response body form, with Content-Length or chunked as the guide says", async () => {
    const dir = tempDir();
    const file = join(dir, "index.html");
    writeFileSync(file, "<h1>hi</h1>\n");
    const forms: Handler = (request): ServerResponse => {
      switch (request.path) {
        case "/string":
          return { headers: { "content-type": "text/plain; charset=utf-8" }, body: "héllo\n" };
        case "/bytes":
          return { body: new Uint8Array([0x68, 0x69, 0x0a]) };
        case "/web-stream":
          return {
            body: new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(new TextEncoder().encode("one\n"));
                controller.close();
              },
            }),
          };
        case "/iterable":
          return {
            body: (async function* () {
              yield "line 1\n";
              yield "line 2\n";
            })(),
          };
        case "/node-stream":
          return { body: Readable.from(["a\n", "b\n"]) };
        case "/file":
          return { headers: { "content-type": "text/html" }, body: { file } };
        case "/missing-file":
          return { body: { file: join(dir, "nope.html") } };
        case "/cookies":
          return { headers: { "set-cookie": ["a=1; HttpOnly", "b=2"] }, body: "two cookies\n" };
        default:
          return { status: 404, body: "not found\n" };
      }
    };
    const origin = await start({ handler: forms });
    const agent = newAgent();
    const get = async (path: string) => {
      const res = await agent.request(`${origin}${path}`);
      return { res, text: await res.body.text() };
    };

    const string = await get("/string");
    expect(string.text).toBe("héllo\n");
    expect(string.res.headers.get("content-length")).toBe(String(Buffer.byteLength("héllo\n")));
    expect(string.res.headers.get("date")).not.toBeNull();
    expect((await get("/bytes")).text).toBe("hi\n");
    for (const [path, text] of [
      ["/web-stream", "one\n"],
      ["/iterable", "line 1\nline 2\n"],
      ["/node-stream", "a\nb\n"],
    ] as const) {
      const streamed = await get(path);
      expect(streamed.text).toBe(text);
      expect(streamed.res.headers.get("transfer-encoding")).toBe("chunked");
    }
    const served = await get("/file");
    expect(served.text).toBe("<h1>hi</h1>\n");
    expect(served.res.headers.get("content-length")).toBe("12");
    expect((await get("/missing-file")).res.status).toBe(404);
    expect((await get("/cookies")).res.headers.getSetCookie()).toEqual(["a=1; HttpOnly", "b=2"]);
  });

  it("sends trailers computed after the content", async () => {
    const withChecksum: Handler = () => {
      const hash = createHash("sha256");
      async function* content() {
        for (const piece of ["alpha\n", "beta\n"]) {
          hash.update(piece);
          yield piece;
        }
      }
      return {
        headers: { trailer: "x-checksum" },
        body: content(),
        trailers: () => ({ "x-checksum": hash.digest("hex") }),
      };
    };
    const origin = await start({ handler: withChecksum });
    const res = await newAgent().request(origin);
    expect(await res.body.text()).toBe("alpha\nbeta\n");
    const trailers = await res.trailers;
    expect(trailers.get("x-checksum")).toBe(
      createHash("sha256").update("alpha\nbeta\n").digest("hex"),
    );
  });

  it("reads request content: json (400 on invalid JSON), forms and multipart parts", async () => {
    const handler: Handler = async (request) => {
      if (request.path === "/json") {
        const data = await request.json<{ name: string }>();
        return { status: 201, body: JSON.stringify(data) };
      }
      if (request.path === "/form") {
        const form = await request.formData();
        return { body: `hello ${form.get("name")}\n` };
      }
      const names: string[] = [];
      for await (const part of request.parts()) {
        names.push(
          part.kind === "field"
            ? `${part.name}=${part.value}`
            : `${part.name}:${await part.text()}`,
        );
      }
      return { body: names.join(",") };
    };
    const origin = await start({ handler });
    const agent = newAgent();
    const created = await agent.request(`${origin}/json`, { method: "POST", body: '{"name":"a"}' });
    expect(created.status).toBe(201);
    expect(await created.body.json()).toEqual({ name: "a" });
    const invalid = await agent.request(`${origin}/json`, { method: "POST", body: "{" });
    expect(invalid.status).toBe(400);
    await invalid.body.dump();
    const form = await agent.request(`${origin}/form`, {
      method: "POST",
      body: new URLSearchParams({ name: "Ada" }),
    });
    expect(await form.body.text()).toBe("hello Ada\n");
    const multipart = new FormData();
    multipart.append("title", "notes");
    multipart.append("file", new Blob(["file content"]), "notes.txt");
    const parts = await fetchVia(agent, `${origin}/parts`, { method: "POST", body: multipart });
    expect(await parts.text()).toBe("title=notes,file:file content");
  });

  it("routes with parameters, answers 405 with Allow, and HEAD with the GET route", async () => {
    const router = new Router()
      .get("/users/:id", (_request, { id }) => ({ body: `user ${id}\n` }))
      .post("/users", async (request) => ({ status: 201, body: await request.text() }))
      .on("QUERY", "/search", async (request) => ({ body: `query: ${await request.text()}\n` }))
      .get("/files/*", (_request, params) => ({ body: `file ${params["*"]}\n` }))
      .all("/any", (request) => ({ body: `any ${request.method}\n` }));
    const origin = await start({ handler: router.handler });
    const agent = newAgent();
    expect(await (await agent.request(`${origin}/users/a%20b`)).body.text()).toBe("user a b\n");
    expect(await (await agent.request(`${origin}/files/css/site.css`)).body.text()).toBe(
      "file css/site.css\n",
    );
    const query = await agent.request(`${origin}/search`, { method: "QUERY", body: "x" });
    expect(await query.body.text()).toBe("query: x\n");
    const wrong = await agent.request(`${origin}/users`, { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("POST");
    await wrong.body.dump();
    const any = await agent.request(`${origin}/any`, { method: "PATCH" });
    expect(await any.body.text()).toBe("any PATCH\n");
    const head = await agent.request(`${origin}/users/7`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("7");
    expect(await head.body.text()).toBe("");
  });

  it("runs a Hono app as a fetch handler", async () => {
    const app = new Hono()
      .get("/", (c) => c.text("hello"))
      .post("/echo", async (c) => c.json(await c.req.json()));
    const origin = await start({ fetch: app.fetch });
    const agent = newAgent();
    const hello = await agent.request(origin);
    expect(await hello.body.text()).toBe("hello");
    expect(hello.headers.get("content-length")).toBe("5");
    const echo = await agent.request(`${origin}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(await echo.body.json()).toEqual({ a: 1 });
  });

  it("composes compression, ranges and conditional requests", async () => {
    const app: Handler = () => ({
      headers: { "content-type": "text/plain" },
      body: "x".repeat(4096),
    });
    const origin = await start({
      handler: compose(withCompression, withRanges, withConditionalRequests)(app),
    });
    const agent = newAgent();
    const compressed = await agent.request(origin, { headers: { "accept-encoding": "gzip" } });
    expect(compressed.headers.get("content-encoding")).toBe("gzip");
    expect(compressed.headers.get("vary")).toMatch(/accept-encoding/i);
    expect(await compressed.body.text()).toBe("x".repeat(4096)); // decompressed by the client
    const range = await agent.request(origin, {
      headers: { range: "bytes=0-9", "accept-encoding": "identity" },
    });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe("bytes 0-9/4096");
    expect(await range.body.text()).toBe("x".repeat(10));
    const etag = compressed.headers.get("etag");
    expect(etag).not.toBeNull();
    const again = await agent.request(origin, {
      headers: { "if-none-match": etag!, "accept-encoding": "gzip" },
    });
    expect(again.status).toBe(304);
    await again.body.dump();
  });

  it("serves static files, with precompressed siblings, and refuses dotfiles", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "index.html"), "<h1>home</h1>\n");
    writeFileSync(join(dir, ".env"), "SECRET=1\n");
    const origin = await start({
      handler: withCompression(serveStatic(dir, { precompressed: true })),
    });
    const agent = newAgent();
    const home = await agent.request(`${origin}/`);
    expect(home.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await home.body.text()).toBe("<h1>home</h1>\n");
    const dotfile = await agent.request(`${origin}/.env`);
    expect(dotfile.status).toBe(403);
    await dotfile.body.dump();
  });

  it("sets cookies with safe defaults behind Basic auth, CORS and security headers", async () => {
    const app: Handler = (request) => {
      const visits = Number(getCookie(request, "visits") ?? "0") + 1;
      return setCookie(
        request,
        { body: `visit ${visits} by ${authenticatedUser(request)}\n` },
        {
          name: "visits",
          value: String(visits),
          maxAge: 3600,
        },
      );
    };
    const api = withCors(withBasicAuth(app, { realm: "api", users: { ada: "correct horse" } }), {
      origin: ["https://app.example"],
      credentials: true,
      exposedHeaders: ["ETag"],
    });
    const origin = await start({ handler: withSecurityHeaders(api) });
    const agent = newAgent();
    const anonymous = await agent.request(origin, { headers: { origin: "https://app.example" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm="api"/);
    await anonymous.body.dump();
    const res = await agent.request(origin, {
      headers: { origin: "https://app.example", cookie: "visits=2" },
      auth: { username: "ada", password: "correct horse" },
    });
    expect(await res.body.text()).toBe("visit 3 by ada\n");
    expect(res.headers.getSetCookie()).toEqual([
      "visits=3; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax",
    ]);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toBeNull(); // plain HTTP
    expect(() => withCors(app, { origin: "*", credentials: true })).toThrow();
  });

  it("streams Server-Sent Events", async () => {
    const ticks: Handler = (request) =>
      eventStream(
        request,
        async function* ({ lastEventId, signal }) {
          let id = Number(lastEventId ?? 0);
          while (!signal.aborted && id < 3) {
            id++;
            yield { id: String(id), event: "tick", data: `tick ${id}` };
          }
        },
        { heartbeatMs: 15_000, retry: 2_000 },
      );
    const origin = await start({ handler: ticks });
    const res = await newAgent().request(origin, { headers: { "last-event-id": "1" } });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(await res.body.text()).toBe(
      "retry: 2000\n\nevent: tick\nid: 2\ndata: tick 2\n\nevent: tick\nid: 3\ndata: tick 3\n\n",
    );
  });

  it("answers a slowloris head with 408 after headersTimeout, and reports the rejection", async () => {
    const rejected: number[] = [];
    const onRejected = (message: unknown) =>
      rejected.push((message as RequestRejectedMessage).status);
    subscribe(SERVER_CHANNELS.requestRejected, onRejected);
    try {
      const origin = await start({ handler: () => ({ body: "ok" }), headersTimeout: 300 });
      const answer = await rawExchange(origin, "GET / HTTP/1.1\r\nHost: a\r\n");
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      await expect.poll(() => rejected, { timeout: 5_000 }).toEqual([408]);
    } finally {
      unsubscribe(SERVER_CHANNELS.requestRejected, onRejected);
    }
  });

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    const hello: Handler = (request) => {
      const client = forwardedClient(request);
      return { body: `hello ${client.address} over ${client.protocol}\n` };
    };
    const app = withTrustedProxy(hello, {
      trust: ["127.0.0.1", "10.0.0.0/8", "::1"],
      fields: "x-forwarded",
    });
    const origin = await start({ handler: app });
    const res = await newAgent().request(origin, {
      headers: { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" },
    });
    expect(await res.body.text()).toBe("hello 203.0.113.7 over https\n");
    const untrusted = withTrustedProxy(hello, { trust: ["10.0.0.0/8"] });
    const direct = await start({ handler: untrusted });
    const res2 = await newAgent().request(direct, {
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    expect(await res2.body.text()).toBe("hello 127.0.0.1 over http\n");
  });

  it("publishes on diagnostics_channel and writes an access log line", async () => {
    const finished: number[] = [];
    const onFinish = (message: unknown) => finished.push((message as ResponseFinishMessage).status);
    subscribe(SERVER_CHANNELS.responseFinish, onFinish);
    const lines: string[] = [];
    try {
      const origin = await start({
        handler: () => ({ body: "ok" }),
        accessLog: (line) => lines.push(line),
        accessLogFormat: "combined",
      });
      const res = await newAgent().request(origin, { headers: { "user-agent": "curl/8.5.0" } });
      await res.body.text();
      await expect.poll(() => lines.length, { timeout: 5_000 }).toBe(1);
      expect(lines[0]).toMatch(
        /^127\.0\.0\.1 - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/ HTTP\/1\.1" 200 2 "-" "curl\/8\.5\.0"$/,
      );
      expect(finished).toContain(200);
    } finally {
      unsubscribe(SERVER_CHANNELS.responseFinish, onFinish);
    }
  });
});

/** A `fetch` through one agent (so the agent is cleaned up with the others). */
function fetchVia(agent: Agent, url: string, init: RequestInit): Promise<Response> {
  return agent.fetch(url, init);
}

describe("client guide", () => {
  it("request(): POST JSON, status, headers, streamed body, trailers promise", async () => {
    const origin = await start({
      handler: async (request) => ({
        status: 201,
        headers: { "content-type": "application/json" },
        body: await request.text(),
      }),
    });
    const res = await newAgent().request(`${origin}/items`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "a" }),
      timeout: 10_000,
    });
    expect([res.status, res.statusText, res.version]).toEqual([201, "Created", "1.1"]);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.body.json()).toEqual({ name: "a" });
    expect([res.reused, res.attempts, res.url]).toEqual([false, 1, `${origin}/items`]);
  });

  it("fetch(): WHATWG Request and Response on the agent's pools", async () => {
    const origin = await start({
      handler: (request) => ({
        headers: { "content-type": "application/json" },
        body: `{"path":"${request.path}"}`,
      }),
    });
    const res = await fetchVia(newAgent(), `${origin}/items/1`, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ path: "/items/1" });
  });

  it("pipelines 16 requests on at most 2 connections", async () => {
    const origin = await start({ handler: (request) => ({ body: request.path }) });
    const pool = new Pool(origin, { connections: 2, pipelining: 8 });
    try {
      const responses = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          pool.request(`/items/${i}`).then((res) => res.body.text()),
        ),
      );
      expect(responses).toEqual(Array.from({ length: 16 }, (_, i) => `/items/${i}`));
      expect(pool.stats.opened).toBeLessThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });

  it("reports HW_CLIENT_HEAD_TIMEOUT and HW_CLIENT_CONNECT_FAILED with their phase", async () => {
    const origin = await start({
      handler: async (request) => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5_000);
          request.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve();
          });
        });
        return { body: "late" };
      },
    });
    const agent = newAgent();
    const slow = await agent
      .request(`${origin}/slow`, { headTimeout: 200 })
      .catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(ClientError);
    expect((slow as ClientError).code).toBe(RequestErrorCode.HEAD_TIMEOUT);
    expect((slow as ClientError).phase).toBe("head");

    const closedPort = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const refused = await agent.request(`http://127.0.0.1:${closedPort}/`).catch((e: unknown) => e);
    expect((refused as ClientError).code).toBe(RequestErrorCode.CONNECT_FAILED);
    expect((refused as ClientError).phase).toBe("connect");
  });

  it("retries a 503 with the retry option", async () => {
    let calls = 0;
    const origin = await start({
      handler: () => (++calls === 1 ? { status: 503, body: "busy" } : { body: "ok" }),
    });
    const res = await newAgent().request(`${origin}/flaky`, {
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    expect([res.status, res.attempts, await res.body.text()]).toEqual([200, 2, "ok"]);
  });

  it("follows redirects when asked, and returns the 3xx otherwise", async () => {
    const origin = await start({
      handler: (request) =>
        request.path === "/old"
          ? { status: 301, headers: { location: "/new" } }
          : { body: request.path },
    });
    const agent = newAgent();
    const followed = await agent.request(`${origin}/old`, { redirect: { max: 5 } });
    expect([followed.status, followed.url, followed.redirects]).toEqual([
      200,
      `${origin}/new`,
      [`${origin}/old`],
    ]);
    expect(await followed.body.text()).toBe("/new");
    const returned = await agent.request(`${origin}/old`);
    expect(returned.status).toBe(301);
    await returned.body.dump();
  });

  it("keeps cookies in a CookieJar across requests", async () => {
    const origin = await start({
      handler: (request) =>
        request.path === "/login"
          ? setCookie(request, { body: "welcome" }, { name: "sid", value: "abc123" })
          : { body: `sid=${getCookie(request, "sid")}` },
    });
    const agent = newAgent();
    const jar = new CookieJar();
    await agent
      .request(`${origin}/login`, { method: "POST", cookieJar: jar })
      .then((r) => r.body.dump());
    const account = await agent.request(`${origin}/account`, { cookieJar: jar });
    expect(await account.body.text()).toBe("sid=abc123");
    expect(jar.getCookieHeader(`${origin}/account`)).toBe("sid=abc123");
    const outcome = jar.setCookie("__Host-x=1; Path=/", `${origin}/`); // needs Secure: refused
    expect(outcome.stored).toBe(false);
  });

  it("answers a Basic challenge with auth, also from the URL's userinfo", async () => {
    const origin = await start({
      handler: withBasicAuth((request) => ({ body: `hi ${authenticatedUser(request)}` }), {
        realm: "dir",
        users: { Mufasa: "Circle of Life" },
      }),
    });
    const agent = newAgent();
    const auth = { username: "Mufasa", password: "Circle of Life" };
    const res = await agent.request(`${origin}/dir/index.html`, { auth });
    expect([res.status, await res.body.text()]).toEqual([200, "hi Mufasa"]);
    const { host } = new URL(origin);
    const fromUrl = await agent.request(`http://Mufasa:Circle%20of%20Life@${host}/dir/`);
    expect(fromUrl.status).toBe(200);
    expect(fromUrl.url).toBe(`${origin}/dir/`); // the credentials are not in the URL
    await fromUrl.body.dump();
  });

  it("serves a fresh response from the cache", async () => {
    let calls = 0;
    const origin = await start({
      handler: () => ({ headers: { "cache-control": "max-age=60" }, body: `call ${++calls}` }),
    });
    const agent = newAgent();
    const cache = { store: new MemoryCacheStore({ maxBytes: 16 * 1024 * 1024 }) };
    const first = await agent.request(`${origin}/list`, { cache });
    expect(await first.body.text()).toBe("call 1");
    const second = await agent.request(`${origin}/list`, { cache });
    expect([first.cache, second.cache, await second.body.text()]).toEqual([
      "miss",
      "hit",
      "call 1",
    ]);
  });

  it("reports upload and download progress", async () => {
    const origin = await start({ handler: async (request) => ({ body: await request.bytes() }) });
    const up: number[] = [];
    const down: (number | undefined)[] = [];
    const upload = new Uint8Array(256 * 1024);
    const res = await newAgent().request(`${origin}/upload`, {
      method: "PUT",
      body: upload,
      onUploadProgress: ({ loaded }) => up.push(loaded),
      onDownloadProgress: ({ total }) => down.push(total),
    });
    expect((await res.body.bytes()).byteLength).toBe(upload.byteLength);
    expect(up.at(-1)).toBe(upload.byteLength);
    expect(down.at(-1)).toBe(upload.byteLength);
  });

  it("speaks HTTP/1.0 when asked, and refuses a streamed body without Content-Length", async () => {
    const origin = await start({ handler: (request) => ({ body: `version ${request.version}` }) });
    const agent = newAgent();
    const res = await agent.request(origin, { httpVersion: "1.0" });
    expect(await res.body.text()).toBe("version 1.0");
    const streamed = await agent
      .request(origin, { httpVersion: "1.0", method: "POST", body: Readable.from(["a"]) })
      .catch((e: unknown) => e);
    expect((streamed as ClientError).code).toBe(RequestErrorCode.LENGTH_REQUIRED);
  });

  it("traces the connection, the request head and the timings", async () => {
    const origin = await start({ handler: () => ({ body: "ok" }) });
    const seen: string[] = [];
    const res = await newAgent().request(`${origin}/items`, {
      trace: {
        onConnection: ({ connection }) => seen.push(connection.reused ? "reused" : "new"),
        onRequestHead: ({ head }) =>
          seen.push(Buffer.from(head).toString("latin1").split("\r\n")[0]!),
        onResponseEnd: ({ attempt: { timings } }) =>
          seen.push(
            timings.firstByte !== undefined && timings.firstByte >= timings.start
              ? "timed"
              : "untimed",
          ),
      },
    });
    await res.body.dump();
    expect(seen).toEqual(["new", "GET /items HTTP/1.1", "timed"]);
  });

  it("talks HTTP over a Unix domain socket", async () => {
    const socketPath = join(tempDir(), "app.sock");
    const server = await serve({
      path: socketPath,
      handler: (req) => ({ body: `hello ${req.path}\n` }),
    });
    servers.push(server);
    const res = await newAgent().request("http://localhost/status", { socketPath });
    expect(await res.body.text()).toBe("hello /status\n");
  });
});

describe("security notes", () => {
  it("refuses traversal and dotfiles in static paths", () => {
    const ok = resolveStaticPath("/srv/www", "/css/site%20main.css?v=3");
    expect(ok.ok && ok.value.path).toBe("/srv/www/css/site main.css");
    const traversal = resolveStaticPath("/srv/www", "/%2e%2e/etc/passwd");
    expect(!traversal.ok && [traversal.error.code, traversal.error.statusHint]).toEqual([
      "HW_SERVER_PATH_TRAVERSAL",
      403,
    ]);
    const dotfile = resolveStaticPath("/srv/www", "/.env");
    expect(!dotfile.ok && [dotfile.error.code, dotfile.error.statusHint]).toEqual([
      "HW_SERVER_PATH_DOTFILE",
      403,
    ]);
  });

  it("lists the security header defaults the notes give", () => {
    const fields = Object.fromEntries(securityHeaderFields({}, { secure: true }));
    expect(fields).toMatchObject({
      "Strict-Transport-Security": "max-age=63072000",
      "Content-Security-Policy":
        "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    expect(fields["Cross-Origin-Embedder-Policy"]).toBeUndefined();
    const plain = Object.fromEntries(securityHeaderFields({}, { secure: false }));
    expect(plain["Strict-Transport-Security"]).toBeUndefined();
    const custom = Object.fromEntries(
      securityHeaderFields(
        { contentSecurityPolicy: { "img-src": ["'self'", "data:"] } },
        { secure: true },
      ),
    );
    expect(custom["Content-Security-Policy"]).toContain("img-src 'self' data:");
  });

  it("drops credentials on a cross-origin redirect", () => {
    const redirects = new RedirectPolicy({ crossOriginStrippedHeaders: ["x-api-key"] });
    const decision = redirects.next(
      { status: 302, headers: { location: "https://elsewhere.example/" } },
      {
        method: "GET",
        url: "https://api.example/me",
        headers: { authorization: "Bearer t", "x-api-key": "k" },
      },
      [],
    );
    expect(decision.action).toBe("follow");
    if (decision.action !== "follow") return;
    expect(decision.crossOrigin).toBe(true);
    expect(decision.request.headers.has("authorization")).toBe(false);
    expect(decision.request.headers.has("x-api-key")).toBe(false);
    const insecure = redirects.next(
      { status: 302, headers: { location: "http://api.example/" } },
      { method: "GET", url: "https://api.example/" },
    );
    expect(insecure.action === "error" && insecure.error.code).toBe("HW_CLIENT_INSECURE_REDIRECT");
  });

  it("refuses a response header value that would split the response", async () => {
    const origin = await start({
      handler: () => ({ headers: { "x-name": "a\r\nSet-Cookie: admin=1" }, body: "x" }),
    });
    const res = await newAgent().request(origin);
    expect(res.status).toBe(500);
    expect(res.headers.getSetCookie()).toEqual([]);
    await res.body.dump();
  });
});

describe("headers guide", () => {
  it("Fields: combining, casing, injection, singletons", () => {
    const fields = new H.Fields();
    fields.append("Accept", "text/html");
    fields.append("accept", "application/json");
    fields.append("Set-Cookie", "a=1; Path=/");
    fields.append("Set-Cookie", "b=2");
    expect(fields.get("ACCEPT")).toBe("text/html, application/json");
    expect(fields.getAll("accept")).toEqual(["text/html", "application/json"]);
    expect(fields.getSetCookie()).toEqual(["a=1; Path=/", "b=2"]);
    expect(fields.count("accept")).toBe(2);
    expect(fields.has("content-type")).toBe(false);
    expect([...fields.lines()].slice(0, 2)).toEqual([
      ["Accept", "text/html"],
      ["accept", "application/json"],
    ]);
    expect([...fields][0]).toEqual(["accept", "text/html"]);
    fields.set("Accept", "*/*");
    fields.delete("set-cookie");
    expect({ ...fields.toObject() }).toEqual({ accept: "*/*" });
    expect(() => new H.Fields().append("X-Evil", "a\r\nSet-Cookie: admin=1")).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_FIELD_VALUE" }),
    );
    const length = new H.Fields([
      ["Content-Length", "42"],
      ["Content-Length", "43"],
    ]).getSingleton("content-length");
    expect(!length.ok && [length.error.code, length.error.statusHint]).toEqual([
      "HW_HEADERS_DUPLICATE_FIELD",
      400,
    ]);
  });

  it("the registry", () => {
    const definition = H.getFieldDefinition("content-length");
    expect([definition?.name, definition?.kind, definition?.specification]).toEqual([
      "Content-Length",
      "singleton",
      "RFC 9110 §8.6",
    ]);
    expect(H.isHopByHopField("keep-alive")).toBe(true);
    expect(H.isForbiddenInTrailers("authorization")).toBe(true);
    const incoming = new H.Fields({
      connection: "close, x-secret",
      "x-secret": "1",
      accept: "*/*",
    });
    expect([...H.stripHopByHop(incoming)]).toEqual([["accept", "*/*"]]);
  });

  it("media types and negotiation", () => {
    const type = H.parseContentType('Text/HTML; Charset="UTF-8"; a=b');
    expect(
      type.ok && [type.value.essence, type.value.charset, { ...type.value.parameters }],
    ).toEqual(["text/html", "utf-8", { charset: "utf-8", a: "b" }]);
    expect(H.parseMediaType("text/html x").ok).toBe(false);
    const duplicate = H.parseMediaType("text/plain; a=1; a=2");
    expect(!duplicate.ok && duplicate.error.code).toBe("HW_HEADERS_DUPLICATE_PARAMETER");
    expect(
      H.formatMediaType({ type: "text", subtype: "plain", parameters: { charset: "utf-8" } }),
    ).toBe("text/plain; charset=utf-8");
    expect(
      H.negotiateMediaType("text/html;q=0.8, application/json", ["text/html", "application/json"]),
    ).toBe("application/json");
    expect(H.negotiateMediaType("text/*;q=0.5, text/html", ["text/plain", "text/html"])).toBe(
      "text/html",
    );
    expect(H.negotiateMediaType("image/*", ["text/html"])).toBeUndefined();
    expect(
      H.preferredMediaTypes("text/html;q=0.9, application/json", ["text/html", "application/json"]),
    ).toEqual(["application/json", "text/html"]);
    expect(H.negotiateEncoding("gzip, br;q=0.9", ["br", "gzip", "identity"])).toBe("gzip");
    expect(H.negotiateEncoding(undefined, ["br", "identity"])).toBe("br");
    expect(H.negotiateLanguage("fr-CH, fr;q=0.9, en;q=0.8", ["en", "fr"])).toBe("fr");
    const ranges = H.parseAccept("text/html, application/*;q=0.2");
    expect(
      ranges.ok && { ...ranges.value[1]!, parameters: { ...ranges.value[1]!.parameters } },
    ).toEqual({
      type: "application",
      subtype: "*",
      parameters: {},
      q: 0.2,
    });
  });

  it("cookies", () => {
    expect(H.parseCookie("SID=31d4d96e407aad42; lang=en-US")).toEqual([
      { name: "SID", value: "31d4d96e407aad42" },
      { name: "lang", value: "en-US" },
    ]);
    expect({ ...H.parseCookieRecord("a=1; b=2; a=3") }).toEqual({ a: "1", b: "2" });
    expect(
      H.serializeSetCookie({
        name: "SID",
        value: "31d4d96e407aad42",
        path: "/",
        secure: true,
        httpOnly: true,
        sameSite: "Lax",
      }),
    ).toBe("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly; SameSite=Lax");
    expect(() => H.serializeSetCookie({ name: "a", value: "1", sameSite: "None" })).toThrow();
    expect(() =>
      H.serializeSetCookie({
        name: "__Host-a",
        value: "1",
        secure: true,
        path: "/",
        domain: "example.com",
      }),
    ).toThrow();
    const cookie = H.parseSetCookie("id=a3fWa; Max-Age=2592000; Domain=.Example.com; HttpOnly");
    expect([cookie?.domain, cookie?.maxAge]).toEqual(["example.com", 2592000]);
  });

  it("ranges", () => {
    const value = (result: ReturnType<typeof H.parseRange>) =>
      result.ok ? result.value : result.error.code;
    expect(value(H.parseRange("bytes=0-499", 10_000))).toEqual({
      unit: "bytes",
      ranges: [{ start: 0, end: 499 }],
    });
    expect(value(H.parseRange("bytes=-500", 10_000))).toEqual({
      unit: "bytes",
      ranges: [{ start: 9500, end: 9999 }],
    });
    expect(value(H.parseRange("bytes=0-99, 50-149", 10_000))).toEqual({
      unit: "bytes",
      ranges: [{ start: 0, end: 149 }],
    });
    expect(value(H.parseRange("bytes=10000-", 10_000))).toBe("HW_HEADERS_UNSATISFIABLE_RANGE");
    expect(value(H.parseRange("items=0-4", 10_000))).toBe("HW_HEADERS_UNSUPPORTED_RANGE_UNIT");
    expect(H.formatContentRange({ start: 0, end: 499, size: 10_000 })).toBe("bytes 0-499/10000");
  });

  it("caching and conditional requests", () => {
    const cc = H.parseCacheControl("max-age=60, must-revalidate, private");
    expect(cc.ok && [cc.value.maxAge, cc.value.mustRevalidate, cc.value.private]).toEqual([
      60,
      true,
      true,
    ]);
    expect(H.formatCacheControl({ public: true, maxAge: 31_536_000, immutable: true })).toBe(
      "max-age=31536000, public, immutable",
    );
    const tag = H.parseETag('W/"v1"');
    expect(tag.ok && H.weakCompare(tag.value, { weak: false, opaque: "v1" })).toBe(true);
    expect(
      H.evaluatePreconditions(
        { method: "GET", headers: { "if-none-match": '"v1"' } },
        { etag: '"v1"' },
      ),
    ).toBe("not-modified");
    expect(
      H.evaluatePreconditions({ method: "PUT", headers: { "if-match": '"v1"' } }, { etag: '"v2"' }),
    ).toBe("precondition-failed");
  });

  it("structured fields", () => {
    const priority = H.parseSfDictionary("u=1, i");
    expect(priority.ok && priority.value.get("u")).toEqual({
      value: { type: "integer", value: 1 },
      params: new Map(),
    });
    expect(priority.ok && priority.value.get("i")).toEqual({
      value: { type: "boolean", value: true },
      params: new Map(),
    });
    expect(H.parseSfList('"a", tok;q=0.5, (1 2)').ok).toBe(true);
    expect(
      H.serializeSfDictionary(
        new Map([
          ["u", H.sfItem({ type: "integer", value: 3 })],
          ["i", H.sfItem({ type: "boolean", value: true })],
        ]),
      ),
    ).toBe("u=3, i");
  });

  it("authentication fields", () => {
    const challenges = H.parseChallenges(
      'Digest realm="api", qop="auth", nonce="abc", Basic realm="simple"',
    );
    expect(challenges.ok && challenges.value.map((c) => c.scheme)).toEqual(["Digest", "Basic"]);
    expect(challenges.ok && H.getAuthParam(challenges.value[1]!, "realm")).toBe("simple");
    expect(H.formatBasicCredentials("Aladdin", "open sesame")).toBe(
      "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    );
    const basic = H.parseBasicCredentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    expect(basic.ok && basic.value).toEqual({ userId: "Aladdin", password: "open sesame" });
  });

  it("more fields", () => {
    const same = H.parseContentLength("42, 42");
    expect(same.ok && same.value).toBe(42);
    const differ = H.parseContentLength("42, 43");
    expect(!differ.ok && differ.error.code).toBe("HW_HEADERS_CONTENT_LENGTH_MISMATCH");
    expect(H.formatContentDisposition({ type: "attachment", filename: "résumé.pdf" })).toBe(
      "attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
    );
    const disposition = H.parseContentDisposition(
      "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
    );
    expect(disposition.ok && disposition.value.filename).toBe("résumé.pdf");
    const forwarded = H.parseForwarded('for=192.0.2.43, for="[2001:db8:cafe::17]";proto=https');
    expect(forwarded.ok && forwarded.value.length).toBe(2);
  });
});
