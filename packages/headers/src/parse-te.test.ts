import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTE, parseTE } from "./parse-te.js";

const tokenArb = fc
  .string({
    unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"),
    minLength: 1,
    maxLength: 8,
  })
  .filter((t) => t !== "trailers");

describe("parseTE (RFC 9110 §10.1.4)", () => {
  it("reads trailers and weighted codings", () => {
    expect(parseTE("trailers, deflate;q=0.5, gzip;level=1;q=0")).toEqual({
      ok: true,
      value: {
        trailers: true,
        codings: [
          { name: "deflate", q: 0.5, parameters: [] },
          { name: "gzip", q: 0, parameters: [{ name: "level", value: "1" }] },
        ],
      },
    });
    expect(parseTE("")).toEqual({ ok: true, value: { trailers: false, codings: [] } });
    expect(parseTE("Trailers")).toEqual({ ok: true, value: { trailers: true, codings: [] } });
  });
  it.each([
    "trailers;q=1",
    "gzip;q=2",
    "gzip;q=0.5;x=1",
    "gzip;q=",
    "gzip;q=.5",
    "gzip;q=1.001",
    "gzip q=1",
    "gzip;",
  ])("rejects %j", (value) => {
    const r = parseTE(value);
    expect(r.ok ? undefined : r.error.code).toBe("HW_HEADERS_INVALID_TE");
  });
  it("formats and round-trips", () => {
    expect(formatTE({ trailers: true, codings: [{ name: "gzip", q: 0.5 }] })).toBe(
      "trailers, gzip;q=0.5",
    );
    expect(() => formatTE({ codings: ["trailers"] })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_TE" }),
    );
    expect(() => formatTE({ codings: [{ name: "gzip", q: 2 }] })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_TE" }),
    );
    const coding = fc.record({
      name: tokenArb,
      q: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
      parameters: fc.uniqueArray(
        fc.record({
          name: tokenArb.filter((t) => t !== "q"),
          value: fc.string({ unit: fc.constantFrom(..."ab ;,"), maxLength: 4 }),
        }),
        { maxLength: 2, selector: (p) => p.name },
      ),
    });
    fc.assert(
      fc.property(fc.boolean(), fc.array(coding, { maxLength: 4 }), (trailers, codings) => {
        expect(parseTE(formatTE({ trailers, codings }))).toEqual({
          ok: true,
          value: { trailers, codings },
        });
      }),
      { numRuns: 200 },
    );
  });
  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseTE(s)),
      { numRuns: 300 },
    );
  });
});
