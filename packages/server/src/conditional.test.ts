import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, fakeRequest, fieldsOf, statusOf } from "../test/feature-request.js";
import { canListDescriptors, descriptorsLeftInto } from "../test/open-descriptors.js";
import { renameOver } from "../test/rename-over.js";
import {
  applyConditionalRequest,
  fileETag,
  notModified,
  preconditionFailed,
  withConditionalRequests,
} from "./conditional.js";
import { openedFileOf } from "./opened-file-body.js";
import type { Handler } from "./server-options.js";

const LAST_MODIFIED = "Tue, 15 Nov 1994 12:45:26 GMT";
const page: Handler = () => ({
  headers: {
    ETag: '"v1"',
    "Last-Modified": LAST_MODIFIED,
    "Content-Type": "text/html; charset=utf-8",
    "Content-Language": "en",
    "Cache-Control": "max-age=60",
    Vary: "Accept-Language",
    Expires: "Tue, 15 Nov 1994 13:45:26 GMT",
    "Content-Location": "/page.en",
    "Set-Cookie": "a=1",
  },
  body: "<p>hello</p>",
});

describe("withConditionalRequests", () => {
  const handler = withConditionalRequests(page);

  it("answers 304 to a matching If-None-Match (RFC 9110 §13.1.2, weak comparison)", async () => {
    const response = await handler(fakeRequest("GET", "/", { "if-none-match": 'W/"v1"' }));
    expect(statusOf(response)).toBe(304);
    expect(response.body).toBeUndefined();
    const fields = fieldsOf(response);
    // RFC 9110 §15.4.5: the fields a 200 would carry among these stay.
    expect(fields.get("etag")).toBe('"v1"');
    expect(fields.get("cache-control")).toBe("max-age=60");
    expect(fields.get("vary")).toBe("Accept-Language");
    expect(fields.get("expires")).toBe("Tue, 15 Nov 1994 13:45:26 GMT");
    expect(fields.get("content-location")).toBe("/page.en");
    expect(fields.get("set-cookie")).toBe("a=1");
    // Other representation metadata goes; Last-Modified too, as an ETag is there.
    expect(fields.has("content-type")).toBe(false);
    expect(fields.has("content-language")).toBe(false);
    expect(fields.has("last-modified")).toBe(false);
  });

  it("answers 304 to HEAD as to GET, and 200 to a different tag", async () => {
    expect(statusOf(await handler(fakeRequest("HEAD", "/", { "if-none-match": '"v1"' })))).toBe(
      304,
    );
    expect(
      statusOf(await handler(fakeRequest("GET", "/", { "if-none-match": '"v0", "v2"' }))),
    ).toBe(200);
    expect(statusOf(await handler(fakeRequest("GET", "/", { "if-none-match": "*" })))).toBe(304);
  });

  it("answers If-Modified-Since at one-second resolution, ignored next to If-None-Match", async () => {
    const same = await handler(fakeRequest("GET", "/", { "if-modified-since": LAST_MODIFIED }));
    expect(statusOf(same)).toBe(304);
    const earlier = await handler(
      fakeRequest("GET", "/", { "if-modified-since": "Tue, 15 Nov 1994 12:45:25 GMT" }),
    );
    expect(statusOf(earlier)).toBe(200);
    // RFC 9110 §13.2.2 step 4: only without If-None-Match.
    const both = await handler(
      fakeRequest("GET", "/", { "if-none-match": '"other"', "if-modified-since": LAST_MODIFIED }),
    );
    expect(statusOf(both)).toBe(200);
  });

  it("answers 412 to a failing If-Match or If-Unmodified-Since", async () => {
    const ifMatch = await handler(fakeRequest("GET", "/", { "if-match": '"v2"' }));
    expect(statusOf(ifMatch)).toBe(412);
    expect(await bodyOf(ifMatch)).toEqual(Buffer.from("Precondition Failed\n"));
    // If-Match is strong: a weak tag never matches (RFC 9110 §13.1.1).
    expect(statusOf(await handler(fakeRequest("GET", "/", { "if-match": 'W/"v1"' })))).toBe(412);
    expect(statusOf(await handler(fakeRequest("GET", "/", { "if-match": '"v1"' })))).toBe(200);
    const unmodified = await handler(
      fakeRequest("GET", "/", { "if-unmodified-since": "Mon, 14 Nov 1994 00:00:00 GMT" }),
    );
    expect(statusOf(unmodified)).toBe(412);
  });

  it("never answers 304 to a malformed If-None-Match", async () => {
    expect(statusOf(await handler(fakeRequest("GET", "/", { "if-none-match": "v1" })))).toBe(200);
  });

  it("leaves non-2xx responses alone (RFC 9110 §13.2.1)", async () => {
    const missing = withConditionalRequests(() => ({ status: 404, headers: { etag: '"x"' } }));
    expect(statusOf(await missing(fakeRequest("GET", "/", { "if-none-match": '"x"' })))).toBe(404);
    expect(statusOf(await missing(fakeRequest("GET", "/", { "if-match": '"y"' })))).toBe(404);
  });

  it("does not evaluate unsafe methods after the fact without validators", async () => {
    let calls = 0;
    const put = withConditionalRequests(() => {
      calls++;
      return { status: 204, headers: { etag: '"v2"' } };
    });
    expect(statusOf(await put(fakeRequest("PUT", "/", { "if-match": '"v1"' })))).toBe(204);
    expect(calls).toBe(1);
  });

  it("refuses an unsafe method before the handler runs when validators are given", async () => {
    let calls = 0;
    const put = withConditionalRequests(
      () => {
        calls++;
        return { status: 204 };
      },
      { validators: () => ({ etag: '"v1"' }) },
    );
    expect(statusOf(await put(fakeRequest("PUT", "/", { "if-match": '"v0"' })))).toBe(412);
    expect(calls).toBe(0);
    expect(statusOf(await put(fakeRequest("PUT", "/", { "if-match": '"v1"' })))).toBe(204);
    expect(calls).toBe(1);
    // If-None-Match: * creates only when nothing exists (RFC 9110 §13.1.2).
    const create = withConditionalRequests(() => ({ status: 201 }), {
      validators: () => ({ exists: false }),
    });
    expect(statusOf(await create(fakeRequest("PUT", "/", { "if-none-match": "*" })))).toBe(201);
    expect(statusOf(await put(fakeRequest("PUT", "/", { "if-none-match": "*" })))).toBe(412);
  });

  it("builds a 304 from up-front validators with the handler's fields", async () => {
    const get = withConditionalRequests(
      () => ({ headers: { "cache-control": "no-cache" }, body: "x" }),
      {
        validators: () => ({ etag: '"v9"' }),
      },
    );
    const response = await get(fakeRequest("GET", "/", { "if-none-match": '"v9"' }));
    expect(statusOf(response)).toBe(304);
    expect(fieldsOf(response).get("etag")).toBe('"v9"');
    expect(fieldsOf(response).get("cache-control")).toBe("no-cache");
  });

  it("releases a streaming body it does not send", async () => {
    const stream = Readable.from(["a", "b"]);
    const streaming = withConditionalRequests(() => ({ headers: { etag: '"s"' }, body: stream }));
    const response = await streaming(fakeRequest("GET", "/", { "if-none-match": '"s"' }));
    expect(statusOf(response)).toBe(304);
    expect(stream.destroyed).toBe(true);
  });
});

