import fc from "fast-check";
import Negotiator from "negotiator";
import { describe, expect, it } from "vitest";
import { preferredCharsets } from "../src/negotiate-charset.js";
import { negotiateEncoding, preferredEncodings } from "../src/negotiate-encoding.js";
import { negotiateLanguage, preferredLanguages } from "../src/negotiate-language.js";
import { negotiateMediaType, preferredMediaTypes } from "../src/negotiate-media-type.js";

/**
 * hyperwire's negotiators against `negotiator` (jshttp), on Accept* values
 * generated from the RFC 9110 grammar with valid qvalues. Deliberate
 * differences are asserted at the end and listed in the README.
 */

const neg = (headers: Record<string, string>) => new Negotiator({ headers });
const qvalue = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 0, max: 1000 }).map((n) => String(n / 1000)),
  fc.constantFrom("0", "1", "1.0", "0.5"),
);
const weighted = (element: fc.Arbitrary<string>) =>
  fc
    .array(fc.tuple(element, qvalue), { maxLength: 6 })
    .map((xs) => xs.map(([e, q]) => (q === undefined ? e : `${e};q=${q}`)).join(", "));

const types = ["text", "application", "image"];
const subtypes = ["html", "json", "plain", "png"];
const mediaRange = fc.oneof(
  fc.constant("*/*"),
  fc.constantFrom(...types).map((t) => `${t}/*`),
  fc.tuple(fc.constantFrom(...types), fc.constantFrom(...subtypes)).map(([t, s]) => `${t}/${s}`),
  fc
    .tuple(fc.constantFrom(...types), fc.constantFrom(...subtypes), fc.constantFrom("1", "2"))
    .map(([t, s, l]) => `${t}/${s};level=${l}`),
);
const mediaOffers = fc.uniqueArray(
  fc.oneof(
    fc.tuple(fc.constantFrom(...types), fc.constantFrom(...subtypes)).map(([t, s]) => `${t}/${s}`),
    fc
      .tuple(fc.constantFrom(...types), fc.constantFrom(...subtypes), fc.constantFrom("1", "2"))
      .map(([t, s, l]) => `${t}/${s};level=${l}`),
  ),
  { maxLength: 5 },
);

