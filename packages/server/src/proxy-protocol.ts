import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from "@hyperwire/grammar";
import { ServerError, ServerErrorCode } from "./errors.js";

/*
 * The PROXY protocol, versions 1 and 2, as specified by HAProxy Technologies in
 * "The PROXY protocol" (doc/proxy-protocol.txt, versions 1 and 2). Section
 * numbers below refer to that text. A proxy (HAProxy, nginx, AWS NLB, …) writes
 * one header at the very start of the TCP connection to say who the real
 * client is; the server reads it before any HTTP byte.
 *
 * Only enable this on a listener that ONLY trusted proxies can reach: anyone
 * who can connect directly can otherwise claim any source address (§5).
 */

/** The 12-byte v2 signature, §2.2: "\r\n\r\n\0\r\nQUIT\n". */
export const PROXY_V2_SIGNATURE: Uint8Array = Uint8Array.of(
  0x0d,
  0x0a,
  0x0d,
  0x0a,
  0x00,
  0x0d,
  0x0a,
  0x51,
  0x55,
  0x49,
  0x54,
  0x0a,
);

/** "PROXY " — the first six bytes of every v1 header (§2.1). */
const V1_PREFIX = Uint8Array.of(0x50, 0x52, 0x4f, 0x58, 0x59, 0x20);

/** §2.1: the worst case v1 line ("PROXY TCP6 " + two full IPv6 + two ports + CRLF) is 107 bytes. */
export const PROXY_V1_MAX_LENGTH = 107;

/** Length of the v2 fixed part: signature, ver_cmd, fam, len (§2.2). */
const V2_FIXED_LENGTH = 16;

/** Default bound on the v2 block (addresses + TLVs) after the fixed 16 bytes. */
const DEFAULT_MAX_V2_BLOCK_LENGTH = 4096;

/** The address family a header announces. */
export type ProxyAddressFamily = "ipv4" | "ipv6" | "unix" | "unspecified";

/** The transport a header announces: TCP/stream, UDP/datagram, or none. */
export type ProxyTransport = "stream" | "datagram" | "unspecified";

/**
 * One end of the proxied connection. For the "unix" family, `address` is the
 * socket path (up to its first NUL byte) and `port` is 0.
 */
export interface ProxyEndpoint {
  /** IPv4 in dotted decimal, IPv6 in the canonical form of RFC 5952, or a Unix socket path. */
  readonly address: string;
  /** TCP/UDP port, 0 for Unix sockets. */
  readonly port: number;
}

/**
 * The v2 TLV types the spec names (§2.2.1–§2.2.7), plus the reserved ranges:
 * 0xE0–0xEF custom (application-specific), 0xF0–0xF7 experimental, 0xF8–0xFF future.
 */
export type ProxyTlvName =
  | "alpn"
  | "authority"
  | "crc32c"
  | "noop"
  | "unique-id"
  | "ssl"
  | "netns"
  | "custom"
  | "experimental"
  | "future"
  | "unknown";

/** A Type-Length-Value vector from a v2 header (§2.2). */
export interface ProxyTlv {
  /** The raw type byte, e.g. 0x01 for PP2_TYPE_ALPN or 0xEA for an AWS custom TLV. */
  readonly type: number;
  /** The spec's name for the type, or its reserved range. */
  readonly name: ProxyTlvName;
  /** The value bytes: a view into the parsed input (copy it to keep it past the input's lifetime). */
  readonly value: Uint8Array;
}

/** What a PROXY protocol header says. */
export interface ProxyHeader {
  readonly version: 1 | 2;
  /**
   * "proxy": a relayed connection; `source`/`destination` (when defined) are the
   * client's and the proxy's addresses. "local": the proxy speaking for itself
   * (a health check, §2.2); the receiver uses the real socket endpoints.
   */
  readonly command: "proxy" | "local";
  readonly family: ProxyAddressFamily;
  readonly transport: ProxyTransport;
  /** The original client, undefined for LOCAL, v1 UNKNOWN and v2 AF_UNSPEC. */
  readonly source: ProxyEndpoint | undefined;
  /** The address the client connected to, undefined when `source` is. */
  readonly destination: ProxyEndpoint | undefined;
  /** The v2 TLVs in order of appearance; always empty for v1 and for LOCAL. */
  readonly tlvs: readonly ProxyTlv[];
}

