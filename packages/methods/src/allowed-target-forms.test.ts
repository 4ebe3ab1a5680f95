import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowedTargetForms } from "./allowed-target-forms.js";
import { METHODS } from "./method-registry.js";

const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe("allowedTargetForms (RFC 9112 §3.2)", () => {
  it("CONNECT uses authority-form and nothing else (§3.2.3)", () => {
    expect(sorted(allowedTargetForms("CONNECT"))).toEqual(["authority"]);
  });

  it("OPTIONS may use asterisk-form (§3.2.4) besides origin and absolute", () => {
    expect(sorted(allowedTargetForms("OPTIONS"))).toEqual(["absolute", "asterisk", "origin"]);
  });

  it("every other registered method uses origin or absolute form", () => {
    for (const m of METHODS) {
      if (m.reserved || m.name === "CONNECT" || m.name === "OPTIONS") continue;
      expect(sorted(allowedTargetForms(m.name)), m.name).toEqual(["absolute", "origin"]);
    }
  });

  it("is case-sensitive: connect and options are extension methods", () => {
    expect(allowedTargetForms("connect").has("authority")).toBe(false);
    expect(allowedTargetForms("options").has("asterisk")).toBe(false);
    expect(sorted(allowedTargetForms("connect"))).toEqual(["absolute", "origin"]);
  });

  it("allows no form for the reserved * or a non-token", () => {
    expect(allowedTargetForms("*").size).toBe(0);
    expect(allowedTargetForms("").size).toBe(0);
    expect(allowedTargetForms("GET /").size).toBe(0);
  });

  it("returns frozen sets", () => {
    expect(Object.isFrozen(allowedTargetForms("GET"))).toBe(true);
  });

  it("property: authority-form only for CONNECT, asterisk-form only for OPTIONS", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const forms = allowedTargetForms(s);
        if (forms.has("authority")) expect(s).toBe("CONNECT");
        if (forms.has("asterisk")) expect(s).toBe("OPTIONS");
      }),
      { numRuns: 300 },
    );
  });
});
