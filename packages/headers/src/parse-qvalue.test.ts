import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatQValue, parseQValue } from "./parse-qvalue.js";

describe("parseQValue (RFC 9110 §12.4.2)", () => {
  it("accepts every form of the grammar", () => {
    const cases: [string, number][] = [
      ["0", 0],
      ["0.", 0],
      ["0.5", 0.5],
      ["0.25", 0.25],
      ["0.125", 0.125],
      ["0.001", 0.001],
      ["1", 1],
      ["1.", 1],
      ["1.0", 1],
      ["1.000", 1],
    ];
    for (const [text, q] of cases) expect(parseQValue(text)).toBe(q);
  });

  it("rejects everything else", () => {
    for (const bad of [
      "",
      ".5",
      "0.1234",
      "1.001",
      "1.5",
      "2",
      "-0",
      "+1",
      " 0.5",
      "0.5 ",
      "0,5",
      "1e0",
      "00.5",
      "0.a",
    ])
      expect(parseQValue(bad)).toBeUndefined();
  });

  it("round-trips every representable weight", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
        expect(parseQValue(formatQValue(n / 1000))).toBe(n / 1000);
      }),
      { numRuns: 300 },
    );
  });

  it("formatQValue refuses weights outside 0..1", () => {
    expect(() => formatQValue(1.5)).toThrow(RangeError);
    expect(() => formatQValue(Number.NaN)).toThrow(RangeError);
  });
});
