import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getMethodDefinition, isMethodToken } from "./get-method-definition.js";
import { METHODS } from "./method-registry.js";

describe("getMethodDefinition", () => {
  it("finds every registered row by its exact name", () => {
    for (const m of METHODS) expect(getMethodDefinition(m.name)).toBe(m);
  });

  it("is case-sensitive (RFC 9110 §9.1): get, Get and gEt are extension methods", () => {
    expect(getMethodDefinition("get")).toBeUndefined();
    expect(getMethodDefinition("Get")).toBeUndefined();
    expect(getMethodDefinition("gEt")).toBeUndefined();
    expect(getMethodDefinition("version-control")).toBeUndefined();
  });

  it("returns undefined for extension methods and non-tokens", () => {
    expect(getMethodDefinition("PURGE")).toBeUndefined();
    expect(getMethodDefinition("")).toBeUndefined();
    expect(getMethodDefinition("GET ")).toBeUndefined();
    expect(getMethodDefinition(" GET")).toBeUndefined();
  });

  it("returns the reserved * row", () => {
    expect(getMethodDefinition("*")).toMatchObject({ name: "*", reserved: true, safe: false });
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        getMethodDefinition(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe("isMethodToken", () => {
  it("accepts tokens, registered or not, in any case", () => {
    for (const name of ["GET", "get", "PURGE", "x-custom", "M-SEARCH", "*", "A!#$%&'*+-.^_`|~9"]) {
      expect(isMethodToken(name), name).toBe(true);
    }
  });

  it("rejects what cannot be a token (RFC 9110 §5.6.2)", () => {
    for (const name of [
      "",
      "GET /",
      "GE T",
      "GET\r\n",
      "GET\t",
      "(GET)",
      "GÉT",
      "a,b",
      'x"y',
      "[x]",
    ]) {
      expect(isMethodToken(name), JSON.stringify(name)).toBe(false);
    }
  });

  it("agrees with a regex for the token rule on arbitrary strings", () => {
    const tokenRegex = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii" }), (s) => {
        expect(isMethodToken(s)).toBe(tokenRegex.test(s));
      }),
      { numRuns: 300 },
    );
  });
});
