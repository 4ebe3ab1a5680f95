// request() against a real node:http server on loopback.
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { CookieJar } from "../src/cookie-jar.js";
import { ClientError, ClientErrorCode } from "../src/errors.js";
import { Pool } from "../src/pool.js";
import type { RequestBodyInit } from "../src/request-body.js";
import { closeAfterEach } from "./close-after-each.js";
import { httpServer, readAll } from "./servers.js";

const { track, newAgent } = closeAfterEach();

/** Echoes method, framing fields and body as JSON. */
async function echoServer() {
  return httpServer(async (req, res) => {
    const body = await readAll(req);
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        host: req.headers.host,
        contentLength: req.headers["content-length"] ?? null,
        transferEncoding: req.headers["transfer-encoding"] ?? null,
        contentType: req.headers["content-type"] ?? null,
        acceptEncoding: req.headers["accept-encoding"] ?? null,
        cookie: req.headers.cookie ?? null,
        body,
      }),
    );
  });
}

interface Echo {
  method: string;
  url: string;
  host: string;
  contentLength: string | null;
  transferEncoding: string | null;
  contentType: string | null;
  acceptEncoding: string | null;
  cookie: string | null;
  body: string;
}

describe("GET", () => {
  it("returns status, fields and a body readable as text or JSON", async () => {
    const server = track(await echoServer());
    const res = await newAgent().request(`${server.url}/path?q=1#frag`);
    expect(res.status).toBe(200);
    expect(res.statusText).toBe("OK");
    expect(res.version).toBe("1.1");
    expect(res.headers.get("content-type")).toBe("application/json");
    const echo = await res.body.json<Echo>();
    expect(echo.method).toBe("GET");
    expect(echo.url).toBe("/path?q=1");
    expect(echo.host).toBe(`127.0.0.1:${server.port}`);
    expect(echo.contentLength).toBeNull();
    expect(echo.acceptEncoding).toBe("gzip, deflate, br");
  });

  it("reads a body twice only once", async () => {
    const server = track(await echoServer());
    const res = await newAgent().request(server.url);
    await res.body.text();
    await expect(res.body.text()).rejects.toMatchObject({ code: "HW_CLIENT_BODY_USED" });
  });

  it("streams a chunked response with async iteration and exposes its trailers", async () => {
    const server = track(
      await httpServer((_req, res) => {
        res.setHeader("Trailer", "X-Checksum");
        res.write("one,");
        setImmediate(() => {
          res.write("two,");
          res.addTrailers({ "X-Checksum": "abc" });
          res.end("three");
        });
      }),
    );
    const res = await newAgent().request(server.url);
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    let text = "";
    for await (const chunk of res.body) text += new TextDecoder().decode(chunk);
    expect(text).toBe("one,two,three");
    expect((await res.trailers).get("x-checksum")).toBe("abc");
  });

  it("reads a large body with backpressure into bytes() and arrayBuffer()", async () => {
    const big = Buffer.alloc(1024 * 1024, 7);
    const server = track(await httpServer((_req, res) => res.end(big)));
    const a = newAgent();
    const bytes = await (await a.request(server.url)).body.bytes();
    expect(bytes.byteLength).toBe(big.byteLength);
    expect(bytes.every((b) => b === 7)).toBe(true);
    const buffer = await (await a.request(server.url)).body.arrayBuffer();
    expect(buffer.byteLength).toBe(big.byteLength);
  });
});

