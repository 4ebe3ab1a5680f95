import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatKeepAlive, parseKeepAlive } from "./parse-keep-alive.js";

describe("parseKeepAlive", () => {
  it("reads timeout, max and extensions", () => {
    const r = parseKeepAlive('Timeout=5, max=1000, x="a b", flag');
    expect(r).toEqual({
      ok: true,
      value: {
        timeout: 5,
        max: 1000,
        parameters: [
          { name: "timeout", value: "5" },
          { name: "max", value: "1000" },
          { name: "x", value: "a b" },
          { name: "flag", value: undefined },
        ],
      },
    });
    expect(parseKeepAlive("")).toEqual({
      ok: true,
      value: { timeout: undefined, max: undefined, parameters: [] },
    });
  });
  it("saturates large numbers at 2^31 (RFC 9111 §1.2.2)", () => {
    const r = parseKeepAlive("timeout=99999999999999999999");
    expect(r.ok && r.value.timeout).toBe(2147483648);
  });
  it.each([
    "timeout",
    "timeout=",
    "timeout=-1",
    "timeout=1.5",
    "max=x",
    "timeout=1, timeout=2",
    "a=",
    "a b",
    'x="open',
    "a;b",
  ])("rejects %j", (value) => {
    const r = parseKeepAlive(value);
    expect(r.ok ? undefined : r.error.code).toBe("HW_HEADERS_INVALID_KEEP_ALIVE");
  });
  it("formats and round-trips", () => {
    expect(formatKeepAlive({ timeout: 5, max: 100 })).toBe("timeout=5, max=100");
    expect(formatKeepAlive({})).toBe("");
    expect(() => formatKeepAlive({ timeout: -1 })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_KEEP_ALIVE" }),
    );
    fc.assert(
      fc.property(
        fc.option(fc.nat(), { nil: undefined }),
        fc.option(fc.nat(), { nil: undefined }),
        (timeout, max) => {
          const r = parseKeepAlive(formatKeepAlive({ timeout, max }));
          expect(r.ok && { timeout: r.value.timeout, max: r.value.max }).toEqual({ timeout, max });
        },
      ),
      { numRuns: 200 },
    );
  });
  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseKeepAlive(s)),
      { numRuns: 300 },
    );
  });
});
