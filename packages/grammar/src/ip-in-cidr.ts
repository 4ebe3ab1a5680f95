/**
 * Whether `address` lies in the CIDR block `network/prefixLength`
 * (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6): whether the first
 * `prefixLength` bits of the two agree. Both are octets as
 * {@link parseIpAddress} returns them.
 *
 * Addresses of different families never match: an IPv4 address is not in an
 * IPv6 block, not even its IPv4-mapped one (map it first if that is meant).
 * A prefix length that is not an integer from 0 to the address's bit count
 * matches nothing.
 *
 * @example
 * ```ts
 * const network = parseIpAddress("192.168.1.64")!;
 * ipInCidr(parseIpAddress("192.168.1.127")!, network, 26); // true
 * ipInCidr(parseIpAddress("192.168.1.128")!, network, 26); // false
 * ```
 */
export function ipInCidr(address: Uint8Array, network: Uint8Array, prefixLength: number): boolean {
  if (address.length !== network.length) return false;
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > address.length * 8) {
    return false;
  }
  let bits = prefixLength;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((address[i]! & mask) !== (network[i]! & mask)) return false;
  }
  return true;
}
