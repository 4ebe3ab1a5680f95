import { formatIpv4, formatIpv6, ipInCidr, parseIpv4, parseIpv6 } from "@hyperwire/grammar";
import { parseForwarded, parseXForwardedFor } from "@hyperwire/headers";
import { ServerError, ServerErrorCode } from "./errors.js";
import type { Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";

/*
 * Behind a reverse proxy the socket's peer is the proxy, and the client's
 * address, scheme and host arrive in `Forwarded` (RFC 7239) or in the older
 * `X-Forwarded-For` / `-Proto` / `-Host` fields. Anyone can send those fields,
 * so they are believed only from peers the application names (RFC 7239 §8.1:
 * the header can be forged by the client). The chain is read from the right
 * (the hop nearest to us) and walking stops at the first address that is not
 * a trusted proxy: that one is the client, and everything to its left is
 * whatever the client chose to write.
 */

/** Which proxies to believe. */
export type ProxyTrust =
  /** Addresses and CIDR blocks: "10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1". */
  | readonly string[]
  /** Exactly this many proxies stand in front of the server (the peer and n − 1 more). */
  | number
  /** Decides per address; `hop` is 0 for the socket's peer, 1 for the next address to its left, … */
  | ((address: string, hop: number) => boolean);

/** Options of {@link withTrustedProxy} and {@link resolveForwardedClient}. */
export interface TrustedProxyOptions {
  /** The proxies whose forwarding fields are believed. */
  readonly trust: ProxyTrust;
  /**
   * Which fields to read: `"forwarded"` (RFC 7239), `"x-forwarded"`
   * (`X-Forwarded-For/-Proto/-Host`), or `"auto"` (default): `Forwarded`
   * when the request has it, else the X- fields. Set the one your proxy
   * writes, so a client cannot pick the other.
   */
  readonly fields?: "auto" | "forwarded" | "x-forwarded";
}

/** Who the client is, after trusted-proxy processing. */
export interface ForwardedClient {
  /** The client's IP address (IPv4 dotted, IPv6 in RFC 5952 form; IPv4-mapped IPv6 shown as IPv4). */
  readonly address: string;
  /** The client's port when a trusted proxy reported it, else the socket's. */
  readonly port: number | undefined;
  /** "https" or "http": the scheme the client used with the first trusted proxy. */
  readonly protocol: "http" | "https";
  /** Whether the client's connection was TLS (`protocol === "https"`). */
  readonly secure: boolean;
  /** The Host the client asked for (from `Forwarded: host=` / `X-Forwarded-Host`, else the Host field). */
  readonly host: string | undefined;
  /** Whether any of these values came from forwarding fields (the peer was a trusted proxy). */
  readonly forwarded: boolean;
}

interface Block {
  readonly bytes: Uint8Array;
  readonly bits: number;
}

/** IPv4, IPv6 or IPv4-mapped IPv6 as 16 bytes (IPv4 as ::ffff:a.b.c.d), or null. */
function addressBytes(text: string): Uint8Array | null {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const v4 = parseIpv4(bare);
  if (v4 !== null) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(v4, 12);
    return out;
  }
  return parseIpv6(bare);
}

function isMapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * Writes an address the one way this module compares it: IPv4 and
 * IPv4-mapped IPv6 as dotted decimal, other IPv6 per RFC 5952. Returns
 * `undefined` for text that is not an IP address. @example normalizeIpAddress("::ffff:127.0.0.1") // "127.0.0.1"
 */
export function normalizeIpAddress(text: string): string | undefined {
  const bytes = addressBytes(text);
  if (bytes === null) return undefined;
  return isMapped(bytes) ? formatIpv4(bytes, 12) : formatIpv6(bytes);
}

function parseBlock(entry: string): Block {
  const slash = entry.indexOf("/");
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const bytes = addressBytes(address);
  const v4 = parseIpv4(address) !== null;
  const maxBits = v4 ? 32 : 128;
  const bitsText = slash < 0 ? String(maxBits) : entry.slice(slash + 1);
  const bits = /^(0|[1-9][0-9]{0,2})$/.test(bitsText) ? Number(bitsText) : -1;
  if (bytes === null || bits < 0 || bits > maxBits) {
    throw new ServerError(
      ServerErrorCode.INVALID_OPTIONS,
      `trusted proxy ${JSON.stringify(entry)} is not an IP address or CIDR block`,
    );
  }
  // An IPv4 block is matched against the IPv4-mapped form of the address.
  return { bytes, bits: v4 ? bits + 96 : bits };
}

/**
 * Turns a {@link ProxyTrust} into a predicate `(address, hop) => boolean`.
 * Addresses that are not IP literals (an obfuscated `Forwarded` node,
 * "unknown") are never trusted by a list.
 *
 * @throws ServerError `HW_SERVER_INVALID_OPTIONS` for an entry that is not an
 * address or CIDR block, or a hop count that is not a non-negative integer.
 *
 * @example
 * ```ts
 * const trusted = compileProxyTrust(["10.0.0.0/8", "::1"]);
 * trusted("10.1.2.3", 0); // true
 * trusted("::ffff:10.1.2.3", 0); // true (IPv4-mapped)
 * trusted("192.0.2.1", 0); // false
 * ```
 */
export function compileProxyTrust(trust: ProxyTrust): (address: string, hop: number) => boolean {
  if (typeof trust === "function") return trust;
  if (typeof trust === "number") {
    if (!Number.isSafeInteger(trust) || trust < 0) {
      throw new ServerError(
        ServerErrorCode.INVALID_OPTIONS,
        "a trusted hop count is a non-negative integer",
      );
    }
    return (_address, hop) => hop < trust;
  }
  const blocks = trust.map(parseBlock);
  return (address) => {
    const bytes = addressBytes(address);
    return bytes !== null && blocks.some((block) => ipInCidr(bytes, block.bytes, block.bits));
  };
}

