import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  compose,
  fileETag,
  type Handler,
  type HttpServer,
  type Middleware,
  type ServerResponse,
  serveStatic,
  withCompression,
  withConditionalRequests,
  withRanges,
} from "../src/index.js";
import {
  type ClientResponse,
  pauseAfterFirstAnswer,
  RawClient,
  requestWithNodeHttp,
  start,
} from "./helpers.js";
import { canListDescriptors, descriptorsInto, descriptorsLeftInto } from "./open-descriptors.js";
import { renameOver } from "./rename-over.js";

/**
 * `{ file }` bodies through withRanges, withConditionalRequests and
 * withCompression: the feature that first needs the file opens it, and the
 * others and the server send from that one descriptor, so the size and
 * validators announced always describe the bytes sent, even when the path is
 * replaced before the server reads a byte; and every descriptor is closed,
 * whatever the outcome (206, 416, 304, 412, HEAD, a client that leaves).
 * Loopback, node:http and raw sockets.
 */

const OLD = "old content, the bytes that were opened\n".repeat(2_000); // 80 000 bytes
const NEW = "new\n";
let dir: string;
let path: string;
let server: (HttpServer & { port: number }) | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hw-file-bodies-"));
  path = join(dir, "page.txt");
  await writeFile(path, OLD);
});

afterEach(async () => {
  await server?.close({ deadline: 500 });
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Renames a file holding `content` over `path`. */
const replaceWith = (content: string) => renameOver(path, content);

/**
 * Serves `{ file: path }` through `feature`, running `between` once, for the
 * first request, after the feature answered and before the server reads a
 * byte of the file.
 */
async function serveWith(feature: Middleware, between: () => Promise<void>): Promise<void> {
  const handler = feature(() => ({ body: { file: path } }));
  server = await start({ handler: pauseAfterFirstAnswer(handler, between) });
}

function get(
  headers: Record<string, string> = {},
  method = "GET",
  target = "/",
): Promise<ClientResponse> {
  return requestWithNodeHttp(server!.port, target, headers, method);
}

describe("the bytes sent are those of the file the features measured", () => {
  it("withRanges: one range of the opened file", async () => {
    await serveWith(withRanges, () => replaceWith(NEW.repeat(30_000)));
    const response = await get({ range: "bytes=79990-" });
    expect(response.status).toBe(206);
    expect(response.headers["content-range"]).toBe(`bytes 79990-79999/${OLD.length}`);
    expect(response.body.toString()).toBe(OLD.slice(79_990));
    expect(response.aborted).toBe(false);
  });

  it("withRanges: several ranges of the opened file", async () => {
    await serveWith(
      (handler) => withRanges(handler, { boundary: () => "B" }),
      () => replaceWith(NEW.repeat(30_000)),
    );
    const response = await get({ range: "bytes=0-2, 79990-" });
    expect(response.status).toBe(206);
    const body = response.body.toString();
    expect(body).toContain(`Content-Range: bytes 0-2/${OLD.length}\r\n\r\nold\r\n`);
    expect(body).toContain(`Content-Range: bytes 79990-79999/${OLD.length}\r\n\r\n`);
    expect(body).toContain(`${OLD.slice(79_990)}\r\n--B--\r\n`);
    expect(response.body.byteLength).toBe(Number(response.headers["content-length"]));
  });

  it("withRanges: a 200 without Range sends the file it measured", async () => {
    await serveWith(withRanges, () => replaceWith(NEW));
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers["accept-ranges"]).toBe("bytes");
    expect(response.headers["content-length"]).toBe(String(OLD.length));
    expect(response.body.toString()).toBe(OLD);
    // The next request opens the new file.
    expect((await get()).body.toString()).toBe(NEW);
  });

  it("withConditionalRequests: the ETag and Last-Modified describe the bytes sent", async () => {
    const opened = await stat(path);
    await serveWith(withConditionalRequests, () => replaceWith(NEW));
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(fileETag(OLD.length, opened.mtimeMs));
    expect(response.headers["content-length"]).toBe(String(OLD.length));
    expect(response.body.toString()).toBe(OLD);
    const next = await get();
    expect(next.headers.etag).not.toBe(response.headers.etag);
    expect(next.body.toString()).toBe(NEW);
  });

  it("withCompression: the compressed bytes are the opened file's", async () => {
    await serveWith(withCompression, () => replaceWith(NEW.repeat(30_000)));
    const response = await get({ "accept-encoding": "gzip" });
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(response.body).toString()).toBe(OLD);
  });

  it("withCompression: a file sent as is because it was small is sent as it was measured", async () => {
    await writeFile(path, "small\n");
    await serveWith(withCompression, () => replaceWith(OLD));
    const response = await get({ "accept-encoding": "gzip" });
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers["content-length"]).toBe("6");
    expect(response.body.toString()).toBe("small\n");
  });

  it("all three together: one descriptor, its validators and bytes", async () => {
    const opened = await stat(path);
    const features = (handler: Handler) =>
      compose(withCompression, withRanges, withConditionalRequests)(handler);
    await serveWith(features, () => replaceWith(NEW.repeat(30_000)));
    const response = await get({ range: "bytes=79990-", "if-range": fileETag(80_000, 0) });
    // If-Range names another version: the whole 200, from the opened file.
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(fileETag(OLD.length, opened.mtimeMs));
    expect(response.body.toString()).toBe(OLD);
  });
});

