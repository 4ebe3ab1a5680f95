import { GrammarError, GrammarErrorCode } from "./errors.js";

/**
 * Writes the four octets at `bytes[offset]` as dotted decimal (RFC 3986
 * §3.2.2 `IPv4address`, no leading zeros).
 *
 * @example
 * ```ts
 * formatIpv4(Uint8Array.of(192, 0, 2, 1)); // "192.0.2.1"
 * ```
 */
export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/**
 * Writes the 16 octets at `bytes[offset]` in the canonical text form of
 * RFC 5952 §4: lowercase hex (§4.3), no leading zeros (§4.1), the longest run
 * of two or more zero groups shortened to "::" (§4.2.2, §4.2.3; the first run
 * on a tie), and §5's dotted tail for IPv4-mapped addresses
 * (`::ffff:192.0.2.1`), which is also how `node:net` reports them. One
 * canonical spelling means an allow-list compare or a log search cannot be
 * dodged by writing the same address another way.
 *
 * @example
 * ```ts
 * formatIpv6(parseIpv6("2001:0DB8:0:0:0:0:0:1")!); // "2001:db8::1"
 * ```
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
  let bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
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

/**
 * Writes an address as {@link parseIpAddress} returns it: 4 octets as dotted
 * decimal, 16 as RFC 5952 text (without brackets).
 *
 * @throws GrammarError (`HW_GRAMMAR_INVALID_IP_ADDRESS`) when `bytes` holds
 *   neither 4 nor 16 octets.
 *
 * @example
 * ```ts
 * formatIpAddress(parseIpAddress("[2001:DB8::0:1]")!); // "2001:db8::1"
 * ```
 */
export function formatIpAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return formatIpv4(bytes);
  if (bytes.length === 16) return formatIpv6(bytes);
  throw new GrammarError(
    GrammarErrorCode.INVALID_IP_ADDRESS,
    `an IP address has 4 or 16 octets, not ${bytes.length}`,
  );
}
