import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createServer, type HttpServer, type ServeOptions } from "../src/index.js";
import { closeAfterEach } from "./close-after-each.js";
import { contentReader, countingHandler, sleep } from "./helpers.js";

/**
 * Slow, greedy and vanishing clients: each is answered or cut off within a
 * bound, and never makes the server buffer without limit.
 */

const { start, open, defer } = closeAfterEach();

/** A server behind our own listener, to watch the server side of each socket. */
async function startWatched(
  options: ServeOptions,
): Promise<{ port: number; sockets: Socket[]; hw: HttpServer }> {
  const hw = createServer({ onError: () => {}, ...options });
  const sockets: Socket[] = [];
  const listener: NetServer = createNetServer((socket) => {
    sockets.push(socket);
    hw.handleSocket(socket);
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  defer(async () => {
    await hw.close({ deadline: 100 });
    await new Promise((resolve) => listener.close(resolve));
  });
  const address = listener.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  return { port: address.port, sockets, hw };
}

describe("slow clients", () => {
  it("answers 408 and closes when the content trickles below minBodyBytesPerSecond", async () => {
    const reader = contentReader("never");
    const server = await start({
      minBodyBytesPerSecond: 1_000,
      minBodyRateWindow: 200,
      handler: reader.handler,
    });
    const client = await open(server.port);
    client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
    const text = await client.trickleUntilClosed("x", 20);
    expect(text.startsWith("HTTP/1.1 408 ")).toBe(true);
    expect(text.toLowerCase()).toContain("connection: close");
    expect(reader.readError()).toMatchObject({ code: "HW_SERVER_BODY_TOO_SLOW" });
  });

  it("does not count time the server itself is not reading (handler slow to read)", async () => {
    const server = await start({
      minBodyBytesPerSecond: 1_000_000,
      minBodyRateWindow: 100,
      bodyHighWaterMark: 1024,
      handler: async (request) => {
        // Leave the content unread for several windows: reading pauses (backpressure).
        await sleep(400);
        return { body: `read ${(await request.bytes()).byteLength}` };
      },
    });
    const client = await open(server.port);
    client.write(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n${"y".repeat(200_000)}`,
    );
    const [response] = await client.responses(1);
    expect(response!.body).toBe("read 200000");
  });

  it("does not count time a client waits for 100 Continue", async () => {
    const server = await start({
      minBodyBytesPerSecond: 1_000,
      minBodyRateWindow: 100,
      handler: async (request) => {
        await sleep(400);
        return { body: `got ${await request.text()}` };
      },
    });
    const client = await open(server.port);
    client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    await client.until(() => client.text.includes("100 Continue"));
    client.write("data");
    const responses = await client.responses(2);
    expect(responses[1]!.body).toBe("got data");
  });

  it("a full request delivered one byte at a time, chunked content included", async () => {
    const server = await start({
      handler: async (request) => ({
        body: `${request.method} ${request.path} ${await request.text()} ${request.trailers?.get("x-t")}`,
      }),
    });
    const client = await open(server.port);
    const bytes = Buffer.from(
      "POST /bytes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
        "5\r\nhello\r\n6\r\n world\r\n0\r\nX-T: done\r\n\r\n",
    );
    for (const byte of bytes) {
      client.write(Uint8Array.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [response] = await client.responses(1);
    expect(response!.body).toBe("POST /bytes hello world done");
  });
});

describe("greedy clients", () => {
  it("a client that never reads: the server buffers a bounded amount, then sendTimeout closes", async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    let produced = 0;
    let peak = 0;
    const watched = await startWatched({
      sendTimeout: 500,
      handler: () => ({
        body: (async function* () {
          for (let i = 0; i < 1024; i++) {
            produced += chunk.byteLength;
            yield chunk;
          }
        })(),
      }),
    });
    const client = await open(watched.port);
    client.socket.pause();
    client.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
    await client.until(() => watched.sockets.length === 1 && produced > 0);
    const socket = watched.sockets[0]!;
    const deadline = Date.now() + 10_000;
    while (!socket.destroyed && Date.now() < deadline) {
      peak = Math.max(peak, socket.writableLength);
      await sleep(10);
    }
    expect(socket.destroyed).toBe(true);
    await client.until(() => watched.hw.connectionCount === 0);
    // Backpressure: one chunk beyond the socket's buffer at most, not the 256 MiB.
    expect(peak).toBeLessThanOrEqual(2 * chunk.byteLength);
    expect(produced).toBeLessThan(64 * 1024 * 1024);
  });

  it("a pipelined burst in one chunk dispatches at most maxPipelinedRequests handlers", async () => {
    const release: (() => void)[] = [];
    const server = await start({
      maxPipelinedRequests: 3,
      handler: (request) =>
        new Promise((resolve) => release.push(() => resolve({ body: request.path }))),
    });
    const client = await open(server.port);
    let burst = "";
    for (let i = 0; i < 40; i++) burst += `GET /b${i} HTTP/1.1\r\nHost: x\r\n\r\n`;
    client.write(burst);
    await client.until(() => release.length === 3);
    await sleep(50);
    expect(release.length).toBe(3);
    const timer = setInterval(() => release.shift()?.(), 2);
    try {
      const responses = await client.responses(40);
      expect(responses.map((r) => r.body)).toEqual(Array.from({ length: 40 }, (_, i) => `/b${i}`));
    } finally {
      clearInterval(timer);
    }
  });

  it("a header flood in many writes gets 431, never a silent drop", async () => {
    const counter = countingHandler("no");
    const server = await start({ handler: counter.handler });
    const client = await open(server.port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n");
    for (let i = 0; i < 400 && !client.closed; i++) {
      client.write(`X-Flood-${i}: ${"f".repeat(100)}\r\n`);
      if (i % 50 === 0) await sleep(1);
    }
    const text = await client.untilClosed();
    expect(text.startsWith("HTTP/1.1 431 ")).toBe(true);
    expect(text.toLowerCase()).toContain("connection: close");
    expect(counter.calls()).toBe(0);
  });

  it("header bytes are counted on the wire: whitespace padding counts toward maxHeaderSectionBytes", async () => {
    const counter = countingHandler("no");
    const server = await start({
      parser: { maxHeaderSectionBytes: 4096 },
      handler: counter.handler,
    });
    const client = await open(server.port);
    // 20 short fields (far below maxFieldCount) whose values are one byte after 300 spaces.
    let head = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (let i = 0; i < 20; i++) head += `X-P${i}:${" ".repeat(300)}v\r\n`;
    client.write(`${head}\r\n`);
    const text = await client.untilClosed();
    expect(text.startsWith("HTTP/1.1 431 ")).toBe(true);
    expect(counter.calls()).toBe(0);
  });
});

describe("vanishing clients", () => {
  it("a client that vanishes mid-body aborts the signal and fails the read", async () => {
    let reason: unknown;
    let failure: unknown;
    let done = false;
    const server = await start({
      handler: async (request) => {
        request.signal.addEventListener("abort", () => {
          reason = request.signal.reason;
        });
        try {
          await request.bytes();
        } catch (error) {
          failure = error;
        }
        done = true;
        return { body: "late" };
      },
    });
    const client = await open(server.port);
    client.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${"z".repeat(5000)}`);
    await sleep(30);
    client.socket.resetAndDestroy();
    await client.until(() => done);
    expect((reason as { code?: string }).code).toBe("HW_SERVER_CLIENT_GONE");
    expect((failure as { code?: string }).code).toBe("HW_SERVER_CLIENT_GONE");
  });
});

describe("connection limits", () => {
  it("maxConnectionsPerAddress refuses the extra connection, and admits one once a slot frees", async () => {
    const server = await start({ maxConnectionsPerAddress: 2, handler: () => ({ body: "x" }) });
    const a = await open(server.port);
    const b = await open(server.port);
    for (const client of [a, b]) client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await a.responses(1);
    await b.responses(1);
    const refused = await open(server.port);
    await refused.untilClosed();
    expect(refused.text).toBe("");
    a.close();
    await a.until(() => server.connectionCount === 1);
    const admitted = await open(server.port);
    admitted.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const [response] = await admitted.responses(1);
    expect(response!.status).toBe(200);
  });

  it("maxConnectionLifetime: past it the next response says close, and an idle connection closes", async () => {
    const server = await start({
      maxConnectionLifetime: 300,
      handler: async (request) => {
        if (request.path === "/slow") await sleep(400);
        return { body: request.path };
      },
    });
    const fresh = await open(server.port);
    fresh.write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
    const [first] = await fresh.responses(1);
    expect(first!.headers.connection).toBeUndefined();
    // Idle past the lifetime (keep-alive timeout is 5 s): closed at the lifetime.
    await fresh.untilClosed(3_000);

    const busy = await open(server.port);
    busy.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    const text = await busy.untilClosed(3_000);
    expect(text).toContain("/slow");
    expect(text.toLowerCase()).toContain("connection: close");
  });
});
