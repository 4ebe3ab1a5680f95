// Upload and download progress, Keep-Alive max=, and the per-request connectTimeout.
import net from "node:net";
import { describe, expect, it } from "vitest";
import type { Progress } from "../src/body-pipeline.js";
import { closeAfterEach } from "./close-after-each.js";
import { httpServer, listenOnLoopback, rawServer, readAll } from "./servers.js";

const { track, newAgent } = closeAfterEach();

describe("progress", () => {
  it("reports an in-memory upload piece by piece up to its length", async () => {
    const server = track(
      await httpServer(async (req, res) => res.end(String((await readAll(req)).length))),
    );
    const events: Progress[] = [];
    const body = new Uint8Array(200 * 1024).fill(97);
    const res = await newAgent().request(server.url, {
      method: "PUT",
      body,
      onUploadProgress: (p) => events.push(p),
    });
    expect(await res.body.text()).toBe(String(body.byteLength));
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.at(-1)).toEqual({ loaded: body.byteLength, total: body.byteLength });
    expect(events.every((e, i) => i === 0 || e.loaded > events[i - 1]!.loaded)).toBe(true);
  });

  it("reports a streamed upload without a total", async () => {
    const server = track(await httpServer(async (req, res) => res.end(await readAll(req))));
    const events: Progress[] = [];
    const res = await newAgent().request(server.url, {
      method: "POST",
      body: (async function* () {
        yield "abc";
        yield "defgh";
      })(),
      onUploadProgress: (p) => events.push(p),
    });
    expect(await res.body.text()).toBe("abcdefgh");
    expect(events).toEqual([
      { loaded: 3, total: undefined },
      { loaded: 8, total: undefined },
    ]);
  });

  it("reports the download as chunks arrive, with Content-Length as the total", async () => {
    const server = track(
      await rawServer((request) => {
        request.socket.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        setTimeout(() => request.socket.write("world"), 20);
      }),
    );
    const events: Progress[] = [];
    const res = await newAgent().request(server.url, { onDownloadProgress: (p) => events.push(p) });
    expect(await res.body.text()).toBe("helloworld");
    expect(events).toEqual([
      { loaded: 5, total: 10 },
      { loaded: 10, total: 10 },
    ]);
  });

  it("a throwing callback does not break the exchange", async () => {
    const server = track(await httpServer((_req, res) => res.end("fine")));
    const res = await newAgent().request(server.url, {
      method: "POST",
      body: "x",
      onUploadProgress: () => {
        throw new Error("callback bug");
      },
      onDownloadProgress: () => {
        throw new Error("callback bug");
      },
    });
    expect(await res.body.text()).toBe("fine");
  });
});

describe("Keep-Alive max=", () => {
  it("sends no more requests on a connection than the server's max allows", async () => {
    const server = track(
      await rawServer((request) => {
        // Each connection takes two requests: max=1 after the first, max=0 after the second.
        const remaining = request.index === 0 ? 1 : 0;
        request.socket.write(
          `HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=${remaining}\r\nContent-Length: 2\r\n\r\nok`,
        );
      }),
    );
    const agent = newAgent({ connections: 1 });
    for (let i = 0; i < 4; i++) await (await agent.request(server.url)).body.dump();
    expect(server.connections()).toBe(2);
  });
});

describe("connectTimeout per request", () => {
  it("bounds opening the connection for that request", async () => {
    const silent = track(
      await listenOnLoopback(net.createServer((socket) => socket.on("error", () => {}))),
    );
    const agent = newAgent({ connectTimeout: 60_000 });
    // TLS to a server that never answers the ClientHello: the handshake cannot finish.
    await expect(
      agent.request(`https://127.0.0.1:${silent.port}/`, { connectTimeout: 50 }),
    ).rejects.toMatchObject({ code: "HW_CLIENT_CONNECT_TIMEOUT" });
  });
});