/** Options of {@link parseProxyHeader} and {@link ProxyHeaderParser}. */
export interface ProxyHeaderParseOptions {
  /**
   * Largest v2 block (address block + TLVs, the `len` field) accepted, in bytes.
   * The wire format allows 65535; a smaller bound keeps a peer from making the
   * server buffer 64 KiB per connection before it can decide anything.
   * Default 4096, enough for the addresses plus TLS and cloud-provider TLVs.
   */
  maxV2BlockLength?: number;
  /**
   * Whether a PP2_TYPE_CRC32C TLV is checked against the header (§2.2.3: a
   * receiver that supports it must drop the connection on a mismatch).
   * Default true.
   */
  verifyChecksum?: boolean;
}

/** The outcome of parsing the bytes received so far. */
export type ProxyParseOutcome =
  /** The bytes so far are a valid prefix of a header: wait for more. */
  | { readonly status: "need-more" }
  /** A complete header; the first `consumed` bytes were the header, the rest is the application's (HTTP). */
  | { readonly status: "complete"; readonly header: ProxyHeader; readonly consumed: number }
  /** Not a valid header: close the connection without answering (§2: never guess). */
  | { readonly status: "error"; readonly error: ServerError };

const NEED_MORE: ProxyParseOutcome = Object.freeze({ status: "need-more" });

function failure(code: ServerErrorCode, message: string, offset: number): ProxyParseOutcome {
  return { status: "error", error: new ServerError(code, message, { offset }) };
}

/**
 * Parses a PROXY protocol v1 or v2 header from the start of `input`, which holds
 * every byte received on the connection so far (split anywhere).
 *
 * Strict, as §2 asks of receivers: the version is recognised from the first
 * bytes and anything else — plain HTTP on a PROXY listener, a mangled line, an
 * undefined v2 family — is an error as soon as the first offending byte
 * arrives, so a client cannot hold the connection by trickling garbage.
 * A v1 line without its CRLF in the first 107 bytes is refused (§2.1).
 *
 * Never throws.
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode("PROXY TCP4 192.0.2.1 198.51.100.7 56324 443\r\nGET / HTTP/1.1\r\n");
 * const outcome = parseProxyHeader(bytes);
 * if (outcome.status === "complete") {
 *   outcome.header.source;   // { address: "192.0.2.1", port: 56324 }
 *   bytes.subarray(outcome.consumed); // "GET / HTTP/1.1\r\n…" for the HTTP parser
 * }
 * ```
 */
export function parseProxyHeader(
  input: Uint8Array,
  options: ProxyHeaderParseOptions = {},
): ProxyParseOutcome {
  if (input.length === 0) return NEED_MORE;
  if (input[0] === V1_PREFIX[0]) return parseV1(input);
  if (input[0] === PROXY_V2_SIGNATURE[0]) return parseV2(input, options);
  return failure(
    ServerErrorCode.PROXY_INVALID_SIGNATURE,
    "the connection does not start with a PROXY protocol header",
    0,
  );
}

// ---------------------------------------------------------------- version 1

/**
 * §2.1:
 * ```abnf
 * proxy-line = "PROXY" SP ( tcp-line / unknown-line ) CRLF
 * tcp-line   = ( "TCP4" / "TCP6" ) SP src-addr SP dst-addr SP src-port SP dst-port
 * unknown-line = "UNKNOWN" [ SP *( %x20-7E ) ]   ; the rest is ignored
 * port       = "0" / %x31-39 *4DIGIT             ; <= 65535, no leading zero
 * ```
 * Exactly one space between fields; at most 107 bytes with the CRLF.
 */
