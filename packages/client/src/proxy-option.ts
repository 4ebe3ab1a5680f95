import { formatBasicCredentials } from "@hyperwire/headers";
import { ClientError, ClientErrorCode } from "./errors.js";
import { getProxyForUrl, type ProxyEnvironment } from "./proxy-from-env.js";

/** A user name and password, sent as Basic credentials (RFC 7617). */
export interface ProxyCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The HTTP proxy a request goes through (the `proxy` option of `request()`
 * and of an `Agent` or `Pool`):
 *
 * - a URL (`"http://proxy.local:3128"`), credentials in its userinfo
 *   (`http://user:pass@proxy.local:3128`, percent-decoded) sent as Basic
 *   Proxy-Authorization;
 * - `{ uri, auth }`: `auth` is `{ username, password }` (Basic) or a whole
 *   Proxy-Authorization value (`"Bearer abc"`);
 * - `"env"`: the proxy `HTTP_PROXY` / `HTTPS_PROXY` / `ALL_PROXY` /
 *   `NO_PROXY` give for the URL (see `getProxyForUrl`), or none;
 * - `false`: connect directly (overrides an agent's proxy).
 *
 * `http:` URLs are sent to the proxy in absolute-form (RFC 9112 §3.2.2);
 * `https:` URLs go through a CONNECT tunnel (RFC 9110 §9.3.6) with TLS to
 * the origin inside it. The proxy itself may be `http:` or `https:`.
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
  | { readonly uri: string | URL; readonly auth?: ProxyCredentials | string }
  | "env"
  | false;

/** A proxy chosen for one origin (internal). */
export interface ResolvedProxy {
  /** The proxy's origin (no userinfo, no path). */
  readonly url: URL;
  /** The Proxy-Authorization value to send, if any. */
  readonly authorization: string | undefined;
  /** Identifies the proxy and its credentials: pools are per (origin, proxy key). */
  readonly key: string;
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
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    throw new ClientError(
      ClientErrorCode.INVALID_PROXY_URL,
      `${source} must be an http: or https: URL with a host (SOCKS is not supported): ${url.protocol}//${url.host}`,
    );
  }
  let authorization: string | undefined;
  if (typeof auth === "string") authorization = auth;
  else if (auth !== undefined) authorization = formatBasicCredentials(auth.username, auth.password);
  else if (url.username !== "" || url.password !== "") {
    // RFC 3986 §3.2.1: userinfo is percent-encoded; Basic carries the decoded text (RFC 7617 §2).
    authorization = formatBasicCredentials(decode(url.username), decode(url.password));
  }
  const origin = new URL(url.origin);
  return {
    url: origin,
    authorization,
    key: authorization === undefined ? origin.origin : `${origin.origin} ${authorization}`,
  };
}
