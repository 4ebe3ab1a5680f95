import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { responseMayHaveContent, successfulResponseIsTunnel } from "./response-rules.js";

describe("responseMayHaveContent (RFC 9110 §9.3.2)", () => {
  it("is false for HEAD only", () => {
    expect(responseMayHaveContent("HEAD")).toBe(false);
    for (const name of ["GET", "POST", "CONNECT", "OPTIONS", "head", "Head", "PURGE"]) {
      expect(responseMayHaveContent(name), name).toBe(true);
    }
  });

  it("property: true for every name but HEAD", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(responseMayHaveContent(s)).toBe(s !== "HEAD");
      }),
      { numRuns: 300 },
    );
  });
});

describe("successfulResponseIsTunnel (RFC 9110 §9.3.6, RFC 9112 §6.3)", () => {
  it("is true for CONNECT, case-sensitively", () => {
    expect(successfulResponseIsTunnel("CONNECT")).toBe(true);
    expect(successfulResponseIsTunnel("connect")).toBe(false);
    expect(successfulResponseIsTunnel("GET")).toBe(false);
    expect(successfulResponseIsTunnel("OPTIONS")).toBe(false);
  });
});