function parseV1(input: Uint8Array): ProxyParseOutcome {
  const prefixLength = Math.min(input.length, V1_PREFIX.length);
  for (let i = 0; i < prefixLength; i++) {
    if (input[i] !== V1_PREFIX[i]) {
      return failure(
        ServerErrorCode.PROXY_INVALID_SIGNATURE,
        'the connection does not start with "PROXY "',
        i,
      );
    }
  }
  const limit = Math.min(input.length, PROXY_V1_MAX_LENGTH);
  let lineEnd = -1;
  for (let i = V1_PREFIX.length; i < limit; i++) {
    const byte = input[i]!;
    if (byte === 0x0d) {
      if (i + 2 > PROXY_V1_MAX_LENGTH) break; // the CRLF would end past byte 107
      if (i + 1 >= input.length) return NEED_MORE;
      if (input[i + 1] !== 0x0a) {
        return failure(ServerErrorCode.PROXY_INVALID_LINE, "CR not followed by LF", i);
      }
      lineEnd = i;
      break;
    }
    // §2.1 allows only printable US-ASCII on the line. A bare LF is refused:
    // a receiver that accepted it would end the line where another one did not.
    if (byte < 0x20 || byte > 0x7e) {
      return failure(
        ServerErrorCode.PROXY_INVALID_LINE,
        `byte 0x${byte.toString(16).padStart(2, "0")} is not allowed in a PROXY v1 line`,
        i,
      );
    }
  }
  if (lineEnd < 0) {
    if (input.length >= PROXY_V1_MAX_LENGTH - 1) {
      return failure(
        ServerErrorCode.PROXY_HEADER_TOO_LONG,
        `no CRLF within the first ${PROXY_V1_MAX_LENGTH} bytes of a PROXY v1 line`,
        PROXY_V1_MAX_LENGTH - 1,
      );
    }
    return NEED_MORE;
  }
  const consumed = lineEnd + 2;
  // Printable ASCII only (checked above), so a latin1 read is exact.
  let line = "";
  for (let i = V1_PREFIX.length; i < lineEnd; i++) line += String.fromCharCode(input[i]!);
  const base = V1_PREFIX.length;

  if (line === "UNKNOWN" || line.startsWith("UNKNOWN ")) {
    // §2.1: with UNKNOWN "the receiver must ignore anything presented before
    // the CRLF is found" and use the real connection endpoints.
    return complete(1, "proxy", "unspecified", "unspecified", undefined, undefined, [], consumed);
  }
  const fields = line.split(" ");
  const protocol = fields[0]!;
  if (protocol !== "TCP4" && protocol !== "TCP6") {
    return failure(
      ServerErrorCode.PROXY_INVALID_PROTOCOL,
      `unknown PROXY v1 protocol ${JSON.stringify(protocol)}`,
      base,
    );
  }
  if (fields.length !== 5 || fields.some((field) => field.length === 0)) {
    // Two spaces in a row, a trailing space or a missing field all land here.
    return failure(
      ServerErrorCode.PROXY_INVALID_LINE,
      "a PROXY v1 TCP line has exactly four fields after the protocol, one space apart",
      base,
    );
  }
  let offset = base + protocol.length + 1;
  const ipv4 = protocol === "TCP4";
  const addresses: string[] = [];
  for (let f = 1; f <= 2; f++) {
    const text = fields[f]!;
    // §2.1: the address must be of the family the protocol names; "TCP4 ::1"
    // would otherwise pass an IPv6 string to code that expects IPv4.
    const bytes = ipv4 ? parseIpv4(text) : parseIpv6(text);
    if (bytes === null) {
      return failure(
        ServerErrorCode.PROXY_INVALID_ADDRESS,
        `${JSON.stringify(text)} is not a valid ${ipv4 ? "IPv4" : "IPv6"} address`,
        offset,
      );
    }
    addresses.push(ipv4 ? formatIpv4(bytes) : formatIpv6(bytes));
    offset += text.length + 1;
  }
  const ports: number[] = [];
  for (let f = 3; f <= 4; f++) {
    const port = parsePort(fields[f]!);
    if (port < 0) {
      return failure(
        ServerErrorCode.PROXY_INVALID_PORT,
        `${JSON.stringify(fields[f])} is not a port in [0, 65535] without leading zeros`,
        offset,
      );
    }
    ports.push(port);
    offset += fields[f]!.length + 1;
  }
  return complete(
    1,
    "proxy",
    ipv4 ? "ipv4" : "ipv6",
    "stream",
    { address: addresses[0]!, port: ports[0]! },
    { address: addresses[1]!, port: ports[1]! },
    [],
    consumed,
  );
}

/** §2.1: decimal in [0, 65535]; "heading zeroes are not permitted" (octal confusion). */
function parsePort(text: string): number {
  if (text.length === 0 || text.length > 5) return -1;
  if (text.length > 1 && text.charCodeAt(0) === 0x30) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return -1;
    value = value * 10 + (code - 0x30);
  }
  return value <= 65535 ? value : -1;
}

