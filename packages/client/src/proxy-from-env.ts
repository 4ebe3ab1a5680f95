import { parseIpAddress, ipInCidr as prefixMatches } from "@hyperwire/grammar";
import { ClientError, ClientErrorCode } from "./errors.js";

/** An environment: variable name → value, as `process.env`. */
export type ProxyEnvironment = Readonly<Record<string, string | undefined>>;

/** Options of {@link getProxyForUrl}. */
export interface ProxyFromEnvOptions {
  /**
   * Ignore the upper-case HTTP_PROXY. In a CGI program the server turns a
   * request's `Proxy:` header into the HTTP_PROXY variable, so a client
   * reading it sends its own requests through an attacker's proxy ("httpoxy",
   * CVE-2016-5385). This is done automatically when REQUEST_METHOD is set
   * (which CGI servers set); set this to always do it, as curl does.
   * Default false.
   */
  ignoreUppercaseHttpProxy?: boolean;
}

/** The proxy chosen for a URL. */
export interface ProxySelection {
  /** The proxy URL; a value without a scheme reads as `http://`. */
  readonly url: URL;
  /** The variable it came from, e.g. `https_proxy` or `ALL_PROXY`. */
  readonly source: string;
}

// Which variable serves which scheme; ALL_PROXY serves any of them as a fallback.
const SCHEME_VARIABLE: Record<string, string | undefined> = {
  "http:": "http_proxy",
  "ws:": "http_proxy",
  "https:": "https_proxy",
  "wss:": "https_proxy",
};

const PROXY_PROTOCOLS = new Set(["http:", "https:", "socks4:", "socks4a:", "socks5:", "socks5h:"]);

const DEFAULT_PORTS: Record<string, string | undefined> = {
  "http:": "80",
  "ws:": "80",
  "https:": "443",
  "wss:": "443",
};

function defaultEnvironment(): ProxyEnvironment {
  return (globalThis as { process?: { env?: ProxyEnvironment } }).process?.env ?? {};
}

/** The value of `name`, lower-case spelling first (as curl reads them); empty counts as unset. */
function lookup(
  env: ProxyEnvironment,
  lower: string,
  allowUpper: boolean,
): [string, string] | undefined {
  const value = env[lower];
  if (value !== undefined && value.trim() !== "") return [lower, value.trim()];
  if (!allowUpper) return undefined;
  const upperName = lower.toUpperCase();
  const upper = env[upperName];
  if (upper !== undefined && upper.trim() !== "") return [upperName, upper.trim()];
  return undefined;
}

/**
 * Whether `url` is excluded from proxying by a NO_PROXY value. Never throws:
 * an unparsable URL or entry simply does not match.
 *
 * Entries are separated by commas and/or whitespace, compared
 * case-insensitively:
 * - `*` matches every host;
 * - `example.com`, `.example.com` and `*.example.com` all match
 *   example.com and every subdomain of it (as curl does);
 * - `host:port` matches only that port (the URL's default port when it has none);
 * - IP literals match the same address in any notation: `127.0.0.1`,
 *   `::1`, `[::1]`, `[::1]:8080`;
 * - CIDR blocks (`10.0.0.0/8`, `fd00::/8`) match IP literal hosts inside
 *   them; host names are not resolved.
 *
 * @example
 * ```ts
 * matchesNoProxy("https://api.internal.example:8443/", "localhost, .internal.example"); // true
 * matchesNoProxy("http://10.1.2.3/", "10.0.0.0/8"); // true
 * matchesNoProxy("http://example.com/", "example.com:8080"); // false
 * ```
 */
export function matchesNoProxy(url: string | URL, noProxy: string): boolean {
  let target: URL;
  try {
    target = typeof url === "string" ? new URL(url) : url;
  } catch {
    return false;
  }
  let host = target.hostname.toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host === "") return false;
  const port = target.port || DEFAULT_PORTS[target.protocol] || "";
  const hostIp = parseIpAddress(host);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    if (entryMatches(entry, host, hostIp, port)) return true;
  }
  return false;
}

