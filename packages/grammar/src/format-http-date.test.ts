import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GrammarErrorCode } from "./errors.js";
import { formatHttpDate } from "./format-http-date.js";
import { parseHttpDate } from "./parse-http-date.js";

describe("formatHttpDate (RFC 9110 §5.6.7)", () => {
  it("writes IMF-fixdate", () => {
    expect(formatHttpDate(784111777000)).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
    expect(formatHttpDate(new Date("1994-11-06T08:49:37.999Z"))).toBe(
      "Sun, 06 Nov 1994 08:49:37 GMT",
    );
    expect(formatHttpDate(0)).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(formatHttpDate(Date.UTC(2000, 1, 29, 23, 5, 9))).toBe("Tue, 29 Feb 2000 23:05:09 GMT");
  });
  it("rounds milliseconds down, also before 1970", () => {
    expect(formatHttpDate(-1)).toBe("Wed, 31 Dec 1969 23:59:59 GMT");
  });
  it("writes four-digit years with leading zeros", () => {
    const d = new Date(0);
    d.setUTCFullYear(5, 0, 1);
    expect(formatHttpDate(d)).toBe("Sat, 01 Jan 0005 00:00:00 GMT");
  });
  it("throws HW_GRAMMAR_INVALID_DATE for invalid dates and years beyond 9999", () => {
    for (const bad of [
      new Date(Number.NaN),
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Date.UTC(10000, 0, 1),
      -62167219200001,
    ]) {
      expect(() => formatHttpDate(bad)).toThrow(
        expect.objectContaining({ code: GrammarErrorCode.INVALID_DATE }),
      );
    }
  });
  it("round trips through parseHttpDate for any whole second in 1970–9999", () => {
    const max = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max }), (seconds) => {
        const r = parseHttpDate(formatHttpDate(seconds * 1000));
        expect(r.ok && r.value.getTime()).toBe(seconds * 1000);
      }),
      { numRuns: 300 },
    );
  });
});
