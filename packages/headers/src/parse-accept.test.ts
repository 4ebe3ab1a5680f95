import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAccept } from "./parse-accept.js";
import { parseAcceptCharset } from "./parse-accept-charset.js";
import { parseAcceptEncoding } from "./parse-accept-encoding.js";
import { isLanguageRange, parseAcceptLanguage } from "./parse-accept-language.js";

const plain = <T extends { parameters: Record<string, string> }>(xs: T[]) =>
  xs.map((x) => ({ ...x, parameters: { ...x.parameters } }));

describe("parseAccept (RFC 9110 §12.5.1)", () => {
  it("reads the RFC example", () => {
    const r = parseAccept(
      "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed,\ttext/plain;format=fixed;q=0.4, */*;q=0.5",
    );
    expect(r.ok && plain(r.value)).toEqual([
      { type: "text", subtype: "*", parameters: {}, q: 0.3 },
      { type: "text", subtype: "plain", parameters: {}, q: 0.7 },
      { type: "text", subtype: "plain", parameters: { format: "flowed" }, q: 1 },
      { type: "text", subtype: "plain", parameters: { format: "fixed" }, q: 0.4 },
      { type: "*", subtype: "*", parameters: {}, q: 0.5 },
    ]);
  });

  it("takes a q parameter in any case and position as the weight (§12.4.2)", () => {
    const r = parseAccept("text/html;Q=0.5;level=1");
    expect(r.ok && plain(r.value)).toEqual([
      { type: "text", subtype: "html", parameters: { level: "1" }, q: 0.5 },
    ]);
  });

  it("accepts an empty field and empty elements", () => {
    expect(parseAccept("")).toEqual({ ok: true, value: [] });
    expect(
      parseAccept(" , ,text/html,,").ok &&
        (parseAccept(" , ,text/html,,") as { value: unknown[] }).value.length,
    ).toBe(1);
  });

  it("rejects invalid elements with exact codes", () => {
    expect(parseAccept("*/html")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_ACCEPT" },
    });
    expect(parseAccept("text")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_ACCEPT" },
    });
    expect(parseAccept("text/html;q=2")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_QVALUE" },
    });
    expect(parseAccept("text/html;q=0.5000")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_QVALUE" },
    });
  });

  it("skips invalid elements when asked (both settings shown)", () => {
    const value = 'text/html;q=2, bogus, a/b;x="1,2", application/json';
    expect(parseAccept(value).ok).toBe(false);
    const r = parseAccept(value, { skipInvalidElements: true });
    expect(r.ok && r.value.map((m) => `${m.type}/${m.subtype}`)).toEqual([
      "a/b",
      "application/json",
    ]);
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseAccept(s);
        parseAccept(s, { skipInvalidElements: true });
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseAcceptEncoding (RFC 9110 §12.5.3)", () => {
  it("reads the RFC examples", () => {
    expect(parseAcceptEncoding("compress, gzip")).toEqual({
      ok: true,
      value: [
        { coding: "compress", q: 1 },
        { coding: "gzip", q: 1 },
      ],
    });
    expect(parseAcceptEncoding("")).toEqual({ ok: true, value: [] });
    expect(parseAcceptEncoding("*")).toEqual({ ok: true, value: [{ coding: "*", q: 1 }] });
    expect(parseAcceptEncoding("compress;q=0.5, gzip;q=1.0")).toEqual({
      ok: true,
      value: [
        { coding: "compress", q: 0.5 },
        { coding: "gzip", q: 1 },
      ],
    });
    expect(parseAcceptEncoding("gzip;q=1.0, identity; q=0.5, *;q=0")).toEqual({
      ok: true,
      value: [
        { coding: "gzip", q: 1 },
        { coding: "identity", q: 0.5 },
        { coding: "*", q: 0 },
      ],
    });
  });

  it("lower-cases codings and rejects other parameters", () => {
    expect(parseAcceptEncoding("GZIP")).toEqual({ ok: true, value: [{ coding: "gzip", q: 1 }] });
    expect(parseAcceptEncoding("gzip;level=1")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_ACCEPT_ENCODING" },
    });
    expect(parseAcceptEncoding("gzip;q=x")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_QVALUE" },
    });
    expect(parseAcceptEncoding("gz ip")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_ACCEPT_ENCODING" },
    });
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseAcceptEncoding(s, { skipInvalidElements: true })),
      { numRuns: 300 },
    );
  });
});

describe("parseAcceptLanguage (RFC 9110 §12.5.4, RFC 4647 §2.1)", () => {
  it("reads the RFC example", () => {
    expect(parseAcceptLanguage("da, en-gb;q=0.8, en;q=0.7")).toEqual({
      ok: true,
      value: [
        { range: "da", q: 1 },
        { range: "en-gb", q: 0.8 },
        { range: "en", q: 0.7 },
      ],
    });
  });

  it("validates language ranges", () => {
    for (const good of ["*", "en", "zh-Hant-TW", "de-CH-1996", "x-private"])
      expect(isLanguageRange(good)).toBe(true);
    for (const bad of [
      "",
      "-",
      "en-",
      "e1",
      "toolongtag",
      "en--us",
      "en-abcdefghi",
      "en_US",
      "*-us",
    ])
      expect(isLanguageRange(bad)).toBe(false);
    expect(parseAcceptLanguage("en_US")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_ACCEPT_LANGUAGE" },
    });
  });
});

describe("parseAcceptCharset (RFC 9110 §12.5.2)", () => {
  it("reads the RFC example", () => {
    expect(parseAcceptCharset("iso-8859-5, unicode-1-1;q=0.8")).toEqual({
      ok: true,
      value: [
        { charset: "iso-8859-5", q: 1 },
        { charset: "unicode-1-1", q: 0.8 },
      ],
    });
  });

  it("rejects garbage", () => {
    expect(parseAcceptCharset("utf-8;q=1.1")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_QVALUE" },
    });
    expect(parseAcceptCharset("utf 8")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_ACCEPT_CHARSET" },
    });
  });
});
