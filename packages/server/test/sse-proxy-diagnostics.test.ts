import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { EventSource, fetch } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import {
  crc32c,
  eventStream,
  forwardedClient,
  type HttpServer,
  PROXY_V2_SIGNATURE,
  type RequestStartMessage,
  type ResponseFinishMessage,
  SERVER_CHANNELS,
  type ServeOptions,
  type ServerErrorMessage,
  withBasicAuth,
  withTrustedProxy,
} from "../src/index.js";
import { RawClient, start } from "./helpers.js";

/**
 * Server-Sent Events with undici's EventSource (reconnecting with
 * Last-Event-ID), the PROXY protocol over raw sockets (v1, v2, malformed),
 * trusted proxies, diagnostics_channel events and the access-log hook.
 */

const servers: HttpServer[] = [];
async function launch(options: ServeOptions): Promise<HttpServer & { port: number }> {
  const server = await start(options);
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close({ deadline: 1_000 })));
});

async function until(predicate: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("eventStream with a real EventSource", () => {
  it("delivers events, reconnects with Last-Event-ID and resumes after it", async () => {
    const lastIds: (string | undefined)[] = [];
    const server = await launch({
      handler: (request) =>
        eventStream(
          request,
          async function* ({ lastEventId }) {
            lastIds.push(lastEventId);
            const from = Number(lastEventId ?? 0);
            // Three events per connection, then the stream ends and the client reconnects.
            for (let id = from + 1; id <= from + 3; id++)
              yield { id: String(id), data: `event ${id}` };
          },
          { retry: 20 },
        ),
    });
    const source = new EventSource(`http://127.0.0.1:${server.port}/events`);
    const received: { id: string; data: string }[] = [];
    source.onmessage = (event) => received.push({ id: event.lastEventId, data: event.data });
    try {
      await until(() => received.length >= 7);
    } finally {
      source.close();
    }
    expect(received.slice(0, 7)).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: String(n), data: `event ${n}` })),
    );
    expect(lastIds.slice(0, 3)).toEqual([undefined, "3", "6"]);
  });

  it("sends heartbeats and stops the source when the client goes away", async () => {
    let closed = false;
    const server = await launch({
      handler: (request) =>
        eventStream(
          request,
          async function* ({ signal }) {
            try {
              yield { data: "hello" };
              await new Promise((resolve) => signal.addEventListener("abort", resolve));
            } finally {
              closed = true;
            }
          },
          { heartbeatMs: 10 },
        ),
    });
    const client = await RawClient.open(server.port);
    client.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    await client.until(() => client.text.split(": ping").length > 2);
    expect(client.text).toContain("Content-Type: text/event-stream\r\n");
    expect(client.text).toContain("Cache-Control: no-cache\r\n");
    expect(client.text).toContain("data: hello\n\n");
    client.close();
    await until(() => closed);
  });
});

function v2Header(family: "ipv4" | "ipv6", source: string, port: number): Buffer {
  const addresses =
    family === "ipv4"
      ? Buffer.from([...source.split(".").map(Number), 127, 0, 0, 1, port >> 8, port & 255, 0, 80])
      : Buffer.concat([
          Buffer.from(
            source.split(":").flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]),
          ),
          Buffer.alloc(15),
          Buffer.from([1, port >> 8, port & 255, 0, 80]),
        ]);
  const head = Buffer.from([0x21, family === "ipv4" ? 0x11 : 0x21, 0, addresses.length]);
  return Buffer.concat([PROXY_V2_SIGNATURE, head, addresses]);
}

describe("proxyProtocol option (raw sockets)", () => {
  const echo: ServeOptions["handler"] = (request) => ({
    body: `${request.remoteAddress} ${request.remotePort}`,
  });

  it("takes the client address from a v1 header, in the same packet as HTTP", async () => {
    const server = await launch({ handler: echo, proxyProtocol: true });
    const client = await RawClient.open(server.port);
    client.write("PROXY TCP4 192.0.2.1 198.51.100.7 56324 80\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const [response] = await client.responses(1);
    expect(response!.body).toBe("192.0.2.1 56324");
    client.close();
  });

  it("takes it from a v2 header (IPv4 and IPv6), split across writes", async () => {
    const server = await launch({ handler: echo, proxyProtocol: { v1: false } });
    const four = await RawClient.open(server.port);
    const header = v2Header("ipv4", "203.0.113.9", 40000);
    four.write(header.subarray(0, 7));
    await new Promise((resolve) => setTimeout(resolve, 20));
    four.write(
      Buffer.concat([header.subarray(7), Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]),
    );
    expect((await four.responses(1))[0]!.body).toBe("203.0.113.9 40000");
    four.close();
    const six = await RawClient.open(server.port);
    six.write(
      Buffer.concat([
        v2Header("ipv6", "2001:db8:0:0:0:0:0:1", 1234),
        Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
      ]),
    );
    expect((await six.responses(1))[0]!.body).toBe("2001:db8::1 1234");
    six.close();
    expect(crc32c).toBeTypeOf("function");
  });

  it("keeps the socket's address for a LOCAL v2 header (health check)", async () => {
    const server = await launch({ handler: echo, proxyProtocol: true });
    const client = await RawClient.open(server.port);
    client.write(
      Buffer.concat([
        PROXY_V2_SIGNATURE,
        Buffer.from([0x20, 0x00, 0, 0]),
        Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
      ]),
    );
    const [response] = await client.responses(1);
    expect(response!.body.startsWith("127.0.0.1 ")).toBe(true);
    client.close();
  });

  it.each([
    ["plain HTTP", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a malformed v1 line", "PROXY TCP4 192.0.2.1  198.51.100.7 1 2\r\nGET / HTTP/1.1\r\n\r\n"],
    ["a v1 address with leading zeros", "PROXY TCP4 010.0.0.1 198.51.100.7 1 2\r\n"],
    ["a bad v2 version", Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x31, 0x11, 0, 12])])],
  ])("closes a connection that starts with %s, unanswered", async (_name, bytes) => {
    const server = await launch({ handler: echo, proxyProtocol: true });
    const client = await RawClient.open(server.port);
    client.write(bytes);
    expect(await client.untilClosed()).toBe("");
  });

  it("closes a v1 header when only v2 is enabled", async () => {
    const server = await launch({ handler: echo, proxyProtocol: { v1: false } });
    const client = await RawClient.open(server.port);
    client.write("PROXY TCP4 192.0.2.1 198.51.100.7 56324 80\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await client.untilClosed()).toBe("");
  });
});

