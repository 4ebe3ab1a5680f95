import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { HttpServer, ServeOptions } from "../src/index.js";
import { RawClient, start } from "./helpers.js";

/**
 * `fullDuplex: true`: the response starts while the request content is
 * still arriving, and the handler keeps reading it. node:http as the client
 * streams its request body in step with the echoed response (a ping-pong no
 * half-duplex server could answer); raw sockets check the wire.
 */

let server: (HttpServer & { port: number }) | undefined;

afterEach(async () => {
  await server?.close({ deadline: 100 });
  server = undefined;
});

async function launch(handler: ServeOptions["handler"], options: Partial<ServeOptions> = {}) {
  server = await start({ fullDuplex: true, handler, ...options });
  return server.port;
}

/**
 * POSTs with node:http, chunked: sends one line, and each time the echo of a
 * line comes back sends the next; returns the response status and content.
 * Only a server that answers during the upload lets this finish.
 */
function pingPong(
  port: number,
  lines: readonly string[],
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/echo",
      agent: false,
      headers: { "content-type": "text/plain" },
    });
    let sent = 0;
    const sendNext = () => {
      if (sent < lines.length) request.write(lines[sent++]);
      else request.end();
    };
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("latin1");
      response.on("data", (chunk: string) => {
        const before = text.split("\n").length;
        text += chunk;
        // A complete line came back: send the next one.
        for (let i = before; i < text.split("\n").length; i++) sendNext();
      });
      response.on("end", () => resolve({ status: response.statusCode!, text }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.setTimeout(5_000, () => request.destroy(new Error("ping-pong stalled")));
    request.flushHeaders();
    sendNext();
  });
}

const LINES = Array.from({ length: 20 }, (_, i) => `line ${i}\n`);

describe("fullDuplex", () => {
  it("echoes request.body line by line to a node:http client that sends as it reads", async () => {
    const port = await launch((request) => ({ body: request.body }));
    expect(await pingPong(port, LINES)).toEqual({ status: 200, text: LINES.join("") });
  });

  it("runs a transform written as an async generator over the request", async () => {
    const port = await launch((request) => ({
      headers: { "content-type": "text/plain" },
      body: (async function* () {
        for await (const chunk of request)
          yield Buffer.from(chunk).toString("latin1").toUpperCase();
      })(),
    }));
    const { text } = await pingPong(port, LINES);
    expect(text).toBe(LINES.join("").toUpperCase());
  });

  it("sends the response head before the content ends, then serves the next request on the connection", async () => {
    const port = await launch(async (request) => ({ body: request.body }));
    const client = await RawClient.open(port);
    try {
      client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello");
      // The head and the first five bytes come back while five are still owed.
      await client.until(() => client.text.includes("\r\n\r\n") && client.text.includes("hello"));
      expect(client.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(client.text).toContain("Transfer-Encoding: chunked\r\n");
      client.write(" worl");
      const [echo] = await client.responses(1);
      expect(echo!.body).toBe("hello worl");
      client.write("GET /next HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
      const [, next] = await client.responses(2);
      expect(next!.body).toBe("abc");
      expect(client.closed).toBe(false);
    } finally {
      client.close();
    }
  });

  it("answers Expect: 100-continue with 100 before a streaming response", async () => {
    const port = await launch((request) => ({ body: request.body }));
    const client = await RawClient.open(port);
    try {
      client.write(
        "PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n",
      );
      await client.until(() => /HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n/.test(client.text));
      expect(client.text.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n")).toBe(true);
      client.write("data");
      const responses = await client.responses(2);
      expect(responses.map((r) => [r.status, r.body])).toEqual([
        [100, ""],
        [200, "data"],
      ]);
    } finally {
      client.close();
    }
  });

  it("drops content nobody read once the response ends, and keeps the connection when little remains", async () => {
    const port = await launch(() => ({ body: "done" }));
    const client = await RawClient.open(port);
    try {
      client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc");
      await client.until(() => client.text.includes("done"));
      client.write("def");
      client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      const responses = await client.responses(2);
      expect(responses.map((r) => r.body)).toEqual(["done", "done"]);
      expect(client.closed).toBe(false);
    } finally {
      client.close();
    }
  });

  it("closes after the response when much unread content remains", async () => {
    const port = await launch(() => ({ body: "done" }), { maxUnreadBodyBytes: 100 });
    const client = await RawClient.open(port);
    client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc");
    const text = await client.untilClosed();
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\ndone$/);
  });

  it("turns down content like half duplex when the handler answers an error without reading", async () => {
    const port = await launch(() => ({ status: 413, body: "too big\n" }));
    const client = await RawClient.open(port);
    client.write(
      "PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n",
    );
    // No 100 Continue: the client never has to send the content; the connection closes.
    const text = await client.untilClosed();
    expect(text).toMatch(/^HTTP\/1\.1 413 Content Too Large\r\n/);
    expect(text).toContain("Connection: close\r\n");
    expect(text).not.toContain("100 Continue");
  });
});
