import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, fakeRequest, fieldsOf, statusOf } from "../test/feature-request.js";
import {
  canListDescriptors,
  descriptorsInto,
  descriptorsLeftInto,
} from "../test/open-descriptors.js";
import { renameOver } from "../test/rename-over.js";
import { applyCompression, withCompression } from "./compression.js";
import { withConditionalRequests } from "./conditional.js";
import { compose } from "./middleware.js";
import { openedFileOf } from "./opened-file-body.js";
import { withRanges } from "./ranges.js";
import { discardBody } from "./response-body.js";
import type { ServerResponse } from "./server-response.js";

const BIG = "hyperwire compresses this line. ".repeat(200); // 6400 bytes
const text = (body: ServerResponse["body"], headers: Record<string, string> = {}) =>
  withCompression(() => ({ headers: { "Content-Type": "text/plain", ...headers }, body }));

const DECODE: Record<string, (bytes: Buffer) => Buffer> = {
  gzip: gunzipSync,
  br: brotliDecompressSync,
  deflate: inflateSync,
};

describe("withCompression", () => {
  it("compresses with the coding the client prefers, with Vary and an exact length", async () => {
    for (const [accept, coding] of [
      ["gzip", "gzip"],
      ["br", "br"],
      ["deflate", "deflate"],
      ["gzip;q=0.5, br", "br"],
      ["x-gzip", "gzip"],
    ] as const) {
      const response = await text(BIG)(fakeRequest("GET", "/", { "accept-encoding": accept }));
      const fields = fieldsOf(response);
      expect(fields.get("content-encoding")).toBe(coding);
      expect(fields.get("vary")).toBe("Accept-Encoding");
      const bytes = await bodyOf(response);
      expect(response.body).toBeInstanceOf(Uint8Array);
      expect(bytes.byteLength).toBeLessThan(BIG.length / 10);
      expect(DECODE[coding]!(bytes).toString()).toBe(BIG);
    }
  });

  it("breaks ties between equal weights by the server's order, not the client's", async () => {
    for (const [accept, coding] of [
      // curl --compressed (built with brotli and zstd)
      ["deflate, gzip, br, zstd", "br"],
      ["deflate, gzip", "gzip"],
      ["deflate;q=0.9, gzip;q=0.9, br;q=0.8", "gzip"],
      ["deflate, br;q=0.5, *", "gzip"],
      ["*", "br"],
      ["gzip, *;q=0.5", "gzip"],
      ["identity, deflate, gzip", "gzip"],
    ] as const) {
      const response = await text(BIG)(fakeRequest("GET", "/", { "accept-encoding": accept }));
      expect(fieldsOf(response).get("content-encoding"), accept).toBe(coding);
    }
    const gzipFirst = withCompression(
      () => ({ headers: { "content-type": "text/plain" }, body: BIG }),
      { encodings: ["gzip", "br"] },
    );
    const response = await gzipFirst(fakeRequest("GET", "/", { "accept-encoding": "br, gzip" }));
    expect(fieldsOf(response).get("content-encoding")).toBe("gzip");
  });

  it("sends identity when the client weighs it above every coding", async () => {
    for (const accept of ["identity, gzip;q=0.5", "gzip;q=0.5, br;q=0.5, deflate;q=0.5, *"]) {
      const response = await text(BIG)(fakeRequest("GET", "/", { "accept-encoding": accept }));
      expect(fieldsOf(response).has("content-encoding"), accept).toBe(false);
    }
  });

  it("compresses NDJSON, JSON sequences, YAML and +json types", async () => {
    for (const type of [
      "application/x-ndjson",
      "application/jsonl",
      "application/json-seq",
      "application/yaml",
      "application/geo+json-seq",
      "application/problem+json; charset=utf-8",
    ]) {
      const response = await withCompression(() => ({
        headers: { "content-type": type },
        body: BIG,
      }))(fakeRequest("GET", "/", { "accept-encoding": "gzip" }));
      expect(fieldsOf(response).get("content-encoding"), type).toBe("gzip");
    }
  });

  it("sends identity without Accept-Encoding, with identity preferred, or none acceptable", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { "accept-encoding": "" },
      { "accept-encoding": "identity" },
      { "accept-encoding": "compress" },
    ]) {
      const response = await text(BIG)(fakeRequest("GET", "/", headers));
      expect(fieldsOf(response).has("content-encoding")).toBe(false);
      // The response still varies on the field (RFC 9110 §12.5.5).
      expect(fieldsOf(response).get("vary")).toBe("Accept-Encoding");
      expect(response.body).toBe(BIG);
    }
  });

  it("skips small bodies, encoded content, other types, no-transform, HEAD, 204, 304", async () => {
    const gz = { "accept-encoding": "gzip" };
    const small = await text("short")(fakeRequest("GET", "/", gz));
    expect(fieldsOf(small).has("content-encoding")).toBe(false);
    const encoded = await text(BIG, { "content-encoding": "br" })(fakeRequest("GET", "/", gz));
    expect(fieldsOf(encoded).get("content-encoding")).toBe("br");
    expect(encoded.body).toBe(BIG);
    const png = await withCompression(() => ({
      headers: { "content-type": "image/png" },
      body: BIG,
    }))(fakeRequest("GET", "/", gz));
    expect(fieldsOf(png).has("content-encoding")).toBe(false);
    expect(fieldsOf(png).has("vary")).toBe(false);
    const sse = await withCompression(() => ({
      headers: { "content-type": "text/event-stream" },
      body: BIG,
    }))(fakeRequest("GET", "/", gz));
    expect(fieldsOf(sse).has("content-encoding")).toBe(false);
    const noTransform = await text(BIG, { "cache-control": "no-transform" })(
      fakeRequest("GET", "/", gz),
    );
    expect(fieldsOf(noTransform).has("content-encoding")).toBe(false);
    const head = await text(BIG)(fakeRequest("HEAD", "/", gz));
    expect(fieldsOf(head).has("content-encoding")).toBe(false);
    expect(fieldsOf(head).get("vary")).toBe("Accept-Encoding");
    const empty = await withCompression(() => ({ status: 204 }))(fakeRequest("GET", "/", gz));
    expect(statusOf(empty)).toBe(204);
    expect(fieldsOf(empty).has("vary")).toBe(false);
  });

  it("compresses a threshold-sized body and honours a custom threshold and codings", async () => {
    const exact = withCompression(
      () => ({ headers: { "content-type": "text/plain" }, body: "a".repeat(100) }),
      {
        threshold: 100,
        encodings: ["gzip"],
      },
    );
    const response = await exact(fakeRequest("GET", "/", { "accept-encoding": "br, gzip;q=0.1" }));
    expect(fieldsOf(response).get("content-encoding")).toBe("gzip");
  });

  it("weakens a strong ETag, or suffixes it", async () => {
    const weak = await text(BIG, { etag: '"v1"' })(
      fakeRequest("GET", "/", { "accept-encoding": "gzip" }),
    );
    expect(fieldsOf(weak).get("etag")).toBe('W/"v1"');
    const suffixed = withCompression(
      () => ({ headers: { "content-type": "text/plain", etag: '"v1"' }, body: BIG }),
      { etag: "suffix" },
    );
    const response = await suffixed(fakeRequest("GET", "/", { "accept-encoding": "br" }));
    expect(fieldsOf(response).get("etag")).toBe('"v1-br"');
    const identity = await text(BIG, { etag: '"v1"' })(fakeRequest("GET", "/"));
    expect(fieldsOf(identity).get("etag")).toBe('"v1"');
  });

  it("keeps 304s working: weak tags match If-None-Match, suffixes are stripped", async () => {
    const app = () => ({ headers: { "content-type": "text/html", etag: '"v1"' }, body: BIG });
    const weak = compose(withCompression, withConditionalRequests)(app);
    const first = await weak(fakeRequest("GET", "/", { "accept-encoding": "gzip" }));
    const tag = fieldsOf(first).get("etag")!;
    const again = await weak(
      fakeRequest("GET", "/", { "accept-encoding": "gzip", "if-none-match": tag }),
    );
    expect(statusOf(again)).toBe(304);
    // RFC 9110 §15.4.5: the 304 carries the Vary the 200 carried.
    expect(fieldsOf(again).get("vary")).toBe("Accept-Encoding");
    expect(fieldsOf(again).get("etag")).toBe('W/"v1"');

    const suffix = compose(
      (h) => withCompression(h, { etag: "suffix" }),
      withConditionalRequests,
    )(app);
    const revalidated = await suffix(
      fakeRequest("GET", "/", { "accept-encoding": "gzip", "if-none-match": '"v1-gzip"' }),
    );
    expect(statusOf(revalidated)).toBe(304);
    expect(fieldsOf(revalidated).get("etag")).toBe('"v1-gzip"');
    // A small body is never compressed, so its 304 keeps the strong tag.
    const small = compose(
      withCompression,
      withConditionalRequests,
    )(() => ({
      headers: { "content-type": "text/html", etag: '"s1"' },
      body: "tiny",
    }));
    const smallAgain = await small(
      fakeRequest("GET", "/", { "accept-encoding": "gzip", "if-none-match": '"s1"' }),
    );
    expect(statusOf(smallAgain)).toBe(304);
    expect(fieldsOf(smallAgain).get("etag")).toBe('"s1"');
  });

  it("passes 206 through untouched, with Vary", async () => {
    const handler = compose(
      withCompression,
      withRanges,
    )(() => ({
      headers: { "content-type": "text/plain" },
      body: BIG,
    }));
    const response = await handler(
      fakeRequest("GET", "/", { "accept-encoding": "gzip", range: "bytes=0-9" }),
    );
    expect(statusOf(response)).toBe(206);
    expect(fieldsOf(response).has("content-encoding")).toBe(false);
    expect(fieldsOf(response).get("vary")).toBe("Accept-Encoding");
    expect((await bodyOf(response)).toString()).toBe(BIG.slice(0, 10));
    const full = await handler(fakeRequest("GET", "/", { "accept-encoding": "gzip" }));
    // Ranges of the coded content are not offered.
    expect(fieldsOf(full).has("accept-ranges")).toBe(false);
  });

  it("compresses streams as streams, dropping Content-Length", async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => `chunk ${i} `.repeat(100));
    for (const make of [
      () => Readable.from(chunks),
      () =>
        (async function* () {
          yield* chunks;
        })(),
      () =>
        Readable.toWeb(
          Readable.from(chunks.map((c) => Buffer.from(c))),
        ) as ReadableStream<Uint8Array>,
    ]) {
      const handler = withCompression(() => ({
        headers: {
          "content-type": "application/json",
          "content-length": String(chunks.join("").length),
        },
        body: make(),
      }));
      const response = await handler(fakeRequest("GET", "/", { "accept-encoding": "gzip" }));
      expect(fieldsOf(response).get("content-encoding")).toBe("gzip");
      expect(fieldsOf(response).has("content-length")).toBe(false);
      expect(gunzipSync(await bodyOf(response)).toString()).toBe(chunks.join(""));
    }
  });

  it("propagates a stream error to the compressed stream", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("disk gone"));
      },
    });
    const handler = withCompression(() => ({
      headers: { "content-type": "text/plain" },
      body: failing,
    }));
    const response = await handler(fakeRequest("GET", "/", { "accept-encoding": "gzip" }));
    await expect(bodyOf(response)).rejects.toThrow("disk gone");
  });

  it("appends to an existing Vary once", async () => {
    const response = await text(BIG, { vary: "Origin" })(
      fakeRequest("GET", "/", { "accept-encoding": "gzip" }),
    );
    expect(fieldsOf(response).get("vary")).toBe("Origin, Accept-Encoding");
    const twice = await text(BIG, { vary: "accept-encoding" })(
      fakeRequest("GET", "/", { "accept-encoding": "gzip" }),
    );
    expect(fieldsOf(twice).get("vary")).toBe("accept-encoding");
  });
});

