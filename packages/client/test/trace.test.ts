// The `trace` option against real node:http and node:https servers on loopback.
import type http from "node:http";
import https from "node:https";
import { beforeAll, describe, expect, it } from "vitest";
import { ClientError } from "../src/errors.js";
import { RequestErrorCode } from "../src/request-error-codes.js";
import type { RequestTrace } from "../src/request-trace.js";
import { closeAfterEach } from "./close-after-each.js";
import { httpServer, readAll } from "./servers.js";
import { makeCertificate } from "./tls-cert.js";

type TraceName = keyof RequestTrace;
interface Recorded {
  readonly name: TraceName;
  readonly event: Record<string, unknown>;
}

/** Every trace callback, in the order one attempt calls them. */
const NAMES: readonly TraceName[] = [
  "onAttemptStart",
  "onDnsStart",
  "onDnsEnd",
  "onConnectStart",
  "onConnectEnd",
  "onTlsEnd",
  "onConnection",
  "onRequestHead",
  "onRequestBody",
  "onRequestEnd",
  "onFirstByte",
  "onInformational",
  "onResponseHead",
  "onResponseEnd",
  "onAttemptError",
  "onRetry",
  "onRedirect",
];

/** A trace that records every event in order. */
function recorder(): { trace: RequestTrace; events: Recorded[]; names(): TraceName[] } {
  const events: Recorded[] = [];
  const trace: Record<string, (event: Record<string, unknown>) => void> = {};
  for (const name of NAMES) trace[name] = (event) => events.push({ name, event });
  return {
    trace: trace as RequestTrace,
    events,
    names: () => events.map((e) => e.name),
  };
}

