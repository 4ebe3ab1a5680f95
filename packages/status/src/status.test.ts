import { describe, expect, expectTypeOf, it } from "vitest";
import { Status } from "./status.js";
import { STATUS_CODES } from "./status-registry.js";

describe("Status", () => {
  it("has one constant per code with a constant name", () => {
    expect(Object.keys(Status)).toHaveLength(62);
    for (const s of STATUS_CODES) {
      if (s.constant !== null) expect((Status as Record<string, number>)[s.constant]).toBe(s.code);
    }
  });

  it("names codes by their reason phrase", () => {
    expect(Status.OK).toBe(200);
    expect(Status.NOT_FOUND).toBe(404);
    expect(Status.NON_AUTHORITATIVE_INFORMATION).toBe(203);
    expect(Status.CONTENT_TOO_LARGE).toBe(413);
    expect(Status.UNPROCESSABLE_CONTENT).toBe(422);
    expect(Status.HTTP_VERSION_NOT_SUPPORTED).toBe(505);
    expect(Status.IM_USED).toBe(226);
  });

  it("has literal types", () => {
    expectTypeOf(Status.OK).toEqualTypeOf<200>();
    expectTypeOf(Status.PERMANENT_REDIRECT).toEqualTypeOf<308>();
  });

  it("is frozen", () => {
    expect(Object.isFrozen(Status)).toBe(true);
  });
});
