// Edge cases of RFC 9110/9112 a client must get right, each against a raw
// node:net server that writes exactly the bytes under test (loopback only).
import net from "node:net";
import { describe, expect, it } from "vitest";
import type { InformationalResponse } from "../src/client-response.js";
import { ClientError } from "../src/errors.js";
import { RequestErrorCode } from "../src/request-error-codes.js";
import { closeAfterEach } from "./close-after-each.js";
import { type RawRequest, rawServer } from "./servers.js";

const { track, newAgent } = closeAfterEach();

async function caught(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError);
    return error as ClientError;
  }
  throw new Error("expected a rejection");
}

const OK = (body: string, extra = ""): string =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

describe("response framing", () => {
  it("a connection closed mid-body is an error, never short data (RFC 9112 §8)", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.end("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd");
      }),
    );
    const res = await newAgent().request(server.url);
    expect(res.status).toBe(200);
    const error = await caught(res.body.text());
    expect(error.code).toBe(RequestErrorCode.RESPONSE_TRUNCATED);
    expect(error.phase).toBe("body");
    expect(error.reused).toBe(false);
  });

  it("a chunked body cut before the last chunk is an error", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
      }),
    );
    const res = await newAgent().request(server.url);
    expect((await caught(res.body.text())).code).toBe(RequestErrorCode.RESPONSE_TRUNCATED);
  });

  it("bytes beyond Content-Length: the body stops at the length and the connection is not reused", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef");
      }),
    );
    const a = newAgent();
    const first = await a.request(server.url);
    expect(await first.body.text()).toBe("abc");
    const second = await a.request(server.url);
    expect(await second.body.text()).toBe("abc");
    expect(second.reused).toBe(false);
    expect(server.connections()).toBe(2);
  });

  it("reads a close-delimited body to the end (RFC 9112 §6.3 ¶8) and opens a new connection next", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ");
        setImmediate(() => socket.end("the end"));
      }),
    );
    const a = newAgent();
    const res = await a.request(server.url);
    expect(await res.body.text()).toBe("until the end");
    const again = await a.request(server.url);
    expect(await again.body.text()).toBe("until the end");
    expect(server.connections()).toBe(2);
  });

  it("HEAD, 204 and 304 are bodiless even with Content-Length, and the connection stays usable", async () => {
    const server = track(
      await rawServer(({ socket, method, target }) => {
        if (method === "HEAD") socket.write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
        else if (target === "/204")
          socket.write("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
        else if (target === "/304")
          socket.write("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n");
        else socket.write(OK("done"));
      }),
    );
    const a = newAgent();
    const head = await a.request(server.url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("1234");
    expect(await head.body.text()).toBe("");
    const noContent = await a.request(`${server.url}/204`);
    expect(noContent.status).toBe(204);
    expect(await noContent.body.text()).toBe("");
    const notModified = await a.request(`${server.url}/304`);
    expect(notModified.status).toBe(304);
    expect(await notModified.body.bytes()).toHaveLength(0);
    const last = await a.request(`${server.url}/x`);
    expect(await last.body.text()).toBe("done");
    expect(last.reused).toBe(true);
    expect(server.connections()).toBe(1);
  });

  it("unfolds obs-fold in response fields to SP (RFC 9112 §5.2)", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 200 OK\r\nX-Folded: first\r\n  second\r\nContent-Length: 0\r\n\r\n");
      }),
    );
    const res = await newAgent().request(server.url);
    expect(res.headers.get("x-folded")).toMatch(/^first +second$/);
    await res.body.dump();
  });

  it("a response that breaks HTTP is a PROTOCOL_ERROR", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
      }),
    );
    const error = await caught(newAgent().request(server.url));
    expect(error.code).toBe(RequestErrorCode.PROTOCOL_ERROR);
    expect(error.phase).toBe("head");
  });
});

