import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTransferEncoding, parseTransferEncoding } from "./parse-transfer-encoding.js";

const code = (v: string) => {
  const r = parseTransferEncoding(v);
  return r.ok ? undefined : r.error.code;
};
const tokenArb = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-!#$%&'*+.^_`|~"),
  minLength: 1,
  maxLength: 8,
});

describe("parseTransferEncoding (RFC 9112 §6.1)", () => {
  it("reads codings in order, lowercased", () => {
    expect(parseTransferEncoding("chunked")).toEqual({
      ok: true,
      value: [{ name: "chunked", parameters: [] }],
    });
    expect(parseTransferEncoding("gzip, Chunked")).toEqual({
      ok: true,
      value: [
        { name: "gzip", parameters: [] },
        { name: "chunked", parameters: [] },
      ],
    });
    expect(parseTransferEncoding('x;A=1; b="q q" ,chunked')).toEqual({
      ok: true,
      value: [
        {
          name: "x",
          parameters: [
            { name: "a", value: "1" },
            { name: "b", value: "q q" },
          ],
        },
        { name: "chunked", parameters: [] },
      ],
    });
  });

  it("ignores empty list elements (RFC 9110 §5.6.1.2)", () => {
    expect(parseTransferEncoding(", chunked,")).toEqual({
      ok: true,
      value: [{ name: "chunked", parameters: [] }],
    });
  });

  it.each([
    "",
    " , ",
    "chunked\u000b",
    "chunked x",
    "chunked;",
    "chunked; a",
    "chunked;a =1",
    "chunked;a= 1",
    "chunked;a=1;a=2",
    "\u00a0chunked",
    "chu\u0000nked",
    'chunked;a="unterminated',
    "chunked\r\nX: y",
  ])("rejects %j", (value) => {
    expect(code(value)).toBe("HW_HEADERS_INVALID_TRANSFER_ENCODING");
  });

  it("formats", () => {
    expect(formatTransferEncoding(["gzip", "Chunked"])).toBe("gzip, chunked");
    expect(formatTransferEncoding([{ name: "x", parameters: [{ name: "a", value: "b c" }] }])).toBe(
      'x;a="b c"',
    );
    expect(() => formatTransferEncoding([])).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_TRANSFER_ENCODING" }),
    );
    expect(() => formatTransferEncoding(["a b"])).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_TRANSFER_ENCODING" }),
    );
    expect(() =>
      formatTransferEncoding([{ name: "x", parameters: [{ name: "a", value: "\n" }] }]),
    ).toThrow(expect.objectContaining({ code: "HW_HEADERS_INVALID_TRANSFER_ENCODING" }));
  });

  it("property: parse(format(x)) = x", () => {
    const paramValue = fc.string({ unit: fc.constantFrom(...'ab c"\\=,;'), maxLength: 6 });
    const coding = fc.record({
      name: tokenArb,
      parameters: fc.uniqueArray(fc.record({ name: tokenArb, value: paramValue }), {
        maxLength: 3,
        selector: (p) => p.name,
      }),
    });
    fc.assert(
      fc.property(fc.array(coding, { minLength: 1, maxLength: 5 }), (codings) => {
        expect(parseTransferEncoding(formatTransferEncoding(codings))).toEqual({
          ok: true,
          value: codings,
        });
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseTransferEncoding(s);
      }),
      { numRuns: 300 },
    );
  });
});
