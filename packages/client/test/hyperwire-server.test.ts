// The client against @hyperwire/server on loopback: GET, POST (sized and chunked),
// streamed responses with trailers, keep-alive, pipelining depth 8, 100-continue and
// Upgrade. The server is imported through vitest's @hyperwire/* alias only: the client
// does not depend on it (package layering), its tests merely talk to it.
import { setTimeout as sleep } from "node:timers/promises";
import { type HttpServer, type ServeOptions, serve } from "@hyperwire/server";
import { afterEach, describe, expect, it } from "vitest";
import { Agent } from "../src/agent.js";

let server: HttpServer | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  agent?.destroy();
  agent = undefined;
  await server?.close({ deadline: 1000 });
  server = undefined;
});

async function start(options: ServeOptions): Promise<string> {
  server = await serve({ port: 0, hostname: "127.0.0.1", onError: () => {}, ...options });
  return server.url.href.replace(/\/$/, "");
}

function newAgent(options: ConstructorParameters<typeof Agent>[0] = {}): Agent {
  agent = new Agent({ connectTimeout: 5000, ...options });
  return agent;
}

describe("requests and responses", () => {
  it("GET: status, fields and body", async () => {
    const url = await start({
      handler: (request) => ({
        headers: { "content-type": "text/plain", "x-target": request.target },
        body: `hello ${request.method}`,
      }),
    });
    const res = await newAgent().request(`${url}/a?b=1`);
    expect(res.status).toBe(200);
    expect(res.statusText).toBe("OK");
    expect(res.headers.get("x-target")).toBe("/a?b=1");
    expect(res.headers.get("content-length")).toBe("9");
    expect(await res.body.text()).toBe("hello GET");
  });

  it("POST with Content-Length and with chunked content", async () => {
    const url = await start({
      handler: async (request) => ({
        body: JSON.stringify({
          length: request.headers.get("content-length"),
          coding: request.headers.get("transfer-encoding"),
          body: await request.text(),
        }),
      }),
    });
    const a = newAgent({ connections: 1 });
    const sized = await a.request(url, { method: "POST", body: "x".repeat(1000) });
    expect(await sized.body.json()).toEqual({
      length: "1000",
      coding: null,
      body: "x".repeat(1000),
    });
    const chunked = await a.request(url, {
      method: "POST",
      body: (async function* () {
        yield "one,";
        await sleep(5);
        yield new TextEncoder().encode("two");
      })(),
    });
    expect(chunked.reused).toBe(true);
    expect(await chunked.body.json()).toEqual({ length: null, coding: "chunked", body: "one,two" });
  });

  it("streams a chunked response as it is produced, then its trailers", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const url = await start({
      handler: () => ({
        body: (async function* () {
          yield "first;";
          await gate;
          yield "second";
        })(),
        trailers: () => ({ "x-count": "2" }),
      }),
    });
    const res = await newAgent().request(url);
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    const iterator = res.body[Symbol.asyncIterator]();
    const first = await iterator.next();
    // The first chunk arrived while the server still holds the second back.
    expect(new TextDecoder().decode(first.value as Uint8Array)).toBe("first;");
    release();
    let rest = "";
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      rest += new TextDecoder().decode(next.value);
    }
    expect(rest).toBe("second");
    expect((await res.trailers).get("x-count")).toBe("2");
  });

  it("reads HEAD as bodiless and keeps the connection", async () => {
    const url = await start({ handler: () => ({ body: "x".repeat(500) }) });
    const a = newAgent({ connections: 1 });
    const head = await a.request(url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("500");
    expect((await head.body.bytes()).byteLength).toBe(0);
    const get = await a.request(url);
    expect(get.reused).toBe(true);
    expect(await get.body.text()).toBe("x".repeat(500));
  });
});