describe("interim responses", () => {
  it("hands 103 Early Hints and an unsolicited 100 to onInformational, then the final response", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 100 Continue\r\n\r\n");
        socket.write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
        socket.write(OK("final"));
      }),
    );
    const seen: InformationalResponse[] = [];
    const res = await newAgent().request(server.url, { onInformational: (i) => seen.push(i) });
    expect(seen.map((i) => i.status)).toEqual([100, 103]);
    expect(seen[1]!.headers.get("link")).toBe("</style.css>; rel=preload");
    expect(res.status).toBe(200);
    expect(await res.body.text()).toBe("final");
  });
});

describe("the keep-alive race (RFC 9112 §9.3.1)", () => {
  // The first request on each connection is answered; a second one on the same
  // connection is met with a close, as when it crossed the server's idle timeout.
  const racingServer = () =>
    rawServer(({ socket, index, body }: RawRequest) => {
      if (index === 0) socket.write(OK(`fresh:${body}`));
      else socket.destroy();
    });

  it("retries an idempotent GET once, transparently, on a new connection", async () => {
    const server = track(await racingServer());
    const a = newAgent();
    await (await a.request(server.url)).body.dump();
    const res = await a.request(server.url);
    expect(await res.body.text()).toBe("fresh:");
    expect(res.attempts).toBe(2);
    expect(res.reused).toBe(false);
    expect(server.connections()).toBe(2);
  });

  it("reports a POST as exactly that, with reused: true", async () => {
    const server = track(await racingServer());
    const a = newAgent();
    await (await a.request(server.url, { method: "POST", body: "one" })).body.dump();
    const error = await caught(a.request(server.url, { method: "POST", body: "two" }));
    expect(error.code).toBe(RequestErrorCode.CONNECTION_RESET_BEFORE_RESPONSE);
    expect(error.reused).toBe(true);
    expect(error.attempts).toBe(1);
    expect(["send", "head"]).toContain(error.phase);
    expect(server.connections()).toBe(1);
  });

  it("retries a POST that carries an Idempotency-Key", async () => {
    const server = track(await racingServer());
    const a = newAgent();
    await (await a.request(server.url)).body.dump();
    const res = await a.request(server.url, {
      method: "POST",
      headers: { "Idempotency-Key": '"8e03978e"' },
      body: "two",
    });
    expect(await res.body.text()).toBe("fresh:two");
    expect(res.attempts).toBe(2);
  });

  it("a new connection closed before any response byte is not the race", async () => {
    const server = track(await rawServer(({ socket }) => socket.destroy()));
    const error = await caught(newAgent().request(server.url));
    expect(error.code).toBe(RequestErrorCode.CLOSED_BEFORE_RESPONSE);
    expect(error.reused).toBe(false);
    expect(server.connections()).toBe(1);
  });
});

