// Digest authentication with a proxy (RFC 7616 through RFC 9110 §11.7): a 407's
// Proxy-Authenticate answered with Proxy-Authorization, for absolute-form
// forwarding and for CONNECT tunnels, against a node:http proxy that checks
// the credentials with @hyperwire/headers.
import https from "node:https";
import net from "node:net";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { RequestErrorCode } from "../src/request-error-codes.js";
import type { RetryEvent, TunnelEvent } from "../src/request-trace.js";
import { closeAfterEach } from "./close-after-each.js";
import { digestGate, startForwardProxy } from "./forward-proxy.js";
import { httpServer, listenOnLoopback, readAll } from "./servers.js";
import { makeCertificate } from "./tls-cert.js";

const account = { username: "squid user", password: "Circle of Life" };
let cert: string;
let key: string;

beforeAll(() => {
  ({ cert, key } = makeCertificate());
});

const { track, newAgent, defer } = closeAfterEach();

async function echoOrigin() {
  return track(
    await httpServer(async (req, res) => {
      res.end(`${req.method} ${req.url} ${await readAll(req)}`);
    }),
  );
}

async function tlsOrigin() {
  return track(
    await httpServer(
      (req, res) => res.end(`secure ${req.url}`),
      {},
      https.createServer({ cert, key }),
    ),
  );
}

const schemeOf = (value: string | undefined): string => value?.split(" ")[0] ?? "-";