describe("trusted proxies over loopback", () => {
  it("believes X-Forwarded-For from a trusted peer only", async () => {
    const app: ServeOptions["handler"] = (request) => {
      const client = forwardedClient(request);
      return { body: `${client.address} ${client.protocol}` };
    };
    const trusted = await launch({
      handler: withTrustedProxy(app!, { trust: ["127.0.0.1/32", "::1"] }),
    });
    const response = await fetch(`http://127.0.0.1:${trusted.port}/`, {
      headers: { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" },
    });
    expect(await response.text()).toBe("203.0.113.9 https");
    const strict = await launch({
      handler: withTrustedProxy(app!, { trust: ["10.0.0.0/8"] }),
    });
    const spoofed = await fetch(`http://127.0.0.1:${strict.port}/`, {
      headers: { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" },
    });
    expect(await spoofed.text()).toBe("127.0.0.1 http");
  });
});

describe("diagnostics_channel and the access log", () => {
  it("publishes request start, response finish and errors to subscribers", async () => {
    const starts: RequestStartMessage[] = [];
    const finishes: ResponseFinishMessage[] = [];
    const errors: ServerErrorMessage[] = [];
    const onStart = (message: unknown) => starts.push(message as RequestStartMessage);
    const onFinish = (message: unknown) => finishes.push(message as ResponseFinishMessage);
    const onError = (message: unknown) => errors.push(message as ServerErrorMessage);
    subscribe(SERVER_CHANNELS.requestStart, onStart);
    subscribe(SERVER_CHANNELS.responseFinish, onFinish);
    subscribe(SERVER_CHANNELS.error, onError);
    try {
      const server = await launch({
        handler: (request) => {
          if (request.path === "/boom") throw new Error("boom");
          if (request.path === "/stream")
            return {
              body: (async function* () {
                yield "a";
                yield "bc";
              })(),
            };
          return { status: 201, body: "héllo" };
        },
      });
      const base = `http://127.0.0.1:${server.port}`;
      const mine = (message: { request: { headers: { get(name: string): string | null } } }) =>
        message.request.headers.get("x-test") === "diag";
      const headers = { "x-test": "diag" };
      await (await fetch(`${base}/ok`, { headers })).text();
      await (await fetch(`${base}/boom`, { headers })).text();
      await (await fetch(`${base}/stream`, { headers })).text();
      await until(() => finishes.filter(mine).length >= 3);
      expect(starts.filter(mine).map((m) => m.request.path)).toEqual(["/ok", "/boom", "/stream"]);
      const done = finishes.filter(mine);
      expect(done.map((m) => [m.request.path, m.status, m.bytes])).toEqual([
        ["/ok", 201, 6],
        ["/boom", 500, 22],
        ["/stream", 200, undefined],
      ]);
      expect(done[0]!.startTime).toBeTypeOf("number");
      const boom = errors.find((m) => m.request !== null && mine(m as never));
      expect(boom).toBeDefined();
      expect((boom!.error as Error).message).toBe("boom");
    } finally {
      unsubscribe(SERVER_CHANNELS.requestStart, onStart);
      unsubscribe(SERVER_CHANNELS.responseFinish, onFinish);
      unsubscribe(SERVER_CHANNELS.error, onError);
    }
  });

  it("writes one Common Log Format line per response, with the user and the real client", async () => {
    const lines: string[] = [];
    const server = await launch({
      accessLog: (line) => lines.push(line),
      handler: withTrustedProxy(
        withBasicAuth(() => ({ body: "secret" }), { realm: "r", users: { ada: "pw" } }),
        { trust: ["127.0.0.1"] },
      ),
    });
    const base = `http://127.0.0.1:${server.port}`;
    const auth = `Basic ${Buffer.from("ada:pw").toString("base64")}`;
    await (
      await fetch(`${base}/a?b=1`, {
        headers: { authorization: auth, "x-forwarded-for": "203.0.113.9" },
      })
    ).text();
    await (await fetch(`${base}/nope`)).text();
    await until(() => lines.length >= 2);
    expect(lines[0]).toMatch(
      /^203\.0\.113\.9 - ada \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/a\?b=1 HTTP\/1\.1" 200 6$/,
    );
    expect(lines[1]).toMatch(/^127\.0\.0\.1 - - \[.*\] "GET \/nope HTTP\/1\.1" 401 13$/);
  });

  it("writes Combined Log Format lines on request", async () => {
    const lines: string[] = [];
    const server = await launch({
      accessLog: (line) => lines.push(line),
      accessLogFormat: "combined",
      handler: () => ({ status: 204 }),
    });
    await (
      await fetch(`http://127.0.0.1:${server.port}/`, {
        headers: { referer: "https://a.example/", "user-agent": 'evil"agent' },
      })
    ).text();
    await until(() => lines.length >= 1);
    expect(lines[0]).toMatch(/"GET \/ HTTP\/1\.1" 204 - "https:\/\/a\.example\/" "evil\\"agent"$/);
  });
});