function only(events: readonly Recorded[], name: TraceName): Record<string, unknown> {
  const found = events.filter((e) => e.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!.event;
}

const { track, newAgent } = closeAfterEach();

async function serve(handler: http.RequestListener, server?: http.Server) {
  return track(await httpServer(handler, {}, server));
}

describe("trace over plain HTTP (node:http)", () => {
  it("reports connect, the head as serialized, the head as received, first byte and end, in order", async () => {
    const server = await serve((_req, res) => {
      res.setHeader("X-Mixed-Case", "kept");
      res.end("hello");
    });
    const { trace, events, names } = recorder();
    const res = await newAgent().request(`${server.url}/path?q=1`, { trace });
    expect(await res.body.text()).toBe("hello");
    expect(names()).toEqual([
      "onAttemptStart",
      "onConnectStart",
      "onConnectEnd",
      "onConnection",
      "onRequestHead",
      "onRequestEnd",
      "onFirstByte",
      "onResponseHead",
      "onResponseEnd",
    ]);
    expect(only(events, "onConnectStart")).toMatchObject({
      host: "127.0.0.1",
      port: server.port,
      proxy: false,
    });
    const connected = only(events, "onConnectEnd");
    expect(connected).toMatchObject({ remoteAddress: "127.0.0.1", remotePort: server.port });
    expect(connected.localPort).toEqual(expect.any(Number));
    const connection = only(events, "onConnection").connection as Record<string, unknown>;
    expect(connection).toMatchObject({
      reused: false,
      previousRequests: 0,
      remotePort: server.port,
      localPort: connected.localPort,
      tls: undefined,
      proxy: undefined,
    });
    const head = only(events, "onRequestHead");
    expect(Buffer.from(head.head as Uint8Array).toString("latin1")).toBe(
      `GET /path?q=1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n`,
    );
    expect(head).toMatchObject({ method: "GET", target: "/path?q=1", version: "1.1" });
    const response = only(events, "onResponseHead");
    expect(response).toMatchObject({ status: 200, statusText: "OK", version: "1.1" });
    const lines = [...(response.headers as { lines(): Iterable<[string, string]> }).lines()];
    // Names keep the case they were received in, in the order received.
    expect(lines[0]).toEqual(["X-Mixed-Case", "kept"]);
    expect(only(events, "onResponseEnd")).toMatchObject({ bodyBytes: 5 });

    const { timings: t } = only(events, "onResponseEnd").attempt as {
      timings: Record<string, number | undefined>;
    };
    for (const step of ["dnsStart", "dnsEnd", "tlsStart", "tlsEnd"])
      expect(t[step]).toBeUndefined();
    const order = [
      "start",
      "connectStart",
      "connectEnd",
      "requestStart",
      "requestEnd",
      "firstByte",
      "responseHead",
      "end",
    ];
    for (let i = 1; i < order.length; i++) {
      expect(t[order[i]!], order[i]).toBeGreaterThanOrEqual(t[order[i - 1]!]!);
    }
  });

  it("says when the connection is reused, and then reports no connect step", async () => {
    const server = await serve((_req, res) => res.end("x"));
    const agent = newAgent();
    await (await agent.request(server.url)).body.dump();
    const { trace, events, names } = recorder();
    const res = await agent.request(server.url, { trace });
    await res.body.dump();
    expect(names()).not.toContain("onConnectStart");
    expect(only(events, "onConnection").connection).toMatchObject({
      reused: true,
      previousRequests: 1,
    });
    const timings = (only(events, "onResponseEnd").attempt as { timings: Record<string, unknown> })
      .timings;
    expect(timings.connectEnd).toBeUndefined();
    expect(timings.firstByte).toEqual(expect.any(Number));
  });

  it("looks names up: DNS start and end with the resolved address", async () => {
    const server = await serve((_req, res) => res.end("x"));
    const { trace, events } = recorder();
    await (await newAgent().request(`http://localhost:${server.port}/`, { trace })).body.dump();
    expect(only(events, "onDnsStart")).toMatchObject({ host: "localhost" });
    const resolved = only(events, "onDnsEnd");
    expect(resolved.host).toBe("localhost");
    expect(resolved.address).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect([4, 6]).toContain(resolved.family);
    expect(only(events, "onConnectStart")).toMatchObject({ host: "localhost", port: server.port });
  });

  it("reports content sent, in memory and streamed", async () => {
    const server = await serve(async (req, res) => res.end(await readAll(req)));
    const agent = newAgent();
    const memory = recorder();
    const a = await agent.request(server.url, {
      method: "POST",
      body: "abcdef",
      trace: memory.trace,
    });
    expect(await a.body.text()).toBe("abcdef");
    expect(only(memory.events, "onRequestBody")).toMatchObject({ bytes: 6, total: 6 });
    expect(only(memory.events, "onRequestEnd")).toMatchObject({ bodyBytes: 6 });

    const streamed = recorder();
    const b = await agent.request(server.url, {
      method: "POST",
      body: (async function* () {
        yield "abc";
        yield "de";
      })(),
      trace: streamed.trace,
    });
    expect(await b.body.text()).toBe("abcde");
    const pieces = streamed.events.filter((e) => e.name === "onRequestBody").map((e) => e.event);
    expect(pieces.map((p) => [p.bytes, p.total])).toEqual([
      [3, 3],
      [2, 5],
    ]);
    const head = Buffer.from(only(streamed.events, "onRequestHead").head as Uint8Array).toString();
    expect(head).toContain("\r\nTransfer-Encoding: chunked\r\n");
    expect(only(streamed.events, "onRequestEnd")).toMatchObject({ bodyBytes: 5 });
  });

  it("reports each interim response: 100 Continue and 103 Early Hints", async () => {
    const server = await serve(async (req, res) => {
      res.writeEarlyHints({ link: "</style.css>; rel=preload" });
      res.end(await readAll(req));
    });
    server.server.on("checkContinue", (req, res) => {
      res.writeContinue();
      server.server.emit("request", req, res);
    });
    const { trace, events } = recorder();
    const res = await newAgent().request(server.url, {
      method: "PUT",
      body: "payload",
      expectContinue: true,
      trace,
    });
    expect(await res.body.text()).toBe("payload");
    const interim = events.filter((e) => e.name === "onInformational").map((e) => e.event);
    expect(interim.map((e) => e.status)).toEqual([100, 103]);
    expect((interim[1]!.headers as { get(n: string): string | null }).get("link")).toBe(
      "</style.css>; rel=preload",
    );
    const head = Buffer.from(only(events, "onRequestHead").head as Uint8Array).toString();
    expect(head).toContain("\r\nExpect: 100-continue\r\n");
  });

  it("counts chunked content and hands over the trailers", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { trailer: "x-sum" });
      res.write("abc");
      res.write("defg");
      res.addTrailers({ "x-sum": "7" });
      res.end();
    });
    const { trace, events } = recorder();
    const res = await newAgent().request(server.url, { trace });
    expect(await res.body.text()).toBe("abcdefg");
    const end = only(events, "onResponseEnd");
    expect(end.bodyBytes).toBe(7);
    expect((end.trailers as { get(n: string): string | null }).get("x-sum")).toBe("7");
  });

  it("reports redirects, retries and the 401 answered with credentials", async () => {
    let failures = 0;
    const server = await serve((req, res) => {
      if (req.url === "/old") res.writeHead(301, { location: "/flaky" }).end();
      else if (req.url === "/flaky" && failures++ === 0) res.writeHead(503).end();
      else if (req.url === "/flaky") res.writeHead(302, { location: "/private" }).end();
      else if (req.headers.authorization === undefined) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="r"' }).end();
      } else res.end("in");
    });
    const { trace, events } = recorder();
    const res = await newAgent().request(`${server.url}/old`, {
      trace,
      redirect: { max: 5 },
      retry: { maxRetries: 1, baseDelayMs: 1, random: () => 0 },
      auth: { username: "u", password: "p" },
    });
    expect(await res.body.text()).toBe("in");
    const redirects = events.filter((e) => e.name === "onRedirect").map((e) => e.event);
    expect(redirects.map((r) => [r.status, r.from, r.to, r.method])).toEqual([
      [301, `${server.url}/old`, `${server.url}/flaky`, "GET"],
      [302, `${server.url}/flaky`, `${server.url}/private`, "GET"],
    ]);
    const retries = events.filter((e) => e.name === "onRetry").map((e) => e.event);
    expect(retries.map((r) => [r.reason, r.status])).toEqual([
      ["retry-policy", 503],
      ["authenticate", 401],
    ]);
    expect((retries[0]!.attempt as { number: number; url: string }).url).toBe(
      `${server.url}/flaky`,
    );
    const statuses = events.filter((e) => e.name === "onResponseHead").map((e) => e.event.status);
    expect(statuses).toEqual([301, 503, 302, 401, 200]);
    // Every attempt but the first went out on the kept-alive connection.
    const reused = events
      .filter((e) => e.name === "onConnection")
      .map((e) => (e.event.connection as { reused: boolean }).reused);
    expect(reused).toEqual([false, true, true, true, true]);
  });

  it("reports a failed attempt with its ClientError", async () => {
    const server = await serve(() => {});
    await server.close();
    const { trace, events, names } = recorder();
    const error = await newAgent()
      .request(server.url, { trace })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(names()).toEqual(["onAttemptStart", "onConnectStart", "onAttemptError"]);
    expect(only(events, "onAttemptError").error).toBe(error);
    expect(error).toMatchObject({ code: RequestErrorCode.CONNECT_FAILED });
  });

  it("ignores a callback that throws and calls methods with the trace as this", async () => {
    const server = await serve((_req, res) => res.end("fine"));
    const seen: number[] = [];
    const trace = {
      statuses: seen,
      onRequestHead(): void {
        throw new Error("observer bug");
      },
      onResponseHead(this: { statuses: number[] }, event: { status: number }): void {
        this.statuses.push(event.status);
      },
    };
    const res = await newAgent().request(server.url, { trace });
    expect(await res.body.text()).toBe("fine");
    expect(seen).toEqual([200]);
  });
});

