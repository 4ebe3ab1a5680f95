import { describe, expect, it } from "vitest";
import { GrammarError, GrammarErrorCode } from "./errors.js";
import { formatIpAddress, formatIpv4, formatIpv6 } from "./format-ip-address.js";

describe("formatIpv4 / formatIpv6 / formatIpAddress", () => {
  it("writes dotted decimal and RFC 5952 text, from an offset too", () => {
    const wire = Uint8Array.of(
      0xaa,
      192,
      0,
      2,
      1,
      0x20,
      0x01,
      0x0d,
      0xb8,
      ...new Array(11).fill(0),
      1,
    );
    expect(formatIpv4(wire, 1)).toBe("192.0.2.1");
    expect(formatIpv6(wire, 5)).toBe("2001:db8::1");
  });

  it("picks the family from the length", () => {
    expect(formatIpAddress(Uint8Array.of(127, 0, 0, 1))).toBe("127.0.0.1");
    expect(formatIpAddress(new Uint8Array(16))).toBe("::");
  });

  it("throws HW_GRAMMAR_INVALID_IP_ADDRESS for other lengths", () => {
    for (const length of [0, 3, 5, 15, 17]) {
      let caught: unknown;
      try {
        formatIpAddress(new Uint8Array(length));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GrammarError);
      expect((caught as GrammarError).code).toBe(GrammarErrorCode.INVALID_IP_ADDRESS);
    }
  });
});
