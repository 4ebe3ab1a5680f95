/**
 * Textual IP addresses, parsed strictly and written canonically. Internal to
 * the PROXY protocol parser (not exported from the package).
 */

/**
 * Parses a dotted-decimal IPv4 address with exactly four parts in [0, 255] and
 * no leading zeros. Returns the four octets, or null.
 *
 * ```abnf
 * dec-octet   = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
 * IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet
 * ```
 * RFC 3986 §3.2.2; the PROXY protocol spec §2.1 forbids leading zeros too.
 * Why: "010.0.0.1" is 8.0.0.1 to `inet_aton` (octal) and 10.0.0.1 to others;
 * refusing it keeps two components from disagreeing on who the client is.
 */
export function parseIpv4(text: string, start = 0, end = text.length): Uint8Array | null {
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
    if (digits > 1 && text.charCodeAt(partStart) === 0x30) return null;
    octets[part] = value;
    part++;
    if (part === 4) return i === end ? octets : null;
    if (i >= end || text.charCodeAt(i) !== 0x2e) return null;
    i++;
  }
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

/**
 * Parses a textual IPv6 address into its 16 octets, or returns null.
 *
 * ```abnf
 * IPv6address = 6( h16 ":" ) ls32 / "::" 5( h16 ":" ) ls32 / ...   ; RFC 3986 §3.2.2
 * h16         = 1*4HEXDIG
 * ls32        = ( h16 ":" h16 ) / IPv4address
 * ```
 * At most one "::"; a dotted IPv4 tail only in the last 32 bits (as
 * `inet_ntop` writes IPv4-mapped addresses, which HAProxy sends in TCP6
 * lines). Zone identifiers ("%eth0") are refused: they mean nothing to a peer.
 */
export function parseIpv6(text: string): Uint8Array | null {
  const length = text.length;
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
      const digit = hexValue(text.charCodeAt(i));
      if (digit < 0) break;
      value = value * 16 + digit;
      i++;
    }
    const digits = i - groupStart;
    if (i < length && text.charCodeAt(i) === 0x2e) {
      // ls32 as IPv4address: only as the very last piece.
      const v4 = parseIpv4(text, groupStart, length);
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

/** Writes four octets as dotted decimal. */
export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/**
 * Writes 16 octets in the canonical text form of RFC 5952 §4: lowercase hex,
 * no leading zeros, the longest run of two or more zero groups (the first on
 * a tie) shortened to "::", and §5's dotted tail for IPv4-mapped addresses
 * (::ffff:192.0.2.1), which is also how `node:net` reports them. One canonical
 * spelling means an allow-list compare or a log grep cannot be dodged by
 * writing the same address differently.
 */
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  const groups: number[] = [];
  for (let g = 0; g < 8; g++)
    groups.push((bytes[offset + g * 2]! << 8) | bytes[offset + g * 2 + 1]!);
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    return `::ffff:${formatIpv4(bytes, offset + 12)}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let g = 0; g < 8; ) {
    if (groups[g] !== 0) {
      g++;
      continue;
    }
    let end = g;
    while (end < 8 && groups[end] === 0) end++;
    if (end - g > bestLength) {
      bestStart = g;
      bestLength = end - g;
    }
    g = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
