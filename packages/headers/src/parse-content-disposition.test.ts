import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeExtValue, encodeExtValue } from "./ext-value.js";
import { formatContentDisposition, parseContentDisposition } from "./parse-content-disposition.js";

const parsed = (v: string) => {
  const r = parseContentDisposition(v);
  return r.ok ? { ...r.value, parameters: { ...r.value.parameters } } : r.error.code;
};

describe("parseContentDisposition (RFC 6266)", () => {
  it("reads the RFC 6266 §5 examples", () => {
    expect(parsed("Attachment; filename=example.html")).toEqual({
      type: "attachment",
      filename: "example.html",
      parameters: { filename: "example.html" },
    });
    expect(parsed('INLINE; FILENAME= "an example.html"')).toBe(
      "HW_HEADERS_INVALID_CONTENT_DISPOSITION",
    );
    expect(parsed('INLINE; FILENAME="an example.html"')).toEqual({
      type: "inline",
      filename: "an example.html",
      parameters: { filename: "an example.html" },
    });
    expect(parsed("attachment; filename*= UTF-8''%e2%82%ac%20rates")).toBe(
      "HW_HEADERS_INVALID_CONTENT_DISPOSITION",
    );
    expect(parsed("attachment; filename*=UTF-8''%e2%82%ac%20rates")).toEqual({
      type: "attachment",
      filename: "€ rates",
      parameters: { "filename*": "€ rates" },
    });
    expect(parsed(`attachment; filename="EURO rates"; filename*=utf-8''%e2%82%ac%20rates`)).toEqual(
      {
        type: "attachment",
        filename: "€ rates",
        parameters: { filename: "EURO rates", "filename*": "€ rates" },
      },
    );
  });

  it("rejects repeated parameters (RFC 6266 §4.1) and junk", () => {
    expect(parsed('attachment; filename="a"; FILENAME="b"')).toBe(
      "HW_HEADERS_INVALID_CONTENT_DISPOSITION",
    );
    expect(parsed("")).toBe("HW_HEADERS_INVALID_CONTENT_DISPOSITION");
    expect(parsed("attachment; filename")).toBe("HW_HEADERS_INVALID_CONTENT_DISPOSITION");
    expect(parsed("attachment x")).toBe("HW_HEADERS_INVALID_CONTENT_DISPOSITION");
  });

  it("decodes ext-values strictly, drops unsupported charsets (RFC 6266 §4.3 fallback)", () => {
    expect(parsed("attachment; filename*=UTF-8''%e2%82")).toBe("HW_HEADERS_INVALID_EXT_VALUE");
    expect(parsed("attachment; filename*=UTF-8''%zz")).toBe("HW_HEADERS_INVALID_EXT_VALUE");
    expect(parsed("attachment; filename*=UTF-8''a%2")).toBe("HW_HEADERS_INVALID_EXT_VALUE");
    expect(parsed("attachment; filename*=noquotes")).toBe("HW_HEADERS_INVALID_EXT_VALUE");
    expect(parsed(`attachment; filename="x.txt"; filename*=koi8-r''%c1`)).toEqual({
      type: "attachment",
      filename: "x.txt",
      parameters: { filename: "x.txt" },
    });
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseContentDisposition(s)),
      { numRuns: 300 },
    );
  });
});

describe("RFC 8187 ext-value", () => {
  it("decodes UTF-8 and ISO-8859-1 with the RFC 8187 §3.2.2 examples", () => {
    expect(decodeExtValue("iso-8859-1'en'%A3%20rates")).toEqual({
      ok: true,
      value: { charset: "iso-8859-1", language: "en", value: "£ rates" },
    });
    expect(decodeExtValue("UTF-8''%c2%a3%20and%20%e2%82%ac%20rates")).toEqual({
      ok: true,
      value: { charset: "utf-8", language: "", value: "£ and € rates" },
    });
  });

  it("is strict", () => {
    expect(decodeExtValue("UTF-8''a b")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_EXT_VALUE" },
    });
    expect(decodeExtValue("UTF-8''%ff")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_EXT_VALUE" },
    });
    expect(decodeExtValue("''abc")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_INVALID_EXT_VALUE" },
    });
    expect(decodeExtValue("utf-16''abc")).toMatchObject({
      ok: false,
      error: { code: "HW_HEADERS_UNSUPPORTED_CHARSET" },
    });
  });

  it("round-trips any well-formed string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(decodeExtValue(encodeExtValue(s))).toEqual({
          ok: true,
          value: { charset: "utf-8", language: "", value: s },
        });
      }),
      { numRuns: 300 },
    );
    expect(encodeExtValue("€ rates")).toBe("UTF-8''%E2%82%AC%20rates");
  });
});

describe("formatContentDisposition", () => {
  it("keeps ASCII names in filename and uses filename* otherwise, with a fallback", () => {
    expect(formatContentDisposition({ filename: "plans.pdf" })).toBe(
      'attachment; filename="plans.pdf"',
    );
    expect(formatContentDisposition({ type: "inline" })).toBe("inline");
    expect(formatContentDisposition({ filename: "€ résumé.pdf" })).toBe(
      `attachment; filename="? resume.pdf"; filename*=UTF-8''%E2%82%AC%20r%C3%A9sum%C3%A9.pdf`,
    );
    expect(formatContentDisposition({ filename: "é.txt" }, { fallback: "e.txt" })).toBe(
      `attachment; filename="e.txt"; filename*=UTF-8''%C3%A9.txt`,
    );
    expect(formatContentDisposition({ filename: "é.txt" }, { fallback: false })).toBe(
      `attachment; filename*=UTF-8''%C3%A9.txt`,
    );
    expect(formatContentDisposition({ filename: "100%41.txt" })).toContain("filename*=");
    expect(formatContentDisposition({ filename: 'a"b\\c' })).toBe(
      'attachment; filename="a\\"b\\\\c"',
    );
  });

  it("puts Latin-1 names in filename only when allowed (both settings)", () => {
    expect(formatContentDisposition({ filename: "café" })).toContain("filename*=");
    expect(formatContentDisposition({ filename: "café" }, { allowLatin1Filename: true })).toBe(
      'attachment; filename="café"',
    );
  });

  it("throws for invalid input", () => {
    expect(() => formatContentDisposition({ type: "at tachment" })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CONTENT_DISPOSITION" }),
    );
    expect(() => formatContentDisposition({ filename: "a" }, { fallback: "é" })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CONTENT_DISPOSITION" }),
    );
    expect(() =>
      formatContentDisposition({ filename: "a", parameters: { filename: "b" } }),
    ).toThrow(expect.objectContaining({ code: "HW_HEADERS_INVALID_CONTENT_DISPOSITION" }));
  });

  it("round-trips file names", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (name) => {
        const r = parseContentDisposition(formatContentDisposition({ filename: name }));
        expect(r.ok && r.value.filename).toBe(name);
      }),
      { numRuns: 300 },
    );
  });
});
