import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getMethodDefinition } from "./get-method-definition.js";
import { METHODS } from "./method-registry.js";
import { canPipeline, canRetryAutomatically } from "./retry-and-pipelining.js";

const tchar = fc.constantFrom(
  ..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
);
const unregisteredToken = fc
  .string({ unit: tchar, minLength: 1, maxLength: 20 })
  .filter((t) => getMethodDefinition(t) === undefined);

describe("canRetryAutomatically (RFC 9110 §9.2.2)", () => {
  it("retries idempotent methods", () => {
    for (const name of ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "QUERY", "MKCOL"]) {
      expect(canRetryAutomatically(name), name).toBe(true);
    }
  });

  it("does not retry non-idempotent methods", () => {
    for (const name of ["POST", "PATCH", "CONNECT", "LOCK"]) {
      expect(canRetryAutomatically(name), name).toBe(false);
    }
  });

  it("retries a non-idempotent method when an Idempotency-Key is present", () => {
    expect(canRetryAutomatically("POST", { idempotencyKey: true })).toBe(true);
    expect(canRetryAutomatically("PATCH", { idempotencyKey: true })).toBe(true);
    expect(canRetryAutomatically("POST", { idempotencyKey: false })).toBe(false);
  });

  it("follows the registry's idempotent column for every row", () => {
    for (const m of METHODS) {
      expect(canRetryAutomatically(m.name), m.name).toBe(m.idempotent && !m.reserved);
    }
  });

  it("never retries the reserved * or non-tokens, key or not", () => {
    for (const name of ["*", "", "GET /", "G\nET"]) {
      expect(canRetryAutomatically(name, { idempotencyKey: true }), name).toBe(false);
    }
  });

  it("property: an unregistered token is retried exactly when it has an Idempotency-Key", () => {
    fc.assert(
      fc.property(unregisteredToken, fc.boolean(), (name, key) => {
        expect(canRetryAutomatically(name, { idempotencyKey: key })).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});

describe("canPipeline (RFC 9112 §9.3.2, hyperwire: safe methods only)", () => {
  it("pipelines safe methods", () => {
    for (const name of ["GET", "HEAD", "OPTIONS", "TRACE", "QUERY", "PROPFIND"]) {
      expect(canPipeline(name), name).toBe(true);
    }
  });

  it("does not pipeline unsafe methods, idempotent or not", () => {
    for (const name of ["PUT", "DELETE", "POST", "PATCH", "CONNECT", "get", "*", ""]) {
      expect(canPipeline(name), name).toBe(false);
    }
  });

  it("is exactly the safe column of the table", () => {
    for (const m of METHODS) expect(canPipeline(m.name), m.name).toBe(m.safe);
  });
});
