import { describe, expect, it } from "vitest";
import { GrammarErrorCode } from "./errors.js";
import { parseList } from "./parse-list.js";

describe("parseList (RFC 9110 §5.6.1)", () => {
  it("accepts the valid 1#element examples of §5.6.1.2", () => {
    expect(parseList("foo,bar", { minimum: 1 })).toEqual({ ok: true, value: ["foo", "bar"] });
    expect(parseList("foo ,bar,", { minimum: 1 })).toEqual({ ok: true, value: ["foo", "bar"] });
    expect(parseList("foo , ,bar,charlie", { minimum: 1 })).toEqual({
      ok: true,
      value: ["foo", "bar", "charlie"],
    });
  });
  it("rejects the invalid 1#element examples of §5.6.1.2 with HW_GRAMMAR_LIST_LENGTH", () => {
    for (const bad of ["", ",", ",   ,"]) {
      const r = parseList(bad, { minimum: 1 });
      expect(!r.ok && r.error.code).toBe(GrammarErrorCode.LIST_LENGTH);
    }
  });
  it("accepts an empty #element list when no minimum is given", () => {
    expect(parseList(",   ,")).toEqual({ ok: true, value: [] });
  });
  it("enforces a maximum", () => {
    expect(parseList("a,b", { maximum: 2 }).ok).toBe(true);
    const r = parseList("a,b,c", { maximum: 2 });
    expect(!r.ok && r.error.code).toBe(GrammarErrorCode.LIST_LENGTH);
  });
  it("rejects an unterminated quoted-string with HW_GRAMMAR_INVALID_LIST and its offset", () => {
    const r = parseList('a, "b, c');
    expect(!r.ok && r.error.code).toBe(GrammarErrorCode.INVALID_LIST);
    expect(!r.ok && r.error.offset).toBe(3);
    expect(parseList('a, "b\\"').ok).toBe(false);
  });
});
