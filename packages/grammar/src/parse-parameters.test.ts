import { describe, expect, it } from "vitest";
import { GrammarErrorCode } from "./errors.js";
import { parseParameters } from "./parse-parameters.js";

/** Parses the parameters after a media type's "type/subtype". */
const afterMediaType = (text: string, options?: Parameters<typeof parseParameters>[2]) =>
  parseParameters(text, /^[^;\s]*/.exec(text)![0].length, options);

describe("parseParameters (RFC 9110 §5.6.6)", () => {
  it("reads the four equivalent examples of §5.6.6 with a lowercased name", () => {
    for (const example of [
      "text/html;charset=utf-8",
      'Text/HTML;Charset="utf-8"',
      'text/html; charset="utf-8"',
      "text/html;charset=UTF-8",
    ]) {
      const r = afterMediaType(example);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.value.end).toBe(example.length);
      expect(r.value.parameters).toHaveLength(1);
      expect(r.value.parameters[0]!.name).toBe("charset");
      // Parameter values keep their case; charset values are case-insensitive per the field.
      expect(r.value.parameters[0]!.value.toLowerCase()).toBe("utf-8");
    }
  });
  it("unescapes quoted values and keeps token values as written", () => {
    const r = afterMediaType('a/b; title="say \\"hi\\""; q=0.5 ;X=Y');
    expect(r).toEqual({
      ok: true,
      value: {
        parameters: [
          { name: "title", value: 'say "hi"' },
          { name: "q", value: "0.5" },
          { name: "x", value: "Y" },
        ],
        end: 35,
      },
    });
  });
  it("skips empty parameters", () => {
    const r = afterMediaType("a/b;;  ; c=d;");
    expect(r.ok && r.value.parameters).toEqual([{ name: "c", value: "d" }]);
    expect(r.ok && r.value.end).toBe(13);
  });
  it("stops at a character that cannot continue the rule and leaves trailing OWS", () => {
    const text = "gzip;q=0.5 , br";
    const r = parseParameters(text, 4);
    expect(r).toEqual({ ok: true, value: { parameters: [{ name: "q", value: "0.5" }], end: 10 } });
    expect(parseParameters("x", 1)).toEqual({ ok: true, value: { parameters: [], end: 1 } });
    expect(parseParameters("x  ", 1)).toEqual({ ok: true, value: { parameters: [], end: 1 } });
  });
  it("rejects whitespace around '=' (RFC 9110 §5.6.6 ¶3) with HW_GRAMMAR_INVALID_PARAMETER", () => {
    for (const bad of ["a/b; charset =utf-8", "a/b; charset= utf-8"]) {
      const r = afterMediaType(bad);
      expect(!r.ok && r.error.code).toBe(GrammarErrorCode.INVALID_PARAMETER);
    }
  });
  it("rejects a name without a value and a malformed value", () => {
    for (const [bad, offset] of [
      ["a/b; charset", 12],
      ["a/b; charset=", 13],
      ['a/b; charset="utf-8', 13],
      ["a/b; charset=@", 13],
    ] as const) {
      const r = afterMediaType(bad);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe(GrammarErrorCode.INVALID_PARAMETER);
      expect(r.error.offset).toBe(offset);
    }
  });
  describe("duplicate names (compared case-insensitively)", () => {
    const text = "a/b;x=1;X=2;y=3";
    it('"reject" (the default) fails with HW_GRAMMAR_DUPLICATE_PARAMETER', () => {
      for (const r of [afterMediaType(text), afterMediaType(text, { duplicates: "reject" })]) {
        expect(!r.ok && r.error.code).toBe(GrammarErrorCode.DUPLICATE_PARAMETER);
        expect(!r.ok && r.error.offset).toBe(8);
      }
    });
    it('"first" keeps the first value', () => {
      const r = afterMediaType(text, { duplicates: "first" });
      expect(r.ok && r.value.parameters).toEqual([
        { name: "x", value: "1" },
        { name: "y", value: "3" },
      ]);
    });
    it('"last" keeps the last value at the first position', () => {
      const r = afterMediaType(text, { duplicates: "last" });
      expect(r.ok && r.value.parameters).toEqual([
        { name: "x", value: "2" },
        { name: "y", value: "3" },
      ]);
    });
    it('"all" keeps every occurrence', () => {
      const r = afterMediaType(text, { duplicates: "all" });
      expect(r.ok && r.value.parameters.map((p) => p.value)).toEqual(["1", "2", "3"]);
    });
  });
});