describe("differential: negotiation vs negotiator", () => {
  it("media types: same order on generated Accept values", () => {
    fc.assert(
      fc.property(weighted(mediaRange), mediaOffers, (accept, offers) => {
        expect(preferredMediaTypes(accept, offers)).toEqual(neg({ accept }).mediaTypes(offers));
      }),
      { numRuns: 300 },
    );
  });

  it("media types: same ranges listed without offers", () => {
    fc.assert(
      fc.property(weighted(mediaRange), (accept) => {
        expect(preferredMediaTypes(accept)).toEqual(neg({ accept }).mediaTypes());
      }),
      { numRuns: 200 },
    );
  });

  it("encodings: same order on generated Accept-Encoding values", () => {
    const coding = fc.constantFrom("gzip", "br", "deflate", "identity", "*", "GZIP");
    const offers = fc.uniqueArray(fc.constantFrom("gzip", "br", "deflate", "identity", "zstd"), {
      maxLength: 5,
    });
    fc.assert(
      fc.property(weighted(coding), offers, (accept, offered) => {
        expect(preferredEncodings(accept, offered)).toEqual(
          neg({ "accept-encoding": accept }).encodings(offered),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("languages: same order when ranges are primary tags or *", () => {
    const range = fc.constantFrom("en", "fr", "de", "*", "EN");
    const offers = fc.uniqueArray(fc.constantFrom("en", "en-US", "en-GB", "fr", "fr-CA", "de"), {
      maxLength: 5,
    });
    fc.assert(
      fc.property(weighted(range), offers, (accept, offered) => {
        expect(preferredLanguages(accept, offered)).toEqual(
          neg({ "accept-language": accept }).languages(offered),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("charsets: same order", () => {
    const charset = fc.constantFrom("utf-8", "iso-8859-1", "*", "UTF-8", "us-ascii");
    const offers = fc.uniqueArray(fc.constantFrom("utf-8", "iso-8859-1", "us-ascii", "utf-16"), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(weighted(charset), offers, (accept, offered) => {
        expect(preferredCharsets(accept, offered)).toEqual(
          neg({ "accept-charset": accept }).charsets(offered),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("agrees on hand-picked headers", () => {
    const accept =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    const offers = ["application/json", "text/html", "image/webp"];
    expect(preferredMediaTypes(accept, offers)).toEqual(neg({ accept }).mediaTypes(offers));
    const ae = "gzip, deflate, br, zstd";
    expect(preferredEncodings(ae, ["identity", "br", "gzip"])).toEqual(
      neg({ "accept-encoding": ae }).encodings(["identity", "br", "gzip"]),
    );
    const al = "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5";
    expect(preferredLanguages(al, ["de", "en", "fr", "it"])).toEqual(
      neg({ "accept-language": al }).languages(["de", "en", "fr", "it"]),
    );
  });

  describe("deliberate differences", () => {
    it("an invalid qvalue makes the element invalid, so it is disregarded (RFC 9110 §12.4.2)", () => {
      const accept = "text/html;q=2, application/json;q=0.5";
      expect(neg({ accept }).mediaTypes(["text/html", "application/json"])).toEqual([
        "text/html",
        "application/json",
      ]);
      expect(preferredMediaTypes(accept, ["text/html", "application/json"])).toEqual([
        "application/json",
      ]);
      expect(neg({ "accept-charset": "utf-8;q=0.5000" }).charsets(["utf-8"])).toEqual(["utf-8"]);
      expect(preferredCharsets("utf-8;q=0.5000", ["utf-8"])).toEqual([]);
    });

    it("no Accept-Encoding field means any coding is acceptable (RFC 9110 §12.5.3)", () => {
      expect(neg({}).encodings(["gzip", "identity"])).toEqual(["identity"]);
      expect(preferredEncodings(undefined, ["gzip", "identity"])).toEqual(["gzip", "identity"]);
      expect(negotiateEncoding(undefined, ["gzip"])).toBe("gzip");
    });

    it("x-gzip is gzip (RFC 9110 §8.4.1.3)", () => {
      expect(neg({ "accept-encoding": "x-gzip" }).encodings(["gzip"])).toEqual([]);
      expect(preferredEncodings("x-gzip", ["gzip"])).toEqual(["gzip"]);
    });

    it("language ranges match by RFC 4647 §3.3.1 basic filtering", () => {
      // A longer range does not match a shorter tag...
      expect(neg({ "accept-language": "en-US" }).languages(["en"])).toEqual(["en"]);
      expect(negotiateLanguage("en-US", ["en"])).toBeUndefined();
      // ...and a range matches every tag it is a prefix of, not only the first subtag.
      expect(neg({ "accept-language": "zh-Hant" }).languages(["zh-Hant-TW"])).toEqual([]);
      expect(negotiateLanguage("zh-Hant", ["zh-Hant-TW"])).toBe("zh-Hant-TW");
    });

    it("a range matching more parameters is more specific (RFC 9110 §12.5.1)", () => {
      const accept = "text/html;level=1, text/html;level=1;charset=utf-8;q=0.2";
      const offers = ["text/html;level=1;charset=utf-8", "text/html;level=1"];
      expect(neg({ accept }).mediaTypes(offers)).toEqual(offers);
      expect(preferredMediaTypes(accept, offers)).toEqual([offers[1], offers[0]]);
    });

    it('"*/subtype" is not a media range (RFC 9110 §12.5.1)', () => {
      expect(neg({ accept: "*/html" }).mediaTypes(["text/html"])).toEqual(["text/html"]);
      expect(negotiateMediaType("*/html", ["text/html"])).toBeUndefined();
      expect(negotiateMediaType("*/html, text/plain", ["text/html", "text/plain"])).toBe(
        "text/plain",
      );
    });
  });
});