describe("timeouts and cancellation", () => {
  it("a slow head fails with HEAD_TIMEOUT", async () => {
    const server = track(await rawServer(() => {}));
    const error = await caught(newAgent().request(server.url, { headTimeout: 100 }));
    expect(error.code).toBe(RequestErrorCode.HEAD_TIMEOUT);
    expect(error.phase).toBe("head");
  });

  it("a stalled body fails with BODY_TIMEOUT", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
      }),
    );
    const res = await newAgent().request(server.url, { bodyTimeout: 100 });
    const error = await caught(res.body.text());
    expect(error.code).toBe(RequestErrorCode.BODY_TIMEOUT);
    expect(error.phase).toBe("body");
  });

  it("long head and body timeouts (the shared coarse clock) fire, never early", async () => {
    const server = track(
      await rawServer(({ socket, target }) => {
        if (target === "/body") socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart");
      }),
    );
    const agent = newAgent();
    let started = performance.now();
    const head = await caught(agent.request(`${server.url}/head`, { headTimeout: 1000 }));
    expect(head.code).toBe(RequestErrorCode.HEAD_TIMEOUT);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    const res = await agent.request(`${server.url}/body`, { bodyTimeout: 1000 });
    started = performance.now();
    const body = await caught(res.body.text());
    expect(body.code).toBe(RequestErrorCode.BODY_TIMEOUT);
    expect(performance.now() - started).toBeGreaterThanOrEqual(999);
  });

  it("a body that keeps arriving never hits its idle timeout", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        let sent = 0;
        const timer = setInterval(() => {
          if (++sent <= 6) socket.write("1\r\nb\r\n");
          else {
            clearInterval(timer);
            socket.write("0\r\n\r\n");
          }
        }, 300);
      }),
    );
    // 1.8 s in all, never 1 s without a byte.
    const res = await newAgent().request(server.url, { bodyTimeout: 1000 });
    expect(await res.body.text()).toBe("bbbbbb");
  });

  it("the whole-request timeout covers the body too", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
      }),
    );
    const res = await newAgent().request(server.url, { timeout: 150 });
    const error = await caught(res.body.text());
    expect(error.code).toBe(RequestErrorCode.REQUEST_TIMEOUT);
    expect(error.phase).toBe("body");
  });

  it("an AbortSignal cancels a request waiting for its head", async () => {
    const server = track(await rawServer(() => {}));
    const controller = new AbortController();
    const pending = newAgent().request(server.url, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user gave up")), 50);
    const error = await caught(pending);
    expect(error.code).toBe(RequestErrorCode.ABORTED);
    expect((error.cause as Error).message).toBe("user gave up");
  });

  it("an already aborted signal fails at once", async () => {
    const error = await caught(
      newAgent().request("http://127.0.0.1:9/", { signal: AbortSignal.abort() }),
    );
    expect(error.code).toBe(RequestErrorCode.ABORTED);
  });

  it("a refused connection fails with CONNECT_FAILED in phase connect", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await caught(newAgent().request(`http://127.0.0.1:${port}/`));
    expect(error.code).toBe(RequestErrorCode.CONNECT_FAILED);
    expect(error.phase).toBe("connect");
  });

  it("cancelling a body closes its connection", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
      }),
    );
    const a = newAgent();
    const res = await a.request(server.url);
    await res.body.cancel();
    const next = await a.request(server.url, { bodyTimeout: 100 });
    expect(next.reused).toBe(false);
    await next.body.cancel();
    expect(server.connections()).toBe(2);
  });
});

describe("Expect: 100-continue (RFC 9110 §10.1.1)", () => {
  it("holds the body until 100 Continue", async () => {
    const server = track(
      await rawServer(
        ({ socket, body }) => socket.write(OK(`got:${body}`)),
        undefined,
        (_head, socket) => socket.write("HTTP/1.1 100 Continue\r\n\r\n"),
      ),
    );
    const seen: number[] = [];
    const res = await newAgent().request(server.url, {
      method: "PUT",
      body: "payload",
      expectContinue: true,
      continueTimeout: 10_000,
      onInformational: (i) => seen.push(i.status),
    });
    expect(await res.body.text()).toBe("got:payload");
    expect(seen).toEqual([100]);
  });

  it("does not send the body when a final status comes first, and does not reuse the connection", async () => {
    let bodies = 0;
    const server = track(
      await rawServer(
        () => bodies++,
        undefined,
        (_head, socket) =>
          socket.write("HTTP/1.1 413 Content Too Large\r\nContent-Length: 2\r\n\r\nno"),
      ),
    );
    const a = newAgent();
    const res = await a.request(server.url, {
      method: "PUT",
      body: "x".repeat(1000),
      expectContinue: true,
      continueTimeout: 10_000,
    });
    expect(res.status).toBe(413);
    expect(await res.body.text()).toBe("no");
    expect(bodies).toBe(0);
  });

  it("sends the body anyway after continueTimeout", async () => {
    const server = track(await rawServer(({ socket, body }) => socket.write(OK(`late:${body}`))));
    const res = await newAgent().request(server.url, {
      method: "POST",
      body: "data",
      expectContinue: true,
      continueTimeout: 50,
    });
    expect(await res.body.text()).toBe("late:data");
  });
});

