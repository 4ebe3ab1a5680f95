import { describe, expect, it } from "vitest";
import type { ServerRequest } from "../src/index.js";
import { closeAfterEach } from "./close-after-each.js";
import { contentReader, countingHandler } from "./helpers.js";

const { start, open } = closeAfterEach();

describe("pipelining (RFC 9112 §9.3.2)", () => {
  it("answers 16 requests sent in one write, in order, in one batch", async () => {
    let delay = 16;
    const server = await start({
      handler: async (request) => {
        // Later requests resolve sooner: order must still follow the requests.
        await new Promise((resolve) => setTimeout(resolve, delay--));
        return { body: request.path };
      },
    });
    const client = await open(server.port);
    let burst = "";
    for (let i = 0; i < 16; i++) burst += `GET /r${i} HTTP/1.1\r\nHost: x\r\n\r\n`;
    client.write(burst);
    const responses = await client.responses(16);
    expect(responses.map((r) => r.body)).toEqual(Array.from({ length: 16 }, (_, i) => `/r${i}`));
    expect(client.closed).toBe(false);
  });

  it("answers requests delivered one byte at a time", async () => {
    const server = await start({
      handler: async (request) => ({ body: `${request.method} ${await request.text()}` }),
    });
    const client = await open(server.port);
    const bytes = Buffer.from(
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    for (const byte of bytes) {
      client.write(Uint8Array.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const responses = await client.responses(2);
    expect(responses.map((r) => r.body)).toEqual(["POST hello", "GET "]);
  });

  it("holds back reading when the pipelining queue is full, and still answers everything", async () => {
    const release: (() => void)[] = [];
    const server = await start({
      maxPipelinedRequests: 2,
      handler: (request) =>
        new Promise((resolve) => release.push(() => resolve({ body: request.path }))),
    });
    const client = await open(server.port);
    client.write("GET /q0 HTTP/1.1\r\nHost: x\r\n\r\nGET /q1 HTTP/1.1\r\nHost: x\r\n\r\n");
    await client.until(() => release.length === 2);
    let burst = "";
    for (let i = 2; i < 6; i++) burst += `GET /q${i} HTTP/1.1\r\nHost: x\r\n\r\n`;
    client.write(burst);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The queue is full: the new bytes wait unparsed.
    expect(release.length).toBe(2);
    // Release as they come.
    const timer = setInterval(() => release.shift()?.(), 5);
    try {
      const responses = await client.responses(6);
      expect(responses.map((r) => r.body)).toEqual(["/q0", "/q1", "/q2", "/q3", "/q4", "/q5"]);
    } finally {
      clearInterval(timer);
    }
  });
});

describe("malformed requests never reach the handler", () => {
  const cases: [string, string, number][] = [
    ["space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400],
    ["missing Host on 1.1", "GET / HTTP/1.1\r\n\r\n", 400],
    ["two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400],
    [
      "CL and TE together",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      400,
    ],
    [
      "differing Content-Length",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      400,
    ],
    ["bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400],
    ["obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400],
    ["NUL in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n", 400],
    // RFC 9112 §6.3 ¶4: chunked not last in a request → 400.
    [
      "transfer coding without chunked",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
      400,
    ],
    ["HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505],
    ["HTTP/3.0 version", "GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505],
    ["long request line", `GET /${"a".repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
    ["too many fields", `GET / HTTP/1.1\r\nHost: x\r\n${"X-A: 1\r\n".repeat(200)}\r\n`, 431],
    [
      "header section too big",
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`,
      431,
    ],
  ];
  for (const [name, raw, status] of cases) {
    it(`${name} → ${status} and close`, async () => {
      const counter = countingHandler("no");
      const server = await start({ handler: counter.handler });
      const client = await open(server.port);
      client.write(raw);
      const text = await client.untilClosed();
      expect(text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
      expect(text.toLowerCase()).toContain("connection: close");
      expect(counter.calls()).toBe(0);
    });
  }

  it("answers a valid request, then the 400 for the garbage after it, then closes", async () => {
    const counter = countingHandler("fine");
    const server = await start({ handler: counter.handler });
    const client = await open(server.port);
    client.write("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n\u0001\u0002garbage\r\n\r\n");
    const text = await client.untilClosed();
    const first = text.indexOf("HTTP/1.1 200 ");
    const second = text.indexOf("HTTP/1.1 400 ");
    expect(first).toBe(0);
    expect(second).toBeGreaterThan(first);
    expect(counter.calls()).toBe(1);
  });

  it("fails the body of a request whose chunked framing breaks, answers 400 and closes", async () => {
    const reader = contentReader("unreachable");
    const server = await start({ handler: reader.handler });
    const client = await open(server.port);
    client.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    const text = await client.untilClosed();
    expect(text.startsWith("HTTP/1.1 400 ")).toBe(true);
    expect(text).not.toContain("unreachable");
    expect((reader.readError() as { code?: string }).code).toMatch(/^HW_H1_/);
  });

  it("answers 413 for content beyond maxBodyBytes", async () => {
    let calls = 0;
    const server = await start({
      maxBodyBytes: 10,
      handler: async (request) => {
        calls++;
        return { body: await request.text() };
      },
    });
    const client = await open(server.port);
    client.write(
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" +
        "x".repeat(32) +
        "\r\n0\r\n\r\n",
    );
    const text = await client.untilClosed();
    expect(text).toContain("HTTP/1.1 413 ");
    expect(calls).toBeLessThanOrEqual(1);
  });
});

describe("handler failures", () => {
  it("answers 500 without the error text when the handler throws or rejects", async () => {
    const reported: unknown[] = [];
    const server = await start({
      onError: (error) => reported.push(error),
      handler: (request) => {
        if (request.path === "/sync") throw new Error("secret sync detail");
        return Promise.reject(new Error("secret async detail"));
      },
    });
    const client = await open(server.port);
    client.write("GET /sync HTTP/1.1\r\nHost: x\r\n\r\nGET /async HTTP/1.1\r\nHost: x\r\n\r\n");
    const responses = await client.responses(2);
    expect(responses.map((r) => r.status)).toEqual([500, 500]);
    expect(client.text).not.toContain("secret");
    expect(client.text).not.toContain("at ");
    expect(reported).toHaveLength(2);
  });

  it("answers 500 for a header value that would inject a line", async () => {
    const server = await start({
      handler: () => ({ headers: { "X-Evil": "a\r\nSet-Cookie: x=1" }, body: "no" }),
    });
    const client = await open(server.port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const [response] = await client.responses(1);
    expect(response!.status).toBe(500);
    expect(client.text).not.toContain("Set-Cookie");
  });
});

describe("methods", () => {
  it("HEAD gets the GET head, Content-Length included, without content", async () => {
    const server = await start({
      handler: () => ({ headers: { "Content-Type": "text/plain" }, body: "twelve bytes" }),
    });
    const client = await open(server.port);
    client.write("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const responses = await client.responses(2, 5_000, ["HEAD", "GET"]);
    expect(responses[0]!.headers["content-length"]).toBe("12");
    expect(responses[0]!.body).toBe("");
    expect(responses[1]!.body).toBe("twelve bytes");
  });

  it("HEAD of empty content says Content-Length: 0; a 304 says no length it does not know", async () => {
    const server = await start({
      handler: (request) => (request.path === "/empty" ? { body: "" } : { status: 304 }),
    });
    const client = await open(server.port);
    client.write(
      "HEAD /empty HTTP/1.1\r\nHost: x\r\n\r\nGET /not-modified HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    const responses = await client.responses(2, 5_000, ["HEAD", "GET"]);
    expect(responses[0]!.headers["content-length"]).toBe("0");
    expect(responses[1]!.status).toBe(304);
    expect(responses[1]!.headers["content-length"]).toBeUndefined();
  });

  it("TRACE is 405 by default and echoes without credentials when enabled", async () => {
    const byDefault = await start({ handler: () => ({ body: "handler" }) });
    const refused = await open(byDefault.port);
    refused.write("TRACE / HTTP/1.1\r\nHost: x\r\n\r\n");
    const [off] = await refused.responses(1);
    expect(off!.status).toBe(405);
    expect(off!.headers.allow).toBeDefined();

    const echoing = await start({ trace: "echo", handler: () => ({ body: "handler" }) });
    const client = await open(echoing.port);
    client.write("TRACE /t HTTP/1.1\r\nHost: x\r\nCookie: secret=1\r\nX-A: b\r\n\r\n");
    const [echo] = await client.responses(1);
    expect(echo!.status).toBe(200);
    expect(echo!.headers["content-type"]).toBe("message/http");
    expect(echo!.body).toContain("TRACE /t HTTP/1.1");
    expect(echo!.body).toContain("X-A: b");
    expect(echo!.body).not.toContain("secret");
  });

  it("any token method reaches the handler; OPTIONS * too", async () => {
    const seen: string[] = [];
    const server = await start({
      handler: (request) => {
        seen.push(`${request.method} ${request.target}`);
        return { status: 204 };
      },
    });
    const client = await open(server.port);
    client.write(
      "QUERY /q HTTP/1.1\r\nHost: x\r\n\r\nBREW /pot HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    await client.responses(3);
    expect(seen).toEqual(["QUERY /q", "BREW /pot", "OPTIONS *"]);
  });

  it("CONNECT without onConnect is 501", async () => {
    const server = await start({ handler: () => ({ body: "no" }) });
    const client = await open(server.port);
    client.write("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    const [response] = await client.responses(1);
    expect(response!.status).toBe(501);
  });
});

describe("persistence (RFC 9112 §9.3)", () => {
  it("keeps HTTP/1.1 connections, advertises Keep-Alive, adds Date", async () => {
    const server = await start({ keepAliveTimeout: 7_000, handler: () => ({ body: "a" }) });
    const client = await open(server.port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const [first] = await client.responses(1);
    expect(first!.headers["keep-alive"]).toBe("timeout=7");
    expect(first!.headers.date).toMatch(
      /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/,
    );
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await client.responses(2);
    expect(client.closed).toBe(false);
  });

  it("keeps an HTTP/1.0 connection only when asked", async () => {
    const server = await start({ handler: () => ({ body: "a" }) });
    const client = await open(server.port);
    client.write("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const [first] = await client.responses(1);
    expect(first!.headers.connection).toBe("keep-alive");
    client.write("GET / HTTP/1.0\r\n\r\n");
    const text = await client.untilClosed();
    expect(text.split("HTTP/1.1 200").length - 1).toBe(2);
  });

  it("streams to an HTTP/1.0 client by closing the connection", async () => {
    const server = await start({
      handler: () => ({
        body: (async function* () {
          yield "one ";
          yield "two";
        })(),
      }),
    });
    const client = await open(server.port);
    client.write("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const text = await client.untilClosed();
    expect(text).not.toContain("chunked");
    expect(text.endsWith("\r\n\r\none two")).toBe(true);
  });

  it("closes after maxRequestsPerConnection with Connection: close on the last", async () => {
    const server = await start({ maxRequestsPerConnection: 2, handler: () => ({ body: "a" }) });
    const client = await open(server.port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const text = await client.untilClosed();
    const responses = text.split("HTTP/1.1 200").length - 1;
    expect(responses).toBe(2);
    expect(text.toLowerCase()).toContain("connection: close");
  });

  it("discards a small unread body and keeps the connection", async () => {
    const server = await start({ handler: (request) => ({ body: `seen ${request.path}` }) });
    const client = await open(server.port);
    client.write(
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789GET /b HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    const responses = await client.responses(2);
    expect(responses.map((r) => r.body)).toEqual(["seen /a", "seen /b"]);
    expect(client.closed).toBe(false);
  });

  it("closes instead of discarding a large unread body", async () => {
    const server = await start({ maxUnreadBodyBytes: 100, handler: () => ({ body: "early" }) });
    const client = await open(server.port);
    client.write("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nxx");
    const text = await client.untilClosed();
    expect(text).toContain("HTTP/1.1 200 ");
    expect(text.toLowerCase()).toContain("connection: close");
  });
});

describe("Expect: 100-continue (RFC 9110 §10.1.1)", () => {
  it("sends 100 when the handler starts reading the content", async () => {
    const server = await start({
      handler: async (request) => ({ body: `got ${await request.text()}` }),
    });
    const client = await open(server.port);
    client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    await client.until(() => client!.text.includes("100 Continue"));
    client.write("data");
    const responses = await client.responses(2);
    expect(responses[0]!.status).toBe(100);
    expect(responses[1]!.body).toBe("got data");
  });

  it("never asks for the content when the handler answers first", async () => {
    let read = false;
    const server = await start({
      handler: (request: ServerRequest) => {
        read = request.bodyUsed;
        return { status: 413, body: "too big" };
      },
    });
    const client = await open(server.port);
    client.write(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\nExpect: 100-continue\r\n\r\n",
    );
    const text = await client.untilClosed();
    expect(text.startsWith("HTTP/1.1 413 ")).toBe(true);
    expect(text).not.toContain("100 Continue");
    expect(read).toBe(false);
  });
});
