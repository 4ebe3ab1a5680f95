import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMediaType, parseContentType, parseMediaType } from "./parse-media-type.js";

const tokenChar = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~",
);
const token = fc.string({ unit: tokenChar, minLength: 1, maxLength: 12 });
const lowerToken = token.map((t) => t.toLowerCase());
const paramValue = fc.string({
  unit: fc.oneof(tokenChar, fc.constantFrom(" ", "\t", '"', "\\", ",", ";", "=", "é", "\u00ff")),
  maxLength: 12,
});

describe("parseMediaType", () => {
  it("reads the RFC 9110 §8.3.1 examples as equivalent", () => {
    const forms = [
      "text/html;charset=utf-8",
      'Text/HTML;Charset="utf-8"',
      'text/html; charset="utf-8"',
      "text/html;charset=UTF-8",
    ];
    for (const f of forms) {
      const r = parseMediaType(f);
      expect(r.ok && { ...r.value, parameters: { ...r.value.parameters } }).toEqual({
        type: "text",
        subtype: "html",
        parameters: { charset: "utf-8" },
      });
    }
  });

  it("keeps the case of parameter values other than charset", () => {
    const r = parseMediaType('multipart/form-data; boundary="AbC"');
    expect(r.ok && r.value.parameters.boundary).toBe("AbC");
  });

  it("allows OWS around the value and empty parameters", () => {
    expect(parseMediaType("  text/plain ; ; a=b  ").ok).toBe(true);
    expect(parseMediaType("text/plain;").ok).toBe(true);
  });

  it("rejects what is not a media type", () => {
    for (const bad of [
      "",
      "text",
      "text/",
      "/html",
      "text /html",
      "text/ html",
      "text/html x",
      "text/html, text/plain",
      "text/html; a",
      "text/html; a = b",
      'text/html; a="b',
    ])
      expect(parseMediaType(bad)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_MEDIA_TYPE" },
      });
  });

  it("rejects a repeated parameter (RFC 6838 §4.3)", () => {
    expect(parseMediaType("text/plain; charset=a; Charset=b")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_DUPLICATE_PARAMETER" },
    });
  });

  it("keeps __proto__ as a plain parameter name", () => {
    const r = parseMediaType("a/b; __proto__=x");
    expect(r.ok && Object.entries(r.value.parameters)).toEqual([["__proto__", "x"]]);
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseMediaType(s)),
      { numRuns: 300 },
    );
  });

  it("round-trips through formatMediaType", () => {
    fc.assert(
      fc.property(
        lowerToken,
        lowerToken,
        fc.dictionary(lowerToken, paramValue, { maxKeys: 4 }),
        (type, subtype, params) => {
          const parameters = { ...params };
          if (parameters.charset !== undefined)
            parameters.charset = parameters.charset.toLowerCase();
          const r = parseMediaType(formatMediaType({ type, subtype, parameters }));
          expect(r.ok).toBe(true);
          if (r.ok)
            expect({ ...r.value, parameters: { ...r.value.parameters } }).toEqual({
              type,
              subtype,
              parameters,
            });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("formatMediaType", () => {
  it("quotes only values that are not tokens", () => {
    expect(
      formatMediaType({
        type: "text",
        subtype: "plain",
        parameters: { charset: "utf-8", a: "b c", e: "" },
      }),
    ).toBe('text/plain; charset=utf-8; a="b c"; e=""');
  });

  it("throws HW_HEADERS_INVALID_MEDIA_TYPE for invalid input", () => {
    expect(() => formatMediaType({ type: "te xt", subtype: "plain" })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_MEDIA_TYPE" }),
    );
    expect(() =>
      formatMediaType({ type: "text", subtype: "plain", parameters: { "a b": "c" } }),
    ).toThrow(expect.objectContaining({ code: "HW_HEADERS_INVALID_MEDIA_TYPE" }));
    expect(() =>
      formatMediaType({ type: "text", subtype: "plain", parameters: { a: "line\nbreak" } }),
    ).toThrow(expect.objectContaining({ code: "HW_HEADERS_INVALID_MEDIA_TYPE" }));
  });
});

describe("parseContentType", () => {
  it("gives the essence and the charset", () => {
    const r = parseContentType("Application/JSON; Charset=UTF-8");
    expect(r.ok && [r.value.essence, r.value.charset]).toEqual(["application/json", "utf-8"]);
  });

  it("rejects a combined value of two lines (Content-Type is a singleton)", () => {
    expect(parseContentType("text/html, text/plain").ok).toBe(false);
  });

  it("reads common and other media types, names and charsets alike, in any ASCII case", () => {
    const read = (text: string) => {
      const r = parseContentType(text);
      return r.ok ? [r.value.essence, { ...r.value.parameters }] : r.error.code;
    };
    const cases: [string, unknown][] = [
      ["TEXT/HTML; CHARSET=UTF-16LE", ["text/html", { charset: "utf-16le" }]],
      ['text/html; charset="UTF-16"', ["text/html", { charset: "utf-16" }]],
      ["text/html; charset=utf-16x", ["text/html", { charset: "utf-16x" }]],
      ["text/htmlx", ["text/htmlx", {}]],
      ["texts/html", ["texts/html", {}]],
      ["Application/Vnd.API+JSON", ["application/vnd.api+json", {}]],
      ["MULTIPART/Form-Data; Boundary=AbC", ["multipart/form-data", { boundary: "AbC" }]],
      ["a/b; q=1; qq=2; Q2=3", ["a/b", { q: "1", qq: "2", q2: "3" }]],
      ["text/html; charset=utf-8; CHARSET=utf-8", "HW_HEADERS_DUPLICATE_PARAMETER"],
      ["text/html; a=1; b=2; A=3", "HW_HEADERS_DUPLICATE_PARAMETER"],
      ["text/html; charset =utf-8", "HW_HEADERS_INVALID_MEDIA_TYPE"],
      ["text /html", "HW_HEADERS_INVALID_MEDIA_TYPE"],
      ["text/", "HW_HEADERS_INVALID_MEDIA_TYPE"],
    ];
    for (const [text, expected] of cases) expect([text, read(text)]).toEqual([text, expected]);
  });

  it("reads a long quoted value as strictly as a short one (RFC 9110 §5.6.4)", () => {
    const boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    const read = (value: string) => {
      const r = parseContentType(`multipart/form-data; boundary=${value}; a=b`);
      return r.ok ? r.value.parameters.boundary : r.error.code;
    };
    expect(read(`"${boundary}"`)).toBe(boundary);
    expect(read(`"${boundary} \t\u00e9"`)).toBe(`${boundary} \t\u00e9`);
    expect(read(`"${boundary}\\"q"`)).toBe(`${boundary}"q`);
    for (const bad of ["\u0000", "\n", "\u007f", "\u0100"])
      expect(read(`"${boundary}${bad}x"`)).toBe("HW_HEADERS_INVALID_MEDIA_TYPE");
    expect(read(`"${boundary}`)).toBe("HW_HEADERS_INVALID_MEDIA_TYPE");
  });
});
