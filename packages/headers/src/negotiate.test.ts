import { describe, expect, it } from "vitest";
import { negotiateCharset, preferredCharsets } from "./negotiate-charset.js";
import { negotiateEncoding, preferredEncodings } from "./negotiate-encoding.js";
import { negotiateLanguage, preferredLanguages } from "./negotiate-language.js";
import { negotiateMediaType, preferredMediaTypes } from "./negotiate-media-type.js";

describe("media type negotiation (RFC 9110 §12.5.1)", () => {
  const accept =
    "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5";

  it("gives each type the weight of its most specific range (the RFC's table)", () => {
    // RFC 9110 §12.5.1 table. The RFC lists text/html;level=3 at 0.7, a leftover of
    // RFC 7231's example (which had text/html;q=0.7); under this Accept the most
    // specific range for it is text/*;q=0.3.
    const weights: [string, number][] = [
      ["text/plain;format=flowed", 1],
      ["text/plain", 0.7],
      ["text/html", 0.3],
      ["image/jpeg", 0.5],
      ["text/plain;format=fixed", 0.4],
      ["text/html;level=3", 0.3],
    ];
    const order = preferredMediaTypes(
      accept,
      weights.map(([t]) => t),
    );
    const sorted = [...weights].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    // Same weights sort in server order (all distinct except the two 0.3, kept in order).
    expect(order).toEqual(sorted);
  });

  it("a more specific q=0 excludes inside a wildcard", () => {
    expect(negotiateMediaType("text/*, text/html;q=0", ["text/html", "text/plain"])).toBe(
      "text/plain",
    );
    expect(negotiateMediaType("*/*;q=0", ["text/html"])).toBeUndefined();
  });

  it("treats an absent field as */* and an empty one as nothing", () => {
    expect(negotiateMediaType(undefined, ["a/b", "c/d"])).toBe("a/b");
    expect(negotiateMediaType(null, ["a/b"])).toBe("a/b");
    expect(negotiateMediaType("", ["a/b"])).toBeUndefined();
  });

  it("breaks ties by the client's order, then the server's", () => {
    expect(
      preferredMediaTypes("text/html, application/json", ["application/json", "text/html"]),
    ).toEqual(["text/html", "application/json"]);
    expect(preferredMediaTypes("*/*", ["b/b", "a/a"])).toEqual(["b/b", "a/a"]);
  });

  it("compares case-insensitively and ignores invalid offers", () => {
    expect(negotiateMediaType("TEXT/HTML", ["text/html"])).toBe("text/html");
    expect(negotiateMediaType("*/*", ["not a type", "a/b"])).toBe("a/b");
  });

  it("disregards invalid elements", () => {
    expect(
      negotiateMediaType("text/html;q=5, application/json;q=0.5", [
        "text/html",
        "application/json",
      ]),
    ).toBe("application/json");
  });

  it("lists acceptable ranges without offers", () => {
    expect(preferredMediaTypes("text/html;q=0.5, application/json, image/png;q=0")).toEqual([
      "application/json",
      "text/html",
    ]);
  });
});

