import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isInformational, isValidStatusCode, statusClass } from "./status-class.js";

const invalid = [99, 0, -200, 600, 999, 1000, 200.5, 99.999, Number.NaN, Infinity, -Infinity];

describe("isValidStatusCode (RFC 9110 §15, RFC 9112 §4)", () => {
  it("accepts every integer from 100 to 599", () => {
    for (let code = 100; code <= 599; code++) expect(isValidStatusCode(code)).toBe(true);
  });

  it.each(invalid)("rejects %s", (code) => {
    expect(isValidStatusCode(code)).toBe(false);
  });

  it("rejects values that are not numbers at run time", () => {
    expect(isValidStatusCode("200" as unknown as number)).toBe(false);
    expect(isValidStatusCode(null as unknown as number)).toBe(false);
    expect(isValidStatusCode(200n as unknown as number)).toBe(false);
  });
});

describe("statusClass", () => {
  it("is the first digit", () => {
    expect(statusClass(100)).toBe(1);
    expect(statusClass(299)).toBe(2);
    expect(statusClass(308)).toBe(3);
    expect(statusClass(471)).toBe(4);
    expect(statusClass(599)).toBe(5);
  });

  it.each(invalid)("is undefined for %s", (code) => {
    expect(statusClass(code)).toBeUndefined();
  });

  it("property: defined exactly for valid codes, and equal to the hundreds digit", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1000, max: 2000 }), fc.double()), (code) => {
        const cls = statusClass(code);
        if (isValidStatusCode(code)) expect(cls).toBe(Math.floor(code / 100));
        else expect(cls).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe("isInformational (RFC 9110 §15.2)", () => {
  it("is true for 100–199 only", () => {
    expect(isInformational(100)).toBe(true);
    expect(isInformational(103)).toBe(true);
    expect(isInformational(199)).toBe(true);
    expect(isInformational(200)).toBe(false);
    expect(isInformational(99)).toBe(false);
    expect(isInformational(100.5)).toBe(false);
  });
});
