import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExpect } from "./parse-expect.js";

describe("parseExpect (RFC 9110 §10.1.1)", () => {
  it("recognises 100-continue in any case", () => {
    expect(parseExpect("100-continue")).toEqual({
      ok: true,
      value: {
        continue: true,
        expectations: [{ name: "100-continue", value: undefined, parameters: [] }],
      },
    });
    expect(parseExpect("100-Continue").ok && true).toBe(true);
    const r = parseExpect("100-CONTINUE");
    expect(r.ok && r.value.continue).toBe(true);
  });
  it("keeps unknown expectations so a server can answer 417", () => {
    const r = parseExpect('foo=bar;a=1, baz="q"');
    expect(r).toEqual({
      ok: true,
      value: {
        continue: false,
        expectations: [
          { name: "foo", value: "bar", parameters: [{ name: "a", value: "1" }] },
          { name: "baz", value: "q", parameters: [] },
        ],
      },
    });
  });
  it("100-continue with a value is not 100-continue", () => {
    const r = parseExpect("100-continue=1");
    expect(r.ok && r.value.continue).toBe(false);
  });
  it.each(["100-continue;a=1", "a=", "a b", "=x", 'a="open', "a=b;c", "100-continue\r\n"])(
    "rejects %j",
    (value) => {
      const r = parseExpect(value);
      expect(r.ok ? undefined : r.error.code).toBe("HW_HEADERS_INVALID_EXPECT");
    },
  );
  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseExpect(s)),
      { numRuns: 300 },
    );
  });
});
