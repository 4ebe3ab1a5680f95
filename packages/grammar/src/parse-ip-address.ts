import { hexDigitValue } from "./byte-classes.js";

/*
 * Textual IP addresses, read strictly into bytes. One reader serves the Host
 * parser, the server (PROXY protocol, trusted proxies) and the client (cookie
 * domains, NO_PROXY), so no two layers can disagree on what an address is.
 */

/**
 * Reads `text[start, end)` as an IPv4address; the octets, or null.
 *
 * ```abnf
 * IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet
 * dec-octet   = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
 * ```
 * RFC 3986 §3.2.2.
 */
function parseIpv4Range(text: string, start: number, end: number): Uint8Array | null {
  const octets = new Uint8Array(4);
  let part = 0;
  let i = start;
  while (true) {
    const partStart = i;
    let value = 0;
    while (i < end) {
      const code = text.charCodeAt(i);
      if (code < 0x30 || code > 0x39) break;
      value = value * 10 + (code - 0x30);
      i++;
    }
    const digits = i - partStart;
    if (digits === 0 || digits > 3 || value > 255) return null;
    // RFC 3986 §3.2.2: dec-octet has no leading zeros. "010.0.0.1" is 8.0.0.1
    // to inet_aton(3) (octal) and 10.0.0.1 to others; refusing it keeps two
    // components from disagreeing on which host an address names.
    if (digits > 1 && text.charCodeAt(partStart) === 0x30) return null;
    octets[part] = value;
    part++;
    if (part === 4) return i === end ? octets : null;
    if (i >= end || text.charCodeAt(i) !== 0x2e) return null;
    i++;
  }
}

/**
 * Parses a dotted-decimal IPv4 address: exactly four decimal parts, each 0–255
 * without leading zeros (RFC 3986 §3.2.2 `IPv4address`). Octal, hexadecimal
 * and shortened forms that `inet_aton(3)` and WHATWG URL accept ("010.0.0.1",
 * "0x7f.1", "127.1") are refused.
 *
 * @returns the four octets, or null when `text` is not an IPv4address.
 *
 * @example
 * ```ts
 * parseIpv4("192.0.2.1"); // Uint8Array [192, 0, 2, 1]
 * parseIpv4("010.0.0.1"); // null
 * ```
 */
export function parseIpv4(text: string): Uint8Array | null {
  return parseIpv4Range(text, 0, text.length);
}

/**
 * Parses a textual IPv6 address (RFC 3986 §3.2.2 `IPv6address`, the text
 * forms of RFC 4291 §2.2) into its 16 octets. Hex digits in either case.
 *
 * ```abnf
 * IPv6address =                            6( h16 ":" ) ls32
 *             /                       "::" 5( h16 ":" ) ls32
 *             / [               h16 ] "::" 4( h16 ":" ) ls32
 *             / [ *1( h16 ":" ) h16 ] "::" 3( h16 ":" ) ls32
 *             / [ *2( h16 ":" ) h16 ] "::" 2( h16 ":" ) ls32
 *             / [ *3( h16 ":" ) h16 ] "::"    h16 ":"   ls32
 *             / [ *4( h16 ":" ) h16 ] "::"              ls32
 *             / [ *5( h16 ":" ) h16 ] "::"              h16
 *             / [ *6( h16 ":" ) h16 ] "::"
 * h16         = 1*4HEXDIG
 * ls32        = ( h16 ":" h16 ) / IPv4address
 * ```
 * Equivalently: eight groups, or at most seven around one "::"; a dotted IPv4
 * tail only in the last 32 bits. No brackets (see {@link parseIpAddress}) and
 * no zone identifier ("fe80::1%eth0", RFC 6874): a zone means nothing to a peer.
 *
 * @returns the 16 octets, or null when `text` is not an IPv6address.
 *
 * @example
 * ```ts
 * parseIpv6("2001:db8::1");      // Uint8Array [0x20, 0x01, 0x0d, 0xb8, 0, …, 0, 1]
 * parseIpv6("::ffff:192.0.2.1"); // Uint8Array [0, …, 0, 0xff, 0xff, 192, 0, 2, 1]
 * parseIpv6("1::2::3");          // null
 * ```
 */
export function parseIpv6(text: string): Uint8Array | null {
  const length = text.length;
  // The longest IPv6address, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", has 45 characters.
  if (length < 2 || length > 45) return null;
  const groups: number[] = [];
  let gapAt = -1;
  let i = 0;
  if (text.startsWith("::")) {
    gapAt = 0;
    i = 2;
    if (i === length) return new Uint8Array(16);
  } else if (text.charCodeAt(0) === 0x3a) {
    return null;
  }
  while (i < length) {
    const groupStart = i;
    let value = 0;
    while (i < length && i - groupStart < 5) {
      const digit = hexDigitValue(text.charCodeAt(i));
      if (digit < 0) break;
      value = value * 16 + digit;
      i++;
    }
    const digits = i - groupStart;
    if (i < length && text.charCodeAt(i) === 0x2e) {
      // ls32 as IPv4address: only as the very last piece.
      const v4 = parseIpv4Range(text, groupStart, length);
      if (v4 === null || groups.length > 6) return null;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      i = length;
      break;
    }
    if (digits === 0 || digits > 4) return null;
    groups.push(value);
    if (i === length) break;
    if (text.charCodeAt(i) !== 0x3a) return null;
    i++;
    if (i < length && text.charCodeAt(i) === 0x3a) {
      if (gapAt >= 0) return null;
      gapAt = groups.length;
      i++;
      if (i === length) break;
    } else if (i === length) {
      return null; // a trailing single ":"
    }
  }
  if (gapAt < 0 ? groups.length !== 8 : groups.length > 7) return null;
  const bytes = new Uint8Array(16);
  const tail = groups.length - (gapAt < 0 ? groups.length : gapAt);
  for (let g = 0; g < groups.length; g++) {
    const slot = gapAt >= 0 && g >= gapAt ? 8 - tail + (g - gapAt) : g;
    bytes[slot * 2] = groups[g]! >> 8;
    bytes[slot * 2 + 1] = groups[g]! & 0xff;
  }
  return bytes;
}

/**
 * Parses an IP address as a URL host carries it: a dotted-decimal
 * IPv4address, an IPv6address, or an IPv6address in brackets (the
 * `IP-literal` of RFC 3986 §3.2.2, as `URL.hostname` returns it). The length
 * of the result tells the family: 4 octets for IPv4, 16 for IPv6.
 *
 * ```abnf
 * IP-literal = "[" ( IPv6address / IPvFuture ) "]"   ; IPvFuture is refused
 * ```
 *
 * @returns the octets, or null for a host name or anything else that is not
 *   an IP address (an IPv4 address in brackets included).
 *
 * @example
 * ```ts
 * parseIpAddress("192.0.2.1");   // Uint8Array(4)
 * parseIpAddress("[::1]");       // Uint8Array(16)
 * parseIpAddress("example.com"); // null
 * ```
 */
export function parseIpAddress(text: string): Uint8Array | null {
  if (text.startsWith("[") && text.endsWith("]")) return parseIpv6(text.slice(1, -1));
  if (text.includes(":")) return parseIpv6(text);
  return parseIpv4(text);
}
