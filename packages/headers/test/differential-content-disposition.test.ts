import * as contentDisposition from "content-disposition";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeExtValue } from "../src/ext-value.js";
import {
  formatContentDisposition,
  parseContentDisposition,
} from "../src/parse-content-disposition.js";

/**
 * hyperwire's Content-Disposition functions against `content-disposition`
 * (jshttp). Deliberate differences are asserted at the end and listed in the README.
 */

const tchars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&'*+-.^_`|~";
const token = fc.string({ unit: fc.constantFrom(...tchars), minLength: 1, maxLength: 8 });
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
const quoted = printable.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`);

describe("differential: Content-Disposition vs content-disposition", () => {
  it("agrees on generated values with filename and filename*", () => {
    const header = fc
      .tuple(
        fc.constantFrom("attachment", "inline", "Attachment", "form-data"),
        fc.option(fc.oneof(token, quoted), { nil: undefined }),
        fc.option(fc.string({ unit: "grapheme", maxLength: 10 }), { nil: undefined }),
        fc.boolean(),
      )
      .map(([type, filename, star, starFirst]) => {
        const parts = [
          ...(filename === undefined ? [] : [`filename=${filename}`]),
          ...(star === undefined ? [] : [`filename*=${encodeExtValue(star)}`]),
        ];
        if (starFirst) parts.reverse();
        return [type, ...parts].join("; ");
      });
    fc.assert(
      fc.property(header, (h) => {
        const ours = parseContentDisposition(h);
        const theirs = contentDisposition.parse(h);
        expect(ours.ok).toBe(true);
        if (!ours.ok) return;
        expect(ours.value.type).toBe(theirs.type);
        expect(ours.value.filename).toBe(theirs.parameters.filename);
      }),
      { numRuns: 300 },
    );
  });

  it("each formatter's output gives back the name through both parsers", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), (name) => {
        fc.pre(!/[\x00-\x1f\x7f]/.test(name));
        for (const h of [
          formatContentDisposition({ filename: name }),
          contentDisposition.create(name),
        ]) {
          const ours = parseContentDisposition(h);
          expect(ours.ok && ours.value.filename).toBe(name);
          expect(contentDisposition.parse(h).parameters.filename).toBe(name);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("agrees on hand-picked values (RFC 6266 §5)", () => {
    for (const h of [
      "Attachment; filename=example.html",
      'INLINE; FILENAME="an example.html"',
      "attachment; filename*=UTF-8''%e2%82%ac%20rates",
      `attachment; filename="EURO rates"; filename*=utf-8''%e2%82%ac%20rates`,
      "attachment; filename*=iso-8859-1'en'%A3%20rates",
    ]) {
      const ours = parseContentDisposition(h);
      const theirs = contentDisposition.parse(h);
      expect(ours.ok && [ours.value.type, ours.value.filename]).toEqual([
        theirs.type,
        theirs.parameters.filename,
      ]);
    }
  });

  describe("deliberate differences", () => {
    it("a repeated parameter makes the value invalid (RFC 6266 §4.1)", () => {
      expect(
        contentDisposition.parse('attachment; filename="a"; filename="b"').parameters.filename,
      ).toBe("a");
      expect(parseContentDisposition('attachment; filename="a"; filename="b"')).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_CONTENT_DISPOSITION" },
      });
    });

    it("a malformed ext-value is an error (RFC 8187 §3.2.1 grammar)", () => {
      expect(contentDisposition.parse("attachment; filename*=UTF-8''%e2%82").parameters).toEqual({
        "filename*": "UTF-8''%e2%82",
      });
      expect(parseContentDisposition("attachment; filename*=UTF-8''%e2%82")).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_EXT_VALUE" },
      });
    });

    it("a value is a token or a quoted-string (RFC 6266 §4.1)", () => {
      expect(contentDisposition.parse("attachment; filename=a b").parameters.filename).toBe("a b");
      expect(parseContentDisposition("attachment; filename=a b").ok).toBe(false);
    });

    it("the ASCII fallback drops accents before replacing what is left with ?", () => {
      expect(contentDisposition.create("résumé.pdf")).toBe(
        `attachment; filename="r?sum?.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`,
      );
      expect(formatContentDisposition({ filename: "résumé.pdf" })).toBe(
        `attachment; filename="resume.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`,
      );
    });
  });
});
