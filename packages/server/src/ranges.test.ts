import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, fakeRequest, fieldsOf, statusOf } from "../test/feature-request.js";
import { canListDescriptors, descriptorsLeftInto } from "../test/open-descriptors.js";
import { renameOver } from "../test/rename-over.js";
import { openedFileOf } from "./opened-file-body.js";
import { applyRanges, withRanges } from "./ranges.js";

const TEXT = "0123456789abcdefghij"; // 20 bytes
const LAST_MODIFIED = "Tue, 15 Nov 1994 12:45:26 GMT";
const handler = withRanges(
  () => ({
    headers: { "Content-Type": "text/plain", ETag: '"r1"', "Last-Modified": LAST_MODIFIED },
    body: TEXT,
  }),
  { boundary: () => "SEPARATOR" },
);

const get = (headers: Record<string, string>) => handler(fakeRequest("GET", "/", headers));

describe("withRanges", () => {
  it("advertises Accept-Ranges: bytes on a full 200 (RFC 9110 §14.3)", async () => {
    const response = await get({});
    expect(statusOf(response)).toBe(200);
    expect(fieldsOf(response).get("accept-ranges")).toBe("bytes");
    expect((await bodyOf(response)).toString()).toBe(TEXT);
  });

  it("answers one range with 206 and Content-Range (RFC 9110 §14.4)", async () => {
    for (const [range, slice, contentRange] of [
      ["bytes=0-4", "01234", "bytes 0-4/20"],
      ["bytes=15-", "fghij", "bytes 15-19/20"],
      ["bytes=-3", "hij", "bytes 17-19/20"],
      ["bytes=18-100", "ij", "bytes 18-19/20"],
    ] as const) {
      const response = await get({ range });
      expect(statusOf(response)).toBe(206);
      expect(fieldsOf(response).get("content-range")).toBe(contentRange);
      expect(fieldsOf(response).get("etag")).toBe('"r1"');
      expect((await bodyOf(response)).toString()).toBe(slice);
    }
  });

  it("answers several ranges as multipart/byteranges (RFC 9110 §14.6)", async () => {
    const response = await get({ range: "bytes=0-1, 10-11" });
    expect(statusOf(response)).toBe(206);
    const fields = fieldsOf(response);
    expect(fields.get("content-type")).toBe("multipart/byteranges; boundary=SEPARATOR");
    expect(fields.has("content-range")).toBe(false);
    expect((await bodyOf(response)).toString()).toBe(
      "--SEPARATOR\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/20\r\n\r\n01" +
        "\r\n--SEPARATOR\r\nContent-Type: text/plain\r\nContent-Range: bytes 10-11/20\r\n\r\nab" +
        "\r\n--SEPARATOR--\r\n",
    );
  });

  it("coalesces overlapping ranges so no byte goes twice", async () => {
    const response = await get({ range: "bytes=0-5, 3-8" });
    expect(fieldsOf(response).get("content-range")).toBe("bytes 0-8/20");
  });

  it("answers 416 with Content-Range: bytes */length when nothing is satisfiable", async () => {
    const response = await get({ range: "bytes=20-30" });
    expect(statusOf(response)).toBe(416);
    expect(fieldsOf(response).get("content-range")).toBe("bytes */20");
  });

  it("ignores malformed fields, other units, HEAD and too many ranges (RFC 9110 §14.2)", async () => {
    for (const range of ["bytes=5-1", "items=0-1", "bytes=abc"]) {
      expect(statusOf(await get({ range }))).toBe(200);
    }
    const head = await handler(fakeRequest("HEAD", "/", { range: "bytes=0-1" }));
    expect(statusOf(head)).toBe(200);
    const many = withRanges(() => ({ body: TEXT }), { maxRanges: 2 });
    expect(statusOf(await many(fakeRequest("GET", "/", { range: "bytes=0-0,2-2,4-4" })))).toBe(200);
  });

  it("honours If-Range only with a strong match (RFC 9110 §13.1.5)", async () => {
    expect(statusOf(await get({ range: "bytes=0-1", "if-range": '"r1"' }))).toBe(206);
    expect(statusOf(await get({ range: "bytes=0-1", "if-range": '"r0"' }))).toBe(200);
    expect(statusOf(await get({ range: "bytes=0-1", "if-range": 'W/"r1"' }))).toBe(200);
    expect(statusOf(await get({ range: "bytes=0-1", "if-range": LAST_MODIFIED }))).toBe(206);
    expect(
      statusOf(await get({ range: "bytes=0-1", "if-range": "Tue, 15 Nov 1994 12:45:27 GMT" })),
    ).toBe(200);
  });

  it("does not treat a date as a strong validator when it is not a second old (RFC 9110 §8.8.2.2)", async () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000).toUTCString();
    const fresh = withRanges(() => ({ headers: { "Last-Modified": now }, body: TEXT }));
    const response = await fresh(fakeRequest("GET", "/", { range: "bytes=0-1", "if-range": now }));
    expect(statusOf(response)).toBe(200);
  });

  it("leaves streams, non-200 and Accept-Ranges: none alone", async () => {
    const stream = withRanges(() => ({ body: Readable.from(["abc"]) }));
    const streamed = await stream(fakeRequest("GET", "/", { range: "bytes=0-0" }));
    expect(statusOf(streamed)).toBe(200);
    expect(fieldsOf(streamed).has("accept-ranges")).toBe(false);
    const notFound = withRanges(() => ({ status: 404, body: "nope" }));
    expect(statusOf(await notFound(fakeRequest("GET", "/", { range: "bytes=0-0" })))).toBe(404);
    const none = withRanges(() => ({ headers: { "accept-ranges": "none" }, body: TEXT }));
    expect(statusOf(await none(fakeRequest("GET", "/", { range: "bytes=0-0" })))).toBe(200);
  });

  it("answers 416 for an empty representation", async () => {
    const empty = withRanges(() => ({ body: "" }));
    const response = await empty(fakeRequest("GET", "/", { range: "bytes=0-" }));
    expect(statusOf(response)).toBe(416);
    expect(fieldsOf(response).get("content-range")).toBe("bytes */0");
  });
});

