import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipInCidr } from "./ip-in-cidr.js";
import { parseIpAddress } from "./parse-ip-address.js";

const ip = (text: string) => parseIpAddress(text)!;

describe("ipInCidr", () => {
  it("compares the first prefixLength bits", () => {
    expect(ipInCidr(Uint8Array.of(10, 1, 2, 3), Uint8Array.of(10, 200, 0, 0), 8)).toBe(true);
    expect(ipInCidr(Uint8Array.of(10, 1, 2, 3), Uint8Array.of(10, 200, 0, 0), 9)).toBe(false);
    expect(ipInCidr(Uint8Array.of(192, 168, 1, 64), Uint8Array.of(192, 168, 1, 127), 26)).toBe(
      true,
    );
    expect(ipInCidr(Uint8Array.of(1, 2, 3, 4), Uint8Array.of(9, 9, 9, 9), 0)).toBe(true);
    expect(ipInCidr(ip("192.168.1.128"), ip("192.168.1.64"), 26)).toBe(false);
    expect(ipInCidr(ip("2001:db8:ffff::1"), ip("2001:db8::"), 32)).toBe(true);
    expect(ipInCidr(ip("2001:db9::1"), ip("2001:db8::"), 32)).toBe(false);
    expect(ipInCidr(ip("::1"), ip("::1"), 128)).toBe(true);
  });

  it("never matches across families", () => {
    expect(ipInCidr(ip("10.0.0.1"), ip("::ffff:10.0.0.0"), 0)).toBe(false);
    expect(ipInCidr(ip("::ffff:10.0.0.1"), ip("10.0.0.0"), 8)).toBe(false);
  });

  it("matches nothing for a prefix length out of range", () => {
    for (const bad of [-1, 33, 1.5, Number.NaN]) {
      expect(ipInCidr(ip("10.0.0.1"), ip("10.0.0.1"), bad), String(bad)).toBe(false);
    }
    expect(ipInCidr(ip("::1"), ip("::1"), 129)).toBe(false);
  });

  it("is prefix equality of the bit strings", () => {
    const bits = (bytes: Uint8Array) =>
      Array.from(bytes, (b) => b.toString(2).padStart(8, "0")).join("");
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        fc.nat({ max: 32 }),
        (a, b, prefix) => {
          expect(ipInCidr(a, b, prefix)).toBe(
            bits(a).slice(0, prefix) === bits(b).slice(0, prefix),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
