import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isHeuristicallyCacheable,
  serverMustNotGenerateContent,
  statusForbidsContent,
} from "./status-properties.js";
import { STATUS_CODES } from "./status-registry.js";

describe("statusForbidsContent (RFC 9110 §15.2, §15.3.5, §15.4.5; RFC 9112 §6.3)", () => {
  it("is true for every 1xx, 204 and 304", () => {
    for (let code = 100; code <= 199; code++) expect(statusForbidsContent(code)).toBe(true);
    expect(statusForbidsContent(204)).toBe(true);
    expect(statusForbidsContent(304)).toBe(true);
  });

  it("is false for 205 (framed by its fields) and other codes", () => {
    for (const code of [200, 201, 205, 206, 300, 301, 303, 305, 400, 404, 500]) {
      expect(statusForbidsContent(code), String(code)).toBe(false);
    }
  });

  it("is false for invalid codes", () => {
    for (const code of [99, 50, 600, 100.5, Number.NaN])
      expect(statusForbidsContent(code)).toBe(false);
  });

  it("property: for valid codes, true exactly for 1xx, 204 and 304", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (code) => {
        expect(statusForbidsContent(code)).toBe(code < 200 || code === 204 || code === 304);
      }),
      { numRuns: 300 },
    );
  });
});

describe("serverMustNotGenerateContent", () => {
  it("adds 205 Reset Content (RFC 9110 §15.3.6) to the framing rule", () => {
    expect(serverMustNotGenerateContent(205)).toBe(true);
    expect(serverMustNotGenerateContent(204)).toBe(true);
    expect(serverMustNotGenerateContent(304)).toBe(true);
    expect(serverMustNotGenerateContent(101)).toBe(true);
    expect(serverMustNotGenerateContent(200)).toBe(false);
    expect(serverMustNotGenerateContent(206)).toBe(false);
  });
});

describe("isHeuristicallyCacheable (RFC 9110 §15.1)", () => {
  const expected = [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501];

  it("is true for exactly the listed codes among 100–599", () => {
    const found: number[] = [];
    for (let code = 100; code <= 599; code++) if (isHeuristicallyCacheable(code)) found.push(code);
    expect(found).toEqual(expected);
  });

  it("is false for unrecognized codes whose x00 is cacheable, and for unused 306", () => {
    expect(isHeuristicallyCacheable(299)).toBe(false);
    expect(isHeuristicallyCacheable(306)).toBe(false);
    expect(isHeuristicallyCacheable(399)).toBe(false);
  });

  it("is false for invalid codes", () => {
    expect(isHeuristicallyCacheable(600)).toBe(false);
    expect(isHeuristicallyCacheable(200.5)).toBe(false);
  });

  it("agrees with the table's column", () => {
    for (const s of STATUS_CODES) {
      expect(isHeuristicallyCacheable(s.code)).toBe(
        s.heuristicallyCacheable && s.registration !== "unused",
      );
    }
  });
});