describe("request bodies", () => {
  const text = "héllo wörld";
  const kinds: [string, () => RequestBodyInit, "length" | "chunked"][] = [
    ["string", () => text, "length"],
    ["Uint8Array", () => new TextEncoder().encode(text), "length"],
    ["ArrayBuffer", () => new TextEncoder().encode(text).buffer as ArrayBuffer, "length"],
    ["Blob", () => new Blob([text]), "length"],
    [
      "web ReadableStream",
      () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("héllo "));
            controller.enqueue(new TextEncoder().encode("wörld"));
            controller.close();
          },
        }),
      "chunked",
    ],
    [
      "async generator",
      () =>
        (async function* () {
          yield "héllo ";
          yield new TextEncoder().encode("wörld");
        })(),
      "chunked",
    ],
    [
      "Node Readable",
      () => Readable.from([Buffer.from("héllo "), Buffer.from("wörld")]),
      "chunked",
    ],
  ];

  for (const [name, make, framing] of kinds) {
    it(`sends a ${name} body (${framing === "length" ? "Content-Length" : "chunked"})`, async () => {
      const server = track(await echoServer());
      const res = await newAgent().request(server.url, { method: "POST", body: make() });
      const echo = await res.body.json<Echo>();
      expect(echo.method).toBe("POST");
      expect(Buffer.from(echo.body, "latin1").toString("utf8")).toBe(text);
      if (framing === "length") {
        expect(echo.contentLength).toBe(String(Buffer.byteLength(text)));
        expect(echo.transferEncoding).toBeNull();
      } else {
        expect(echo.transferEncoding).toBe("chunked");
        expect(echo.contentLength).toBeNull();
      }
    });
  }

  it("sends URLSearchParams form-encoded with its Content-Type", async () => {
    const server = track(await echoServer());
    const res = await newAgent().request(server.url, {
      method: "POST",
      body: new URLSearchParams({ a: "1", b: "x y" }),
    });
    const echo = await res.body.json<Echo>();
    expect(echo.body).toBe("a=1&b=x+y");
    expect(echo.contentType).toBe("application/x-www-form-urlencoded;charset=UTF-8");
  });

  it("sends Content-Length: 0 for a POST without a body", async () => {
    const server = track(await echoServer());
    const echo = await (await newAgent().request(server.url, { method: "POST" })).body.json<Echo>();
    expect(echo.contentLength).toBe("0");
  });

  it("refuses a header value with CR LF before anything is sent", async () => {
    const server = track(await echoServer());
    await expect(
      newAgent().request(server.url, { headers: [["x-evil", "a\r\nInjected: 1"]] }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^HW_(HEADERS|CLIENT)_/) });
  });

  it("a body source that throws fails the request with INVALID_BODY", async () => {
    const server = track(await echoServer());
    const error = await newAgent()
      .request(server.url, {
        method: "POST",
        body: (async function* () {
          yield "a";
          throw new Error("disk on fire");
        })(),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe("HW_CLIENT_INVALID_BODY");
    expect((error as ClientError).phase).toBe("send");
  });
});