describe("applyConditionalRequest", () => {
  it("generates a strong ETag from in-memory content, stable and content-dependent", async () => {
    const a = await applyConditionalRequest(fakeRequest("GET", "/"), { body: "hello" });
    const b = await applyConditionalRequest(fakeRequest("GET", "/"), { body: "hello" });
    const c = await applyConditionalRequest(fakeRequest("GET", "/"), { body: "hellO" });
    const tag = fieldsOf(a).get("etag");
    expect(tag).toMatch(/^"5-[A-Za-z0-9_-]{27}"$/);
    expect(fieldsOf(b).get("etag")).toBe(tag);
    expect(fieldsOf(c).get("etag")).not.toBe(tag);
    const cached = await applyConditionalRequest(
      fakeRequest("GET", "/", { "if-none-match": tag! }),
      {
        body: "hello",
      },
    );
    expect(statusOf(cached)).toBe(304);
  });

  it("does not generate one when told not to, nor for POST", async () => {
    const off = await applyConditionalRequest(
      fakeRequest("GET", "/"),
      { body: "x" },
      { generateETag: false },
    );
    expect(fieldsOf(off).has("etag")).toBe(false);
    const post = await applyConditionalRequest(fakeRequest("POST", "/"), { body: "x" });
    expect(fieldsOf(post).has("etag")).toBe(false);
  });

  describe("file content", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "hw-conditional-"));
      await writeFile(join(dir, "a.txt"), "file content");
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("gets an ETag and Last-Modified from the file's size and mtime", async () => {
      const response = await applyConditionalRequest(fakeRequest("GET", "/"), {
        body: { file: join(dir, "a.txt") },
      });
      const fields = fieldsOf(response);
      expect(fields.get("etag")).toMatch(/^"c-[0-9a-f]+"$/);
      expect(fields.get("last-modified")).toMatch(/ GMT$/);
      const again = await applyConditionalRequest(
        fakeRequest("GET", "/", { "if-modified-since": fields.get("last-modified")! }),
        { body: { file: join(dir, "a.txt") }, headers: { etag: '"fixed"' } },
      );
      // The handler's own ETag is kept; no If-None-Match, so the date decides... but the
      // response has no Last-Modified of its own here: nothing to compare, so 200.
      expect(statusOf(again)).toBe(200);
      await bodyOf(response);
    });

    it("validates and passes on the file it opened, even once another is renamed over it", async () => {
      const path = join(dir, "replaced.txt");
      await writeFile(path, "the opened file, 28 bytes.\n\n");
      const opened = await stat(path);
      const response = await applyConditionalRequest(fakeRequest("GET", "/"), {
        body: { file: path },
      });
      await renameOver(path, "another file");
      expect(fieldsOf(response).get("etag")).toBe(fileETag(28, opened.mtimeMs));
      expect(openedFileOf(response.body)?.size).toBe(28);
      expect((await bodyOf(response)).toString()).toBe("the opened file, 28 bytes.\n\n");
    });

    it.skipIf(!canListDescriptors())("closes the file it opened on a 304 and a 412", async () => {
      const sub = await mkdtemp(join(dir, "fd-"));
      const path = join(sub, "a.txt");
      await writeFile(path, "file content");
      const first = await applyConditionalRequest(fakeRequest("GET", "/"), {
        body: { file: path },
      });
      const etag = fieldsOf(first).get("etag")!;
      await bodyOf(first);
      const cases: [Record<string, string>, number][] = [
        [{ "if-none-match": etag }, 304],
        [{ "if-match": '"other"' }, 412],
        [{ "if-unmodified-since": "Tue, 15 Nov 1994 12:45:26 GMT" }, 412],
      ];
      for (const [headers, status] of cases) {
        for (const method of ["GET", "HEAD"]) {
          const response = await applyConditionalRequest(fakeRequest(method, "/", headers), {
            body: { file: path },
          });
          expect(statusOf(response)).toBe(status);
          expect(openedFileOf(response.body)).toBeUndefined();
        }
      }
      expect(await descriptorsLeftInto(sub)).toEqual([]);
    });
  });
});

describe("helpers", () => {
  it("fileETag is size and mtime in hex", () => {
    expect(fileETag(1234, Date.UTC(2024, 0, 1))).toBe(`"4d2-${Date.UTC(2024, 0, 1).toString(16)}"`);
  });

  it("notModified and preconditionFailed", () => {
    expect(
      statusOf(notModified({ headers: { etag: '"a"', "last-modified": LAST_MODIFIED } })),
    ).toBe(304);
    const noTag = notModified({
      headers: { "last-modified": LAST_MODIFIED, "content-length": "5" },
    });
    // Without an ETag, Last-Modified is what lets a cache update its entry.
    expect(fieldsOf(noTag).get("last-modified")).toBe(LAST_MODIFIED);
    expect(fieldsOf(noTag).has("content-length")).toBe(false);
    expect(statusOf(preconditionFailed())).toBe(412);
  });
});
