// httpVersion: "1.0": the request line, keep-alive negotiation, bodies of known
// length only; against a raw socket server, node:http, and curl --http1.0 as the reference.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { RequestErrorCode } from "../src/request-error-codes.js";
import { closeAfterEach } from "./close-after-each.js";
import { httpServer, type RawRequest, rawServer, readAll } from "./servers.js";

const { track, newAgent } = closeAfterEach();

/** A raw server that records each request and answers with `answer(request)`. */
async function recordingServer(answer: (request: RawRequest) => string) {
  const seen: RawRequest[] = [];
  const server = track(
    await rawServer((request) => {
      seen.push(request);
      request.socket.write(answer(request));
    }),
  );
  return { ...server, seen };
}

describe('httpVersion: "1.0" on the wire', () => {
  it("sends an HTTP/1.0 request line with Host and Connection: keep-alive", async () => {
    const server = await recordingServer(
      () => "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
    );
    const res = await newAgent().request(`${server.url}/a?b=1`, { httpVersion: "1.0" });
    expect(res.version).toBe("1.0");
    expect(await res.body.text()).toBe("ok");
    const [request] = server.seen;
    expect(request!.head.split("\r\n")[0]).toBe("GET /a?b=1 HTTP/1.0");
    expect(request!.header("host")).toBe(`127.0.0.1:${server.port}`);
    expect(request!.header("connection")).toBe("keep-alive");
  });

  it("reuses the connection when the HTTP/1.0 response says keep-alive", async () => {
    const server = await recordingServer(
      () => "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
    );
    const agent = newAgent();
    await (await agent.request(server.url, { httpVersion: "1.0" })).body.dump();
    const second = await agent.request(server.url, { httpVersion: "1.0" });
    await second.body.dump();
    expect(second.reused).toBe(true);
    expect(server.connections()).toBe(1);
  });

  it("does not reuse the connection after an HTTP/1.0 response without keep-alive", async () => {
    const server = await recordingServer(() => "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
    const agent = newAgent();
    await (await agent.request(server.url, { httpVersion: "1.0" })).body.dump();
    const second = await agent.request(server.url, { httpVersion: "1.0" });
    expect(await second.body.text()).toBe("ok");
    expect(second.reused).toBe(false);
    expect(server.connections()).toBe(2);
  });

  it("reads a close-delimited HTTP/1.0 response and opens a new connection next", async () => {
    const server = track(
      await rawServer((request) => {
        request.socket.end("HTTP/1.0 200 OK\r\n\r\nuntil the close");
      }),
    );
    const agent = newAgent();
    const first = await agent.request(server.url, { httpVersion: "1.0" });
    expect(await first.body.text()).toBe("until the close");
    const second = await agent.request(server.url, { httpVersion: "1.0" });
    expect(await second.body.text()).toBe("until the close");
    expect(server.connections()).toBe(2);
  });

  it("leaves a Connection field the caller set alone", async () => {
    const server = await recordingServer(() => "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    await (
      await newAgent().request(server.url, {
        httpVersion: "1.0",
        headers: { connection: "close" },
      })
    ).body.dump();
    expect(server.seen[0]!.header("connection")).toBe("close");
  });

  it("sends an in-memory body with Content-Length, never chunked", async () => {
    const server = await recordingServer(
      (request) =>
        `HTTP/1.0 200 OK\r\nContent-Length: ${request.body.length}\r\n\r\n${request.body}`,
    );
    const res = await newAgent().request(server.url, {
      method: "POST",
      body: "field=value",
      httpVersion: "1.0",
    });
    expect(await res.body.text()).toBe("field=value");
    const request = server.seen[0]!;
    expect(request.head.split("\r\n")[0]).toBe("POST / HTTP/1.0");
    expect(request.header("content-length")).toBe("11");
    expect(request.header("transfer-encoding")).toBeUndefined();
  });

  it("refuses a body of unknown length with HW_CLIENT_LENGTH_REQUIRED before connecting", async () => {
    const server = await recordingServer(() => "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    const error = await newAgent()
      .request(server.url, {
        method: "PUT",
        body: Readable.from(["a", "b"]),
        httpVersion: "1.0",
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RequestErrorCode.LENGTH_REQUIRED });
    expect(server.connections()).toBe(0);
  });

  it("sends a stream when the caller set Content-Length", async () => {
    const server = await recordingServer(
      (request) =>
        `HTTP/1.0 200 OK\r\nContent-Length: ${request.body.length}\r\n\r\n${request.body}`,
    );
    const res = await newAgent().request(server.url, {
      method: "PUT",
      body: Readable.from(["ab", "cd"]),
      headers: { "content-length": "4" },
      httpVersion: "1.0",
    });
    expect(await res.body.text()).toBe("abcd");
    expect(server.seen[0]!.header("transfer-encoding")).toBeUndefined();
  });

  it("does not ask for 100-continue (a 1.0 server ignores it)", async () => {
    const server = await recordingServer(() => "HTTP/1.0 204 No Content\r\n\r\n");
    await (
      await newAgent().request(server.url, {
        method: "POST",
        body: "x",
        expectContinue: true,
        httpVersion: "1.0",
      })
    ).body.dump();
    expect(server.seen[0]!.header("expect")).toBeUndefined();
  });

  it("refuses an unknown version with HW_CLIENT_INVALID_OPTION", async () => {
    await expect(
      newAgent().request("http://127.0.0.1:1/", { httpVersion: "2" as "1.1" }),
    ).rejects.toMatchObject({ code: "HW_CLIENT_INVALID_OPTION" });
  });
});

describe('httpVersion: "1.0" against node:http', () => {
  it("node:http sees HTTP/1.0 with keep-alive and keeps the connection", async () => {
    const versions: string[] = [];
    const server = track(
      await httpServer(async (req, res) => {
        versions.push(req.httpVersion);
        const text = `${req.method} ${await readAll(req)}`;
        // node:http keeps an HTTP/1.0 connection only with an explicit Content-Length
        // (no chunked coding for a 1.0 client); otherwise it answers Connection: close.
        res.setHeader("content-length", Buffer.byteLength(text));
        res.end(text);
      }),
    );
    const agent = newAgent();
    const first = await agent.request(server.url, {
      method: "POST",
      body: "one",
      httpVersion: "1.0",
    });
    expect(await first.body.text()).toBe("POST one");
    const second = await agent.request(server.url, { httpVersion: "1.0" });
    expect(await second.body.text()).toBe("GET ");
    expect(versions).toEqual(["1.0", "1.0"]);
    expect(second.reused).toBe(true);
    expect(server.connections()).toBe(1);
  });

  it("node:http closes when the 1.0 request does not ask for keep-alive", async () => {
    const server = track(await httpServer((_req, res) => res.end("bye")));
    const agent = newAgent();
    const options = { httpVersion: "1.0" as const, headers: { connection: "close" } };
    await (await agent.request(server.url, options)).body.dump();
    const second = await agent.request(server.url, options);
    expect(await second.body.text()).toBe("bye");
    expect(second.reused).toBe(false);
    expect(server.connections()).toBe(2);
  });
});

const curl = ["/usr/bin/curl", "/usr/local/bin/curl"].find((path) => existsSync(path));

describe.skipIf(curl === undefined)(
  "the same request line as curl --http1.0 (skipped: no curl)",
  () => {
    it("GET and POST request lines and framing match curl's", async () => {
      const server = await recordingServer(() => "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
      const run = (args: string[]): Promise<void> =>
        new Promise((resolve, reject) => {
          execFile(curl!, ["-s", "--max-time", "5", ...args], (error) =>
            error === null ? resolve() : reject(error),
          );
        });
      await run(["--http1.0", `${server.url}/get?x=1`]);
      await run(["--http1.0", "--data-binary", "abc", `${server.url}/post`]);
      const agent = newAgent();
      await (await agent.request(`${server.url}/get?x=1`, { httpVersion: "1.0" })).body.dump();
      await (
        await agent.request(`${server.url}/post`, {
          method: "POST",
          body: "abc",
          httpVersion: "1.0",
        })
      ).body.dump();
      const [curlGet, curlPost, ourGet, ourPost] = server.seen;
      expect(ourGet!.head.split("\r\n")[0]).toBe(curlGet!.head.split("\r\n")[0]);
      expect(ourPost!.head.split("\r\n")[0]).toBe(curlPost!.head.split("\r\n")[0]);
      expect(ourPost!.header("content-length")).toBe(curlPost!.header("content-length"));
      expect(ourPost!.header("transfer-encoding")).toBe(curlPost!.header("transfer-encoding"));
      expect(ourGet!.header("host")).toBe(curlGet!.header("host"));
    });
  },
);