describe("pipelining (RFC 9112 §9.3.2)", () => {
  it("pipelines safe requests up to the depth on one connection and answers them in order", async () => {
    const pending: RawRequest[] = [];
    const server = track(
      await rawServer((request) => {
        pending.push(request);
        if (pending.length === 3) {
          for (const r of pending) r.socket.write(OK(`answer:${r.target}`));
        }
      }),
    );
    const a = newAgent({ connections: 1, pipelining: 3 });
    const responses = await Promise.all(
      ["/a", "/b", "/c"].map((path) => a.request(`${server.url}${path}`)),
    );
    const texts = await Promise.all(responses.map((r) => r.body.text()));
    expect(texts).toEqual(["answer:/a", "answer:/b", "answer:/c"]);
    expect(server.connections()).toBe(1);
  });

  it("never pipelines a POST behind another request", async () => {
    const order: string[] = [];
    let held: RawRequest | null = null;
    const server = track(
      await rawServer((request) => {
        order.push(request.method);
        if (request.method === "GET") {
          held = request;
          // Answer the GET later: a pipelined POST would arrive meanwhile.
          setTimeout(() => held!.socket.write(OK("get")), 50);
        } else {
          request.socket.write(OK("post"));
        }
      }),
    );
    const a = newAgent({ connections: 1, pipelining: 4 });
    const get = a.request(server.url);
    const post = a.request(server.url, { method: "POST", body: "b" });
    expect(await (await get).body.text()).toBe("get");
    expect(await (await post).body.text()).toBe("post");
    expect(order).toEqual(["GET", "POST"]);
  });
});

describe("keep-alive bookkeeping", () => {
  it("closes an idle connection before the server's Keep-Alive timeout minus the margin", async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write(OK("k", "Keep-Alive: timeout=1\r\n"));
      }),
    );
    // timeout=1 s minus a 1 s margin leaves no idle time: close at once, reconnect next time.
    const a = newAgent({ keepAliveTimeoutMargin: 1000 });
    await (await a.request(server.url)).body.dump();
    const second = await a.request(server.url);
    await second.body.dump();
    expect(second.reused).toBe(false);
    expect(server.connections()).toBe(2);
  });

  it("does not reuse a connection after Connection: close", async () => {
    const server = track(
      await rawServer(({ socket }) => socket.write(OK("c", "Connection: close\r\n"))),
    );
    const a = newAgent();
    await (await a.request(server.url)).body.dump();
    await (await a.request(server.url)).body.dump();
    expect(server.connections()).toBe(2);
  });
});

describe("upgrade and CONNECT", () => {
  it("upgrade() returns the socket and the bytes already read past the 101 head", async () => {
    const server = track(
      await rawServer(({ socket, header }) => {
        expect(header("upgrade")).toBe("echo");
        expect(header("connection")).toBe("upgrade");
        socket.write(
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: upgrade\r\n\r\nhello",
        );
        socket.removeAllListeners("data");
        socket.on("data", (chunk) => socket.write(chunk));
      }),
    );
    const { status, socket, head } = await newAgent().upgrade(server.url, { protocol: "echo" });
    expect(status).toBe(101);
    expect(new TextDecoder().decode(head)).toBe("hello");
    const echoed = new Promise<string>((resolve) => socket.once("data", (d) => resolve(String(d))));
    socket.write("ping");
    expect(await echoed).toBe("ping");
    socket.destroy();
  });

  it("a declined upgrade rejects with UPGRADE_DECLINED", async () => {
    const server = track(await rawServer(({ socket }) => socket.write(OK("nope"))));
    const error = await caught(newAgent().upgrade(server.url, { protocol: "echo" }));
    expect(error.code).toBe(RequestErrorCode.UPGRADE_DECLINED);
  });

  it("connectTunnel() sends authority-form CONNECT and returns the tunnel", async () => {
    let requestLine = "";
    const server = track(
      await rawServer(({ socket, head }) => {
        requestLine = head.split("\r\n")[0]!;
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\ntunnel-bytes");
      }),
    );
    const tunnel = await newAgent().connectTunnel(server.url, "example.com:443");
    expect(requestLine).toBe("CONNECT example.com:443 HTTP/1.1");
    expect(new TextDecoder().decode(tunnel.head)).toBe("tunnel-bytes");
    tunnel.socket.destroy();
  });
});