describe("trace over TLS (node:https)", () => {
  let cert: string;
  let key: string;
  beforeAll(() => {
    ({ cert, key } = makeCertificate());
  });

  async function tlsServer() {
    return serve((_req, res) => res.end("secure"), https.createServer({ cert, key }));
  }

  it("reports the handshake: protocol, cipher, ALPN, certificate, verification", async () => {
    const server = await tlsServer();
    const { trace, events, names } = recorder();
    const res = await newAgent({ tls: { ca: cert } }).request(`https://localhost:${server.port}/`, {
      trace,
    });
    expect(await res.body.text()).toBe("secure");
    // Every step up to the connection, from the name lookup to the handshake, in order.
    const setup = NAMES.slice(0, NAMES.indexOf("onConnection") + 1);
    expect(names().slice(0, setup.length)).toEqual(setup);
    const done = only(events, "onTlsEnd");
    expect(done.proxy).toBe(false);
    const tls = done.tls as Record<string, unknown>;
    expect(tls.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(tls.cipher).toEqual(expect.any(String));
    expect(tls.alpn).toBe("http/1.1");
    expect(tls.servername).toBe("localhost");
    expect(tls).toMatchObject({ authorized: true, authorizationError: undefined });
    expect(tls.certificate).toMatchObject({
      subject: { CN: "localhost" },
      issuer: { CN: "localhost" },
      subjectAltName: expect.stringContaining("IP Address:127.0.0.1"),
      validFrom: expect.stringMatching(/GMT$/),
      validTo: expect.stringMatching(/GMT$/),
      fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    });
    // The connection event carries the same TLS facts.
    expect((only(events, "onConnection").connection as { tls: unknown }).tls).toEqual(tls);
    const t = (done.attempt as { timings: Record<string, number> }).timings;
    expect(t.tlsStart).toBeGreaterThanOrEqual(t.connectEnd!);
    expect(t.tlsEnd).toBeGreaterThanOrEqual(t.tlsStart!);
  });

  it("says when the certificate was not verified (rejectUnauthorized: false)", async () => {
    const server = await tlsServer();
    const { trace, events } = recorder();
    const res = await newAgent({ tls: { rejectUnauthorized: false } }).request(
      `https://127.0.0.1:${server.port}/`,
      { trace },
    );
    await res.body.dump();
    const tls = only(events, "onTlsEnd").tls as Record<string, unknown>;
    expect(tls.authorized).toBe(false);
    expect(tls.authorizationError).toEqual(expect.any(String));
    // No SNI for an IP literal (RFC 6066 §3).
    expect(tls.servername).toBeUndefined();
  });

  it("reports TLS facts of a reused connection it did not open", async () => {
    const server = await tlsServer();
    const agent = newAgent({ tls: { ca: cert } });
    await (await agent.request(`https://127.0.0.1:${server.port}/`)).body.dump();
    const { trace, events, names } = recorder();
    await (await agent.request(`https://127.0.0.1:${server.port}/`, { trace })).body.dump();
    expect(names()).not.toContain("onTlsEnd");
    const connection = only(events, "onConnection").connection as Record<string, unknown>;
    expect(connection.reused).toBe(true);
    expect(connection.tls).toMatchObject({ authorized: true, alpn: "http/1.1" });
  });
});
