import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpServer, PROXY_V2_SIGNATURE, type ServeOptions } from "../src/index.js";
import { start } from "./helpers.js";

/**
 * `serve({ tls, proxyProtocol })`: a load balancer that forwards TLS
 * untouched sends its PROXY header in clear, then the client's ClientHello.
 * A raw TCP client plays the balancer (v1 and v2 headers), then runs a real
 * TLS handshake over the same socket with node:tls (SNI, ALPN); curl's
 * `--haproxy-protocol` does the same from outside.
 */

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

const TLS: NonNullable<ServeOptions["tls"]> = {
  cert: fixture("default.crt"),
  key: fixture("default.key"),
  sni: { "a.test": { cert: fixture("a.crt"), key: fixture("a.key") } },
};

let server: (HttpServer & { port: number }) | undefined;

afterEach(async () => {
  await server?.close({ deadline: 100 });
  server = undefined;
});

async function launch(options: Partial<ServeOptions> = {}): Promise<number> {
  server = await start({
    tls: TLS,
    proxyProtocol: true,
    handler: (request) => ({
      body: `${request.remoteAddress} ${request.remotePort} ${request.secure} ${request.url.protocol}`,
    }),
    ...options,
  });
  return server.port;
}

function v2Header(source: readonly number[], port: number): Buffer {
  // PROXY command over TCP/IPv4: source, destination, source port, destination port.
  const addresses = Buffer.from([...source, 127, 0, 0, 1, port >> 8, port & 255, 0x01, 0xbb]);
  return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x21, 0x11, 0, 12]), addresses]);
}

function openTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host: "127.0.0.1" }, () => resolve(socket));
    socket.once("error", reject);
  });
}

interface Answer {
  readonly subject: string;
  readonly alpn: string | false | null;
  readonly text: string;
}

/** Runs TLS over `socket` (after whatever was written on it) and one request. */
function overTls(socket: Socket, servername: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect(
      { socket, servername, rejectUnauthorized: false, ALPNProtocols: ["h2", "http/1.1"] },
      () => {
        const subject = tls.getPeerCertificate().subject.CN as string;
        const alpn = tls.alpnProtocol;
        tls.write(`GET / HTTP/1.1\r\nHost: ${servername}\r\nConnection: close\r\n\r\n`);
        let text = "";
        tls.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
        tls.on("end", () => resolve({ subject, alpn, text }));
      },
    );
    tls.on("error", reject);
    tls.setTimeout(5_000, () => tls.destroy(new Error("tls client timeout")));
  });
}

/** Waits until the server closes `socket`; returns what it sent. */
function untilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => resolve(text));
    socket.setTimeout(5_000, () => reject(new Error("the server did not close")));
  });
}

const bodyOf = (text: string): string => text.slice(text.indexOf("\r\n\r\n") + 4);

describe("PROXY protocol in front of TLS", () => {
  it("reads a v1 header, then completes TLS with SNI and ALPN: the handler sees the proxied client", async () => {
    const port = await launch();
    const socket = await openTcp(port);
    socket.write("PROXY TCP4 192.0.2.1 198.51.100.7 56324 443\r\n");
    const answer = await overTls(socket, "a.test");
    expect(answer.subject).toBe("a.test");
    expect(answer.alpn).toBe("http/1.1");
    expect(answer.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(bodyOf(answer.text)).toBe("192.0.2.1 56324 true https:");
  });

  it("reads a v2 header that arrives alone, before the ClientHello", async () => {
    const port = await launch({ proxyProtocol: { v1: false } });
    const socket = await openTcp(port);
    socket.write(v2Header([203, 0, 113, 9], 40_000));
    // Let the header be read on its own: no handshake bytes follow it in that read.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await overTls(socket, "other.test");
    expect(answer.subject).toBe("default.test");
    expect(bodyOf(answer.text)).toBe("203.0.113.9 40000 true https:");
  });

  it("hands the bytes after the header to TLS when they come in the same read", async () => {
    const port = await launch();
    const socket = await openTcp(port);
    // The header is queued and the ClientHello written right behind it: one segment on loopback.
    socket.cork();
    socket.write(v2Header([192, 0, 2, 77], 1234));
    const answer = overTls(socket, "a.test");
    process.nextTick(() => socket.uncork());
    expect(bodyOf((await answer).text)).toBe("192.0.2.77 1234 true https:");
  });

  it("keeps the socket's address for a LOCAL v2 header (a health check)", async () => {
    const port = await launch();
    const socket = await openTcp(port);
    socket.write(Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x20, 0x00, 0, 0])]));
    const answer = await overTls(socket, "a.test");
    expect(bodyOf(answer.text)).toMatch(/^127\.0\.0\.1 \d+ true https:$/);
  });

  it("closes, unanswered, a TLS client that sends no header and a header followed by no TLS", async () => {
    const port = await launch({ headersTimeout: 300 });
    const bare = await openTcp(port);
    const handshake = overTls(bare, "a.test");
    await expect(handshake).rejects.toThrow();
    const plain = await openTcp(port);
    plain.write("PROXY TCP4 192.0.2.1 198.51.100.7 1 443\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await untilClosed(plain)).toBe("");
    const silent = await openTcp(port);
    silent.write("PROXY TCP4 192.0.2.1 198.51.100.7 1 443\r\n");
    // No ClientHello: the handshake deadline (headersTimeout) closes it.
    expect(await untilClosed(silent)).toBe("");
  });

  it("refuses client certificates together with proxyProtocol", async () => {
    await expect(
      start({
        handler: () => ({}),
        proxyProtocol: true,
        tls: { ...TLS, requestCert: true } as ServeOptions["tls"],
      }),
    ).rejects.toMatchObject({ code: "HW_SERVER_INVALID_OPTIONS" });
  });

  it("serves curl --haproxy-protocol over https, with SNI", async () => {
    const port = await launch();
    const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) => {
      execFile(
        "/usr/bin/curl",
        [
          "--silent",
          "--show-error",
          "--max-time",
          "10",
          "--insecure",
          "--haproxy-protocol",
          "--resolve",
          `a.test:${port}:127.0.0.1`,
          `https://a.test:${port}/`,
        ],
        (error, out) => resolve({ stdout: out, code: error === null ? 0 : 1 }),
      );
    });
    expect(code).toBe(0);
    // curl names its own end of the connection in the v1 header.
    expect(stdout).toMatch(/^127\.0\.0\.1 \d+ true https:$/);
  });
});
