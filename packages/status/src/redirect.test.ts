import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRedirect, redirectRequest } from "./redirect.js";

const tchar = fc.constantFrom(
  ..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
);
const method = fc.oneof(
  fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "post", "head"),
  fc.string({ unit: tchar, minLength: 1, maxLength: 12 }),
);

describe("isRedirect (RFC 9110 §15.4)", () => {
  it("is true for 301, 302, 303, 307, 308", () => {
    for (const code of [301, 302, 303, 307, 308]) expect(isRedirect(code)).toBe(true);
  });

  it("is false for 300, 304, 305, 306 and everything outside 3xx", () => {
    for (const code of [300, 304, 305, 306, 309, 399, 200, 201, 400, 500, 301.5, Number.NaN]) {
      expect(isRedirect(code), String(code)).toBe(false);
    }
  });
});

describe("redirectRequest", () => {
  it("301/302 turn POST into GET without content (RFC 9110 §15.4.2, §15.4.3 notes)", () => {
    expect(redirectRequest(301, "POST")).toEqual({ method: "GET", keepBody: false });
    expect(redirectRequest(302, "POST")).toEqual({ method: "GET", keepBody: false });
  });

  it("301/302 keep any other method and its content", () => {
    expect(redirectRequest(301, "PUT")).toEqual({ method: "PUT", keepBody: true });
    expect(redirectRequest(302, "GET")).toEqual({ method: "GET", keepBody: true });
    expect(redirectRequest(302, "DELETE")).toEqual({ method: "DELETE", keepBody: true });
  });

  it("301/302 do not rewrite the extension method post (methods are case-sensitive)", () => {
    expect(redirectRequest(302, "post")).toEqual({ method: "post", keepBody: true });
  });

  it("303 makes a GET without content, except HEAD stays HEAD (RFC 9110 §15.4.4)", () => {
    expect(redirectRequest(303, "POST")).toEqual({ method: "GET", keepBody: false });
    expect(redirectRequest(303, "PUT")).toEqual({ method: "GET", keepBody: false });
    expect(redirectRequest(303, "GET")).toEqual({ method: "GET", keepBody: false });
    expect(redirectRequest(303, "HEAD")).toEqual({ method: "HEAD", keepBody: false });
    expect(redirectRequest(303, "head")).toEqual({ method: "GET", keepBody: false });
  });

  it("307/308 keep the method and the content (RFC 9110 §15.4.8, §15.4.9)", () => {
    for (const code of [307, 308]) {
      expect(redirectRequest(code, "POST")).toEqual({ method: "POST", keepBody: true });
      expect(redirectRequest(code, "PATCH")).toEqual({ method: "PATCH", keepBody: true });
    }
  });

  it("does not follow 300, 304, 305, 306 or non-3xx codes", () => {
    for (const code of [300, 304, 305, 306, 200, 404, 999, Number.NaN]) {
      expect(redirectRequest(code, "GET"), String(code)).toBeNull();
    }
  });

  it("property: non-null exactly for redirects; 307/308 never change anything; a rewrite drops the body", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), method, (code, m) => {
        const next = redirectRequest(code, m);
        expect(next !== null).toBe(isRedirect(code));
        if (next === null) return;
        if (code === 307 || code === 308) expect(next).toEqual({ method: m, keepBody: true });
        if (next.method !== m) expect(next.keepBody).toBe(false);
        expect(["GET", "HEAD", m]).toContain(next.method);
      }),
      { numRuns: 300 },
    );
  });
});
