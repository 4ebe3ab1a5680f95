import { readFileSync } from "node:fs";
import { type AddressInfo, createServer as createNetServer, connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { Hono } from "hono";
import { request as undiciRequest } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { HttpServer } from "../src/index.js";
import { RawClient, start } from "./helpers.js";

let server: (HttpServer & { port: number }) | undefined;

afterEach(async () => {
  await server?.close({ deadline: 100 });
  server = undefined;
});

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("fetch handler", () => {
  it("serves a real Hono app", async () => {
    const app = new Hono();
    app.get("/", (c) => c.text("hello from hono"));
    app.get("/users/:id", (c) => c.json({ id: c.req.param("id"), q: c.req.query("q") }));
    app.post("/echo", async (c) => c.json({ received: await c.req.json() }, 201));
    app.get("/stream", () => {
      const encoder = new TextEncoder();
      return new Response(
        new ReadableStream({
          start(controller) {
            for (const part of ["a", "b", "c"]) controller.enqueue(encoder.encode(part));
            controller.close();
          },
        }),
      );
    });
    server = await start({ fetch: app.fetch });
    const base = `http://127.0.0.1:${server.port}`;
    const home = await undiciRequest(`${base}/`);
    expect(home.statusCode).toBe(200);
    expect(home.headers["content-type"]).toMatch(/^text\/plain/);
    expect(home.headers["content-length"]).toBe("15");
    expect(await home.body.text()).toBe("hello from hono");
    const user = await undiciRequest(`${base}/users/42?q=x`);
    expect(await user.body.json()).toEqual({ id: "42", q: "x" });
    const echo = await undiciRequest(`${base}/echo`, {
      method: "POST",
      body: JSON.stringify({ a: [1, 2] }),
      headers: { "content-type": "application/json" },
    });
    expect(echo.statusCode).toBe(201);
    expect(await echo.body.json()).toEqual({ received: { a: [1, 2] } });
    const stream = await undiciRequest(`${base}/stream`);
    expect(await stream.body.text()).toBe("abc");
    const missing = await undiciRequest(`${base}/missing`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
    const head = await undiciRequest(`${base}/`, { method: "HEAD" });
    expect(head.headers["content-length"]).toBe("15");
    await head.body.dump();
  });
});

describe("Upgrade and CONNECT hand the socket over", () => {
  it("onUpgrade gets the socket and the bytes already sent", async () => {
    let handlerCalls = 0;
    server = await start({
      handler: () => {
        handlerCalls++;
        return { body: "plain" };
      },
      onUpgrade: (request, socket, head) => {
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${request.headers.get("upgrade")}\r\nConnection: Upgrade\r\n\r\n`,
        );
        socket.write(`head=${Buffer.from(head).toString()};`);
        socket.on("data", (chunk: Buffer) => socket.write(`echo=${chunk.toString()};`));
        socket.resume();
      },
    });
    const client = await RawClient.open(server.port);
    try {
      client.write(
        "GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nearly",
      );
      await client.until(() => client.text.includes("head=early;"));
      client.write("later");
      await client.until(() => client.text.includes("echo=later;"));
      expect(client.text.startsWith("HTTP/1.1 101 ")).toBe(true);
      expect(handlerCalls).toBe(0);
    } finally {
      client.close();
    }
  });

  it("onConnect tunnels to another server", async () => {
    const upstream = createNetServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    server = await start({
      handler: () => ({ body: "plain" }),
      onConnect: (request, socket, head) => {
        const [host, port] = request.target.split(":");
        const tunnel = netConnect(Number(port), host!, () => {
          socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          tunnel.write(head);
          socket.pipe(tunnel).pipe(socket);
          socket.resume();
        });
      },
    });
    const client = await RawClient.open(server.port);
    try {
      client.write(
        `CONNECT 127.0.0.1:${upstreamPort} HTTP/1.1\r\nHost: 127.0.0.1:${upstreamPort}\r\n\r\nping`,
      );
      await client.until(() => client.text.includes("ping"));
      client.write("pong");
      await client.until(() => client.text.includes("pingpong"));
      expect(client.text.startsWith("HTTP/1.1 200 Connection Established\r\n\r\n")).toBe(true);
    } finally {
      client.close();
      upstream.close();
    }
  });
});

describe("TLS", () => {
  it("negotiates http/1.1 by ALPN and picks the certificate by SNI", async () => {
    server = await start({
      tls: {
        cert: fixture("default.crt"),
        key: fixture("default.key"),
        sni: {
          "a.test": { cert: fixture("a.crt"), key: fixture("a.key") },
          "*.b.test": { cert: fixture("b.crt"), key: fixture("b.key") },
        },
      },
      handler: (request) => ({ body: `${request.secure} ${request.url.protocol}` }),
    });
    expect(server.url.protocol).toBe("https:");
    const ask = (
      servername: string,
    ): Promise<{ subject: string; alpn: string | false | null; text: string }> =>
      new Promise((resolve, reject) => {
        const socket = tlsConnect(
          {
            host: "127.0.0.1",
            port: server!.port,
            servername,
            rejectUnauthorized: false,
            ALPNProtocols: ["h2", "http/1.1"],
          },
          () => {
            const subject = socket.getPeerCertificate().subject.CN as string;
            const alpn = socket.alpnProtocol;
            socket.write(`GET / HTTP/1.1\r\nHost: ${servername}\r\nConnection: close\r\n\r\n`);
            let text = "";
            socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
            socket.on("end", () => resolve({ subject, alpn, text }));
          },
        );
        socket.on("error", reject);
        socket.setTimeout(5_000, () => socket.destroy(new Error("tls client timeout")));
      });
    const a = await ask("a.test");
    expect(a.subject).toBe("a.test");
    expect(a.alpn).toBe("http/1.1");
    expect(a.text).toContain("true https:");
    const b = await ask("x.b.test");
    expect(b.subject).toBe("b.test");
    const other = await ask("other.test");
    expect(other.subject).toBe("default.test");
  });
});
