import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { addMissingFields, appendVary } from "./edit-response.js";
import { toResponseFields } from "./response-fields.js";

describe("addMissingFields", () => {
  it("adds only names the response lacks, without touching the handler's object", () => {
    const headers = { "X-Frame-Options": "SAMEORIGIN" };
    const response = addMissingFields({ headers, body: "b" }, [
      ["x-frame-options", "DENY"],
      ["X-Content-Type-Options", "nosniff"],
    ]);
    const fields = toResponseFields(response.headers);
    expect(fields.getAll("x-frame-options")).toEqual(["SAMEORIGIN"]);
    expect(fields.get("x-content-type-options")).toBe("nosniff");
    expect(headers).toEqual({ "X-Frame-Options": "SAMEORIGIN" });
    expect(response.body).toBe("b");
  });
});

describe("appendVary (RFC 9110 §12.5.5)", () => {
  it("adds names once, case-insensitively, and leaves Vary: * alone", () => {
    const fields = new Fields();
    appendVary(fields, "Origin");
    appendVary(fields, "origin", "Accept-Encoding");
    expect(fields.get("vary")).toBe("Origin, Accept-Encoding");
    const star = Fields.from({ vary: "*" });
    appendVary(star, "Origin");
    expect(star.get("vary")).toBe("*");
    const lines = Fields.from([
      ["Vary", "Accept"],
      ["Vary", "Cookie"],
    ]);
    appendVary(lines, "cookie", "Origin");
    expect(lines.getAll("vary")).toEqual(["Accept, Cookie, Origin"]);
  });
});