// ---------------------------------------------------------------- version 2

/** §2.2 address block sizes by family nibble. */
const ADDRESS_BLOCK_LENGTH = { ipv4: 12, ipv6: 36, unix: 216, unspecified: 0 } as const;

/**
 * §2.2: the `fam` byte values a PROXY command may carry ("other unspecified
 * values must be rejected"): 0x00 UNSPEC, 0x11 TCP4, 0x12 UDP4, 0x21 TCP6,
 * 0x22 UDP6, 0x31 UNIX stream, 0x32 UNIX datagram.
 */
const FAMILIES: ReadonlyMap<number, [ProxyAddressFamily, ProxyTransport]> = new Map([
  [0x00, ["unspecified", "unspecified"]],
  [0x11, ["ipv4", "stream"]],
  [0x12, ["ipv4", "datagram"]],
  [0x21, ["ipv6", "stream"]],
  [0x22, ["ipv6", "datagram"]],
  [0x31, ["unix", "stream"]],
  [0x32, ["unix", "datagram"]],
]);

/** §2.2.1–§2.2.7 type bytes. */
const TLV_NAMES: ReadonlyMap<number, ProxyTlvName> = new Map([
  [0x01, "alpn"],
  [0x02, "authority"],
  [0x03, "crc32c"],
  [0x04, "noop"],
  [0x05, "unique-id"],
  [0x20, "ssl"],
  [0x30, "netns"],
]);

/** §2.2.5: "The unique ID can be up to 128 bytes." */
const MAX_UNIQUE_ID_LENGTH = 128;

function tlvName(type: number): ProxyTlvName {
  const known = TLV_NAMES.get(type);
  if (known !== undefined) return known;
  if (type >= 0xe0 && type <= 0xef) return "custom";
  if (type >= 0xf0 && type <= 0xf7) return "experimental";
  if (type >= 0xf8) return "future";
  return "unknown";
}

function parseV2(input: Uint8Array, options: ProxyHeaderParseOptions): ProxyParseOutcome {
  const signatureLength = Math.min(input.length, PROXY_V2_SIGNATURE.length);
  for (let i = 0; i < signatureLength; i++) {
    if (input[i] !== PROXY_V2_SIGNATURE[i]) {
      return failure(
        ServerErrorCode.PROXY_INVALID_SIGNATURE,
        "the connection does not start with the PROXY v2 signature",
        i,
      );
    }
  }
  if (input.length <= 12) return NEED_MORE;
  const versionCommand = input[12]!;
  // §2.2: "The highest four bits contains the version ... must always be
  // sent as \x2 and the receiver must only accept this value."
  if (versionCommand >> 4 !== 2) {
    return failure(
      ServerErrorCode.PROXY_INVALID_VERSION,
      `PROXY v2 version nibble is ${versionCommand >> 4}, not 2`,
      12,
    );
  }
  const commandNibble = versionCommand & 0x0f;
  // §2.2: commands other than LOCAL (0) and PROXY (1) "must be rejected".
  if (commandNibble > 1) {
    return failure(
      ServerErrorCode.PROXY_INVALID_COMMAND,
      `PROXY v2 command ${commandNibble} is neither LOCAL nor PROXY`,
      12,
    );
  }
  const local = commandNibble === 0;
  if (input.length <= 13) return NEED_MORE;
  const familyByte = input[13]!;
  const family = FAMILIES.get(familyByte);
  // §2.2: with LOCAL the receiver discards the protocol block "including the
  // family", so only PROXY is held to the defined family values.
  if (!local && family === undefined) {
    return failure(
      ServerErrorCode.PROXY_INVALID_PROTOCOL,
      `PROXY v2 family/transport byte 0x${familyByte.toString(16).padStart(2, "0")} is not defined`,
      13,
    );
  }
  if (input.length < V2_FIXED_LENGTH) return NEED_MORE;
  const blockLength = (input[14]! << 8) | input[15]!;
  const maxBlock = options.maxV2BlockLength ?? DEFAULT_MAX_V2_BLOCK_LENGTH;
  if (blockLength > maxBlock) {
    return failure(
      ServerErrorCode.PROXY_HEADER_TOO_LONG,
      `PROXY v2 block of ${blockLength} bytes exceeds the limit of ${maxBlock}`,
      14,
    );
  }
  const addressLength = local || family === undefined ? 0 : ADDRESS_BLOCK_LENGTH[family[0]];
  // §2.2: "the receiver must verify that len is at least as large as the
  // address block" — otherwise address bytes would be read from the HTTP stream.
  if (blockLength < addressLength) {
    return failure(
      ServerErrorCode.PROXY_INVALID_LENGTH,
      `PROXY v2 length ${blockLength} is shorter than the ${addressLength}-byte address block`,
      14,
    );
  }
  const consumed = V2_FIXED_LENGTH + blockLength;
  if (input.length < consumed) return NEED_MORE;

  if (local || family === undefined) {
    return complete(2, "local", "unspecified", "unspecified", undefined, undefined, [], consumed);
  }
  const [familyName, transport] = family;
  const a = V2_FIXED_LENGTH;
  let source: ProxyEndpoint | undefined;
  let destination: ProxyEndpoint | undefined;
  if (familyName === "ipv4") {
    source = { address: formatIpv4(input, a), port: readUint16(input, a + 8) };
    destination = { address: formatIpv4(input, a + 4), port: readUint16(input, a + 10) };
  } else if (familyName === "ipv6") {
    source = { address: formatIpv6(input, a), port: readUint16(input, a + 32) };
    destination = { address: formatIpv6(input, a + 16), port: readUint16(input, a + 34) };
  } else if (familyName === "unix") {
    source = { address: readUnixPath(input, a), port: 0 };
    destination = { address: readUnixPath(input, a + 108), port: 0 };
  }
  // §2.2: with AF_UNSPEC under PROXY the receiver "should ignore address
  // information"; there is no defined address block to skip before TLVs, so
  // the whole block is ignored and no TLVs are reported.
  if (familyName === "unspecified") {
    return complete(2, "proxy", "unspecified", transport, undefined, undefined, [], consumed);
  }
  const tlvs = parseTlvs(input, a + addressLength, consumed, options.verifyChecksum ?? true);
  if (!Array.isArray(tlvs)) return tlvs as ProxyParseOutcome;
  return complete(2, "proxy", familyName, transport, source, destination, tlvs, consumed);
}