function entryMatches(
  entry: string,
  host: string,
  hostIp: Uint8Array | null,
  port: string,
): boolean {
  let name = entry;
  let entryPort: string | undefined;
  if (name.startsWith("[")) {
    // [IPv6] or [IPv6]:port
    const close = name.indexOf("]");
    if (close === -1) return false;
    const rest = name.slice(close + 1);
    if (rest !== "") {
      if (!/^:\d+$/.test(rest)) return false;
      entryPort = rest.slice(1);
    }
    name = name.slice(1, close);
  } else {
    const colons = name.split(":").length - 1;
    // One colon: host:port. More: a bare IPv6 literal (or IPv6 CIDR), no port.
    if (colons === 1) {
      const at = name.indexOf(":");
      entryPort = name.slice(at + 1);
      if (!/^\d+$/.test(entryPort)) return false;
      name = name.slice(0, at);
    }
  }
  if (entryPort !== undefined && String(Number(entryPort)) !== port) return false;

  const slash = name.indexOf("/");
  if (slash !== -1) {
    // CIDR block: only IP literal hosts can be inside one (no DNS here).
    const network = parseIpAddress(name.slice(0, slash));
    const bitsText = name.slice(slash + 1);
    if (network === null || hostIp === null || !/^\d{1,3}$/.test(bitsText)) return false;
    const bits = Number(bitsText);
    if (bits > network.length * 8) return false;
    return prefixMatches(network, hostIp, bits);
  }
  const entryIp = parseIpAddress(name);
  if (entryIp !== null) {
    return (
      hostIp !== null &&
      hostIp.length === entryIp.length &&
      hostIp.every((b, i) => b === entryIp[i])
    );
  }
  if (name.startsWith("*.")) name = name.slice(2);
  else if (name.startsWith(".")) name = name.slice(1);
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (name === "") return false;
  if (host === name) return true;
  // IP literal hosts match only as IP addresses, never by a name suffix.
  return hostIp === null && host.endsWith(`.${name}`);
}

/**
 * The proxy to use for `url` according to the environment, or `null` for a
 * direct connection. It reads only the `env` it is given (by default the
 * process environment):
 *
 * - `http_proxy` for http: and ws:, `https_proxy` for https: and wss:, then
 *   `all_proxy`; each lower-case spelling wins over the upper-case one, as
 *   in curl. Upper-case HTTP_PROXY is ignored in CGI programs (REQUEST_METHOD
 *   set) and with `ignoreUppercaseHttpProxy` (httpoxy, CVE-2016-5385).
 * - `no_proxy` / `NO_PROXY` (lower-case first) exclude hosts, see
 *   {@link matchesNoProxy}.
 * - A proxy value without a scheme is taken as `http://`.
 *
 * Throws `ClientError` (`HW_CLIENT_INVALID_PROXY_URL`) when the chosen
 * variable does not hold a URL with a host and an http, https or socks
 * scheme: silently going direct would be a surprise on a network that
 * requires the proxy. An invalid `url` returns `null`.
 *
 * @example
 * ```ts
 * const env = { https_proxy: "proxy.corp:3128", NO_PROXY: "localhost,.corp" };
 * getProxyForUrl("https://example.com/", env); // { url: URL("http://proxy.corp:3128/"), source: "https_proxy" }
 * getProxyForUrl("https://git.corp/", env);    // null
 * ```
 */
export function getProxyForUrl(
  url: string | URL,
  env: ProxyEnvironment = defaultEnvironment(),
  options: ProxyFromEnvOptions = {},
): ProxySelection | null {
  let target: URL;
  try {
    target = typeof url === "string" ? new URL(url) : url;
  } catch {
    return null;
  }
  const variable = SCHEME_VARIABLE[target.protocol];
  if (variable === undefined) return null;
  const noProxy = lookup(env, "no_proxy", true);
  if (noProxy !== undefined && matchesNoProxy(target, noProxy[1])) return null;
  const cgi = env.REQUEST_METHOD !== undefined && env.REQUEST_METHOD !== "";
  const allowUpper =
    variable !== "http_proxy" || !(cgi || options.ignoreUppercaseHttpProxy === true);
  const found = lookup(env, variable, allowUpper) ?? lookup(env, "all_proxy", true);
  if (found === undefined) return null;
  const [source, value] = found;
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let proxy: URL;
  try {
    proxy = new URL(text);
  } catch (cause) {
    throw new ClientError(
      ClientErrorCode.INVALID_PROXY_URL,
      `${source} is not a URL: ${JSON.stringify(value)}`,
      {
        cause,
      },
    );
  }
  if (!PROXY_PROTOCOLS.has(proxy.protocol) || proxy.hostname === "") {
    throw new ClientError(
      ClientErrorCode.INVALID_PROXY_URL,
      `${source} must be an http, https or socks URL with a host: ${JSON.stringify(value)}`,
    );
  }
  return { url: proxy, source };
}
