import { parseIpAddress } from "@hyperwire/grammar";

/**
 * Whether `host` is an IP address literal (dotted IPv4, or IPv6 with or
 * without brackets). RFC 6265 §5.1.3 matches such hosts only by identity.
 *
 * @example
 * ```ts
 * isIpAddressHost("192.0.2.1"); // true
 * isIpAddressHost("[::1]");     // true
 * isIpAddressHost("example.com"); // false
 * ```
 */
export function isIpAddressHost(host: string): boolean {
  return parseIpAddress(host) !== null;
}

/**
 * Domain matching (RFC 6265 §5.1.3): `host` domain-matches `domain` when they
 * are identical, or when `domain` is a suffix of `host`, the character of
 * `host` before the suffix is ".", and `host` is a host name rather than an
 * IP address. Both must already be canonical (lower-case, A-labels).
 *
 * @example
 * ```ts
 * domainMatches("www.example.com", "example.com"); // true
 * domainMatches("wwwexample.com", "example.com");  // false: no "." boundary
 * domainMatches("192.0.2.1", "0.2.1");             // false: IP addresses match only exactly
 * ```
 */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return (
    domain.length > 0 &&
    host.length > domain.length &&
    host.endsWith(domain) &&
    host.charCodeAt(host.length - domain.length - 1) === 0x2e &&
    !isIpAddressHost(host)
  );
}

/**
 * The default-path of a request URI path (RFC 6265 §5.1.4): the path up to,
 * not including, its last "/", or "/" when the path is empty, does not start
 * with "/", or holds no other "/".
 *
 * @example
 * ```ts
 * defaultPath("/docs/web/index.html"); // "/docs/web"
 * defaultPath("/index.html");          // "/"
 * defaultPath("");                     // "/"
 * ```
 */
export function defaultPath(uriPath: string): string {
  if (uriPath.charCodeAt(0) !== 0x2f) return "/";
  const last = uriPath.lastIndexOf("/");
  return last === 0 ? "/" : uriPath.slice(0, last);
}

/**
 * Path matching (RFC 6265 §5.1.4): the cookie path equals the request path,
 * or is a prefix of it that ends in "/", or is a prefix of it followed in the
 * request path by "/".
 *
 * @example
 * ```ts
 * pathMatches("/docs/web", "/docs");  // true
 * pathMatches("/docsearch", "/docs"); // false
 * pathMatches("/docs/", "/docs/");    // true
 * ```
 */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return (
    cookiePath.charCodeAt(cookiePath.length - 1) === 0x2f ||
    requestPath.charCodeAt(cookiePath.length) === 0x2f
  );
}
