import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClientError } from "./errors.js";
import { parseRetryAfter, RetryPolicy } from "./retry-policy.js";

const half = () => 0.5;
const T = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("parseRetryAfter (RFC 9110 §10.2.3)", () => {
  it("reads delay-seconds and HTTP-dates", () => {
    expect(parseRetryAfter("120", T)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", T)).toBe(0);
    expect(
      parseRetryAfter("Fri, 31 Dec 1999 23:59:59 GMT", Date.UTC(1999, 11, 31, 23, 59, 0)),
    ).toBe(59_000);
    expect(parseRetryAfter("Fri, 31 Dec 1999 23:59:59 GMT", Date.UTC(2000, 0, 1))).toBe(0);
    expect(parseRetryAfter("-1", T)).toBeUndefined();
    expect(parseRetryAfter("1.5", T)).toBeUndefined();
    expect(parseRetryAfter("soon", T)).toBeUndefined();
  });
});

describe("RetryPolicy", () => {
  const policy = new RetryPolicy({ random: half });

  it("retries the default statuses for idempotent methods with full-jitter backoff", () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(policy.decide({ method: "GET", retries: 0, response: { status } })).toEqual({
        retry: true,
        delayMs: 125,
        fromRetryAfter: false,
      });
    }
    expect(policy.decide({ method: "PUT", retries: 1, response: { status: 503 } })).toMatchObject({
      delayMs: 250,
    });
    for (const status of [200, 301, 400, 404, 501]) {
      expect(policy.decide({ method: "GET", retries: 0, response: { status } })).toEqual({
        retry: false,
        reason: "status",
      });
    }
  });

  it("never retries a non-idempotent request without an Idempotency-Key", () => {
    expect(policy.decide({ method: "POST", retries: 0, response: { status: 503 } })).toEqual({
      retry: false,
      reason: "method",
    });
    expect(
      policy.decide({
        method: "POST",
        headers: { "Idempotency-Key": '"8e03978e"' },
        retries: 0,
        response: { status: 503 },
      }),
    ).toMatchObject({ retry: true });
    expect(
      policy.decide({ method: "PATCH", retries: 0, error: { phase: "connect" } }),
    ).toMatchObject({
      reason: "method",
    });
    const unsent = new RetryPolicy({ retryUnsentNonIdempotentRequests: true, random: half });
    expect(
      unsent.decide({ method: "POST", retries: 0, error: { phase: "connect" } }),
    ).toMatchObject({ retry: true });
    expect(unsent.decide({ method: "POST", retries: 0, error: { phase: "send" } })).toMatchObject({
      reason: "method",
    });
  });

  it("retries failures by phase", () => {
    for (const phase of ["connect", "tls", "send", "head"] as const) {
      const error = new ClientError("HW_CLIENT_TEST", "boom", { phase });
      expect(policy.decide({ method: "GET", retries: 0, error })).toMatchObject({ retry: true });
    }
    expect(policy.decide({ method: "GET", retries: 0, error: { phase: "body" } })).toEqual({
      retry: false,
      reason: "phase",
    });
    expect(policy.decide({ method: "GET", retries: 0, error: new Error("?") })).toMatchObject({
      reason: "phase",
    });
    const bodyToo = new RetryPolicy({ retryPhases: ["body"] });
    expect(bodyToo.decide({ method: "GET", retries: 0, error: { phase: "body" } })).toMatchObject({
      retry: true,
    });
  });

  it("stops at maxRetries and for bodies that cannot be replayed", () => {
    expect(policy.decide({ method: "GET", retries: 2, response: { status: 503 } })).toEqual({
      retry: false,
      reason: "max-retries",
    });
    expect(
      policy.decide({
        method: "PUT",
        retries: 0,
        bodyReplayable: false,
        response: { status: 503 },
      }),
    ).toMatchObject({ reason: "body-not-replayable" });
  });

  it("honours Retry-After in seconds and as a date, up to a maximum", () => {
    expect(
      policy.decide({
        method: "GET",
        retries: 0,
        response: { status: 503, headers: { "retry-after": "7" } },
      }),
    ).toEqual({ retry: true, delayMs: 7000, fromRetryAfter: true });
    // The date is measured from the response's Date field, not the local clock.
    expect(
      policy.decide({
        method: "GET",
        retries: 0,
        now: T + 3_600_000,
        response: {
          status: 429,
          headers: {
            date: "Thu, 01 Jan 2026 12:00:00 GMT",
            "retry-after": "Thu, 01 Jan 2026 12:00:30 GMT",
          },
        },
      }),
    ).toMatchObject({ delayMs: 30_000 });
    expect(
      policy.decide({
        method: "GET",
        retries: 0,
        now: T,
        response: { status: 429, headers: { "retry-after": "Thu, 01 Jan 2026 12:00:10 GMT" } },
      }),
    ).toMatchObject({ delayMs: 10_000 });
    expect(
      policy.decide({
        method: "GET",
        retries: 0,
        response: { status: 503, headers: { "retry-after": "3600" } },
      }),
    ).toEqual({ retry: false, reason: "retry-after-too-long" });
    // An unparsable Retry-After falls back to the backoff.
    expect(
      policy.decide({
        method: "GET",
        retries: 0,
        response: { status: 503, headers: { "retry-after": "later" } },
      }),
    ).toMatchObject({ delayMs: 125, fromRetryAfter: false });
  });

  it("keeps the jittered backoff within [0, min(cap, base × 2^n))", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.nat(40),
        (r, retries) => {
          const p = new RetryPolicy({ random: () => r, baseDelayMs: 100, maxDelayMs: 10_000 });
          const d = p.backoff(retries);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThan(Math.max(1, Math.min(10_000, 100 * 2 ** retries)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("validates its options", () => {
    expect(() => new RetryPolicy({ maxRetries: -1 })).toThrow(
      expect.objectContaining({ code: "HW_CLIENT_INVALID_OPTION" }),
    );
  });
});
