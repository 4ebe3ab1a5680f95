/**
 * IP literal parsing shared by the cookie jar (an IP host never suffix-matches
 * a cookie domain, RFC 6265 §5.1.3) and NO_PROXY matching (CIDR blocks).
 * @internal
 */

/**
 * IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet
 * RFC 3986 §3.2.2 (no leading zeros beyond "0" itself, each 0–255).
 * Returns the 4 bytes, or null.
 * @internal
 */
export function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    bytes.push(n);
  }
  return bytes;
}

/**
 * IPv6address as in RFC 3986 §3.2.2 (RFC 4291 §2.2 text forms): eight h16
 * groups, one "::" for a run of zero groups, an optional trailing IPv4
 * address. No zone identifier. Returns the 16 bytes, or null.
 * @internal
 */
export function parseIpv6(text: string): number[] | null {
  if (text.length < 2 || text.length > 45) return null;
  const doubleColon = text.indexOf("::");
  if (doubleColon !== -1 && text.indexOf("::", doubleColon + 1) !== -1) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === "") return [];
    const pieces = part.split(":");
    const out: number[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      out.push(Number.parseInt(piece, 16));
    }
    return out;
  };
  let groups: number[];
  if (doubleColon === -1) {
    const all = groupsOf(text);
    if (all === null || all.length !== 8) return null;
    groups = all;
  } else {
    const head = groupsOf(text.slice(0, doubleColon));
    const tail = groupsOf(text.slice(doubleColon + 2));
    // An IPv4 tail is only allowed at the very end, so it cannot sit in the head.
    if (head === null || tail === null || text.slice(0, doubleColon).includes(".")) return null;
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return bytes;
}

/**
 * The bytes of an IP literal as a URL host carries it: dotted IPv4, or IPv6
 * with or without brackets. null for a name.
 * @internal
 */
export function parseIpAddress(host: string): number[] | null {
  if (host.startsWith("[") && host.endsWith("]")) return parseIpv6(host.slice(1, -1));
  if (host.includes(":")) return parseIpv6(host);
  return parseIpv4(host);
}

/**
 * Whether the first `prefix` bits of `a` and `b` (same length) agree.
 * @internal
 */
export function prefixMatches(a: readonly number[], b: readonly number[], prefix: number): boolean {
  if (a.length !== b.length) return false;
  let bits = prefix;
  for (let i = 0; i < a.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
  }
  return true;
}
