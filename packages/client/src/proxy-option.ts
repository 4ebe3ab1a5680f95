import { Buffer } from "node:buffer";
import { formatBasicCredentials } from "@hyperwire/headers";
import type { TlsOptions } from "./connect-socket.js";
import { ClientError, ClientErrorCode } from "./errors.js";
import { getProxyForUrl, type ProxyEnvironment } from "./proxy-from-env.js";

/**
 * A user name and password for a proxy. By default they go out as Basic
 * Proxy-Authorization with every request (RFC 7617, as curl's
 * `--proxy-user`); a 407 whose Proxy-Authenticate offers Digest (RFC 7616)
 * is answered with Digest and the request sent again, once (a second time
 * for a stale nonce), and later requests through that proxy reuse the nonce
 * with the next nonce count.
 *
 * @example
 * ```ts
 * // Wait for the proxy's challenge: no Basic (clear text) password unless it asks for Basic.
 * const proxy = { uri: "http://proxy.local:3128", auth: { username: "u", password: "p", preemptive: false } };
 * ```
 */
export interface ProxyCredentials {
  readonly username: string;
  readonly password: string;
  /**
   * Send Basic credentials before any challenge (default true). With false,
   * nothing is sent until the proxy answers 407; then the strongest scheme
   * it offers is used: Digest SHA-512-256, SHA-256, MD5, then Basic.
   */
  readonly preemptive?: boolean;
}

/**
 * The HTTP proxy a request goes through (the `proxy` option of `request()`
 * and of an `Agent` or `Pool`):
 *
 * - a URL (`"http://proxy.local:3128"`), credentials in its userinfo
 *   (`http://user:pass@proxy.local:3128`, percent-decoded) sent as Basic
 *   Proxy-Authorization;
 * - `{ uri, auth, tls }`: `auth` is {@link ProxyCredentials} (Basic, and
 *   Digest when a 407 asks for it) or a whole Proxy-Authorization value
 *   (`"Bearer abc"`, sent as is); `tls` the {@link TlsOptions} for an `https:`
 *   proxy (its CA, a client certificate…; default: the agent's `ca` and
 *   `rejectUnauthorized`);
 * - `"env"`: the proxy `HTTP_PROXY` / `HTTPS_PROXY` / `ALL_PROXY` /
 *   `NO_PROXY` give for the URL (see `getProxyForUrl`), or none;
 * - `false`: connect directly (overrides an agent's proxy).
 *
 * `http:` URLs are sent to the proxy in absolute-form (RFC 9112 §3.2.2);
 * `https:` URLs go through a CONNECT tunnel (RFC 9110 §9.3.6) with TLS to
 * the origin inside it. The proxy itself may be `http:` or `https:` (TLS
 * with the proxy, and for `https:` URLs TLS with the origin inside that).
 *
 * @example
 * ```ts
 * await request("https://example.com/", { proxy: "http://proxy.local:3128" });
 * await request("http://example.com/", { proxy: { uri: "http://proxy.local:3128", auth: { username: "u", password: "p" } } });
 * const agent = new Agent({ proxy: "env" });
 * ```
 */
export type ProxyOption =
  | string
  | URL
  | {
      readonly uri: string | URL;
      readonly auth?: ProxyCredentials | string;
      readonly tls?: TlsOptions;
    }
  | "env"
  | false;

/** A proxy chosen for one origin (internal). */
export interface ResolvedProxy {
  /** The proxy's origin (no userinfo, no path). */
  readonly url: URL;
  /** A Proxy-Authorization value given whole (a string `auth`), sent as is. */
  readonly authorization: string | undefined;
  /** A user name and password (from `auth` or the URL's userinfo), answered to 407 challenges. */
  readonly credentials: ProxyCredentials | undefined;
  /** TLS settings for an `https:` proxy, when given. */
  readonly tls: TlsOptions | undefined;
  /** Identifies the proxy, its credentials and TLS settings: pools are per (origin, proxy key). */
  readonly key: string;
}

/** A content key for TLS settings, remembered per object (internal). */
const tlsKeys = new WeakMap<TlsOptions, string>();
let tlsKeyCount = 0;
const tlsKeyByContent = new Map<string, string>();

function tlsKeyOf(options: TlsOptions): string {
  let key = tlsKeys.get(options);
  if (key !== undefined) return key;
  const part = (value: unknown): unknown =>
    Buffer.isBuffer(value)
      ? value.toString("base64")
      : Array.isArray(value)
        ? value.map(part)
        : value;
  const content = JSON.stringify(
    Object.entries(options)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => [name, part(value)]),
  );
  // Equal settings share one short key, so equal proxies share pools.
  key = tlsKeyByContent.get(content);
  if (key === undefined) {
    key = `tls${tlsKeyCount++}`;
    tlsKeyByContent.set(content, key);
  }
  tlsKeys.set(options, key);
  return key;
}

function parseProxyUrl(uri: string | URL, source: string): URL {
  if (uri instanceof URL) return new URL(uri.href);
  // A value without a scheme reads as http://, as curl does.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? uri : `http://${uri}`;
  try {
    return new URL(text);
  } catch (cause) {
    throw new ClientError(
      ClientErrorCode.INVALID_PROXY_URL,
      `${source} is not a URL: ${JSON.stringify(uri)}`,
      { cause },
    );
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The proxy for requests to `target` given a `proxy` option, or `null` for
 * a direct connection (internal). Throws `ClientError`
 * (`HW_CLIENT_INVALID_PROXY_URL`) for a proxy that is not an `http:` or
 * `https:` URL with a host (SOCKS is not supported).
 */
export function resolveProxy(
  target: URL,
  option: ProxyOption | undefined,
  env?: ProxyEnvironment,
): ResolvedProxy | null {
  if (option === undefined || option === false) return null;
  let url: URL;
  let auth: ProxyCredentials | string | undefined;
  let tls: TlsOptions | undefined;
  let source = "proxy";
  if (option === "env") {
    const selection = getProxyForUrl(target, env);
    if (selection === null) return null;
    url = selection.url;
    source = selection.source;
  } else if (typeof option === "string" || option instanceof URL) {
    url = parseProxyUrl(option, source);
  } else {
    url = parseProxyUrl(option.uri, source);
    auth = option.auth;
    tls = option.tls;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    throw new ClientError(
      ClientErrorCode.INVALID_PROXY_URL,
      `${source} must be an http: or https: URL with a host (SOCKS is not supported): ${url.protocol}//${url.host}`,
    );
  }
  let authorization: string | undefined;
  let credentials: ProxyCredentials | undefined;
  if (typeof auth === "string") authorization = auth;
  else if (auth !== undefined) credentials = auth;
  else if (url.username !== "" || url.password !== "") {
    // RFC 3986 §3.2.1: userinfo is percent-encoded; credentials are the decoded text (RFC 7617 §2).
    credentials = { username: decode(url.username), password: decode(url.password) };
  }
  const origin = new URL(url.origin);
  let key = origin.origin;
  if (authorization !== undefined) key += ` ${authorization}`;
  if (credentials !== undefined) {
    key += ` ${formatBasicCredentials(credentials.username, credentials.password)}`;
    if (credentials.preemptive === false) key += " on-challenge";
  }
  if (tls !== undefined) key += ` ${tlsKeyOf(tls)}`;
  return { url: origin, authorization, credentials, tls, key };
}
