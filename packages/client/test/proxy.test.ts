// HTTP proxies: absolute-form forwarding for http:, CONNECT tunnels for https:,
// Proxy-Authorization, 407, HTTP_PROXY / NO_PROXY, one pool per proxy.
import type http from "node:http";
import https from "node:https";
import type net from "node:net";
import { formatBasicCredentials } from "@hyperwire/headers";
import { beforeAll, describe, expect, it } from "vitest";
import { ClientError } from "../src/errors.js";
import { RequestErrorCode } from "../src/request-error-codes.js";
import { closeAfterEach } from "./close-after-each.js";
import { type ProxyGate, startForwardProxy } from "./forward-proxy.js";
import { httpServer, type RunningServer } from "./servers.js";
import { makeCertificate } from "./tls-cert.js";

let cert: string;
let key: string;

beforeAll(() => {
  ({ cert, key } = makeCertificate());
});

const { track, newAgent, defer } = closeAfterEach();

/**
 * The forward proxy, closed after the test. With `requiredAuthorization` it
 * answers 407 (Basic) to any other Proxy-Authorization.
 */
async function proxyServer(requiredAuthorization?: string) {
  const gate: ProxyGate = (request) =>
    requiredAuthorization === undefined || request.proxyAuthorization === requiredAuthorization
      ? null
      : 'Basic realm="proxy"';
  return track(await startForwardProxy({ gate }));
}

async function echoOrigin(): Promise<RunningServer & { server: http.Server }> {
  return track(
    await httpServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          url: req.url,
          host: req.headers.host,
          proxyAuthorization: req.headers["proxy-authorization"] ?? null,
        }),
      );
    }),
  );
}

describe("http: through a proxy (absolute-form)", () => {
  it("sends the request to the proxy in absolute-form with Host of the origin", async () => {
    const origin = await echoOrigin();
    const proxy = await proxyServer();
    const res = await newAgent().request(`${origin.url}/a/b?c=1#frag`, { proxy: proxy.url });
    expect(res.status).toBe(200);
    const echo = await res.body.json<{
      url: string;
      host: string;
      proxyAuthorization: string | null;
    }>();
    expect(echo).toEqual({
      url: "/a/b?c=1",
      host: `127.0.0.1:${origin.port}`,
      proxyAuthorization: null,
    });
    expect(proxy.seen).toEqual([
      {
        kind: "forward",
        method: "GET",
        target: `${origin.url}/a/b?c=1`,
        host: `127.0.0.1:${origin.port}`,
        proxyAuthorization: undefined,
        allowed: true,
      },
    ]);
  });

  it("sends Proxy-Authorization from { uri, auth } and from the proxy URL's userinfo", async () => {
    const origin = await echoOrigin();
    const expected = formatBasicCredentials("user", "p@ss word");
    const proxy = await proxyServer(expected);
    const agent = newAgent();
    const a = await agent.request(`${origin.url}/one`, {
      proxy: { uri: proxy.url, auth: { username: "user", password: "p@ss word" } },
    });
    expect(a.status).toBe(200);
    await a.body.dump();
    const b = await agent.request(`${origin.url}/two`, {
      proxy: `http://user:p%40ss%20word@127.0.0.1:${proxy.port}`,
    });
    expect(b.status).toBe(200);
    await b.body.dump();
    expect(proxy.seen.map((s) => s.proxyAuthorization)).toEqual([expected, expected]);
  });

  it("surfaces a 407 as HW_CLIENT_PROXY_AUTH_REQUIRED", async () => {
    const origin = await echoOrigin();
    const proxy = await proxyServer("Basic secret");
    const error = await newAgent()
      .request(`${origin.url}/`, { proxy: proxy.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: RequestErrorCode.PROXY_AUTH_REQUIRED, phase: "head" });
    expect((error as Error).message).toContain('Basic realm="proxy"');
  });
});