describe("connections", () => {
  it("reuses one keep-alive connection for sequential requests", async () => {
    const url = await start({ handler: (request) => ({ body: String(request.remotePort) }) });
    const a = newAgent({ connections: 4 });
    const ports = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await a.request(url);
      expect(res.reused).toBe(i > 0);
      ports.add(await res.body.text());
    }
    expect(ports.size).toBe(1);
    expect(server?.connectionCount).toBe(1);
  });

  it("pipelines 8 GETs deep on one connection and pairs every response with its request", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const url = await start({
      maxPipelinedRequests: 16,
      handler: async (request) => {
        const i = Number(request.url.searchParams.get("i"));
        // The first answer waits until the test saw the pipeline full; then uneven
        // handler times, while responses must still come back in request order.
        if (i === 0) await gate;
        else await sleep(i % 3);
        return { body: `${i}@${request.remotePort}` };
      },
    });
    const a = newAgent({ connections: 1, pipelining: 8 });
    const pool = a.pool(url);
    const responses = Array.from({ length: 40 }, (_, i) => a.request(`${url}/?i=${i}`));
    // Bounded wait: 8 requests on the wire, the other 32 queued in the pool.
    for (let i = 0; i < 200 && pool.stats.queued !== 32; i++) await sleep(5);
    expect(pool.stats).toMatchObject({ connections: 1, queued: 32 });
    release();
    const bodies = await Promise.all(responses.map(async (res) => (await res).body.text()));
    expect(bodies.map((body) => body.split("@")[0])).toEqual(bodies.map((_, i) => String(i)));
    expect(new Set(bodies.map((body) => body.split("@")[1])).size).toBe(1);
    expect(pool.stats.opened).toBe(1);
  });

  it("does not pipeline a POST behind GETs (RFC 9112 §9.3.2)", async () => {
    const url = await start({
      handler: async (request) => ({ body: `${request.method}:${await request.text()}` }),
    });
    const a = newAgent({ connections: 1, pipelining: 8 });
    const results = await Promise.all([
      a.request(url).then((r) => r.body.text()),
      a.request(url).then((r) => r.body.text()),
      a.request(url, { method: "POST", body: "p" }).then((r) => r.body.text()),
      a.request(url).then((r) => r.body.text()),
    ]);
    expect(results).toEqual(["GET:", "GET:", "POST:p", "GET:"]);
  });
});

describe("Expect: 100-continue (RFC 9110 §10.1.1)", () => {
  it("sends the content after the server's 100 Continue", async () => {
    const url = await start({
      handler: async (request) => ({
        body: `${request.headers.get("expect")} ${(await request.bytes()).byteLength}`,
      }),
    });
    const res = await newAgent().request(url, {
      method: "PUT",
      body: new Uint8Array(200_000),
      expectContinue: true,
      continueTimeout: 10_000,
    });
    expect(res.status).toBe(200);
    expect(await res.body.text()).toBe("100-continue 200000");
  });

  it("does not send the content when the server answers with a final status first", async () => {
    let handled = 0;
    const url = await start({
      handler: () => {
        handled++;
        return { status: 413, body: "too large" };
      },
    });
    const a = newAgent({ connections: 1 });
    const res = await a.request(url, {
      method: "PUT",
      body: new Uint8Array(5_000_000),
      expectContinue: true,
      continueTimeout: 10_000,
    });
    expect(res.status).toBe(413);
    expect(await res.body.text()).toBe("too large");
    // The connection stays usable or is replaced; either way the next request works.
    const next = await a.request(url);
    expect(next.status).toBe(413);
    await next.body.dump();
    expect(handled).toBe(2);
  });
});

describe("Upgrade (RFC 9110 §7.8)", () => {
  it("switches protocols and hands over the socket with the bytes already read", async () => {
    const url = await start({
      handler: () => ({ body: "plain" }),
      onUpgrade: (request, socket) => {
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${request.headers.get("upgrade")}\r\nConnection: Upgrade\r\n\r\nwelcome;`,
        );
        socket.on("data", (chunk: Buffer) => socket.write(`echo=${chunk.toString()};`));
        socket.resume();
      },
    });
    const switched = await newAgent().upgrade(`${url}/chat`, { protocol: "echo" });
    expect(switched.status).toBe(101);
    expect(switched.headers.get("upgrade")).toBe("echo");
    let text = new TextDecoder().decode(switched.head);
    const socket = switched.socket;
    socket.setEncoding("utf8");
    const done = new Promise<void>((resolve) => {
      socket.on("data", (chunk: string) => {
        text += chunk;
        if (text.includes("echo=ping;")) resolve();
      });
    });
    socket.write("ping");
    await done;
    socket.destroy();
    expect(text).toBe("welcome;echo=ping;");
  });

  it("reports a declined upgrade with HW_CLIENT_UPGRADE_DECLINED", async () => {
    const url = await start({ handler: () => ({ body: "plain" }) });
    await expect(newAgent().upgrade(url, { protocol: "echo" })).rejects.toMatchObject({
      code: "HW_CLIENT_UPGRADE_DECLINED",
    });
  });
});
