// -k and the TLS facts of -v, against an HTTPS server with a self-signed certificate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startForwardProxy } from "../../../packages/client/test/forward-proxy.js";
import { makeCertificate } from "../../../packages/client/test/tls-cert.js";
import { runCli } from "./run-cli.js";
import { startHttpServer, startHttpsServer, type TestServer } from "./test-server.js";

let server: TestServer;
let certificate: { cert: string; key: string };

beforeAll(async () => {
  certificate = makeCertificate();
  server = await startHttpsServer(certificate.cert, certificate.key);
});

afterAll(async () => {
  await server?.close();
});

describe.concurrent("https with a self-signed certificate", () => {
  it("is refused without -k (exit 35)", async () => {
    const r = await runCli([`${server.url}/echo`]);
    expect(r.code).toBe(35);
    expect(r.stderr).toContain("HW_CLIENT_TLS_FAILED");
  });

  it("-k accepts it; -v shows protocol, cipher, ALPN and the certificate subject", async () => {
    const r = await runCli(["-k", "-v", `${server.url}/echo`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).method).toBe("GET");
    expect(r.stderr).toMatch(/\* TLS handshake done: TLSv1\.[23] \/ \S+/);
    expect(r.stderr).toContain("* ALPN: server accepted");
    expect(r.stderr).toContain("* Server certificate: subject CN=localhost");
    expect(r.stderr).toContain("certificate NOT verified");
    expect(r.stderr).toContain("> GET /echo HTTP/1.1");
    expect(r.stderr).toMatch(/\* Timing: DNS .* \| TLS \d+\.\d ms \|/);
  });
});

describe("an https: proxy", () => {
  it("-x https://… speaks TLS to the proxy; -v shows both handshakes and the tunnel's request", async () => {
    const proxy = await startForwardProxy({ tls: certificate });
    const plain = await startHttpServer();
    try {
      const viaTls = await runCli([
        "-k",
        "-v",
        "-x",
        `https://127.0.0.1:${proxy.port}`,
        `${server.url}/echo`,
      ]);
      expect(viaTls.code).toBe(0);
      expect(JSON.parse(viaTls.out).url).toBe("/echo");
      expect(viaTls.stderr).toMatch(/\* Proxy TLS handshake done: TLSv1\.[23]/);
      expect(viaTls.stderr).toMatch(/^\* TLS handshake done: TLSv1\.[23]/m);
      expect(viaTls.stderr).toContain(
        `* Connected to 127.0.0.1 (127.0.0.1) port ${proxy.port} (proxy)`,
      );
      expect(viaTls.stderr).toContain(`> CONNECT 127.0.0.1:${server.port} HTTP/1.1`);
      expect(viaTls.stderr).toContain("< HTTP/1.1 200 Connection Established");
      const forwarded = await runCli([
        "-k",
        "-x",
        `https://127.0.0.1:${proxy.port}`,
        `${plain.url}/echo`,
      ]);
      expect(forwarded.code).toBe(0);
      expect(JSON.parse(forwarded.out).url).toBe("/echo");
      // http: URLs go to the proxy in absolute-form, https: ones through CONNECT.
      expect(proxy.seen.map((s) => [s.kind, s.target])).toEqual([
        ["connect", `127.0.0.1:${server.port}`],
        ["forward", `${plain.url}/echo`],
      ]);
    } finally {
      await plain.close();
      await proxy.close();
    }
  });
});
