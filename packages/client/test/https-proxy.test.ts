// An https: proxy: TLS with the proxy itself (its own CA through the `tls` of
// the proxy option), for http: targets (absolute-form over that TLS) and https:
// targets (CONNECT, then TLS with the origin inside the proxy's TLS).
import https from "node:https";
import { beforeAll, describe, expect, it } from "vitest";
import { RequestErrorCode } from "../src/request-error-codes.js";
import type { TlsEndEvent, TraceConnection } from "../src/request-trace.js";
import { closeAfterEach } from "./close-after-each.js";
import { digestGate, type ProxyGate, startForwardProxy } from "./forward-proxy.js";
import { httpServer, readAll } from "./servers.js";
import { makeCertificate } from "./tls-cert.js";

// Two unrelated self-signed certificates: neither CA vouches for the other's server.
let proxyPair: { cert: string; key: string };
let originPair: { cert: string; key: string };

beforeAll(() => {
  proxyPair = makeCertificate();
  originPair = makeCertificate();
});

const { track, newAgent } = closeAfterEach();

async function httpsProxy(gate?: ProxyGate) {
  const proxy = track(await startForwardProxy({ tls: proxyPair, ...(gate ? { gate } : {}) }));
  return { ...proxy, uri: `https://127.0.0.1:${proxy.port}` };
}

describe("http: target through an https: proxy (absolute-form over TLS)", () => {
  it("speaks TLS to the proxy, checked against the proxy's own CA", async () => {
    const origin = track(
      await httpServer(async (req, res) => {
        res.end(`${req.method} ${req.url} host=${req.headers.host} ${await readAll(req)}`);
      }),
    );
    const proxy = await httpsProxy();
    const tlsEvents: TlsEndEvent[] = [];
    const connections: TraceConnection[] = [];
    const agent = newAgent();
    const proxyOption = { uri: proxy.uri, tls: { ca: proxyPair.cert } };
    const res = await agent.request(`${origin.url}/plain?x=1`, {
      method: "POST",
      body: "over tls",
      proxy: proxyOption,
      trace: {
        onTlsEnd: (event) => tlsEvents.push(event),
        onConnection: (event) => connections.push(event.connection),
      },
    });
    expect(await res.body.text()).toBe(`POST /plain?x=1 host=127.0.0.1:${origin.port} over tls`);
    expect(proxy.seen).toMatchObject([{ kind: "forward", target: `${origin.url}/plain?x=1` }]);
    // The only TLS is with the proxy.
    expect(tlsEvents.map((e) => [e.proxy, e.tls.authorized])).toEqual([[true, true]]);
    expect(connections[0]).toMatchObject({ proxy: `127.0.0.1:${proxy.port}`, reused: false });
    expect(connections[0]!.tls?.authorized).toBe(true);
    // The same settings in a new object share the pool and its connection.
    const again = await agent.request(`${origin.url}/again`, {
      proxy: { uri: proxy.uri, tls: { ca: proxyPair.cert } },
    });
    await again.body.dump();
    expect(again.reused).toBe(true);
    expect(Object.keys(agent.stats)).toHaveLength(1);
  });

  it("fails with HW_CLIENT_TLS_FAILED when the proxy's certificate is not trusted", async () => {
    const origin = track(await httpServer((_req, res) => res.end("never")));
    const proxy = await httpsProxy();
    const error = await newAgent({ tls: { ca: originPair.cert } })
      .request(`${origin.url}/`, { proxy: proxy.uri })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.TLS_FAILED, phase: "tls" });
    expect(proxy.seen).toHaveLength(0);
  });

  it("falls back to the agent's CA list for the proxy when the option has no tls", async () => {
    const origin = track(await httpServer((_req, res) => res.end("via agent ca")));
    const proxy = await httpsProxy();
    const res = await newAgent({ tls: { ca: [proxyPair.cert, originPair.cert] } }).request(
      `${origin.url}/`,
      { proxy: proxy.uri },
    );
    expect(await res.body.text()).toBe("via agent ca");
  });
});

describe("https: target through an https: proxy (CONNECT, TLS inside TLS)", () => {
  async function tlsOrigin() {
    return track(
      await httpServer(
        (req, res) => res.end(`secure ${req.url} ${req.headers.host}`),
        {},
        https.createServer(originPair),
      ),
    );
  }

  it("opens the tunnel over TLS with the proxy, then TLS with the origin inside it", async () => {
    const origin = await tlsOrigin();
    const proxy = await httpsProxy();
    const tlsEvents: TlsEndEvent[] = [];
    const connections: TraceConnection[] = [];
    const agent = newAgent({
      tls: { ca: originPair.cert },
      proxy: { uri: proxy.uri, tls: { ca: proxyPair.cert } },
    });
    const trace = {
      onTlsEnd: (event: TlsEndEvent) => tlsEvents.push(event),
      onConnection: (event: { connection: TraceConnection }) => connections.push(event.connection),
    };
    const url = `https://127.0.0.1:${origin.port}/deep?x=1`;
    const first = await agent.request(url, { trace });
    expect(await first.body.text()).toBe(`secure /deep?x=1 127.0.0.1:${origin.port}`);
    const second = await agent.request(url, { trace });
    expect(await second.body.text()).toBe(`secure /deep?x=1 127.0.0.1:${origin.port}`);
    expect(second.reused).toBe(true);
    // One tunnel, opened with CONNECT in authority-form.
    expect(proxy.seen).toMatchObject([{ kind: "connect", target: `127.0.0.1:${origin.port}` }]);
    // Two handshakes, the proxy's first; each checked against its own CA.
    expect(tlsEvents.map((e) => [e.proxy, e.tls.authorized])).toEqual([
      [true, true],
      [false, true],
    ]);
    // The requests travel in the origin's TLS session.
    expect(connections.map((c) => c.reused)).toEqual([false, true]);
    expect(connections[0]!.tls).toEqual(tlsEvents[1]!.tls);
    expect(connections[0]!.proxy).toBe(`127.0.0.1:${proxy.port}`);
  });

  it("checks the origin's certificate inside the tunnel against the origins' CA", async () => {
    const origin = await tlsOrigin();
    const proxy = await httpsProxy();
    const error = await newAgent({ tls: { ca: proxyPair.cert } })
      .request(`https://127.0.0.1:${origin.port}/`, {
        proxy: { uri: proxy.uri, tls: { ca: proxyPair.cert } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.TLS_FAILED, phase: "tls" });
    // The tunnel was opened: the failure is the origin's handshake.
    expect(proxy.seen).toMatchObject([{ kind: "connect" }]);
  });

  it("answers the proxy's Digest challenge over TLS too", async () => {
    const origin = await tlsOrigin();
    const account = { username: "u", password: "p" };
    const proxy = await httpsProxy(digestGate(account));
    const res = await newAgent({ tls: { ca: originPair.cert } }).request(
      `https://127.0.0.1:${origin.port}/auth`,
      { proxy: { uri: proxy.uri, auth: account, tls: { ca: proxyPair.cert } } },
    );
    expect(await res.body.text()).toBe(`secure /auth 127.0.0.1:${origin.port}`);
    expect(proxy.seen.map((s) => s.allowed)).toEqual([false, true]);
  });
});
