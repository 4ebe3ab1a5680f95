import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getMethodDefinition } from "./get-method-definition.js";
import {
  isCacheableMethod,
  isIdempotentMethod,
  isSafeMethod,
  requestContentSemantics,
} from "./method-properties.js";
import { METHODS } from "./method-registry.js";

const tchar = fc.constantFrom(
  ..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
);
const token = fc.string({ unit: tchar, minLength: 1, maxLength: 20 });
const unregisteredToken = token.filter((t) => getMethodDefinition(t) === undefined);

describe("isSafeMethod / isIdempotentMethod (RFC 9110 §9.2.1–9.2.2)", () => {
  it("follow the table for every registered row", () => {
    for (const m of METHODS) {
      expect(isSafeMethod(m.name), m.name).toBe(m.safe);
      expect(isIdempotentMethod(m.name), m.name).toBe(m.idempotent);
    }
  });

  it("name the RFC 9110 methods as §9.2 does: GET, HEAD, OPTIONS, TRACE safe; PUT, DELETE idempotent", () => {
    expect(["GET", "HEAD", "OPTIONS", "TRACE"].every(isSafeMethod)).toBe(true);
    expect(["POST", "PUT", "DELETE", "CONNECT", "PATCH"].some(isSafeMethod)).toBe(false);
    expect(["PUT", "DELETE", "GET", "HEAD", "OPTIONS", "TRACE"].every(isIdempotentMethod)).toBe(
      true,
    );
    expect(["POST", "CONNECT", "PATCH", "LOCK"].some(isIdempotentMethod)).toBe(false);
  });

  it("treat lower-case spellings as extension methods: unsafe and non-idempotent", () => {
    expect(isSafeMethod("get")).toBe(false);
    expect(isIdempotentMethod("put")).toBe(false);
    expect(isSafeMethod("Head")).toBe(false);
  });

  it("treat the reserved * and non-tokens as unsafe and non-idempotent", () => {
    for (const name of ["*", "", "GET /", "\u0000"]) {
      expect(isSafeMethod(name)).toBe(false);
      expect(isIdempotentMethod(name)).toBe(false);
    }
  });

  it("property: any token that is not registered is unsafe, non-idempotent and not cacheable", () => {
    fc.assert(
      fc.property(unregisteredToken, (name) => {
        expect(isSafeMethod(name)).toBe(false);
        expect(isIdempotentMethod(name)).toBe(false);
        expect(isCacheableMethod(name)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("isCacheableMethod (RFC 9110 §9.2.3)", () => {
  it("is true for GET, HEAD, POST and QUERY only", () => {
    expect(METHODS.filter((m) => isCacheableMethod(m.name)).map((m) => m.name)).toEqual([
      "GET",
      "HEAD",
      "POST",
      "QUERY",
    ]);
    expect(isCacheableMethod("get")).toBe(false);
  });
});

describe("requestContentSemantics", () => {
  it.each([
    ["GET", "undefined-semantics"],
    ["HEAD", "undefined-semantics"],
    ["DELETE", "undefined-semantics"],
    ["CONNECT", "forbidden"],
    ["TRACE", "forbidden"],
    ["OPTIONS", "defined"],
    ["POST", "defined"],
    ["PUT", "defined"],
    ["PATCH", "defined"],
    ["QUERY", "defined"],
    ["PROPFIND", "defined"],
    ["LOCK", "defined"],
    ["COPY", "undefined-semantics"],
    ["MOVE", "undefined-semantics"],
    ["UNLOCK", "undefined-semantics"],
  ] as const)("%s → %s", (name, expected) => {
    expect(requestContentSemantics(name)).toBe(expected);
  });

  it("reads extension methods as defined (their meaning is the application's)", () => {
    expect(requestContentSemantics("PURGE")).toBe("defined");
    expect(requestContentSemantics("trace")).toBe("defined");
  });

  it("forbids content for the reserved * and for non-tokens", () => {
    expect(requestContentSemantics("*")).toBe("forbidden");
    expect(requestContentSemantics("")).toBe("forbidden");
    expect(requestContentSemantics("GET /x")).toBe("forbidden");
  });

  it("never throws and always answers one of the three values", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(["defined", "undefined-semantics", "forbidden"]).toContain(
          requestContentSemantics(s),
        );
      }),
      { numRuns: 300 },
    );
  });
});
