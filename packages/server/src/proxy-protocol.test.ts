import { formatIpv4, formatIpv6 } from "@hyperwire/grammar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ServerError, ServerErrorCode } from "./errors.js";
import {
  crc32c,
  PROXY_V1_MAX_LENGTH,
  PROXY_V2_SIGNATURE,
  type ProxyHeader,
  ProxyHeaderParser,
  type ProxyParseOutcome,
  parseProxyHeader,
  parseProxySslTlv,
} from "./proxy-protocol.js";

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...parts: ArrayLike<number>[]): Uint8Array => {
  const out: number[] = [];
  for (const part of parts) out.push(...Array.from(part));
  return Uint8Array.from(out);
};
const u16 = (n: number): number[] => [n >> 8, n & 0xff];
const SIG = Array.from(PROXY_V2_SIGNATURE);

// ------------------------------------------------------------ test encoders

/** A v1 line as a proxy writes it (test-only encoder). */
function encodeV1(header: ProxyHeader): Uint8Array {
  if (header.family === "unspecified") return ascii("PROXY UNKNOWN\r\n");
  const s = header.source!;
  const d = header.destination!;
  const proto = header.family === "ipv4" ? "TCP4" : "TCP6";
  return ascii(`PROXY ${proto} ${s.address} ${d.address} ${s.port} ${d.port}\r\n`);
}

function ipv4Bytes(text: string): number[] {
  return text.split(".").map(Number);
}

function ipv6Bytes(text: string): number[] {
  // Test-side expansion of a canonical address (no dotted tail handling needed
  // except ::ffff:a.b.c.d, which the generator below never produces).
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const h = head === "" ? [] : head!.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups.flatMap((g) => u16(Number.parseInt(g, 16)));
}

/** A v2 header (test-only encoder). */
function encodeV2(header: ProxyHeader, tlvBytes: number[] = []): Uint8Array {
  if (header.command === "local") return concat(SIG, [0x20, 0x00], u16(0));
  const famNibble = { unspecified: 0, ipv4: 1, ipv6: 2, unix: 3 }[header.family];
  const transportNibble = { unspecified: 0, stream: 1, datagram: 2 }[header.transport];
  let block: number[] = [];
  if (header.family === "ipv4") {
    block = [
      ...ipv4Bytes(header.source!.address),
      ...ipv4Bytes(header.destination!.address),
      ...u16(header.source!.port),
      ...u16(header.destination!.port),
    ];
  } else if (header.family === "ipv6") {
    block = [
      ...ipv6Bytes(header.source!.address),
      ...ipv6Bytes(header.destination!.address),
      ...u16(header.source!.port),
      ...u16(header.destination!.port),
    ];
  } else if (header.family === "unix") {
    const path = (p: string) => {
      const bytes = Array.from(new TextEncoder().encode(p));
      return [...bytes, ...Array(108 - bytes.length).fill(0)];
    };
    block = [...path(header.source!.address), ...path(header.destination!.address)];
  }
  block.push(...tlvBytes);
  return concat(SIG, [0x21, (famNibble << 4) | transportNibble], u16(block.length), block);
}

function tlv(type: number, value: ArrayLike<number>): number[] {
  return [type, ...u16(value.length), ...Array.from(value)];
}

// ------------------------------------------------------------ helpers

function expectComplete(outcome: ProxyParseOutcome) {
  if (outcome.status !== "complete") throw new Error(`expected complete, got ${outcome.status}`);
  return outcome;
}

function expectError(outcome: ProxyParseOutcome, code: string, offset?: number) {
  expect(outcome.status).toBe("error");
  if (outcome.status !== "error") return;
  expect(outcome.error).toBeInstanceOf(ServerError);
  expect(outcome.error.code).toBe(code);
  if (offset !== undefined) expect(outcome.error.offset).toBe(offset);
}

/** Feeds `bytes` through a ProxyHeaderParser split at `cuts`, returning the final outcome. */
function feedSplit(bytes: Uint8Array, cuts: number[]) {
  const parser = new ProxyHeaderParser();
  let last = 0;
  for (const cut of [...cuts, bytes.length]) {
    const outcome = parser.feed(bytes.subarray(last, cut));
    last = cut;
    if (outcome.status !== "need-more") return outcome;
  }
  return { status: "need-more" as const };
}