function parseTlvs(
  input: Uint8Array,
  start: number,
  end: number,
  verifyChecksum: boolean,
): ProxyTlv[] | ProxyParseOutcome {
  const tlvs: ProxyTlv[] = [];
  let i = start;
  while (i < end) {
    if (end - i < 3) {
      return failure(ServerErrorCode.PROXY_INVALID_TLV, "truncated TLV header", i);
    }
    const type = input[i]!;
    const length = readUint16(input, i + 1);
    const valueStart = i + 3;
    // A TLV that claims more than the block holds would swallow HTTP bytes.
    if (length > end - valueStart) {
      return failure(
        ServerErrorCode.PROXY_INVALID_TLV,
        `TLV 0x${type.toString(16)} of length ${length} overruns the PROXY v2 block`,
        i,
      );
    }
    const name = tlvName(type);
    if (name === "crc32c" && length !== 4) {
      return failure(ServerErrorCode.PROXY_INVALID_TLV, "PP2_TYPE_CRC32C value is not 4 bytes", i);
    }
    if (name === "unique-id" && length > MAX_UNIQUE_ID_LENGTH) {
      return failure(
        ServerErrorCode.PROXY_INVALID_TLV,
        `PP2_TYPE_UNIQUE_ID of ${length} bytes exceeds 128 (§2.2.5)`,
        i,
      );
    }
    if (name === "ssl" && length < 5) {
      // §2.2.6: client (1 byte) and verify (4 bytes) come before any sub-TLV.
      return failure(ServerErrorCode.PROXY_INVALID_TLV, "PP2_TYPE_SSL value is under 5 bytes", i);
    }
    const value = input.subarray(valueStart, valueStart + length);
    if (name === "crc32c" && verifyChecksum) {
      const expected = readUint32(input, valueStart);
      if (crc32cOfHeader(input, end, valueStart) !== expected) {
        return failure(
          ServerErrorCode.PROXY_CHECKSUM_MISMATCH,
          "the PP2_TYPE_CRC32C checksum does not match the header",
          i,
        );
      }
    }
    tlvs.push({ type, name, value });
    i = valueStart + length;
  }
  return tlvs;
}

