import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "./hex.js";
import { md5 } from "./md5.js";
import { sha256 } from "./sha256.js";
import { sha512_256 } from "./sha512-256.js";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("md5 (RFC 1321 appendix A.5 test suite)", () => {
  const vectors: [string, string][] = [
    ["", "d41d8cd98f00b204e9800998ecf8427e"],
    ["a", "0cc175b9c0f1b6a831c399e269772661"],
    ["abc", "900150983cd24fb0d6963f7d28e17f72"],
    ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
    ["abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"],
    [
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
      "d174ab98d277d9f5a5611c2c9f419d9f",
    ],
    [
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
      "57edf4a22be3c955ac49da2e2107b67a",
    ],
  ];
  for (const [input, hex] of vectors) {
    it(`MD5 (${JSON.stringify(input)})`, () => expect(toHex(md5(ascii(input)))).toBe(hex));
  }
});

describe("sha256 (FIPS 180-2 appendix B examples)", () => {
  it("one-block message 'abc'", () => {
    expect(toHex(sha256(ascii("abc")))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
  it("multi-block message", () => {
    expect(toHex(sha256(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });
  it("one million 'a'", () => {
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    );
  });
  it("the empty message", () => {
    expect(toHex(sha256(new Uint8Array()))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});

describe("sha512_256 (FIPS 180-4 §6.7)", () => {
  it("'abc'", () => {
    expect(toHex(sha512_256(ascii("abc")))).toBe(
      "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
    );
  });
});

describe("agreement with node:crypto on arbitrary input (across block boundaries)", () => {
  it("md5, sha256 and sha512-256", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(toHex(md5(data))).toBe(createHash("md5").update(data).digest("hex"));
        expect(toHex(sha256(data))).toBe(createHash("sha256").update(data).digest("hex"));
        expect(toHex(sha512_256(data))).toBe(createHash("sha512-256").update(data).digest("hex"));
      }),
      { numRuns: 200 },
    );
  });
});
