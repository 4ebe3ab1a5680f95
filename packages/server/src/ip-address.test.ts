import { isIPv6 } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from "./ip-address.js";

describe("parseIpv4", () => {
  it("accepts canonical dotted decimal", () => {
    expect(Array.from(parseIpv4("192.0.2.1")!)).toEqual([192, 0, 2, 1]);
    expect(Array.from(parseIpv4("0.0.0.0")!)).toEqual([0, 0, 0, 0]);
    expect(Array.from(parseIpv4("255.255.255.255")!)).toEqual([255, 255, 255, 255]);
  });

  it.each([
    "010.0.0.1", // leading zero: octal to inet_aton
    "1.2.3",
    "1.2.3.4.5",
    "256.0.0.1",
    "1..2.3",
    "1.2.3.4.",
    ".1.2.3.4",
    "1.2.3.-4",
    "1.2.3.4 ",
    "1234.1.1.1",
    "0x7f.0.0.1",
    "",
  ])("refuses %j", (text) => {
    expect(parseIpv4(text)).toBeNull();
  });
});

describe("parseIpv6 / formatIpv6", () => {
  it.each([
    ["::", "::"],
    ["::1", "::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // RFC 5952 §4.2.2: one zero group stays
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], // §4.2.3: the longest run
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // §4.2.3: the first of equal runs
    ["::FFFF:192.0.2.1", "::ffff:192.0.2.1"], // §5: IPv4-mapped keeps its dotted tail
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
    ["::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
  ])("%s → %s", (text, canonical) => {
    const bytes = parseIpv6(text);
    expect(bytes).not.toBeNull();
    expect(formatIpv6(bytes!)).toBe(canonical);
  });

  it.each([
    "",
    ":",
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1::2::3",
    ":1::",
    "1:",
    "12345::",
    "g::1",
    "fe80::1%eth0",
    "::1.2.3",
    "::1.2.3.4:5",
    "1:2:3:4:5:6:7:1.2.3.4",
    "::ffff:010.0.0.1",
    "[::1]",
    "1.2.3.4",
  ])("refuses %j", (text) => {
    expect(parseIpv6(text)).toBeNull();
  });

  it("agrees with node:net and round-trips on arbitrary addresses", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIpv6(bytes);
        expect(isIPv6(text)).toBe(true);
        expect(Array.from(parseIpv6(text)!)).toEqual(Array.from(bytes));
        expect(Array.from(parseIpv6(text.toUpperCase())!)).toEqual(Array.from(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("accepts what node:net calls IPv6 (no zone) and refuses the rest", () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        expect(parseIpv6(text) !== null).toBe(isIPv6(text));
      }),
      { numRuns: 300 },
    );
    expect(formatIpv4(Uint8Array.of(10, 0, 0, 1))).toBe("10.0.0.1");
  });
});