describe.skipIf(!canListDescriptors())("every descriptor the features open is closed", () => {
  /**
   * The three features around `{ file: path }`. Every response is kept until
   * the test ends, so that no descriptor is closed by the garbage collector
   * (Node closes a lost FileHandle, with a warning): only explicit closes count.
   */
  let kept: ServerResponse[] = [];
  afterEach(() => {
    kept = [];
  });
  const fileHandler = (): Handler => {
    const handler = compose(
      withCompression,
      withRanges,
      withConditionalRequests,
    )(() => ({ body: { file: path } }));
    return async (request) => {
      const response = await handler(request);
      kept.push(response);
      return response;
    };
  };

  it("after 200, HEAD, 304, 412, 206, 416 and compressed responses", async () => {
    server = await start({ handler: fileHandler() });
    const etag = (await get()).headers.etag!;
    const cases: [Record<string, string>, string?][] = [
      [{}],
      [{}, "HEAD"],
      [{ "if-none-match": etag }],
      [{ "if-none-match": etag }, "HEAD"],
      [{ "if-match": '"other"' }],
      [{ range: "bytes=0-9" }],
      [{ range: "bytes=0-9, 20-29" }],
      [{ range: "bytes=999999-" }],
      [{ range: "bytes=0-9", "if-range": '"other"' }],
      [{ "accept-encoding": "gzip" }],
      [{ "accept-encoding": "br" }, "HEAD"],
    ];
    for (let round = 0; round < 5; round++) {
      const statuses = await Promise.all(
        cases.map(async ([headers, method]) => (await get(headers, method)).status),
      );
      expect(statuses).toEqual([200, 200, 304, 304, 412, 206, 206, 416, 200, 200, 200]);
    }
    expect(await descriptorsLeftInto(dir)).toEqual([]);
  });

  it("after an empty file, sent, compressed or asked for HEAD", async () => {
    await writeFile(path, "");
    server = await start({ handler: fileHandler() });
    for (const [headers, method] of [
      [{}],
      [{ "accept-encoding": "gzip" }],
      [{}, "HEAD"],
    ] as const) {
      const response = await get(headers, method);
      expect(response.status).toBe(200);
      expect(response.headers["content-length"]).toBe("0");
      expect(response.body.byteLength).toBe(0);
    }
    expect(await descriptorsLeftInto(dir)).toEqual([]);
  });

  it("after clients that leave before the response or during it", async () => {
    await writeFile(path, Buffer.alloc(8 * 1024 * 1024, 0x61));
    const handler = fileHandler();
    let waiting = 0;
    server = await start({
      handler: async (request) => {
        const response = await handler(request);
        if (request.headers.get("x-wait-for-abort") !== null) {
          // The file is open; the client leaves before the response is ready.
          waiting++;
          const signal = request.signal;
          if (!signal.aborted) {
            await new Promise((resolve) => signal.addEventListener("abort", resolve));
          }
        }
        return response;
      },
    });
    for (let i = 0; i < 4; i++) {
      // Before the response (a reset: the connection is gone at once): the
      // response the handler gives afterwards is never sent.
      for (const range of ["", "Range: bytes=0-9\r\n", "Accept-Encoding: gzip\r\n"]) {
        const early = await RawClient.open(server.port);
        const before = waiting;
        early.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Wait-For-Abort: 1\r\n${range}\r\n`);
        await early.until(() => waiting > before);
        early.socket.resetAndDestroy();
      }
      // During it: a big 200 and a multipart 206, cut after their heads.
      for (const range of ["", "Range: bytes=0-10, 5000000-\r\n"]) {
        const during = await RawClient.open(server.port);
        during.write(`GET / HTTP/1.1\r\nHost: x\r\n${range}\r\n`);
        await during.until(() => during.text.includes("\r\n\r\n"));
        during.close();
      }
    }
    expect(await descriptorsLeftInto(dir)).toEqual([]);
    // The server still serves.
    expect((await get({ range: "bytes=0-3" })).body.toString()).toBe("aaaa");
  });

  it("after pipelined requests that are not answered (the connection closes before them)", async () => {
    // One request per connection: the requests pipelined behind the first
    // were read, and their handlers opened the file, but are never answered.
    server = await start({
      handler: fileHandler(),
      maxRequestsPerConnection: 1,
    });
    for (let i = 0; i < 4; i++) {
      const client = await RawClient.open(server.port);
      client.write(
        "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n" +
          "GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n" +
          "GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=1-2\r\n\r\n" +
          "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
      );
      const text = await client.untilClosed();
      expect(text.match(/^HTTP\/1\.1 /gm)).toHaveLength(1);
    }
    expect(await descriptorsLeftInto(dir)).toEqual([]);
  });

  it.each([
    ["a range", { range: "bytes=79990-" }],
    ["gzip", { "accept-encoding": "gzip" }],
  ])("serveStatic inside the features opens each file once (%s)", async (_name, headers) => {
    // serveStatic answers with a stream of the file it opened (and does its
    // own validators and ranges): the features around it have nothing to open.
    const files = compose(withCompression, withRanges, withConditionalRequests)(serveStatic(dir));
    let open: number | undefined;
    server = await start({
      handler: async (request) => {
        const response = await files(request);
        if (open === undefined) {
          open = descriptorsInto(dir).length;
          await replaceWith(NEW.repeat(30_000));
        }
        return response;
      },
    });
    const response = await get(headers, "GET", "/page.txt");
    expect(open).toBe(1);
    if ("range" in headers) {
      expect(response.status).toBe(206);
      expect(response.headers["content-range"]).toBe(`bytes 79990-79999/${OLD.length}`);
      expect(response.body.toString()).toBe(OLD.slice(79_990));
    } else {
      expect(response.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(response.body).toString()).toBe(OLD);
    }
    expect(await descriptorsLeftInto(dir)).toEqual([]);
  });
});
