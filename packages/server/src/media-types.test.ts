import { describe, expect, it } from "vitest";
import {
  isCompressibleMediaType,
  MEDIA_TYPE_TABLE,
  MEDIA_TYPES,
  mediaTypeForPath,
} from "./media-types.js";

describe("media types", () => {
  it("covers the common web extensions", () => {
    const required =
      "html css js mjs json map txt xml svg png jpg jpeg gif webp avif ico woff woff2 ttf otf wasm pdf zip gz br mp4 webm mp3 ogg wav csv md";
    for (const extension of required.split(" ")) {
      expect(MEDIA_TYPES[extension], extension).toBeTypeOf("string");
    }
  });

  it("gives text types charset=utf-8 and nothing else a charset", () => {
    for (const row of MEDIA_TYPE_TABLE) {
      expect(row.type.endsWith("; charset=utf-8")).toBe(row.type.startsWith("text/"));
      expect(row.extension).toBe(row.extension.toLowerCase());
    }
    expect(new Set(MEDIA_TYPE_TABLE.map((row) => row.extension)).size).toBe(
      MEDIA_TYPE_TABLE.length,
    );
  });

  it("agrees with isCompressibleMediaType row by row", () => {
    for (const row of MEDIA_TYPE_TABLE) {
      expect(isCompressibleMediaType(row.type), row.extension).toBe(row.compressible);
    }
  });

  it.each([
    ["/srv/www/index.html", "text/html; charset=utf-8"],
    ["app.MJS", "text/javascript; charset=utf-8"],
    ["archive.tar.gz", "application/gzip"],
    ["style.css.br", "application/x-brotli"],
    ["photo.JPEG", "image/jpeg"],
    ["C:\\site\\font.woff2", "font/woff2"],
    ["data.json", "application/json"],
    ["README", undefined],
    [".bashrc", undefined],
    ["dir.d/file", undefined],
    ["trailing.", undefined],
    ["x.exe", undefined],
  ])("mediaTypeForPath(%j) is %j", (path, type) => {
    expect(mediaTypeForPath(path)).toBe(type);
  });

  it.each([
    ["text/html; charset=utf-8", true],
    ["TEXT/CSV", true],
    ["application/ld+json", true],
    ["application/problem+json; charset=utf-8", true],
    ["application/atom+xml", true],
    ["image/svg+xml", true],
    ["application/json", true],
    ["application/wasm", true],
    [" application/javascript ", true],
    ["application/x-ndjson", true],
    ["application/ndjson", true],
    ["application/jsonl", true],
    ["application/json-seq", true],
    ["application/geo+json-seq", true],
    ["application/yaml", true],
    ["application/openapi+yaml", true],
    ["application/toml", true],
    ["application/graphql", true],
    ["image/png", false],
    ["font/woff2", false],
    ["application/octet-stream", false],
    ["video/mp4", false],
    ["application/gzip", false],
    ["text", false],
    ["text/", false],
    ["", false],
  ])("isCompressibleMediaType(%j) is %s", (type, expected) => {
    expect(isCompressibleMediaType(type)).toBe(expected);
  });
});