describe("Digest with a forwarding proxy (http: URLs, absolute-form)", () => {
  it("answers the 407 with Digest for the absolute-form target, then sends it up front", async () => {
    const origin = await echoOrigin();
    const gate = digestGate(account);
    const proxy = track(await startForwardProxy({ gate }));
    const retries: RetryEvent[] = [];
    const agent = newAgent({ proxy: { uri: proxy.url, auth: account } });
    const first = await agent.request(`${origin.url}/one`, {
      trace: { onRetry: (event) => retries.push(event) },
    });
    expect(first.status).toBe(200);
    expect(await first.body.text()).toBe("GET /one ");
    expect(retries.map((r) => [r.reason, r.status])).toEqual([["proxy-authenticate", 407]]);
    const second = await agent.request(`${origin.url}/two`);
    expect(await second.body.text()).toBe("GET /two ");
    // Basic up front (the default), then Digest; the next request reuses the nonce.
    expect(proxy.seen.map((s) => [schemeOf(s.proxyAuthorization), s.allowed])).toEqual([
      ["Basic", false],
      ["Digest", true],
      ["Digest", true],
    ]);
    expect(proxy.seen[1]!.proxyAuthorization).toContain(`uri="${origin.url}/one"`);
    expect(proxy.seen[1]!.proxyAuthorization).toContain("nc=00000001");
    expect(proxy.seen[2]!.proxyAuthorization).toContain("nc=00000002");
  });

  it("with preemptive: false sends no credentials before the challenge", async () => {
    const origin = await echoOrigin();
    const proxy = track(await startForwardProxy({ gate: digestGate(account) }));
    const res = await newAgent().request(`${origin.url}/x`, {
      proxy: { uri: proxy.url, auth: { ...account, preemptive: false } },
    });
    expect(res.status).toBe(200);
    await res.body.dump();
    expect(proxy.seen.map((s) => schemeOf(s.proxyAuthorization))).toEqual(["-", "Digest"]);
  });

  it("takes the credentials from the proxy URL's userinfo", async () => {
    const origin = await echoOrigin();
    const proxy = track(await startForwardProxy({ gate: digestGate(account) }));
    const userinfo = `${encodeURIComponent(account.username)}:${encodeURIComponent(account.password)}`;
    const res = await newAgent().request(`${origin.url}/x`, {
      proxy: `http://${userinfo}@127.0.0.1:${proxy.port}`,
    });
    expect(res.status).toBe(200);
    await res.body.dump();
  });

  it("resends an in-memory body, and answers a stale nonce once more", async () => {
    const origin = await echoOrigin();
    const proxy = track(
      await startForwardProxy({ gate: digestGate({ ...account, staleOnce: true }) }),
    );
    const res = await newAgent().request(`${origin.url}/post`, {
      method: "POST",
      body: "payload",
      proxy: { uri: proxy.url, auth: account },
    });
    expect(await res.body.text()).toBe("POST /post payload");
    expect(proxy.seen.map((s) => [schemeOf(s.proxyAuthorization), s.allowed])).toEqual([
      ["Basic", false],
      ["Digest", false],
      ["Digest", true],
    ]);
  });

  it("fails with HW_CLIENT_PROXY_AUTH_REQUIRED when the password is wrong (one answer only)", async () => {
    const origin = await echoOrigin();
    const proxy = track(await startForwardProxy({ gate: digestGate(account) }));
    const error = await newAgent()
      .request(`${origin.url}/`, {
        proxy: { uri: proxy.url, auth: { username: account.username, password: "wrong" } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.PROXY_AUTH_REQUIRED, phase: "head" });
    expect((error as Error).message).toContain("Digest realm=");
    expect(proxy.seen).toHaveLength(2);
  });

  it("does not resend a body that cannot be replayed", async () => {
    const origin = await echoOrigin();
    const proxy = track(await startForwardProxy({ gate: digestGate(account) }));
    const error = await newAgent()
      .request(`${origin.url}/`, {
        method: "PUT",
        body: Readable.from(["once"]),
        proxy: { uri: proxy.url, auth: { ...account, preemptive: false } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.PROXY_AUTH_REQUIRED });
    expect(proxy.seen).toHaveLength(1);
  });

  it("leaves a Proxy-Authorization the caller set alone", async () => {
    const origin = await echoOrigin();
    const proxy = track(await startForwardProxy({ gate: digestGate(account) }));
    const error = await newAgent()
      .request(`${origin.url}/`, {
        headers: { "proxy-authorization": "Bearer mine" },
        proxy: { uri: proxy.url, auth: account },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.PROXY_AUTH_REQUIRED });
    expect(proxy.seen.map((s) => s.proxyAuthorization)).toEqual(["Bearer mine"]);
  });
});

describe("Digest with a CONNECT tunnel (https: URLs)", () => {
  it("answers the 407 on a new connection when the proxy closed, then opens the tunnel", async () => {
    const origin = await tlsOrigin();
    const proxy = track(await startForwardProxy({ gate: digestGate(account) }));
    const agent = newAgent({ tls: { ca: cert }, proxy: { uri: proxy.url, auth: account } });
    const url = `https://127.0.0.1:${origin.port}/inside`;
    const tunnels: TunnelEvent[] = [];
    const res = await agent.request(url, { trace: { onTunnel: (event) => tunnels.push(event) } });
    expect(await res.body.text()).toBe("secure /inside");
    // The trace sees both CONNECT exchanges: the 407 and the answered one.
    expect(tunnels.map((t) => [t.proxy, t.status])).toEqual([
      [`127.0.0.1:${proxy.port}`, 407],
      [`127.0.0.1:${proxy.port}`, 200],
    ]);
    expect(tunnels[0]!.headers.get("proxy-authenticate")).toMatch(/^Digest realm=/);
    const second = Buffer.from(tunnels[1]!.requestHead).toString("latin1");
    expect(second).toMatch(/^CONNECT 127\.0\.0\.1:\d+ HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
    expect(second).toContain("\r\nProxy-Authorization: Digest ");
    const authority = `127.0.0.1:${origin.port}`;
    expect(
      proxy.seen.map((s) => [s.method, s.target, schemeOf(s.proxyAuthorization), s.allowed]),
    ).toEqual([
      ["CONNECT", authority, "Basic", false],
      ["CONNECT", authority, "Digest", true],
    ]);
    // RFC 7616 §3.4: Digest signs the request-target, here the authority.
    expect(proxy.seen[1]!.proxyAuthorization).toContain(`uri="${authority}"`);
    expect(proxy.connections()).toBe(2);
  });

  it("fails with HW_CLIENT_PROXY_AUTH_REQUIRED in phase connect when refused", async () => {
    const origin = await tlsOrigin();
    const proxy = track(await startForwardProxy({ gate: digestGate(account) }));
    const error = await newAgent({ tls: { ca: cert } })
      .request(`https://127.0.0.1:${origin.port}/`, {
        proxy: { uri: proxy.url, auth: { ...account, password: "nope" } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.PROXY_AUTH_REQUIRED, phase: "connect" });
    expect(proxy.seen).toHaveLength(2);
  });

  it("answers on the same connection when the proxy keeps it open after the 407", async () => {
    const origin = await tlsOrigin();
    const gate = digestGate(account);
    // A raw proxy: 407 with Content-Length: 0 and the connection kept, as Squid does.
    const heads: string[] = [];
    const upstream = new Set<net.Socket>();
    defer(() => {
      for (const up of upstream) up.destroy();
    });
    const rawProxy = net.createServer((client) => {
      client.on("error", () => {});
      let buffer = "";
      const onData = (chunk: Buffer): void => {
        buffer += chunk.toString("latin1");
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = buffer.slice(0, end);
        buffer = buffer.slice(end + 4);
        heads.push(head);
        const [method = "", target = ""] = head.split("\r\n")[0]!.split(" ");
        const line = head
          .split("\r\n")
          .find((l) => l.toLowerCase().startsWith("proxy-authorization:"));
        const challenge = gate({
          method,
          target,
          proxyAuthorization: line?.slice(line.indexOf(":") + 1).trim(),
        });
        if (challenge !== null) {
          client.write(
            `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${challenge}\r\nContent-Length: 0\r\n\r\n`,
          );
          return;
        }
        client.off("data", onData);
        const up = net.connect(origin.port, "127.0.0.1", () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          up.pipe(client);
          client.pipe(up);
        });
        upstream.add(up);
        up.on("error", () => client.destroy());
      };
      client.on("data", onData);
    });
    const proxy = track(await listenOnLoopback(rawProxy));
    const res = await newAgent({ tls: { ca: cert } }).request(
      `https://127.0.0.1:${origin.port}/kept`,
      { proxy: { uri: proxy.url, auth: { ...account, preemptive: false } } },
    );
    expect(await res.body.text()).toBe("secure /kept");
    expect(proxy.connections()).toBe(1);
    expect(heads).toHaveLength(2);
    expect(heads[0]).not.toMatch(/proxy-authorization/i);
    expect(heads[1]).toMatch(/^Proxy-Authorization: Digest /m);
  });
});