describe("withCompression on files", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hw-compression-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Writes `content` at a fresh path; `replace()` renames `other` over it. */
  async function replaceable(name: string, content: string, other: string) {
    const path = join(dir, name);
    await writeFile(path, content);
    return {
      path,
      replace: () => renameOver(path, other),
    };
  }

  it("compresses the file it opened, even once another is renamed over it", async () => {
    const { path, replace } = await replaceable("big.txt", BIG, "small");
    const response = await applyCompression(
      fakeRequest("GET", "/", { "accept-encoding": "gzip" }),
      {
        body: { file: path },
      },
    );
    await replace();
    const fields = fieldsOf(response);
    expect(fields.get("content-encoding")).toBe("gzip");
    expect(fields.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(gunzipSync(await bodyOf(response)).toString()).toBe(BIG);
  });

  it("sends a file below the threshold as is, with the descriptor it measured", async () => {
    const { path, replace } = await replaceable("small.txt", "small file", BIG);
    const response = await applyCompression(
      fakeRequest("GET", "/", { "accept-encoding": "gzip" }),
      {
        body: { file: path },
      },
    );
    await replace();
    expect(fieldsOf(response).has("content-encoding")).toBe(false);
    expect(fieldsOf(response).get("vary")).toBe("Accept-Encoding");
    expect(openedFileOf(response.body)?.size).toBe(10);
    expect((await bodyOf(response)).toString()).toBe("small file");
  });

  it("compresses an empty file when the threshold is 0", async () => {
    const { path } = await replaceable("empty.txt", "", "");
    const response = await applyCompression(
      fakeRequest("GET", "/", { "accept-encoding": "gzip" }),
      { body: { file: path } },
      { threshold: 0 },
    );
    expect(fieldsOf(response).get("content-encoding")).toBe("gzip");
    expect(gunzipSync(await bodyOf(response)).toString()).toBe("");
  });

  it("leaves a missing file to the server (404)", async () => {
    const response = await applyCompression(
      fakeRequest("GET", "/", { "accept-encoding": "gzip" }),
      {
        body: { file: join(dir, "missing.txt") },
      },
    );
    expect(openedFileOf(response.body)).toBeUndefined();
  });

  it.skipIf(!canListDescriptors())(
    "opens the file once for ranges, validators and compression together",
    async () => {
      const sub = await mkdtemp(join(dir, "fd-"));
      const path = join(sub, "page.txt");
      await writeFile(path, BIG);
      const handler = compose(
        withCompression,
        withRanges,
        withConditionalRequests,
      )(() => ({ body: { file: path } }));
      const requests: Record<string, string>[] = [{}, { "accept-encoding": "gzip" }];
      for (const headers of requests) {
        const response = await handler(fakeRequest("GET", "/", headers));
        expect(descriptorsInto(sub)).toHaveLength(1);
        expect(fieldsOf(response).get("etag")).toMatch(/^(W\/)?"1900-/);
        const bytes = await bodyOf(response);
        expect("accept-encoding" in headers ? gunzipSync(bytes).toString() : bytes.toString()).toBe(
          BIG,
        );
      }
      const head = await handler(fakeRequest("HEAD", "/"));
      discardBody(head.body); // what the server does with the content of a HEAD response
      const etag = fieldsOf(head).get("etag")!;
      const notModified = await handler(fakeRequest("GET", "/", { "if-none-match": etag }));
      expect(statusOf(notModified)).toBe(304);
      const unsatisfiable = await handler(fakeRequest("GET", "/", { range: "bytes=9000-" }));
      expect(statusOf(unsatisfiable)).toBe(416);
      expect(await descriptorsLeftInto(sub)).toEqual([]);
    },
  );
});