/** What {@link resolveForwardedClient} reads from a request. */
export interface ForwardedRequestLike {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly secure: boolean;
  readonly headers: { get(name: string): string | null };
}

interface Hop {
  address: string;
  port: number | undefined;
  proto: string | undefined;
  host: string | undefined;
}

function forwardedHops(request: ForwardedRequestLike): Hop[] | null {
  const value = request.headers.get("forwarded");
  if (value === null) return [];
  const parsed = parseForwarded(value);
  if (!parsed.ok) return null;
  return parsed.value.map((element) => ({
    address: element.for?.name ?? "unknown",
    port: typeof element.for?.port === "number" ? element.for.port : undefined,
    proto: element.proto,
    host: element.host,
  }));
}

function xForwardedHops(request: ForwardedRequestLike): Hop[] | null {
  const value = request.headers.get("x-forwarded-for");
  if (value === null) return [];
  const parsed = parseXForwardedFor(value);
  if (!parsed.ok) return null;
  const list = (name: string): string[] =>
    (request.headers.get(name) ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
  const protos = list("x-forwarded-proto");
  const hosts = list("x-forwarded-host");
  const addresses = parsed.value;
  // Proxies that append keep the lists aligned; most write one value (the edge proxy's).
  const pick = (values: string[], index: number): string | undefined =>
    values.length === addresses.length ? values[index] : values[0];
  return addresses.map((address, index) => ({
    address,
    port: undefined,
    proto: pick(protos, index)?.toLowerCase(),
    host: pick(hosts, index),
  }));
}

/**
 * Decides who the client is. The socket's peer is hop 0; when it is a trusted
 * proxy the forwarding field is read right to left (each proxy appends the
 * address it received from), skipping trusted proxies, and the first address
 * that is not trusted is the client (RFC 7239 §5.2, §8.1). Scheme and host
 * come from that same hop's element. A request whose peer is not trusted, or
 * whose forwarding field does not parse, keeps the socket's values: nothing
 * a client writes is believed.
 *
 * @example
 * ```ts
 * // peer 10.0.0.2 (nginx), X-Forwarded-For: 203.0.113.9, X-Forwarded-Proto: https
 * resolveForwardedClient(request, { trust: ["10.0.0.0/8"] });
 * // { address: "203.0.113.9", protocol: "https", secure: true, host: "example.com", forwarded: true, … }
 * ```
 */
export function resolveForwardedClient(
  request: ForwardedRequestLike,
  options: TrustedProxyOptions,
  trusted: (address: string, hop: number) => boolean = compileProxyTrust(options.trust),
): ForwardedClient {
  const peer = normalizeIpAddress(request.remoteAddress) ?? request.remoteAddress;
  const direct: ForwardedClient = {
    address: peer,
    port: request.remotePort,
    protocol: request.secure ? "https" : "http",
    secure: request.secure,
    host: request.headers.get("host") ?? undefined,
    forwarded: false,
  };
  if (!trusted(peer, 0)) return direct;
  const fields = options.fields ?? "auto";
  const useForwarded =
    fields === "forwarded" || (fields === "auto" && request.headers.get("forwarded") !== null);
  const hops = useForwarded ? forwardedHops(request) : xForwardedHops(request);
  if (hops === null || hops.length === 0) return direct;
  let index = hops.length - 1;
  // Walk left while the address is a trusted proxy; stop at the leftmost element.
  for (let hop = 1; index > 0; hop++, index--) {
    const address = normalizeIpAddress(hops[index]!.address) ?? hops[index]!.address;
    if (!trusted(address, hop)) break;
  }
  const client = hops[index]!;
  const protocol =
    client.proto === "https" ? "https" : client.proto === "http" ? "http" : direct.protocol;
  return {
    address: normalizeIpAddress(client.address) ?? client.address,
    port: client.port,
    protocol,
    secure: protocol === "https",
    host: client.host ?? direct.host,
    forwarded: true,
  };
}

const CLIENTS = new WeakMap<ServerRequest, ForwardedClient>();

/**
 * The client of `request` as the {@link withTrustedProxy} wrapper decided it, or
 * straight from the socket when no such wrapper ran. `request.remoteAddress`
 * always stays the socket's peer.
 *
 * @example
 * ```ts
 * const client = forwardedClient(request);
 * console.log(client.address, client.protocol);
 * ```
 */
export function forwardedClient(request: ServerRequest): ForwardedClient {
  const known = CLIENTS.get(request);
  if (known !== undefined) return known;
  return {
    address: normalizeIpAddress(request.remoteAddress) ?? request.remoteAddress,
    port: request.remotePort,
    protocol: request.secure ? "https" : "http",
    secure: request.secure,
    host: request.headers.get("host") ?? undefined,
    forwarded: false,
  };
}

/**
 * Wraps a handler so that {@link forwardedClient} (and the pieces that use it:
 * Secure cookies, HSTS, the access log) see the real client behind trusted
 * proxies.
 *
 * @throws ServerError `HW_SERVER_INVALID_OPTIONS` for an invalid `trust`.
 *
 * @example
 * ```ts
 * const app = withTrustedProxy((request) => ({ body: `hello ${forwardedClient(request).address}` }), {
 *   trust: ["127.0.0.1", "10.0.0.0/8"],
 * });
 * await serve({ port: 8080, handler: app });
 * ```
 */
export function withTrustedProxy(handler: Handler, options: TrustedProxyOptions): Handler {
  const trusted = compileProxyTrust(options.trust);
  return (request) => {
    CLIENTS.set(request, resolveForwardedClient(request, options, trusted));
    return handler(request);
  };
}
