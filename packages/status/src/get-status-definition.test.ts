import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getStatusDefinition, reasonPhrase } from "./get-status-definition.js";
import { isValidStatusCode, statusClass } from "./status-class.js";
import { STATUS_CODES } from "./status-registry.js";

describe("getStatusDefinition", () => {
  it("returns the own row, recognized, for every code not registered as unused", () => {
    for (const s of STATUS_CODES) {
      if (s.registration === "unused") continue;
      const d = getStatusDefinition(s.code);
      expect(d).toMatchObject({ ...s, recognized: true });
    }
  });

  it("understands an unrecognized code as the x00 of its class (RFC 9110 §15: 471 → 400)", () => {
    expect(getStatusDefinition(471)).toMatchObject({
      code: 400,
      reason: "Bad Request",
      recognized: false,
    });
    expect(getStatusDefinition(299)).toMatchObject({ code: 200, recognized: false });
    expect(getStatusDefinition(199)).toMatchObject({ code: 100, recognized: false });
    expect(getStatusDefinition(399)).toMatchObject({ code: 300, recognized: false });
    expect(getStatusDefinition(599)).toMatchObject({ code: 500, recognized: false });
    expect(getStatusDefinition(509)).toMatchObject({ code: 500, recognized: false });
  });

  it("reads the unused 306 and 418 like unrecognized codes", () => {
    expect(getStatusDefinition(306)).toMatchObject({ code: 300, recognized: false });
    expect(getStatusDefinition(418)).toMatchObject({ code: 400, recognized: false });
  });

  it("still recognizes the temporary 104 and the obsoleted 510", () => {
    expect(getStatusDefinition(104)).toMatchObject({
      code: 104,
      registration: "temporary",
      recognized: true,
    });
    expect(getStatusDefinition(510)).toMatchObject({
      code: 510,
      registration: "obsoleted",
      recognized: true,
    });
  });

  it.each([99, 600, 200.5, Number.NaN, -1, 1e21])(
    "is undefined for the invalid code %s",
    (code) => {
      expect(getStatusDefinition(code)).toBeUndefined();
    },
  );

  it("property: any valid code resolves to a definition of the same class", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (code) => {
        const d = getStatusDefinition(code);
        expect(d).toBeDefined();
        expect(d?.class).toBe(statusClass(code));
        expect(d?.recognized).toBe(d?.code === code);
        if (!d?.recognized) expect(d?.code).toBe(Math.floor(code / 100) * 100);
      }),
      { numRuns: 300 },
    );
  });
});

describe("reasonPhrase", () => {
  it("gives the registry's phrase for recognized codes", () => {
    expect(reasonPhrase(200)).toBe("OK");
    expect(reasonPhrase(404)).toBe("Not Found");
    expect(reasonPhrase(413)).toBe("Content Too Large");
    expect(reasonPhrase(422)).toBe("Unprocessable Content");
    expect(reasonPhrase(103)).toBe("Early Hints");
  });

  it("gives the x00's phrase for unrecognized and unused codes", () => {
    expect(reasonPhrase(299)).toBe("OK");
    expect(reasonPhrase(499)).toBe("Bad Request");
    expect(reasonPhrase(418)).toBe("Bad Request");
    expect(reasonPhrase(306)).toBe("Multiple Choices");
    expect(reasonPhrase(599)).toBe("Internal Server Error");
  });

  it.each([99, 600, 200.5, Number.NaN, Infinity, 0])("is empty for the invalid code %s", (code) => {
    expect(reasonPhrase(code)).toBe("");
  });

  it("property: never throws for any number, and is empty exactly for invalid codes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger()), (code) => {
        const phrase = reasonPhrase(code);
        expect(phrase === "").toBe(!isValidStatusCode(code));
      }),
      { numRuns: 300 },
    );
  });
});
