import { describe, expect, it } from "vitest";
import { parseIpAddress, parseIpv4, parseIpv6, prefixMatches } from "./ip-address.js";

describe("IP literal parsing (RFC 3986 §3.2.2)", () => {
  it("parses dotted IPv4 strictly", () => {
    expect(parseIpv4("192.0.2.1")).toEqual([192, 0, 2, 1]);
    for (const bad of ["256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "a.b.c.d", ""])
      expect(parseIpv4(bad)).toBeNull();
  });
  it("parses IPv6 text forms", () => {
    expect(parseIpv6("::1")).toEqual([...new Array(15).fill(0), 1]);
    expect(parseIpv6("::")).toEqual(new Array(16).fill(0));
    expect(parseIpv6("2001:db8::ff00:42:8329")).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29,
    ]);
    expect(parseIpv6("::ffff:192.0.2.1")?.slice(10)).toEqual([0xff, 0xff, 192, 0, 2, 1]);
    for (const bad of [
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "12345::",
      "1.2.3.4::",
      ":::",
      "g::1",
      "1:2:3:4:5:6:7:8::",
    ]) {
      expect(parseIpv6(bad)).toBeNull();
    }
  });
  it("accepts bracketed hosts and compares prefixes", () => {
    expect(parseIpAddress("[::1]")).toHaveLength(16);
    expect(parseIpAddress("example.com")).toBeNull();
    expect(prefixMatches([10, 1, 2, 3], [10, 200, 0, 0], 8)).toBe(true);
    expect(prefixMatches([10, 1, 2, 3], [10, 200, 0, 0], 9)).toBe(false);
    expect(prefixMatches([192, 168, 1, 64], [192, 168, 1, 127], 26)).toBe(true);
    expect(prefixMatches([1, 2, 3, 4], [9, 9, 9, 9], 0)).toBe(true);
  });
});