describe("https: through a CONNECT tunnel", () => {
  async function tlsOrigin() {
    return track(
      await httpServer(
        (req, res) => {
          res.end(
            `secure ${req.url} ${req.headers.host} ${req.headers["proxy-authorization"] ?? "-"}`,
          );
        },
        {},
        https.createServer({ cert, key }),
      ),
    );
  }

  it("opens a tunnel with authority-form CONNECT and Proxy-Authorization, then TLS inside it", async () => {
    const origin = await tlsOrigin();
    const proxy = await proxyServer("Basic dTpw");
    const agent = newAgent({ tls: { ca: cert } });
    const url = `https://127.0.0.1:${origin.port}/x?y=1`;
    const options = { proxy: { uri: proxy.url, auth: "Basic dTpw" } };
    const first = await agent.request(url, options);
    expect(first.status).toBe(200);
    // The origin never sees the proxy's credentials; the target stays origin-form.
    expect(await first.body.text()).toBe(`secure /x?y=1 127.0.0.1:${origin.port} -`);
    const second = await agent.request(url, options);
    expect(await second.body.text()).toBe(`secure /x?y=1 127.0.0.1:${origin.port} -`);
    expect(second.reused).toBe(true);
    // One tunnel carried both requests.
    expect(proxy.seen).toEqual([
      {
        kind: "connect",
        method: "CONNECT",
        target: `127.0.0.1:${origin.port}`,
        host: `127.0.0.1:${origin.port}`,
        proxyAuthorization: "Basic dTpw",
        allowed: true,
      },
    ]);
  });

  it("fails with HW_CLIENT_PROXY_AUTH_REQUIRED in phase connect when the proxy answers 407", async () => {
    const origin = await tlsOrigin();
    const proxy = await proxyServer("Basic right");
    const error = await newAgent({ tls: { ca: cert } })
      .request(`https://127.0.0.1:${origin.port}/`, { proxy: proxy.url })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.PROXY_AUTH_REQUIRED, phase: "connect" });
  });

  it("fails with HW_CLIENT_PROXY_CONNECT_FAILED when the proxy refuses the tunnel", async () => {
    const origin = await tlsOrigin();
    const proxy = await proxyServer();
    proxy.server.removeAllListeners("connect");
    proxy.server.on("connect", (_req: http.IncomingMessage, client: net.Socket) => {
      client.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    });
    const error = await newAgent({ tls: { ca: cert } })
      .request(`https://127.0.0.1:${origin.port}/`, { proxy: proxy.url })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.PROXY_CONNECT_FAILED, phase: "connect" });
    expect((error as Error).message).toContain("403");
  });

  it("checks the origin's certificate inside the tunnel", async () => {
    const origin = await tlsOrigin();
    const proxy = await proxyServer();
    const error = await newAgent()
      .request(`https://127.0.0.1:${origin.port}/`, { proxy: proxy.url })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.TLS_FAILED, phase: "tls" });
  });
});

describe('proxy: "env" and pools', () => {
  const names = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "no_proxy",
    "NO_PROXY",
    "all_proxy",
    "ALL_PROXY",
  ];
  function withEnv(values: Record<string, string>): void {
    const saved = names.map((name) => [name, process.env[name]] as const);
    for (const name of names) delete process.env[name];
    Object.assign(process.env, values);
    defer(() => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
  }

  it("reads HTTP_PROXY and honours NO_PROXY", async () => {
    const origin = await echoOrigin();
    const proxy = await proxyServer();
    withEnv({ HTTP_PROXY: `127.0.0.1:${proxy.port}` });
    const agent = newAgent({ proxy: "env" });
    const via = await agent.request(`${origin.url}/via`);
    await via.body.dump();
    expect(proxy.seen.map((s) => s.target)).toEqual([`${origin.url}/via`]);
    process.env.NO_PROXY = `127.0.0.1:${origin.port}`;
    const direct = await agent.request(`${origin.url}/direct`);
    await direct.body.dump();
    expect(proxy.seen).toHaveLength(1);
  });

  it("request option false overrides the agent's proxy; pools are per origin and proxy", async () => {
    const origin = await echoOrigin();
    const proxy = await proxyServer();
    const agent = newAgent({ proxy: proxy.url });
    await (await agent.request(`${origin.url}/1`)).body.dump();
    await (await agent.request(`${origin.url}/2`, { proxy: false })).body.dump();
    await (
      await agent.request(`${origin.url}/3`, {
        proxy: { uri: proxy.url, auth: { username: "a", password: "b" } },
      })
    ).body.dump();
    expect(proxy.seen.map((s) => s.target)).toEqual([`${origin.url}/1`, `${origin.url}/3`]);
    expect(Object.keys(agent.stats)).toHaveLength(3);
  });

  it("rejects a SOCKS proxy with HW_CLIENT_INVALID_PROXY_URL", async () => {
    await expect(
      newAgent().request("http://127.0.0.1:1/", { proxy: "socks5://127.0.0.1:1080" }),
    ).rejects.toMatchObject({ code: "HW_CLIENT_INVALID_PROXY_URL" });
  });
});