describe("encoding negotiation (RFC 9110 §12.5.3)", () => {
  it("absent field: every coding is acceptable, server order", () => {
    expect(preferredEncodings(undefined, ["br", "gzip", "identity"])).toEqual([
      "br",
      "gzip",
      "identity",
    ]);
  });

  it("equal weights: the field's order by default, the server's with ties: offers", () => {
    const curl = "deflate, gzip, br, zstd";
    expect(preferredEncodings(curl, ["br", "gzip", "deflate"])).toEqual(["deflate", "gzip", "br"]);
    expect(preferredEncodings(curl, ["br", "gzip", "deflate"], { ties: "offers" })).toEqual([
      "br",
      "gzip",
      "deflate",
    ]);
    // The weight still comes first, and an excluded coding stays excluded.
    const weighted = "br;q=0.5, gzip, deflate;q=0";
    expect(negotiateEncoding(weighted, ["br", "gzip", "deflate"], { ties: "offers" })).toBe("gzip");
    expect(preferredEncodings(weighted, ["br", "gzip", "deflate"], { ties: "offers" })).toEqual([
      "gzip",
      "br",
    ]);
    // An offer matched by "*" ties with a named one of the same weight.
    expect(negotiateEncoding("gzip, *", ["br", "gzip"], { ties: "offers" })).toBe("br");
    expect(negotiateEncoding("gzip, *", ["br", "gzip"])).toBe("gzip");
  });

  it("empty field: identity only", () => {
    expect(negotiateEncoding("", ["gzip", "identity"])).toBe("identity");
    expect(negotiateEncoding("", ["gzip"])).toBeUndefined();
  });

  it("identity is acceptable unless excluded", () => {
    expect(negotiateEncoding("gzip", ["identity"])).toBe("identity");
    expect(negotiateEncoding("gzip, identity;q=0", ["identity"])).toBeUndefined();
    expect(negotiateEncoding("gzip, *;q=0", ["identity"])).toBeUndefined();
    expect(negotiateEncoding("*;q=0, identity", ["identity"])).toBe("identity");
  });

  it("prefers listed codings over the implied identity", () => {
    expect(preferredEncodings("gzip;q=0.8, br", ["identity", "gzip", "br"])).toEqual([
      "br",
      "gzip",
      "identity",
    ]);
  });

  it("x-gzip and x-compress are gzip and compress (§8.4.1.1, §8.4.1.3)", () => {
    expect(negotiateEncoding("x-gzip", ["gzip"])).toBe("gzip");
    expect(negotiateEncoding("gzip", ["x-gzip"])).toBe("x-gzip");
    expect(negotiateEncoding("x-compress;q=0.5, gzip;q=0.1", ["gzip", "compress"])).toBe(
      "compress",
    );
  });

  it("* matches codings not listed", () => {
    expect(negotiateEncoding("gzip;q=0, *", ["gzip", "br"])).toBe("br");
    expect(preferredEncodings("*;q=0.5, br")).toEqual(["br", "*"]);
  });
});

describe("language negotiation (RFC 9110 §12.5.4, RFC 4647 §3.3.1 basic filtering)", () => {
  it("a range matches the tag and its extensions at a hyphen", () => {
    expect(negotiateLanguage("en", ["en-US"])).toBe("en-US");
    expect(negotiateLanguage("zh-Hant", ["zh-Hant-TW"])).toBe("zh-Hant-TW");
    expect(negotiateLanguage("en", ["eng"])).toBeUndefined();
    expect(negotiateLanguage("en-US", ["en"])).toBeUndefined();
  });

  it("the longest matching range decides the weight", () => {
    expect(preferredLanguages("en;q=0.5, en-gb, fr;q=0.8", ["en-US", "en-GB", "fr"])).toEqual([
      "en-GB",
      "fr",
      "en-US",
    ]);
    expect(negotiateLanguage("*, de;q=0", ["de-AT", "it"])).toBe("it");
  });

  it("absent field accepts any language", () => {
    expect(negotiateLanguage(undefined, ["fr", "en"])).toBe("fr");
  });
});

describe("charset negotiation (RFC 9110 §12.5.2)", () => {
  it("matches case-insensitively, * covers what is not listed", () => {
    expect(preferredCharsets("utf-8, iso-8859-1;q=0.5", ["ISO-8859-1", "UTF-8"])).toEqual([
      "UTF-8",
      "ISO-8859-1",
    ]);
    expect(negotiateCharset("utf-8;q=0, *", ["utf-8", "iso-8859-1"])).toBe("iso-8859-1");
    expect(negotiateCharset(undefined, ["utf-8"])).toBe("utf-8");
    expect(negotiateCharset("iso-8859-5", ["utf-8"])).toBeUndefined();
  });
});
