import { describe, expect, it } from "vitest";
import {
  BYTE_CLASS,
  ByteClass,
  hexDigitValue,
  isFieldValue,
  isTchar,
  isToken,
} from "./byte-classes.js";

describe("tchar (RFC 9110 §5.6.2)", () => {
  it("accepts exactly the 15 symbols, digits and letters", () => {
    const accepted: string[] = [];
    for (let b = 0; b < 256; b++) if (isTchar(b)) accepted.push(String.fromCharCode(b));
    expect(accepted.join("")).toBe(
      "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~",
    );
  });
  it("rejects delimiters, whitespace and controls", () => {
    for (const c of [
      '"',
      "(",
      ")",
      ",",
      "/",
      ":",
      ";",
      "<",
      "=",
      ">",
      "?",
      "@",
      "[",
      "\\",
      "]",
      "{",
      "}",
      " ",
      "\t",
      "\0",
      "\x7f",
    ]) {
      expect(isTchar(c.charCodeAt(0))).toBe(false);
    }
  });
});

describe("isToken", () => {
  it("needs at least one tchar", () => {
    expect(isToken("")).toBe(false);
    expect(isToken("GET")).toBe(true);
    expect(isToken("X-Custom_Header.1")).toBe(true);
    expect(isToken("a b")).toBe(false);
    expect(isToken("é")).toBe(false);
    expect(isToken("\u0100")).toBe(false);
  });
  it("refuses values that are not strings, as plain JavaScript callers may pass them", () => {
    for (const value of [123, null, undefined, ["GET"], { length: 1 }]) {
      expect(isToken(value as unknown as string)).toBe(false);
      expect(isFieldValue(value as unknown as string)).toBe(false);
    }
  });
});

describe("isFieldValue (RFC 9110 §5.5)", () => {
  it("accepts visible text, inner whitespace and obs-text", () => {
    expect(isFieldValue("")).toBe(true);
    expect(isFieldValue("text/html; q=0.5")).toBe(true);
    expect(isFieldValue("a\tb")).toBe(true);
    expect(isFieldValue("caf\u00e9")).toBe(true);
  });
  it("rejects CR, LF, NUL, other controls and surrounding whitespace", () => {
    expect(isFieldValue("a\r\nb")).toBe(false);
    expect(isFieldValue("a\nb")).toBe(false);
    expect(isFieldValue("a\0b")).toBe(false);
    expect(isFieldValue("a\x7fb")).toBe(false);
    expect(isFieldValue(" a")).toBe(false);
    expect(isFieldValue("a\t")).toBe(false);
    expect(isFieldValue("\u2028")).toBe(false);
  });
});

describe("table consistency", () => {
  it("field-vchar is the union of VCHAR and obs-text", () => {
    for (let b = 0; b < 256; b++) {
      const entry = BYTE_CLASS[b]!;
      const union = (entry & (ByteClass.VCHAR | ByteClass.OBS_TEXT)) !== 0;
      expect((entry & ByteClass.FIELD_VCHAR) !== 0).toBe(union);
    }
  });
  it("hexDigitValue agrees with the HEXDIG bit", () => {
    for (let b = 0; b < 256; b++) {
      expect(hexDigitValue(b) >= 0).toBe((BYTE_CLASS[b]! & ByteClass.HEXDIG) !== 0);
    }
    expect(hexDigitValue(0x66)).toBe(15);
    expect(hexDigitValue(0x41)).toBe(10);
  });
});
