import { describe, expect, it } from "vitest";
import { Method } from "./method.js";
import { METHODS } from "./method-registry.js";

describe("Method", () => {
  it("has one constant per registered method except the reserved *", () => {
    expect(Object.values(Method).sort()).toEqual(
      METHODS.filter((m) => !m.reserved)
        .map((m) => m.name)
        .sort(),
    );
  });

  it("maps hyphens to underscores in the constant name only", () => {
    expect(Method.GET).toBe("GET");
    expect(Method.BASELINE_CONTROL).toBe("BASELINE-CONTROL");
    expect(Method.VERSION_CONTROL).toBe("VERSION-CONTROL");
    expect(Method.QUERY).toBe("QUERY");
  });

  it("is frozen", () => {
    expect(Object.isFrozen(Method)).toBe(true);
  });
});
