import { describe, expect, it } from "vitest";
import { GrammarError, GrammarErrorCode, HyperwireError, isHyperwireError } from "./errors.js";

describe("GrammarError", () => {
  it("carries code, offset and status hint and is recognised by brand", () => {
    const e = new GrammarError(GrammarErrorCode.INVALID_HOST, "bad host", {
      offset: 3,
      statusHint: 400,
    });
    expect(e).toBeInstanceOf(HyperwireError);
    expect(e.name).toBe("GrammarError");
    expect(e.code).toBe("HW_GRAMMAR_INVALID_HOST");
    expect(e.offset).toBe(3);
    expect(e.statusHint).toBe(400);
    expect(isHyperwireError(e)).toBe(true);
    expect(isHyperwireError(new Error("x"))).toBe(false);
    expect(isHyperwireError(null)).toBe(false);
  });
  it("has distinct, stable HW_GRAMMAR_ codes", () => {
    const codes = Object.values(GrammarErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^HW_GRAMMAR_[A-Z0-9_]+$/);
  });
});
