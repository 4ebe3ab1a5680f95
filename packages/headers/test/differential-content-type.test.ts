import * as contentType from "content-type";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMediaType, parseMediaType } from "../src/parse-media-type.js";

/**
 * hyperwire's media type parser against `content-type` (jshttp). They agree on
 * every value that matches RFC 9110 §8.3.1, except that hyperwire lower-cases
 * the charset value; the deliberate differences are asserted at the end and
 * listed in the README ("Differences from the jshttp packages").
 */

const tchars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
const token = fc.string({ unit: fc.constantFrom(...tchars), minLength: 1, maxLength: 8 });
const quotable = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...tchars),
    fc.constantFrom(" ", "\t", '"', "\\", ",", ";", "=", "/", "é"),
  ),
  maxLength: 8,
});
const ows = fc.constantFrom("", " ", "  ", "\t");
const quoteValue = (v: string) => `"${v.replace(/["\\]/g, "\\$&")}"`;
const parameter = fc.tuple(token, fc.oneof(token, quotable.map(quoteValue)), ows, ows);
const mediaTypeText = fc
  .tuple(
    ows,
    token,
    token,
    fc.uniqueArray(parameter, { selector: (p) => p[0].toLowerCase(), maxLength: 4 }),
    ows,
  )
  .map(
    ([lead, type, subtype, params, trail]) =>
      `${lead}${type}/${subtype}${params.map(([n, v, a, b]) => `${a};${b}${n}=${v}`).join("")}${trail}`,
  );

const normalise = (params: Record<string, string>) => {
  const out: Record<string, string> = { ...params };
  if (out.charset !== undefined) out.charset = out.charset.toLowerCase();
  return out;
};

describe("differential: parseMediaType vs content-type", () => {
  it("agrees on generated valid media types (charset compared case-insensitively)", () => {
    fc.assert(
      fc.property(mediaTypeText, (text) => {
        const ours = parseMediaType(text);
        const theirs = contentType.parse(text);
        expect(ours.ok).toBe(true);
        if (!ours.ok) return;
        expect(`${ours.value.type}/${ours.value.subtype}`).toBe(theirs.type);
        expect({ ...ours.value.parameters }).toEqual(normalise(theirs.parameters));
      }),
      { numRuns: 300 },
    );
  });

  it("agrees on hand-picked values", () => {
    for (const text of [
      "text/html",
      "TEXT/HTML; CHARSET=utf-8",
      'text/html; charset="utf-8"',
      'multipart/form-data; boundary="----=_Part_1"',
      "application/vnd.api+json",
      "text/plain;;a=b",
      'text/plain; a="\\"q\\""',
    ]) {
      const ours = parseMediaType(text);
      const theirs = contentType.parse(text);
      expect(ours.ok && `${ours.value.type}/${ours.value.subtype}`).toBe(theirs.type);
      expect(ours.ok && { ...ours.value.parameters }).toEqual(normalise(theirs.parameters));
    }
  });

  it("on arbitrary text, whatever hyperwire accepts content-type reads the same way", () => {
    const alphabet = fc.constantFrom(...'ab/;= \t",\\*x');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 20 }), (text) => {
        const ours = parseMediaType(text);
        const theirs = contentType.parse(text);
        if (ours.ok) {
          expect(`${ours.value.type}/${ours.value.subtype}`).toBe(theirs.type);
          expect({ ...ours.value.parameters }).toEqual(normalise(theirs.parameters));
        }
        // content-type 3 never refuses input; a type it does not consider valid we refuse too.
        if (!contentType.isTypeValid(theirs.type)) expect(ours.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("each formatter's output is read back identically by the other parser", () => {
    fc.assert(
      fc.property(
        token,
        token,
        fc.dictionary(
          token.map((t) => t.toLowerCase()),
          quotable,
          { maxKeys: 3 },
        ),
        (type, subtype, params) => {
          const mediaType = {
            type: type.toLowerCase(),
            subtype: subtype.toLowerCase(),
            parameters: params,
          };
          const ours = formatMediaType(mediaType);
          const theirs = contentType.format({
            type: `${mediaType.type}/${mediaType.subtype}`,
            parameters: params,
          });
          const a = parseMediaType(theirs);
          expect(a.ok && { ...a.value.parameters }).toEqual(normalise(params));
          expect(normalise(contentType.parse(ours).parameters)).toEqual(normalise(params));
        },
      ),
      { numRuns: 200 },
    );
  });

  describe("deliberate differences", () => {
    it("charset values are lower-cased (RFC 9110 §8.3.2: charset names are case-insensitive)", () => {
      expect(contentType.parse("text/html; charset=UTF-8").parameters.charset).toBe("UTF-8");
      const r = parseMediaType("text/html; charset=UTF-8");
      expect(r.ok && r.value.parameters.charset).toBe("utf-8");
    });

    it("values that do not match the grammar are refused (RFC 9110 §8.3.1, §5.6.6)", () => {
      const cases: [string, string][] = [
        ["text/html x", "text/html x"],
        ["text/html; foo", "text/html"],
        ['text/html; a="b" c', "text/html"],
        ["text/html; a = b", "text/html"],
        ["text", "text"],
      ];
      for (const [text, theirType] of cases) {
        expect(contentType.parse(text).type).toBe(theirType);
        expect(parseMediaType(text)).toMatchObject({
          ok: false,
          error: { code: "HW_HEADERS_INVALID_MEDIA_TYPE" },
        });
      }
    });

    it("a repeated parameter is refused (RFC 6838 §4.3); content-type keeps the first", () => {
      expect(contentType.parse("text/html; a=b; a=c").parameters).toEqual({ a: "b" });
      expect(parseMediaType("text/html; a=b; a=c")).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_DUPLICATE_PARAMETER" },
      });
    });
  });
});
