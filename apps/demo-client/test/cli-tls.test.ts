// -k and the TLS facts of -v, against an HTTPS server with a self-signed certificate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCertificate } from "../../../packages/client/test/tls-cert.js";
import { runCli } from "./run-cli.js";
import { startHttpsServer, type TestServer } from "./test-server.js";

let server: TestServer;

beforeAll(async () => {
  const { cert, key } = makeCertificate();
  server = await startHttpsServer(cert, key);
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
