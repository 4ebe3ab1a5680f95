import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, fakeRequest, fieldsOf, statusOf } from "../test/feature-request.js";
import { serveStatic } from "./serve-static.js";

let base: string;
let root: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "hw-static-"));
  root = join(base, "www");
  await mkdir(join(root, "docs"), { recursive: true });
  await mkdir(join(root, "empty"));
  await writeFile(join(root, "index.html"), "<h1>home</h1>");
  await writeFile(join(root, "docs", "index.html"), "<h1>docs</h1>");
  await writeFile(join(root, "app.js"), "console.log(1);".repeat(100));
  await writeFile(join(root, "app.js.gz"), gzipSync("console.log(1);".repeat(100)));
  await writeFile(join(root, "data"), "no extension");
  await writeFile(join(root, ".env"), "SECRET=1");
  await writeFile(join(base, "outside.txt"), "outside");
  await symlink(join(base, "outside.txt"), join(root, "escape.txt"));
  await symlink(join(root, "data"), join(root, "inside-link"));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe("serveStatic", () => {
  const get = (target: string, headers: Record<string, string> = {}, method = "GET") =>
    serveStatic(root, { precompressed: true })(fakeRequest(method, target, headers));

  it("serves a file with type, validators and Accept-Ranges", async () => {
    const response = await get("/index.html");
    expect(statusOf(response)).toBe(200);
    const fields = fieldsOf(response);
    expect(fields.get("content-type")).toBe("text/html; charset=utf-8");
    expect(fields.get("etag")).toMatch(/^"d-[0-9a-f]+"$/);
    expect(fields.get("last-modified")).toMatch(/GMT$/);
    expect(fields.get("accept-ranges")).toBe("bytes");
    expect((await bodyOf(response)).toString()).toBe("<h1>home</h1>");
  });

  it("serves index files and redirects a directory without its slash", async () => {
    expect((await bodyOf(await get("/"))).toString()).toBe("<h1>home</h1>");
    expect((await bodyOf(await get("/docs/"))).toString()).toBe("<h1>docs</h1>");
    const redirect = await get("/docs?x=1");
    expect(statusOf(redirect)).toBe(301);
    expect(fieldsOf(redirect).get("location")).toBe("/docs/?x=1");
    // Built from the segments, so "//" cannot become a protocol-relative URL.
    expect(fieldsOf(await get("//docs")).get("location")).toBe("/docs/");
    expect(statusOf(await get("/empty/"))).toBe(404);
    expect(statusOf(await get("/index.html/"))).toBe(404);
  });

  it("refuses traversal, dotfiles and links out of the root", async () => {
    expect(statusOf(await get("/../outside.txt"))).toBe(403);
    expect(statusOf(await get("/%2e%2e/outside.txt"))).toBe(403);
    expect(statusOf(await get("/..%5coutside.txt"))).toBe(403);
    expect(statusOf(await get("/.env"))).toBe(403);
    expect(statusOf(await get("/%00"))).toBe(400);
    expect(statusOf(await get("/escape.txt"))).toBe(403);
    expect(statusOf(await get("/inside-link"))).toBe(200);
    const lax = serveStatic(root, { followSymlinks: true, dotfiles: "ignore" });
    expect(statusOf(await lax(fakeRequest("GET", "/escape.txt")))).toBe(200);
    expect(statusOf(await lax(fakeRequest("GET", "/.env")))).toBe(404);
  });

  it("answers 404, 405 with Allow, and OPTIONS", async () => {
    expect(statusOf(await get("/missing"))).toBe(404);
    const post = await get("/index.html", {}, "POST");
    expect(statusOf(post)).toBe(405);
    expect(fieldsOf(post).get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(statusOf(await get("/", {}, "OPTIONS"))).toBe(204);
    const fallback = serveStatic(root, { notFound: () => ({ status: 200, body: "spa" }) });
    expect((await fallback(fakeRequest("GET", "/route/in/app"))).body).toBe("spa");
  });

  it("sends application/octet-stream with nosniff for unknown types", async () => {
    const fields = fieldsOf(await get("/data"));
    expect(fields.get("content-type")).toBe("application/octet-stream");
    expect(fields.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers conditional and range requests", async () => {
    const first = await get("/index.html");
    const etag = fieldsOf(first).get("etag")!;
    const cached = await get("/index.html", { "if-none-match": etag });
    expect(statusOf(cached)).toBe(304);
    expect(fieldsOf(cached).get("etag")).toBe(etag);
    expect(statusOf(await get("/index.html", { "if-match": '"nope"' }))).toBe(412);
    const partial = await get("/index.html", { range: "bytes=1-2" });
    expect(statusOf(partial)).toBe(206);
    expect((await bodyOf(partial)).toString()).toBe("h1");
    expect(statusOf(await get("/index.html", { range: "bytes=99-" }))).toBe(416);
  });

  it("chooses a precompressed sibling by Accept-Encoding, with Vary and its own ETag", async () => {
    const plain = await get("/app.js");
    const gz = await get("/app.js", { "accept-encoding": "br, gzip" });
    expect(fieldsOf(plain).get("vary")).toBe("Accept-Encoding");
    expect(fieldsOf(plain).has("content-encoding")).toBe(false);
    expect(fieldsOf(gz).get("content-encoding")).toBe("gzip");
    expect(fieldsOf(gz).get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(fieldsOf(gz).get("etag")).not.toBe(fieldsOf(plain).get("etag"));
    expect((await bodyOf(gz))[0]).toBe(0x1f);
    const noSibling = await get("/index.html", { "accept-encoding": "gzip" });
    expect(fieldsOf(noSibling).has("vary")).toBe(false);
  });

  it("serves under a prefix, with Cache-Control", async () => {
    const mounted = serveStatic(root, { prefix: "/assets", cacheControl: "public, max-age=60" });
    const response = await mounted(fakeRequest("GET", "/assets/index.html"));
    expect(statusOf(response)).toBe(200);
    expect(fieldsOf(response).get("cache-control")).toBe("public, max-age=60");
    expect(statusOf(await mounted(fakeRequest("GET", "/index.html")))).toBe(404);
    expect(fieldsOf(await mounted(fakeRequest("GET", "/assets/docs"))).get("location")).toBe(
      "/assets/docs/",
    );
  });
});
