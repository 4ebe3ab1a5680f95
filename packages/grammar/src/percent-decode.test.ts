import { describe, expect, it } from "vitest";
import { GrammarErrorCode } from "./errors.js";
import { percentDecode } from "./percent-decode.js";

describe("percentDecode (RFC 3986 §2.1)", () => {
  it("decodes escapes as UTF-8, in either case", () => {
    expect(percentDecode("caf%C3%A9%20au%20lait")).toEqual({ ok: true, value: "café au lait" });
    expect(percentDecode("%e2%82%ac")).toEqual({ ok: true, value: "€" });
    expect(percentDecode("%F0%9F%98%80")).toEqual({ ok: true, value: "😀" });
    expect(percentDecode("%2525")).toEqual({ ok: true, value: "%25" });
    expect(percentDecode("%00")).toEqual({ ok: true, value: "\0" });
  });
  it("passes other characters through, '+' included", () => {
    expect(percentDecode("a+b")).toEqual({ ok: true, value: "a+b" });
    expect(percentDecode("é%20€")).toEqual({ ok: true, value: "é €" });
    expect(percentDecode("")).toEqual({ ok: true, value: "" });
  });
  it("keeps a leading byte order mark", () => {
    expect(percentDecode("%EF%BB%BFx")).toEqual({ ok: true, value: "\ufeffx" });
  });
  it("refuses invalid escapes with HW_GRAMMAR_INVALID_PERCENT_ENCODING and the offset of '%'", () => {
    for (const [text, offset] of [
      ["100%", 3],
      ["%", 0],
      ["%4", 0],
      ["a%g1", 1],
      ["%41%", 3],
      ["%%41", 0],
      ["% 41", 0],
    ] as const) {
      const r = percentDecode(text);
      expect(r.ok, text).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe(GrammarErrorCode.INVALID_PERCENT_ENCODING);
      expect(r.error.offset).toBe(offset);
    }
  });
  it("refuses bytes that are not UTF-8 with HW_GRAMMAR_INVALID_UTF8", () => {
    for (const text of [
      "%FF",
      "%C3",
      "%C3%28",
      "%C0%AF",
      "%ED%A0%80",
      "%F4%90%80%80",
      "%80",
      "a%E2%82",
    ]) {
      const r = percentDecode(text);
      expect(!r.ok && r.error.code, text).toBe(GrammarErrorCode.INVALID_UTF8);
    }
  });
  it("refuses a lone surrogate beside escapes with HW_GRAMMAR_UNENCODABLE", () => {
    const r = percentDecode("\ud800%41");
    expect(!r.ok && r.error.code).toBe(GrammarErrorCode.UNENCODABLE);
  });
});
