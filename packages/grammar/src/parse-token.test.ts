import { describe, expect, it } from "vitest";
import { parseToken } from "./parse-token.js";

describe("parseToken (RFC 9110 §5.6.2)", () => {
  it("reads 1*tchar and stops at the first delimiter", () => {
    expect(parseToken("gzip, br", 0)).toEqual({ value: "gzip", end: 4 });
    expect(parseToken("a=b", 2)).toEqual({ value: "b", end: 3 });
    expect(parseToken("!#$%&'*+-.^_`|~09azAZ;", 0)).toEqual({
      value: "!#$%&'*+-.^_`|~09azAZ",
      end: 21,
    });
  });
  it("returns null when no tchar starts at the index", () => {
    expect(parseToken(" gzip", 0)).toBeNull();
    expect(parseToken("", 0)).toBeNull();
    expect(parseToken("a", 1)).toBeNull();
    expect(parseToken("é", 0)).toBeNull();
    expect(parseToken("\u0100", 0)).toBeNull();
  });
});
