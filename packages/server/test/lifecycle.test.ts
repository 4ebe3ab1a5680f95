import { describe, expect, it } from "vitest";
import { closeAfterEach } from "./close-after-each.js";
import { countingHandler, type RawClient, sleep } from "./helpers.js";

const { start, open } = closeAfterEach();

describe("timeouts", () => {
  it("closes a slowloris head with 408 after headersTimeout", async () => {
    const counter = countingHandler("x");
    const server = await start({ headersTimeout: 300, handler: counter.handler });
    const client = await open(server.port);
    client.write("GET / HTTP/1.1\r\n");
    const text = await client.trickleUntilClosed("X-A: b\r\n", 50);
    expect(text.startsWith("HTTP/1.1 408 ")).toBe(true);
    expect(counter.calls()).toBe(0);
  });

  it("closes an idle keep-alive connection after keepAliveTimeout", async () => {
    const server = await start({ keepAliveTimeout: 200, handler: () => ({ body: "x" }) });
    const client = await open(server.port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await client.responses(1);
    await client.untilClosed(5_000);
    expect(client.closed).toBe(true);
  });

  it("aborts the request signal when the client vanishes mid-body", async () => {
    let aborted: ((value: unknown) => void) | undefined;
    const abortedReason = new Promise((resolve) => {
      aborted = resolve;
    });
    let caught: ((value: unknown) => void) | undefined;
    const bodyError = new Promise((resolve) => {
      caught = resolve;
    });
    const server = await start({
      handler: async (request) => {
        request.signal.addEventListener("abort", () => aborted!(request.signal.reason));
        try {
          await request.text();
        } catch (error) {
          caught!(error);
        }
        return { body: "late" };
      },
    });
    const client = await open(server.port);
    client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a part");
    await sleep(50);
    client.close();
    const reason = await Promise.race([abortedReason, sleep(5_000).then(() => "no abort")]);
    expect(reason).not.toBe("no abort");
    const error = await Promise.race([bodyError, sleep(5_000).then(() => "no error")]);
    expect(error).toBeInstanceOf(Error);
  });

  it("aborts the signal of a running handler when the client closes", async () => {
    let aborted: ((value: unknown) => void) | undefined;
    const abortedReason = new Promise((resolve) => {
      aborted = resolve;
    });
    const server = await start({
      handler: (request) =>
        new Promise((resolve) => {
          request.signal.addEventListener("abort", () => {
            aborted!(request.signal.reason);
            resolve({ body: "too late" });
          });
        }),
    });
    const client = await open(server.port);
    client.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    await sleep(50);
    client.socket.end();
    const reason = await Promise.race([abortedReason, sleep(5_000).then(() => "no abort")]);
    expect((reason as { code?: string }).code).toBe("HW_SERVER_CLIENT_GONE");
  });

  it("closes the connection of a client that stops reading (sendTimeout)", async () => {
    const big = Buffer.alloc(1024 * 1024, 0x61);
    let written = 0;
    const server = await start({
      sendTimeout: 300,
      handler: () => ({
        body: (async function* () {
          for (let i = 0; i < 64; i++) {
            written += big.byteLength;
            yield big;
          }
        })(),
      }),
    });
    const client = await open(server.port);
    client.socket.pause(); // never read (so it cannot see the close either: ask the server)
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await client.until(() => written > 0);
    await client.until(() => server.connectionCount === 0, 10_000);
    // Backpressure: far less than the 64 MiB was produced.
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});

describe("limits", () => {
  it("refuses connections beyond maxConnectionsPerAddress", async () => {
    const server = await start({ maxConnectionsPerAddress: 1, handler: () => ({ body: "x" }) });
    const first = await open(server.port);
    first.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await first.responses(1);
    const second = await open(server.port);
    await second.untilClosed();
    expect(second.text).toBe("");
    expect(first.closed).toBe(false);
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests with Connection: close, closes idle ones at once, drops none", async () => {
    const release: (() => void)[] = [];
    const server = await start({
      handler: (request) =>
        new Promise((resolve) => release.push(() => resolve({ body: `done ${request.path}` }))),
    });
    const idle = await open(server.port);
    const busy: RawClient[] = [];
    for (let i = 0; i < 5; i++) {
      const client = await open(server.port);
      client.write(`GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
      busy.push(client);
    }
    // A pipelined pair on one more connection: both were accepted, both must be answered.
    const pipelined = await open(server.port);
    pipelined.write("GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\n\r\n");
    await busy[0]!.until(() => release.length === 7);
    const closed = server.close({ deadline: 5_000 });
    await idle.untilClosed();
    expect(idle.text).toBe("");
    for (const resolve of release.splice(0)) resolve();
    for (const [i, client] of busy.entries()) {
      const text = await client.untilClosed();
      expect(text).toContain(`done /${i}`);
      expect(text.toLowerCase()).toContain("connection: close");
    }
    const text = await pipelined.untilClosed();
    expect(text).toContain("done /p1");
    expect(text).toContain("done /p2");
    await closed;
  });

  it("destroys what is left after the deadline", async () => {
    const server = await start({ handler: () => new Promise(() => {}) });
    const client = await open(server.port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await sleep(50);
    await server.close({ deadline: 200 });
    await client.untilClosed();
  });
});