function readUint16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) |
      (bytes[offset + 1]! << 16) |
      (bytes[offset + 2]! << 8) |
      bytes[offset + 3]!) >>>
    0
  );
}

const unixPathDecoder = new TextDecoder("utf-8");

/** §2.2: 108-byte NUL-padded path (sizeof sun_path); the text up to the first NUL. */
function readUnixPath(bytes: Uint8Array, offset: number): string {
  let end = offset;
  while (end < offset + 108 && bytes[end] !== 0) end++;
  return unixPathDecoder.decode(bytes.subarray(offset, end));
}

let crcTable: Uint32Array | undefined;

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as §2.2.3 names. */
function crc32cUpdate(crc: number, byte: number): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  return (crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8)) >>> 0;
}

/**
 * Computes the CRC-32C of `bytes` (initial value and final XOR 0xFFFFFFFF).
 * Exported for tests and for proxies that write v2 headers.
 *
 * @example
 * ```ts
 * crc32c(new TextEncoder().encode("123456789")); // 0xe3069283
 * ```
 */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crc32cUpdate(crc, byte);
  return (crc ^ 0xffffffff) >>> 0;
}

/** §2.2.3: checksum of the whole header with the 4 checksum bytes read as zero. */
function crc32cOfHeader(input: Uint8Array, end: number, checksumAt: number): number {
  let crc = 0xffffffff;
  for (let i = 0; i < end; i++) {
    crc = crc32cUpdate(crc, i >= checksumAt && i < checksumAt + 4 ? 0 : input[i]!);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function complete(
  version: 1 | 2,
  command: "proxy" | "local",
  family: ProxyAddressFamily,
  transport: ProxyTransport,
  source: ProxyEndpoint | undefined,
  destination: ProxyEndpoint | undefined,
  tlvs: ProxyTlv[],
  consumed: number,
): ProxyParseOutcome {
  return {
    status: "complete",
    header: { version, command, family, transport, source, destination, tlvs },
    consumed,
  };
}

// ---------------------------------------------------------------- SSL TLV

/** What a PP2_TYPE_SSL TLV says about the client's TLS session (§2.2.6). */
export interface ProxySslInfo {
  /** PP2_CLIENT_SSL (0x01): the client connected over TLS. */
  readonly clientSsl: boolean;
  /** PP2_CLIENT_CERT_CONN (0x02): the client presented a certificate on this connection. */
  readonly clientCertConnection: boolean;
  /** PP2_CLIENT_CERT_SESS (0x04): the client presented a certificate at least once in the TLS session. */
  readonly clientCertSession: boolean;
  /** `verify` is 0 when the client certificate was verified successfully. */
  readonly verified: boolean;
  /** PP2_SUBTYPE_SSL_VERSION (0x21), e.g. "TLSv1.3". */
  readonly version: string | undefined;
  /** PP2_SUBTYPE_SSL_CN (0x22): the client certificate's Common Name. */
  readonly commonName: string | undefined;
  /** PP2_SUBTYPE_SSL_CIPHER (0x23), e.g. "ECDHE-RSA-AES128-GCM-SHA256". */
  readonly cipher: string | undefined;
  /** PP2_SUBTYPE_SSL_SIG_ALG (0x24). */
  readonly signatureAlgorithm: string | undefined;
  /** PP2_SUBTYPE_SSL_KEY_ALG (0x25). */
  readonly keyAlgorithm: string | undefined;
  /** Every sub-TLV in order, including the ones above. */
  readonly subTlvs: readonly ProxyTlv[];
}

const SSL_SUBTYPES: ReadonlyMap<number, keyof ProxySslInfo> = new Map([
  [0x21, "version"],
  [0x22, "commonName"],
  [0x23, "cipher"],
  [0x24, "signatureAlgorithm"],
  [0x25, "keyAlgorithm"],
]);

/**
 * Reads the value of a PP2_TYPE_SSL TLV (§2.2.6): the client flags, the
 * verification result and the sub-TLVs (version, CN, cipher, algorithms).
 * Returns null when the value is malformed (too short, or a sub-TLV overruns).
 * Never throws.
 *
 * @example
 * ```ts
 * const ssl = outcome.header.tlvs.find((t) => t.name === "ssl");
 * const info = ssl && parseProxySslTlv(ssl.value);
 * if (info?.clientSsl) console.log(info.version, info.cipher);
 * ```
 */
export function parseProxySslTlv(value: Uint8Array): ProxySslInfo | null {
  if (value.length < 5) return null;
  const client = value[0]!;
  const verify = readUint32(value, 1);
  const decoder = new TextDecoder("utf-8");
  const texts: Partial<Record<keyof ProxySslInfo, string>> = {};
  const subTlvs: ProxyTlv[] = [];
  let i = 5;
  while (i < value.length) {
    if (value.length - i < 3) return null;
    const type = value[i]!;
    const length = readUint16(value, i + 1);
    if (length > value.length - i - 3) return null;
    const bytes = value.subarray(i + 3, i + 3 + length);
    const field = SSL_SUBTYPES.get(type);
    if (field !== undefined) texts[field] = decoder.decode(bytes);
    subTlvs.push({ type, name: tlvName(type), value: bytes });
    i += 3 + length;
  }
  return {
    clientSsl: (client & 0x01) !== 0,
    clientCertConnection: (client & 0x02) !== 0,
    clientCertSession: (client & 0x04) !== 0,
    verified: verify === 0,
    version: texts.version,
    commonName: texts.commonName,
    cipher: texts.cipher,
    signatureAlgorithm: texts.signatureAlgorithm,
    keyAlgorithm: texts.keyAlgorithm,
    subTlvs,
  };
}

// ---------------------------------------------------------------- incremental

/** What {@link ProxyHeaderParser.feed} returns: the parse outcome, with the leftover bytes once complete. */
export type ProxyFeedOutcome =
  | { readonly status: "need-more" }
  | {
      readonly status: "complete";
      readonly header: ProxyHeader;
      /** Header bytes, counted from the first byte of the connection. */
      readonly consumed: number;
      /** The bytes fed after the header: the start of the HTTP stream. */
      readonly rest: Uint8Array;
    }
  | { readonly status: "error"; readonly error: ServerError };

/**
 * Reads a PROXY header from a connection's chunks as they arrive. It buffers
 * only while the header is incomplete, and never more than one header's worth
 * (107 bytes for v1, 16 + `maxV2BlockLength` for v2) plus the last chunk.
 * One parser per connection; after it reports "complete" or "error", `feed`
 * throws.
 *
 * @example
 * ```ts
 * const proxy = new ProxyHeaderParser();
 * socket.on("data", (chunk) => {
 *   const outcome = proxy.feed(chunk);
 *   if (outcome.status === "error") return socket.destroy();
 *   if (outcome.status === "complete") startHttp(outcome.header.source, outcome.rest);
 * });
 * ```
 */
export class ProxyHeaderParser {
  readonly #options: ProxyHeaderParseOptions;
  #buffer: Uint8Array = new Uint8Array(0);
  #finished = false;

  constructor(options: ProxyHeaderParseOptions = {}) {
    this.#options = options;
  }

  /** Whether the parser has reported "complete" or "error". */
  get finished(): boolean {
    return this.#finished;
  }

  /**
   * Adds the next chunk of the connection and parses again.
   *
   * @throws ServerError `HW_SERVER_PROXY_PARSER_FINISHED` when called after a final outcome.
   */
  feed(chunk: Uint8Array): ProxyFeedOutcome {
    if (this.#finished) {
      throw new ServerError(
        ServerErrorCode.PROXY_PARSER_FINISHED,
        "this ProxyHeaderParser already reported its outcome",
      );
    }
    let input: Uint8Array;
    if (this.#buffer.length === 0) {
      input = chunk; // the common case: the whole header in the first chunk, no copy
    } else {
      input = new Uint8Array(this.#buffer.length + chunk.length);
      input.set(this.#buffer, 0);
      input.set(chunk, this.#buffer.length);
    }
    const outcome = parseProxyHeader(input, this.#options);
    if (outcome.status === "need-more") {
      // Copy: the caller may reuse its chunk's memory.
      this.#buffer = input === chunk ? chunk.slice() : input;
      return outcome;
    }
    this.#finished = true;
    this.#buffer = new Uint8Array(0);
    if (outcome.status === "error") return outcome;
    return { ...outcome, rest: input.subarray(outcome.consumed) };
  }
}
