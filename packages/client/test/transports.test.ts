// HTTPS through node:tls (SNI, ALPN, custom CA, client certificates) and Unix sockets.
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../src/agent.js";
import { ClientError } from "../src/errors.js";
import { RequestErrorCode } from "../src/request-error-codes.js";
import { httpServer, type RunningServer, rawServer } from "./servers.js";
import { makeCertificate } from "./tls-cert.js";

let dir: string;
let cert: string;
let key: string;
let server: RunningServer | undefined;
let agent: Agent | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hw-client-"));
  // A throwaway self-signed certificate for localhost and 127.0.0.1, also used as the client certificate.
  ({ cert, key } = makeCertificate({ clientAuth: true }));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  agent?.destroy();
  agent = undefined;
  await server?.close();
  server = undefined;
});

async function tlsServer(options: https.ServerOptions = {}) {
  const s = https.createServer({ cert, key, ALPNProtocols: ["http/1.1"], ...options });
  const running = await httpServer(
    (req, res) => {
      const socket = req.socket as TLSSocket;
      res.end(
        JSON.stringify({
          alpn: socket.alpnProtocol,
          servername: (socket as TLSSocket & { servername?: string | false }).servername ?? null,
          peer: socket.getPeerCertificate().subject?.CN ?? null,
        }),
      );
    },
    {},
    s,
  );
  return { ...running, url: `https://127.0.0.1:${running.port}` };
}

describe("https", () => {
  it("verifies the server with a custom CA, offers ALPN http/1.1 and sends SNI for a host name", async () => {
    server = await tlsServer();
    agent = new Agent({ tls: { ca: cert, servername: "localhost" } });
    const res = await agent.request(server.url);
    const info = await res.body.json<{ alpn: string; servername: string }>();
    expect(info.alpn).toBe("http/1.1");
    expect(info.servername).toBe("localhost");
    const again = await agent.request(server.url);
    await again.body.dump();
    expect(again.reused).toBe(true);
  });

  it("presents a client certificate when the server asks for one", async () => {
    server = await tlsServer({ requestCert: true, rejectUnauthorized: true, ca: cert });
    agent = new Agent({ tls: { ca: cert, cert, key } });
    const info = await (await agent.request(server.url)).body.json<{ peer: string }>();
    expect(info.peer).toBe("localhost");
  });

  it("an untrusted certificate fails with TLS_FAILED in phase tls", async () => {
    server = await tlsServer();
    agent = new Agent();
    const error = await agent.request(server.url).catch((e: unknown) => e as ClientError);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe(RequestErrorCode.TLS_FAILED);
    expect((error as ClientError).phase).toBe("tls");
  });
});

describe("connect timeout", () => {
  it("a TLS handshake that never completes fails with CONNECT_TIMEOUT in phase tls", async () => {
    // A TCP server that accepts and then says nothing: the handshake stalls.
    server = await rawServer(() => {});
    agent = new Agent({ connectTimeout: 100 });
    const error = await agent
      .request(`https://127.0.0.1:${server.port}/`)
      .catch((e: unknown) => e as ClientError);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe(RequestErrorCode.CONNECT_TIMEOUT);
    expect((error as ClientError).phase).toBe("tls");
  });
});

describe("unix sockets", () => {
  it("connects to socketPath and still sends the URL's Host", async () => {
    const path = join(dir, "server.sock");
    server = await httpServer((req, res) => res.end(`host=${req.headers.host}`), { path });
    agent = new Agent();
    const res = await agent.request("http://service.local/status", { socketPath: path });
    expect(await res.body.text()).toBe("host=service.local");
  });
});