/** Whole-input outcome must equal the outcome for every 2-way split and for byte-at-a-time delivery. */
function expectSplitInvariant(bytes: Uint8Array) {
  const whole = parseProxyHeader(bytes);
  const summarize = (o: { status: string; error?: ServerError; consumed?: number }) =>
    o.status === "error"
      ? { status: o.status, code: o.error!.code }
      : { status: o.status, consumed: o.consumed, header: (o as { header?: unknown }).header };
  const expected = summarize(whole as never);
  for (let cut = 0; cut <= bytes.length; cut++) {
    expect(summarize(feedSplit(bytes, [cut]) as never)).toEqual(expected);
  }
  const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
  expect(summarize(feedSplit(bytes, everyByte) as never)).toEqual(expected);
}

// ------------------------------------------------------------ version 1

describe("PROXY v1", () => {
  it("parses a TCP4 line and reports the bytes consumed (§2.1 example)", () => {
    const bytes = ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n");
    const outcome = expectComplete(parseProxyHeader(bytes));
    expect(outcome.consumed).toBe(47);
    expect(outcome.header).toEqual({
      version: 1,
      command: "proxy",
      family: "ipv4",
      transport: "stream",
      source: { address: "192.168.0.1", port: 56324 },
      destination: { address: "192.168.0.11", port: 443 },
      tlvs: [],
    });
  });

  it("parses TCP6 and writes addresses canonically (RFC 5952)", () => {
    const outcome = expectComplete(
      parseProxyHeader(ascii("PROXY TCP6 2001:DB8:0:0:0:0:0:1 ::FFFF:192.0.2.1 0 65535\r\n")),
    );
    expect(outcome.header.family).toBe("ipv6");
    expect(outcome.header.source).toEqual({ address: "2001:db8::1", port: 0 });
    expect(outcome.header.destination).toEqual({ address: "::ffff:192.0.2.1", port: 65535 });
  });

  it("accepts the 107-byte worst case of §2.1", () => {
    const full = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    const line = `PROXY UNKNOWN ${full} ${full} 65535 65535\r\n`;
    expect(line.length).toBe(PROXY_V1_MAX_LENGTH);
    const outcome = expectComplete(parseProxyHeader(ascii(line)));
    expect(outcome.consumed).toBe(107);
    expect(outcome.header.family).toBe("unspecified");
    const tcp6 = `PROXY TCP6 ${full} ${full} 65535 65535\r\n`;
    expect(expectComplete(parseProxyHeader(ascii(tcp6))).consumed).toBe(104);
  });

  it("parses UNKNOWN in its short form and ignores what follows UNKNOWN (§2.1)", () => {
    for (const line of ["PROXY UNKNOWN\r\n", "PROXY UNKNOWN whatever 1 2\r\n"]) {
      const outcome = expectComplete(parseProxyHeader(ascii(line)));
      expect(outcome.consumed).toBe(line.length);
      expect(outcome.header.source).toBeUndefined();
      expect(outcome.header.destination).toBeUndefined();
      expect(outcome.header.family).toBe("unspecified");
    }
  });

  it("waits for more on every proper prefix", () => {
    const line = "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n";
    for (let n = 0; n < line.length; n++) {
      expect(parseProxyHeader(ascii(line.slice(0, n))).status).toBe("need-more");
    }
  });

  it.each([
    ["GET / HTTP/1.1\r\n", ServerErrorCode.PROXY_INVALID_SIGNATURE, 0],
    ["proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_SIGNATURE, 0],
    ["PROXZ", ServerErrorCode.PROXY_INVALID_SIGNATURE, 4],
    ["PROXY\tTCP4", ServerErrorCode.PROXY_INVALID_SIGNATURE, 5],
    ["PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_PROTOCOL, 6],
    ["PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_PROTOCOL, 6],
    ["PROXY UNKNOWNX\r\n", ServerErrorCode.PROXY_INVALID_PROTOCOL, 6],
    ["PROXY \r\n", ServerErrorCode.PROXY_INVALID_PROTOCOL, 6],
    ["PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_LINE, 6],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", ServerErrorCode.PROXY_INVALID_LINE, 6],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", ServerErrorCode.PROXY_INVALID_LINE, 6],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", ServerErrorCode.PROXY_INVALID_LINE, 6],
    ["PROXY TCP4\r\n", ServerErrorCode.PROXY_INVALID_LINE, 6],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", ServerErrorCode.PROXY_INVALID_LINE, 30],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX", ServerErrorCode.PROXY_INVALID_LINE, 30],
    ["PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_LINE, 18],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 2\0\r\n", ServerErrorCode.PROXY_INVALID_LINE, 30],
    ["PROXY UNKNOWN \xff\r\n", ServerErrorCode.PROXY_INVALID_LINE, 14],
    ["PROXY TCP4 010.2.3.4 5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 11],
    ["PROXY TCP4 256.2.3.4 5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 11],
    ["PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 11],
    ["PROXY TCP4 1.2.3.4 5.6.7.8.9 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 19],
    ["PROXY TCP4 ::1 ::1 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 11],
    ["PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 11],
    ["PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 11],
    ["PROXY TCP6 ::1 1::2::3 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 15],
    ["PROXY TCP6 [::1] ::1 1 2\r\n", ServerErrorCode.PROXY_INVALID_ADDRESS, 11],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 065535 2\r\n", ServerErrorCode.PROXY_INVALID_PORT, 27],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n", ServerErrorCode.PROXY_INVALID_PORT, 27],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 -2\r\n", ServerErrorCode.PROXY_INVALID_PORT, 29],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 0x2\r\n", ServerErrorCode.PROXY_INVALID_PORT, 29],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 +2\r\n", ServerErrorCode.PROXY_INVALID_PORT, 29],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 1000000\r\n", ServerErrorCode.PROXY_INVALID_PORT, 29],
  ])("refuses %j with %s", (line, code, offset) => {
    const bytes = ascii(line);
    expectError(parseProxyHeader(bytes), code, offset);
    expectSplitInvariant(bytes);
  });

  it("refuses a line without CRLF in its first 107 bytes (§2.1)", () => {
    const long = ascii(`PROXY UNKNOWN ${"x".repeat(200)}`);
    expectError(parseProxyHeader(long), ServerErrorCode.PROXY_HEADER_TOO_LONG);
    // 106 bytes without a CR: a CRLF can no longer end within 107.
    expectError(parseProxyHeader(long.subarray(0, 106)), ServerErrorCode.PROXY_HEADER_TOO_LONG);
    expect(parseProxyHeader(long.subarray(0, 105)).status).toBe("need-more");
    // A CR at byte 107 (index 106) would make a 108-byte line.
    const crAt106 = ascii(`PROXY UNKNOWN ${"x".repeat(92)}\r\n`);
    expect(crAt106.length).toBe(108);
    expectError(parseProxyHeader(crAt106), ServerErrorCode.PROXY_HEADER_TOO_LONG);
    const crAt105 = ascii(`PROXY UNKNOWN ${"x".repeat(91)}\r\n`);
    expect(expectComplete(parseProxyHeader(crAt105)).consumed).toBe(107);
  });

  it("gives the same outcome whatever the split, for every vector", () => {
    for (const line of [
      "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n\r\n",
      "PROXY TCP6 ::1 ::ffff:10.0.0.1 1 65535\r\nX",
      "PROXY UNKNOWN\r\n",
      `PROXY UNKNOWN ${"y".repeat(120)}`,
    ]) {
      expectSplitInvariant(ascii(line));
    }
  });
});

// ------------------------------------------------------------ version 2

/** §2.2 example-style vector: TCP over IPv4, 192.0.2.1:56324 → 198.51.100.7:443, built byte by byte. */
const V2_TCP4 = Uint8Array.of(
  ...[0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a], // signature
  0x21, // version 2, command PROXY
  0x11, // AF_INET, STREAM
  0x00,
  0x0c, // len = 12
  192,
  0,
  2,
  1, // src_addr
  198,
  51,
  100,
  7, // dst_addr
  0xdc,
  0x04, // src_port 56324
  0x01,
  0xbb, // dst_port 443
);

describe("PROXY v2", () => {
  it("parses TCP over IPv4 from a hand-built vector", () => {
    const outcome = expectComplete(parseProxyHeader(concat(V2_TCP4, ascii("GET /"))));
    expect(outcome.consumed).toBe(28);
    expect(outcome.header).toEqual({
      version: 2,
      command: "proxy",
      family: "ipv4",
      transport: "stream",
      source: { address: "192.0.2.1", port: 56324 },
      destination: { address: "198.51.100.7", port: 443 },
      tlvs: [],
    });
  });

  it("parses UDP over IPv6", () => {
    const bytes = concat(
      SIG,
      [0x21, 0x22],
      u16(36),
      [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 0x01], // 2001:db8::1
      [...Array(15).fill(0), 0x01], // ::1
      u16(53),
      u16(5353),
    );
    const outcome = expectComplete(parseProxyHeader(bytes));
    expect(outcome.header.family).toBe("ipv6");
    expect(outcome.header.transport).toBe("datagram");
    expect(outcome.header.source).toEqual({ address: "2001:db8::1", port: 53 });
    expect(outcome.header.destination).toEqual({ address: "::1", port: 5353 });
  });

  it("parses AF_UNIX with NUL-padded 108-byte paths", () => {
    const path = (p: string) => [...ascii(p), ...Array(108 - p.length).fill(0)];
    const bytes = concat(
      SIG,
      [0x21, 0x31],
      u16(216),
      path("/run/client.sock"),
      path("/run/app.sock"),
    );
    const outcome = expectComplete(parseProxyHeader(bytes));
    expect(outcome.consumed).toBe(232);
    expect(outcome.header.family).toBe("unix");
    expect(outcome.header.source).toEqual({ address: "/run/client.sock", port: 0 });
    expect(outcome.header.destination).toEqual({ address: "/run/app.sock", port: 0 });
  });

  it("accepts LOCAL and discards its block, whatever the family (§2.2)", () => {
    for (const fam of [0x00, 0x11, 0x41, 0xff]) {
      const bytes = concat(SIG, [0x20, fam], u16(5), [1, 2, 3, 4, 5], ascii("GET"));
      const outcome = expectComplete(parseProxyHeader(bytes));
      expect(outcome.consumed).toBe(21);
      expect(outcome.header.command).toBe("local");
      expect(outcome.header.source).toBeUndefined();
      expect(outcome.header.tlvs).toEqual([]);
    }
  });

  it("accepts PROXY with AF_UNSPEC and ignores its block", () => {
    const outcome = expectComplete(parseProxyHeader(concat(SIG, [0x21, 0x00], u16(3), [9, 9, 9])));
    expect(outcome.consumed).toBe(19);
    expect(outcome.header.family).toBe("unspecified");
    expect(outcome.header.source).toBeUndefined();
  });

  it("parses TLVs into a typed list (§2.2.1–§2.2.7)", () => {
    const tlvs = [
      ...tlv(0x01, ascii("h2")),
      ...tlv(0x02, ascii("example.com")),
      ...tlv(0x04, [0, 0, 0]),
      ...tlv(0x05, Array(128).fill(7)),
      ...tlv(0x20, [0x01, 0, 0, 0, 0, ...tlv(0x21, ascii("TLSv1.3"))]),
      ...tlv(0x30, ascii("blue")),
      ...tlv(0xea, [1, ...ascii("vpce-0123")]),
      ...tlv(0xf1, []),
      ...tlv(0xf8, [1]),
      ...tlv(0x10, [2]),
    ];
    const bytes = concat(
      V2_TCP4.subarray(0, 14),
      u16(12 + tlvs.length),
      V2_TCP4.subarray(16),
      tlvs,
    );
    const outcome = expectComplete(parseProxyHeader(bytes));
    const list = outcome.header.tlvs.map((t) => [t.type, t.name, t.value.length]);
    expect(list).toEqual([
      [0x01, "alpn", 2],
      [0x02, "authority", 11],
      [0x04, "noop", 3],
      [0x05, "unique-id", 128],
      [0x20, "ssl", 15],
      [0x30, "netns", 4],
      [0xea, "custom", 10],
      [0xf1, "experimental", 0],
      [0xf8, "future", 1],
      [0x10, "unknown", 1],
    ]);
    expect(new TextDecoder().decode(outcome.header.tlvs[1]!.value)).toBe("example.com");
    const ssl = parseProxySslTlv(outcome.header.tlvs[4]!.value);
    expect(ssl).toMatchObject({ clientSsl: true, verified: true, version: "TLSv1.3" });
  });

  it("verifies a PP2_TYPE_CRC32C checksum, and refuses a wrong one (§2.2.3)", () => {
    const build = (checksum: number | null) => {
      const body = [...V2_TCP4.subarray(16), ...tlv(0x03, [0, 0, 0, 0])];
      const bytes = concat(V2_TCP4.subarray(0, 14), u16(body.length), body);
      const sum = checksum ?? crc32c(bytes);
      bytes.set(
        [sum >>> 24, (sum >>> 16) & 0xff, (sum >>> 8) & 0xff, sum & 0xff],
        bytes.length - 4,
      );
      return bytes;
    };
    const good = build(null);
    expect(expectComplete(parseProxyHeader(good)).header.tlvs[0]!.name).toBe("crc32c");
    const bad = build(0xdeadbeef);
    expectError(parseProxyHeader(bad), ServerErrorCode.PROXY_CHECKSUM_MISMATCH, 28);
    expect(parseProxyHeader(bad, { verifyChecksum: false }).status).toBe("complete");
    expectSplitInvariant(good);
    expectSplitInvariant(bad);
  });

  it("computes CRC-32C per its check value", () => {
    expect(crc32c(ascii("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  const withBlock = (fam: number, block: number[]) =>
    concat(SIG, [0x21, fam], u16(block.length), block);
  const ipv4Block = Array.from(V2_TCP4.subarray(16));

  it.each([
    [
      "a bad signature byte",
      concat(SIG.slice(0, 5), [0x01]),
      ServerErrorCode.PROXY_INVALID_SIGNATURE,
      5,
    ],
    [
      "the v1 signature's last byte changed",
      concat(SIG.slice(0, 11), [0x0d]),
      ServerErrorCode.PROXY_INVALID_SIGNATURE,
      11,
    ],
    ["version 1", concat(SIG, [0x11]), ServerErrorCode.PROXY_INVALID_VERSION, 12],
    ["version 3", concat(SIG, [0x31]), ServerErrorCode.PROXY_INVALID_VERSION, 12],
    ["version 0", concat(SIG, [0x01]), ServerErrorCode.PROXY_INVALID_VERSION, 12],
    ["command 2", concat(SIG, [0x22]), ServerErrorCode.PROXY_INVALID_COMMAND, 12],
    ["command 15", concat(SIG, [0x2f]), ServerErrorCode.PROXY_INVALID_COMMAND, 12],
    ["family 4", concat(SIG, [0x21, 0x41]), ServerErrorCode.PROXY_INVALID_PROTOCOL, 13],
    ["transport 3", concat(SIG, [0x21, 0x13]), ServerErrorCode.PROXY_INVALID_PROTOCOL, 13],
    [
      "AF_INET with UNSPEC transport",
      concat(SIG, [0x21, 0x10]),
      ServerErrorCode.PROXY_INVALID_PROTOCOL,
      13,
    ],
    [
      "UNSPEC family with STREAM",
      concat(SIG, [0x21, 0x01]),
      ServerErrorCode.PROXY_INVALID_PROTOCOL,
      13,
    ],
    ["IPv4 len 11", concat(SIG, [0x21, 0x11], u16(11)), ServerErrorCode.PROXY_INVALID_LENGTH, 14],
    ["IPv6 len 35", concat(SIG, [0x21, 0x21], u16(35)), ServerErrorCode.PROXY_INVALID_LENGTH, 14],
    ["UNIX len 215", concat(SIG, [0x21, 0x31], u16(215)), ServerErrorCode.PROXY_INVALID_LENGTH, 14],
    [
      "len over the limit",
      concat(SIG, [0x21, 0x11], u16(4097)),
      ServerErrorCode.PROXY_HEADER_TOO_LONG,
      14,
    ],
    [
      "LOCAL len over the limit",
      concat(SIG, [0x20, 0x00], u16(65535)),
      ServerErrorCode.PROXY_HEADER_TOO_LONG,
      14,
    ],
    [
      "a truncated TLV header",
      withBlock(0x11, [...ipv4Block, 0x01, 0x00]),
      ServerErrorCode.PROXY_INVALID_TLV,
      28,
    ],
    [
      "a TLV overrunning the block",
      withBlock(0x11, [...ipv4Block, 0x01, 0x00, 0x03, 0x68, 0x32]),
      ServerErrorCode.PROXY_INVALID_TLV,
      28,
    ],
    [
      "a second TLV overrunning",
      withBlock(0x11, [...ipv4Block, ...tlv(4, []), 0x02, 0xff, 0xff]),
      ServerErrorCode.PROXY_INVALID_TLV,
      31,
    ],
    [
      "CRC32C of 3 bytes",
      withBlock(0x11, [...ipv4Block, ...tlv(3, [1, 2, 3])]),
      ServerErrorCode.PROXY_INVALID_TLV,
      28,
    ],
    [
      "UNIQUE_ID of 129 bytes",
      withBlock(0x11, [...ipv4Block, ...tlv(5, Array(129).fill(1))]),
      ServerErrorCode.PROXY_INVALID_TLV,
      28,
    ],
    [
      "SSL of 4 bytes",
      withBlock(0x11, [...ipv4Block, ...tlv(0x20, [1, 0, 0, 0])]),
      ServerErrorCode.PROXY_INVALID_TLV,
      28,
    ],
  ])("refuses %s", (_name, bytes, code, offset) => {
    expectError(parseProxyHeader(bytes), code, offset);
    expectSplitInvariant(bytes);
  });

  it("rejects early: a bad byte fails before the rest of the header arrives", () => {
    expectError(
      parseProxyHeader(Uint8Array.of(0x0d, 0x0a, 0x0d, 0x0d)),
      ServerErrorCode.PROXY_INVALID_SIGNATURE,
      3,
    );
    expect(parseProxyHeader(concat(SIG, [0x21, 0x11], u16(12))).status).toBe("need-more");
  });

  it("honours maxV2BlockLength", () => {
    const bytes = concat(SIG, [0x21, 0x11], u16(12), ipv4Block);
    expectError(
      parseProxyHeader(bytes, { maxV2BlockLength: 11 }),
      ServerErrorCode.PROXY_HEADER_TOO_LONG,
    );
    expect(parseProxyHeader(bytes, { maxV2BlockLength: 12 }).status).toBe("complete");
    const big = concat(SIG, [0x21, 0x11], u16(65535), ipv4Block, tlv(0xe0, Array(65520).fill(0)));
    expect(parseProxyHeader(big, { maxV2BlockLength: 65535 }).status).toBe("complete");
  });

  it("gives the same outcome whatever the split, for every vector", () => {
    expectSplitInvariant(concat(V2_TCP4, ascii("GET / HTTP/1.1\r\n")));
    expectSplitInvariant(
      concat(SIG, [0x21, 0x21], u16(36 + 5), Array(36).fill(1), tlv(1, ascii("h2"))),
    );
    expectSplitInvariant(concat(SIG, [0x20, 0x00], u16(0)));
  });
});

describe("parseProxySslTlv", () => {
  it("reads flags, verify and every sub-TLV", () => {
    const value = Uint8Array.from([
      0x07,
      0,
      0,
      0,
      1,
      ...tlv(0x21, ascii("TLSv1.2")),
      ...tlv(0x22, ascii("client.example")),
      ...tlv(0x23, ascii("ECDHE-RSA-AES128-GCM-SHA256")),
      ...tlv(0x24, ascii("SHA256")),
      ...tlv(0x25, ascii("RSA2048")),
    ]);
    expect(parseProxySslTlv(value)).toMatchObject({
      clientSsl: true,
      clientCertConnection: true,
      clientCertSession: true,
      verified: false,
      version: "TLSv1.2",
      commonName: "client.example",
      cipher: "ECDHE-RSA-AES128-GCM-SHA256",
      signatureAlgorithm: "SHA256",
      keyAlgorithm: "RSA2048",
    });
  });

  it("refuses short values and overrunning sub-TLVs", () => {
    expect(parseProxySslTlv(Uint8Array.of(1, 0, 0, 0))).toBeNull();
    expect(parseProxySslTlv(Uint8Array.of(1, 0, 0, 0, 0, 0x21, 0))).toBeNull();
    expect(parseProxySslTlv(Uint8Array.of(1, 0, 0, 0, 0, 0x21, 0, 2, 0x41))).toBeNull();
    expect(parseProxySslTlv(Uint8Array.of(0, 0, 0, 0, 0))).toMatchObject({
      clientSsl: false,
      subTlvs: [],
    });
  });
});

describe("ProxyHeaderParser", () => {
  it("hands back the bytes after the header and refuses to be fed again", () => {
    const parser = new ProxyHeaderParser();
    const line = ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\nGET / HTTP/1.1\r\n");
    expect(parser.feed(line.subarray(0, 10)).status).toBe("need-more");
    const outcome = parser.feed(line.subarray(10));
    expect(outcome.status).toBe("complete");
    if (outcome.status !== "complete") return;
    expect(outcome.consumed).toBe(32);
    expect(new TextDecoder().decode(outcome.rest)).toBe("GET / HTTP/1.1\r\n");
    expect(parser.finished).toBe(true);
    expect(() => parser.feed(Uint8Array.of(1))).toThrow(
      expect.objectContaining({ code: ServerErrorCode.PROXY_PARSER_FINISHED }),
    );
  });

  it("copies a buffered chunk, so the caller may reuse its memory", () => {
    const parser = new ProxyHeaderParser();
    const chunk = ascii("PROXY TCP4 1.2.3.4 ");
    expect(parser.feed(chunk).status).toBe("need-more");
    chunk.fill(0x21);
    const outcome = parser.feed(ascii("5.6.7.8 1 2\r\n"));
    expect(outcome.status).toBe("complete");
  });
});

// ------------------------------------------------------------ properties

const endpoint4 = fc.record({
  address: fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIpv4(b)),
  port: fc.integer({ min: 0, max: 65535 }),
});
const endpoint6 = fc.record({
  address: fc
    .uint8Array({ minLength: 16, maxLength: 16 })
    // Keep clear of ::ffff:a.b.c.d, which the test encoder does not expand.
    .filter((b) => !(b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff))
    .map((b) => formatIpv6(b)),
  port: fc.integer({ min: 0, max: 65535 }),
});

const inetHeader = (version: 1 | 2) =>
  fc
    .oneof(
      fc
        .record({
          source: endpoint4,
          destination: endpoint4,
          transport: fc.constantFrom(
            "stream" as const,
            ...(version === 2 ? ["datagram" as const] : []),
          ),
        })
        .map((r) => ({ ...r, family: "ipv4" as const })),
      fc
        .record({
          source: endpoint6,
          destination: endpoint6,
          transport: fc.constantFrom(
            "stream" as const,
            ...(version === 2 ? ["datagram" as const] : []),
          ),
        })
        .map((r) => ({ ...r, family: "ipv6" as const })),
    )
    .map(
      (r): ProxyHeader => ({
        version,
        command: "proxy",
        family: r.family,
        transport: r.transport,
        source: r.source,
        destination: r.destination,
        tlvs: [],
      }),
    );

describe("properties", () => {
  it("v1: parse(encode(header)) gives the header back, then the payload", () => {
    fc.assert(
      fc.property(inetHeader(1), fc.uint8Array({ maxLength: 8 }), (header, payload) => {
        const bytes = concat(encodeV1(header), payload);
        const outcome = expectComplete(parseProxyHeader(bytes));
        expect(outcome.header).toEqual(header);
        expect(outcome.consumed).toBe(bytes.length - payload.length);
      }),
      { numRuns: 300 },
    );
  });

  it("v2: parse(encode(header, tlvs)) gives the header and TLVs back, at any split", () => {
    const tlvArb = fc.array(
      fc.record({
        type: fc.constantFrom(0x01, 0x02, 0x04, 0x30, 0xe0, 0xef, 0xf0, 0xff),
        value: fc.uint8Array({ maxLength: 40 }),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(inetHeader(2), tlvArb, fc.nat(), (header, tlvs, cutSeed) => {
        const tlvBytes = tlvs.flatMap((t) => tlv(t.type, t.value));
        const bytes = encodeV2(header, tlvBytes);
        const outcome = expectComplete(parseProxyHeader(bytes));
        expect({ ...outcome.header, tlvs: [] }).toEqual(header);
        expect(outcome.header.tlvs.map((t) => [t.type, Array.from(t.value)])).toEqual(
          tlvs.map((t) => [t.type, Array.from(t.value)]),
        );
        const cut = cutSeed % (bytes.length + 1);
        const split = feedSplit(bytes, [cut]);
        expect(split.status).toBe("complete");
        if (split.status === "complete") expect(split.header).toEqual(outcome.header);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws, and never claims more bytes than it was given", () => {
    const prefixed = fc.oneof(
      fc.uint8Array({ maxLength: 140 }),
      fc.uint8Array({ maxLength: 120 }).map((b) => concat(ascii("PROXY "), b)),
      fc.uint8Array({ maxLength: 300 }).map((b) => concat(SIG, b)),
      fc.string({ maxLength: 60 }).map((s) => ascii(`PROXY TCP4 ${s}\r\n`)),
    );
    fc.assert(
      fc.property(prefixed, (bytes) => {
        const outcome = parseProxyHeader(bytes);
        if (outcome.status === "complete") {
          expect(outcome.consumed).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
