import { describe, expect, it } from "vitest";
import { parseComment } from "./parse-comment.js";

describe("parseComment (RFC 9110 §5.6.5)", () => {
  it("reads a flat comment", () => {
    expect(parseComment("(compatible)", 0)).toEqual({ value: "compatible", end: 12 });
    expect(parseComment("Mozilla/5.0 (X11; Linux x86_64) x", 12)).toEqual({
      value: "X11; Linux x86_64",
      end: 31,
    });
    expect(parseComment("()", 0)).toEqual({ value: "", end: 2 });
  });
  it("nests", () => {
    expect(parseComment("(compatible; (nested)) x", 0)).toEqual({
      value: "compatible; (nested)",
      end: 22,
    });
    expect(parseComment("(a (b (c)) d)", 0)).toEqual({ value: "a (b (c)) d", end: 13 });
  });
  it("unescapes quoted-pairs, so escaped parentheses do not nest", () => {
    expect(parseComment("(a \\( b)", 0)).toEqual({ value: "a ( b", end: 8 });
    expect(parseComment("(\\))", 0)).toEqual({ value: ")", end: 4 });
  });
  it("survives very deep nesting without recursion", () => {
    const deep = `${"(".repeat(100_000)}${")".repeat(100_000)}`;
    expect(parseComment(deep, 0)?.end).toBe(200_000);
  });
  it("returns null when malformed", () => {
    expect(parseComment("x", 0)).toBeNull();
    expect(parseComment("(open", 0)).toBeNull();
    expect(parseComment("(a (b)", 0)).toBeNull();
    expect(parseComment("(a\\", 0)).toBeNull();
    expect(parseComment("(a\r\n)", 0)).toBeNull();
    expect(parseComment("(\u0100)", 0)).toBeNull();
  });
});