describe("applyRanges on files", () => {
  let dir: string;
  let file: string;
  const content = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hw-ranges-"));
    file = join(dir, "data.bin");
    await writeFile(file, content);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads one range from disk, with Content-Length", async () => {
    const response = await applyRanges(fakeRequest("GET", "/", { range: "bytes=70000-70009" }), {
      body: { file },
    });
    expect(statusOf(response)).toBe(206);
    const fields = fieldsOf(response);
    expect(fields.get("content-range")).toBe("bytes 70000-70009/100000");
    expect(fields.get("content-length")).toBe("10");
    expect(await bodyOf(response)).toEqual(content.subarray(70000, 70010));
  });

  it("streams several ranges with an exact Content-Length", async () => {
    const response = await applyRanges(
      fakeRequest("GET", "/", { range: "bytes=0-9, 99990-" }),
      { headers: { "content-type": "application/octet-stream" }, body: { file } },
      { boundary: () => "B" },
    );
    const bytes = await bodyOf(response);
    expect(fieldsOf(response).get("content-length")).toBe(String(bytes.byteLength));
    const expected = Buffer.concat([
      Buffer.from(
        "--B\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-9/100000\r\n\r\n",
      ),
      content.subarray(0, 10),
      Buffer.from(
        "\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 99990-99999/100000\r\n\r\n",
      ),
      content.subarray(99990),
      Buffer.from("\r\n--B--\r\n"),
    ]);
    expect(bytes).toEqual(expected);
  });

  it("leaves a missing file to the server (404)", async () => {
    const response = await applyRanges(fakeRequest("GET", "/", { range: "bytes=0-1" }), {
      body: { file: join(dir, "missing") },
    });
    expect(statusOf(response)).toBe(200);
    expect(openedFileOf(response.body)).toBeUndefined();
  });

  describe("a file renamed over the path once the ranges are answered", () => {
    /** What is renamed over the path: 50 bytes that `content` never holds in a row. */
    const REPLACEMENT = "x".repeat(50);

    /** A copy of `content` at a fresh path, and a function that renames {@link REPLACEMENT} over it. */
    async function replaceable(name: string): Promise<{ path: string; replace(): Promise<void> }> {
      const path = join(dir, name);
      await writeFile(path, content);
      return {
        path,
        replace: () => renameOver(path, REPLACEMENT),
      };
    }

    it("one range: the Content-Range size and the bytes are the opened file's", async () => {
      const { path, replace } = await replaceable("one.bin");
      const response = await applyRanges(fakeRequest("GET", "/", { range: "bytes=99990-" }), {
        body: { file: path },
      });
      await replace();
      expect(fieldsOf(response).get("content-range")).toBe("bytes 99990-99999/100000");
      expect(await bodyOf(response)).toEqual(content.subarray(99990));
    });

    it("several ranges: every part is the opened file's, Content-Length exact", async () => {
      const { path, replace } = await replaceable("several.bin");
      const response = await applyRanges(
        fakeRequest("GET", "/", { range: "bytes=0-9, 60000-60009" }),
        { headers: { "content-type": "application/octet-stream" }, body: { file: path } },
        { boundary: () => "B" },
      );
      await replace();
      const bytes = await bodyOf(response);
      expect(fieldsOf(response).get("content-length")).toBe(String(bytes.byteLength));
      expect(bytes.includes(content.subarray(60000, 60010))).toBe(true);
      // No byte run of the replacement, even a part's worth, made it into the body.
      expect(bytes.includes(Buffer.from(REPLACEMENT.slice(0, 10)))).toBe(false);
    });

    it("no Range: the 200 carries the opened file on to the server", async () => {
      const { path, replace } = await replaceable("whole.bin");
      const response = await applyRanges(fakeRequest("GET", "/"), { body: { file: path } });
      await replace();
      expect(statusOf(response)).toBe(200);
      expect(fieldsOf(response).get("accept-ranges")).toBe("bytes");
      expect(openedFileOf(response.body)?.size).toBe(content.byteLength);
      expect(await bodyOf(response)).toEqual(content);
    });

    it("a 416 measured the opened file", async () => {
      const { path, replace } = await replaceable("unsatisfiable.bin");
      const response = await applyRanges(fakeRequest("GET", "/", { range: "bytes=100000-" }), {
        body: { file: path },
      });
      await replace();
      expect(statusOf(response)).toBe(416);
      expect(fieldsOf(response).get("content-range")).toBe("bytes */100000");
    });
  });

  it.skipIf(!canListDescriptors())("closes the file of a 416, and of a 206 once read", async () => {
    const sub = await mkdtemp(join(dir, "fd-"));
    const path = join(sub, "data.bin");
    await writeFile(path, content);
    const unsatisfiable = await applyRanges(fakeRequest("GET", "/", { range: "bytes=200000-" }), {
      body: { file: path },
    });
    expect(statusOf(unsatisfiable)).toBe(416);
    const partial = await applyRanges(fakeRequest("GET", "/", { range: "bytes=0-9, 50-59" }), {
      body: { file: path },
    });
    await bodyOf(partial);
    expect(await descriptorsLeftInto(sub)).toEqual([]);
  });
});
