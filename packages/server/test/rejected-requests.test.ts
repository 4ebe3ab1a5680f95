import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AccessLogRecord,
  type HttpServer,
  type RequestRejectedMessage,
  SERVER_CHANNELS,
  type ServeOptions,
} from "../src/index.js";
import { RawClient, start } from "./helpers.js";

/**
 * Responses the server writes itself, without the handler (malformed
 * requests, a head that timed out), reach the access log and the
 * `request:rejected` diagnostics channel. Raw sockets on loopback.
 */

let server: (HttpServer & { port: number }) | undefined;
const lines: string[] = [];
const records: AccessLogRecord[] = [];
const rejected: RequestRejectedMessage[] = [];
const onRejected = (message: unknown) => rejected.push(message as RequestRejectedMessage);

afterEach(async () => {
  unsubscribe(SERVER_CHANNELS.requestRejected, onRejected);
  await server?.close({ deadline: 100 });
  server = undefined;
  lines.length = 0;
  records.length = 0;
  rejected.length = 0;
});

async function launch(options: Partial<ServeOptions> = {}): Promise<number> {
  subscribe(SERVER_CHANNELS.requestRejected, onRejected);
  server = await start({
    handler: async (request) => ({ body: `read ${(await request.bytes()).byteLength}` }),
    accessLog: (line, record) => {
      lines.push(line);
      records.push(record);
    },
    ...options,
  });
  return server.port;
}

/** Sends `raw`, waits for the server to close, returns the status line it answered. */
async function send(port: number, raw: string): Promise<string> {
  const client = await RawClient.open(port);
  client.write(raw);
  const text = await client.untilClosed();
  return text.split("\r\n", 1)[0]!;
}

async function until(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const CLF_DATE = String.raw`\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\]`;

describe("responses the server sends without the handler", () => {
  it.each([
    [
      "a malformed request line",
      "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
      400,
      "HW_H1_INVALID_REQUEST_LINE",
    ],
    [
      "an unsupported version",
      "GET / HTTP/3.0\r\nHost: x\r\n\r\n",
      505,
      "HW_H1_UNSUPPORTED_VERSION",
    ],
    [
      "an unknown transfer coding",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      501,
      "HW_H1_UNSUPPORTED_TRANSFER_CODING",
    ],
    [
      "a header section that is too large",
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`,
      431,
      "HW_H1_HEADERS_TOO_LARGE",
    ],
    [
      "a target that is too long",
      `GET /${"a".repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      414,
      "HW_H1_URI_TOO_LONG",
    ],
  ])('logs %s with the request line "-" and publishes it', async (_name, raw, status, code) => {
    const port = await launch();
    expect(await send(port, raw)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    await until(() => lines.length === 1 && rejected.length === 1);
    const reason = { 400: 12, 414: 13, 431: 32, 501: 16, 505: 27 }[status]!;
    expect(lines[0]).toMatch(
      new RegExp(`^127\\.0\\.0\\.1 - - ${CLF_DATE} "-" ${status} ${reason}$`),
    );
    expect(records[0]).toMatchObject({ method: "-", status, bytes: reason });
    const message = rejected[0]!;
    expect(message).toMatchObject({
      status,
      bytes: reason,
      request: null,
      remoteAddress: "127.0.0.1",
    });
    expect(message.error).toMatchObject({ code });
    expect(message.remotePort).toBeGreaterThan(0);
    expect(message.time).toBeTypeOf("number");
  });

  it("logs the method and target of a request whose content broke, after its handler ran", async () => {
    const port = await launch({ accessLogFormat: "combined" });
    const status = await send(
      port,
      "POST /upload?x=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: raw\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    );
    expect(status).toBe("HTTP/1.1 400 Bad Request");
    await until(() => lines.length === 1 && rejected.length === 1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^127\\.0\\.0\\.1 - - ${CLF_DATE} "POST /upload\\?x=1 HTTP/1\\.1" 400 12 "-" "raw"$`,
      ),
    );
    expect(rejected[0]!.error).toMatchObject({ code: "HW_H1_INVALID_CHUNK_SIZE" });
    expect(rejected[0]!.request?.target).toBe("/upload?x=1");
  });

  it("logs a 413 for content over maxBodyBytes", async () => {
    const port = await launch({ maxBodyBytes: 10 });
    const status = await send(
      port,
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n${"x".repeat(32)}\r\n0\r\n\r\n`,
    );
    expect(status).toMatch(/^HTTP\/1\.1 413 /);
    await until(() => lines.length === 1);
    expect(lines[0]).toMatch(/"POST \/ HTTP\/1\.1" 413 \d+$/);
    expect(rejected[0]).toMatchObject({ status: 413 });
  });

  it("logs the 408 of a head that did not arrive in time (slowloris)", async () => {
    const port = await launch({ headersTimeout: 150 });
    expect(await send(port, "GET / HTTP/1.1\r\nHost: x\r\n")).toBe("HTTP/1.1 408 Request Timeout");
    await until(() => lines.length === 1 && rejected.length === 1);
    // CLF writes an empty content as "-".
    expect(lines[0]).toMatch(new RegExp(`^127\\.0\\.0\\.1 - - ${CLF_DATE} "-" 408 -$`));
    expect(rejected[0]).toMatchObject({ status: 408, bytes: 0, request: null });
    expect(rejected[0]!.error).toMatchObject({
      code: "HW_SERVER_HEADERS_TIMEOUT",
      statusHint: 408,
    });
  });

  it("logs a good request's response, then the error that followed it on the connection", async () => {
    const port = await launch();
    const client = await RawClient.open(port);
    client.write("GET /fine HTTP/1.1\r\nHost: x\r\n\r\nGET  /broken HTTP/1.1\r\n\r\n");
    const text = await client.untilClosed();
    expect(text).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*HTTP\/1\.1 400 Bad Request/);
    await until(() => lines.length === 2);
    expect(lines[0]).toMatch(/"GET \/fine HTTP\/1\.1" 200 6$/);
    expect(lines[1]).toMatch(/"-" 400 12$/);
  });
});
