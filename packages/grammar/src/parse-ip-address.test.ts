import { isIPv4, isIPv6 } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIpAddress, formatIpv4, formatIpv6 } from "./format-ip-address.js";
import { parseIpAddress, parseIpv4, parseIpv6 } from "./parse-ip-address.js";

const octets = (bytes: Uint8Array | null) => (bytes === null ? null : Array.from(bytes));

describe("parseIpv4 (RFC 3986 §3.2.2 IPv4address)", () => {
  it("accepts canonical dotted decimal", () => {
    expect(octets(parseIpv4("192.0.2.1"))).toEqual([192, 0, 2, 1]);
    expect(octets(parseIpv4("0.0.0.0"))).toEqual([0, 0, 0, 0]);
    expect(octets(parseIpv4("255.255.255.255"))).toEqual([255, 255, 255, 255]);
    expect(parseIpv4("127.0.0.1")).not.toBeNull();
  });

  it.each([
    "010.0.0.1", // leading zero: octal to inet_aton
    "01.2.3.4",
    "127.0.0.01",
    "1.2.3",
    "1.2.3.4.5",
    "256.0.0.1",
    "256.1.1.1",
    "1..2.3",
    "1.2.3.4.",
    ".1.2.3.4",
    "1.2.3.-4",
    "1.2.3.4 ",
    "1234.1.1.1",
    "0x7f.0.0.1",
    "a.b.c.d",
    "",
  ])("refuses %j", (text) => {
    expect(parseIpv4(text)).toBeNull();
  });

  it("agrees with node:net on arbitrary dotted quads", () => {
    const part = fc.oneof(fc.nat({ max: 300 }).map(String), fc.constantFrom("00", "01", "010", ""));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.join(".");
        expect(parseIpv4(text) !== null, text).toBe(isIPv4(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseIpv6 (RFC 3986 §3.2.2 IPv6address) / formatIpv6 (RFC 5952 §4)", () => {
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

  it("reads the octets of each text form", () => {
    expect(octets(parseIpv6("::1"))).toEqual([...new Array(15).fill(0), 1]);
    expect(octets(parseIpv6("::"))).toEqual(new Array(16).fill(0));
    expect(octets(parseIpv6("2001:db8::ff00:42:8329"))).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29,
    ]);
    expect(octets(parseIpv6("::ffff:192.0.2.1"))?.slice(10)).toEqual([0xff, 0xff, 192, 0, 2, 1]);
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
    "1.2.3.4::",
    "1:2:3:4:5:6:7:8::",
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

describe("parseIpAddress", () => {
  it("reads IPv4, bare IPv6 and bracketed IPv6 (a URL host)", () => {
    expect(octets(parseIpAddress("192.0.2.1"))).toEqual([192, 0, 2, 1]);
    expect(parseIpAddress("[::1]")).toHaveLength(16);
    expect(octets(parseIpAddress("[::1]"))).toEqual(octets(parseIpAddress("::1")));
  });

  it.each(["example.com", "[1.2.3.4]", "[::1", "::1]", "[]", "[v1.x]", "[fe80::1%25eth0]", ""])(
    "refuses %j",
    (text) => {
      expect(parseIpAddress(text)).toBeNull();
    },
  );

  it("round-trips formatIpAddress → parseIpAddress for both families", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 4, maxLength: 4 }),
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
        ),
        (bytes) => {
          const text = formatIpAddress(bytes);
          expect(octets(parseIpAddress(text))).toEqual(Array.from(bytes));
          if (bytes.length === 16) {
            expect(octets(parseIpAddress(`[${text}]`))).toEqual(Array.from(bytes));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."0123456789aF:.[]%/ ".split("")) }),
        (text) => {
          expect(() => parseIpAddress(text)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