describe("connections", () => {
  it("reuses one keep-alive connection for sequential requests", async () => {
    const server = track(await echoServer());
    const a = newAgent();
    const reused: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await a.request(server.url, {
        method: i % 2 === 0 ? "GET" : "POST",
        body: i % 2 === 0 ? null : "x",
      });
      await res.body.dump();
      reused.push(res.reused);
    }
    expect(reused).toEqual([false, true, true, true, true]);
    expect(server.connections()).toBe(1);
  });

  it("opens at most `connections` sockets for concurrent requests", async () => {
    const server = track(await httpServer((_req, res) => setTimeout(() => res.end("ok"), 10)));
    const a = newAgent({ connections: 2 });
    const responses = await Promise.all(Array.from({ length: 8 }, () => a.request(server.url)));
    const texts = await Promise.all(responses.map((r) => r.body.text()));
    expect(texts).toEqual(Array(8).fill("ok"));
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it("a Pool serves one origin with relative paths", async () => {
    const server = track(await echoServer());
    const pool = new Pool(server.url, { connections: 1 });
    const res = await pool.request("/p?x=1");
    expect((await res.body.json<Echo>()).url).toBe("/p?x=1");
    expect(pool.stats.connections).toBe(1);
    await pool.close();
    expect(pool.stats.connections).toBe(0);
  });

  it("a closed agent refuses new requests with HW_CLIENT_CLOSED", async () => {
    const server = track(await echoServer());
    const a = newAgent();
    await (await a.request(server.url)).body.dump();
    await a.close();
    await expect(a.request(server.url)).rejects.toMatchObject({ code: "HW_CLIENT_CLOSED" });
  });
});

describe("decompression", () => {
  const payload = "compressed ".repeat(200);
  const encoders: Record<string, (b: Buffer) => Buffer> = {
    gzip: zlib.gzipSync,
    deflate: zlib.deflateSync,
    br: zlib.brotliCompressSync,
  };
  for (const [coding, encode] of Object.entries(encoders)) {
    it(`decodes ${coding} content`, async () => {
      const server = track(
        await httpServer((req, res) => {
          expect(req.headers["accept-encoding"]).toContain(coding);
          res.setHeader("content-encoding", coding);
          res.end(encode(Buffer.from(payload)));
        }),
      );
      const res = await newAgent().request(server.url);
      expect(res.headers.get("content-encoding")).toBe(coding);
      expect(await res.body.text()).toBe(payload);
    });
  }

  it("decodes raw deflate sent as deflate", async () => {
    const server = track(
      await httpServer((_req, res) => {
        res.setHeader("content-encoding", "deflate");
        res.end(zlib.deflateRawSync(Buffer.from(payload)));
      }),
    );
    expect(await (await newAgent().request(server.url)).body.text()).toBe(payload);
  });

  it("leaves content alone with decompress: false (and sends no Accept-Encoding)", async () => {
    const server = track(
      await httpServer((req, res) => {
        expect(req.headers["accept-encoding"]).toBeUndefined();
        res.setHeader("content-encoding", "gzip");
        res.end(zlib.gzipSync(Buffer.from(payload)));
      }),
    );
    const res = await newAgent().request(server.url, { decompress: false });
    const raw = await res.body.bytes();
    expect(zlib.gunzipSync(raw).toString()).toBe(payload);
  });

  it("with decompress: false sends the caller's Accept-Encoding as given and adds none", async () => {
    const server = track(
      await httpServer((req, res) => {
        res.setHeader("content-encoding", "br");
        res.end(zlib.brotliCompressSync(Buffer.from(`${req.headers["accept-encoding"]}`)));
      }),
    );
    const heads: string[] = [];
    const trace = {
      onRequestHead: ({ head }: { head: Uint8Array }) => {
        heads.push(Buffer.from(head).toString("latin1"));
      },
    };
    const a = newAgent();
    const plain = await a.request(server.url, { decompress: false, trace });
    expect(plain.headers.get("content-encoding")).toBe("br");
    expect(zlib.brotliDecompressSync(await plain.body.bytes()).toString()).toBe("undefined");
    expect(heads[0]).not.toMatch(/accept-encoding/i);
    const asked = await a.request(server.url, {
      decompress: false,
      headers: { "Accept-Encoding": "br;q=1" },
      trace,
    });
    expect(zlib.brotliDecompressSync(await asked.body.bytes()).toString()).toBe("br;q=1");
    expect(heads[1]).toContain("\r\nAccept-Encoding: br;q=1\r\n");
  });

  it("a body that does not decode fails with DECOMPRESSION_FAILED", async () => {
    const server = track(
      await httpServer((_req, res) => {
        res.setHeader("content-encoding", "gzip");
        res.end("not gzip at all");
      }),
    );
    const res = await newAgent().request(server.url);
    await expect(res.body.text()).rejects.toMatchObject({ code: "HW_CLIENT_DECOMPRESSION_FAILED" });
  });
});

describe("redirects, cookies, retries", () => {
  it("follows redirects with the status rules: 302 turns POST into GET, 307 keeps it", async () => {
    const server = track(
      await httpServer(async (req, res) => {
        const body = await readAll(req);
        if (req.url === "/302") res.writeHead(302, { location: "/target" }).end();
        else if (req.url === "/307") res.writeHead(307, { location: "/target" }).end();
        else res.end(`${req.method} ${req.url} ${body}`);
      }),
    );
    const a = newAgent();
    const r302 = await a.request(`${server.url}/302`, {
      method: "POST",
      body: "data",
      redirect: { max: 5 },
    });
    expect(await r302.body.text()).toBe("GET /target ");
    expect(r302.url).toBe(`${server.url}/target`);
    expect(r302.redirects).toEqual([`${server.url}/302`]);
    const r307 = await a.request(`${server.url}/307`, {
      method: "POST",
      body: "data",
      redirect: { max: 5 },
    });
    expect(await r307.body.text()).toBe("POST /target data");
  });

  it("returns the 3xx itself when redirects are not followed", async () => {
    const server = track(
      await httpServer((_req, res) => res.writeHead(301, { location: "/x" }).end()),
    );
    const res = await newAgent().request(server.url);
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/x");
  });

  it("stops after `max` redirects with TOO_MANY_REDIRECTS and the history", async () => {
    let n = 0;
    const server = track(
      await httpServer((_req, res) => res.writeHead(302, { location: `/r${++n}` }).end()),
    );
    const error = await newAgent()
      .request(server.url, { redirect: { max: 2 } })
      .catch((e: unknown) => e as ClientError);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe(ClientErrorCode.TOO_MANY_REDIRECTS);
    expect((error as ClientError).redirectHistory.length).toBeGreaterThanOrEqual(2);
  });

  it("stores Set-Cookie in the jar and sends the cookies back, across redirects", async () => {
    const server = track(
      await httpServer((req, res) => {
        if (req.url === "/login") {
          res
            .writeHead(303, { location: "/me", "set-cookie": "session=abc; Path=/; HttpOnly" })
            .end();
        } else {
          res.end(`cookie=${req.headers.cookie ?? ""}`);
        }
      }),
    );
    const jar = new CookieJar();
    const a = newAgent();
    const res = await a.request(`${server.url}/login`, {
      method: "POST",
      body: "u=1",
      cookieJar: jar,
      redirect: { max: 3 },
    });
    expect(await res.body.text()).toBe("cookie=session=abc");
    expect(jar.getCookieHeader(server.url)).toBe("session=abc");
  });

  it("retries a 503 with Retry-After when a retry policy is given", async () => {
    let calls = 0;
    const server = track(
      await httpServer((_req, res) => {
        calls++;
        if (calls === 1) res.writeHead(503, { "retry-after": "0" }).end("busy");
        else res.end("ready");
      }),
    );
    const res = await newAgent().request(server.url, { retry: { maxRetries: 2 } });
    expect(await res.body.text()).toBe("ready");
    expect(res.attempts).toBe(2);
    expect(calls).toBe(2);
  });

  it("does not retry a POST on 503", async () => {
    let calls = 0;
    const server = track(
      await httpServer((_req, res) => {
        calls++;
        res.writeHead(503, { "retry-after": "0" }).end("busy");
      }),
    );
    const res = await newAgent().request(server.url, {
      method: "POST",
      body: "x",
      retry: { maxRetries: 2 },
    });
    expect(res.status).toBe(503);
    await res.body.dump();
    expect(calls).toBe(1);
  });
});

describe("Expect: 100-continue with node:http", () => {
  it("node:http answers 100 Continue and receives the body", async () => {
    const server = track(await echoServer());
    const seen: number[] = [];
    const res = await newAgent().request(server.url, {
      method: "PUT",
      body: "big upload",
      expectContinue: true,
      continueTimeout: 10_000,
      onInformational: (i) => seen.push(i.status),
    });
    expect((await res.body.json<Echo>()).body).toBe("big upload");
    expect(seen).toEqual([100]);
  });
});
