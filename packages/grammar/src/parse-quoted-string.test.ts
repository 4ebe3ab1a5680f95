import { describe, expect, it } from "vitest";
import { parseQuotedString } from "./parse-quoted-string.js";

describe("parseQuotedString (RFC 9110 §5.6.4)", () => {
  it("returns the value and the index past the closing quote", () => {
    expect(parseQuotedString('"utf-8"', 0)).toEqual({ value: "utf-8", end: 7 });
    expect(parseQuotedString('x="a b";y', 2)).toEqual({ value: "a b", end: 7 });
    expect(parseQuotedString('""', 0)).toEqual({ value: "", end: 2 });
  });
  it("unescapes quoted-pairs", () => {
    expect(parseQuotedString('"a \\"b\\"" rest', 0)).toEqual({ value: 'a "b"', end: 9 });
    expect(parseQuotedString('"\\\\"', 0)).toEqual({ value: "\\", end: 4 });
    expect(parseQuotedString('"\\a\\\t"', 0)).toEqual({ value: "a\t", end: 6 });
  });
  it("accepts HTAB, SP and obs-text as qdtext", () => {
    expect(parseQuotedString('"\tcaf\u00e9 "', 0)).toEqual({ value: "\tcaf\u00e9 ", end: 8 });
  });
  it("returns null when malformed", () => {
    expect(parseQuotedString("utf-8", 0)).toBeNull(); // no opening DQUOTE
    expect(parseQuotedString('"open', 0)).toBeNull();
    expect(parseQuotedString('"open\\"', 0)).toBeNull(); // the last quote is escaped
    expect(parseQuotedString('"a\\', 0)).toBeNull();
    expect(parseQuotedString('"a\r\nb"', 0)).toBeNull();
    expect(parseQuotedString('"a\0"', 0)).toBeNull();
    expect(parseQuotedString('"a\x7f"', 0)).toBeNull();
    expect(parseQuotedString('"\\\n"', 0)).toBeNull(); // quoted-pair cannot escape LF
    expect(parseQuotedString('"\u0100"', 0)).toBeNull();
  });
});
