import type { AgentOptions, CookieJar, RequestOptions } from "@hyperwire/client";
import { Fields } from "@hyperwire/headers";
import { type CliOptions, UsageError } from "./args.js";
import { buildDataBody, buildFormBody, type ReadSource, readSource } from "./request-body.js";
import { DEFAULT_USER_AGENT } from "./version.js";

/** What the transfer needs: where, how, and through which agent. */
export interface BuiltRequest {
  readonly url: URL;
  readonly method: string;
  readonly options: RequestOptions;
  readonly agentOptions: AgentOptions;
}

/** Accepts `host/path` like curl: no scheme means http. */
export function parseUrl(text: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`malformed URL "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`unsupported scheme "${url.protocol}" (http and https only)`);
  }
  return url;
}

/**
 * `-H` values: `Name: value` adds a field; `Name:` with nothing after the
 * colon removes a field the command would add (User-Agent, Accept…);
 * `Name;` sends the field with an empty value (curl's conventions).
 */
function applyHeaderArguments(fields: Fields, lines: readonly string[]): Set<string> {
  const given = new Set<string>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) {
      if (line.endsWith(";") && line.length > 1) {
        const name = line.slice(0, -1).trim();
        fields.append(name, "");
        given.add(name.toLowerCase());
        continue;
      }
      throw new UsageError(`-H expects "Name: value", got "${line}"`);
    }
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    given.add(name.toLowerCase());
    if (value === "") fields.delete(name);
    else fields.append(name, value);
  }
  return given;
}

/**
 * Turns the command line into a request for @hyperwire/client: method,
 * fields, body, auth, cookies, redirects, retries, timeouts, proxy and TLS.
 */
export async function buildRequest(
  o: CliOptions,
  cookieJar: CookieJar | undefined,
  literalCookies: readonly string[],
  onDownloadProgress: RequestOptions["onDownloadProgress"],
  read: ReadSource = readSource,
): Promise<BuiltRequest> {
  if (o.url === undefined) throw new UsageError("no URL given");
  const url = parseUrl(o.url);

  let body: Uint8Array | undefined;
  let contentType: string | undefined;
  if (o.form.length > 0) ({ bytes: body, contentType } = await buildFormBody(o.form, read));
  else if (o.data.length > 0) ({ bytes: body, contentType } = await buildDataBody(o.data, read));

  const method = o.method ?? (o.head ? "HEAD" : body !== undefined ? "POST" : "GET");

  // Defaults first, so -H can replace or remove them.
  const fields = new Fields();
  fields.set("User-Agent", o.userAgent ?? DEFAULT_USER_AGENT);
  fields.set("Accept", "*/*");
  if (o.referer !== undefined) fields.set("Referer", o.referer);
  if (o.range !== undefined) fields.set("Range", `bytes=${o.range}`);
  if (contentType !== undefined) fields.set("Content-Type", contentType);
  if (o.user !== undefined && !o.digest) {
    // curl sends Basic credentials with the first request rather than waiting for a 401 (RFC 7617 §2).
    fields.set("Authorization", `Basic ${Buffer.from(withPassword(o.user)).toString("base64")}`);
  }
  if (literalCookies.length > 0) fields.set("Cookie", literalCookies.join("; "));
  const given = applyHeaderArguments(fields, o.headers);
  for (const name of given) {
    // A -H for a default field replaces it rather than adding a second line.
    const lines = fields.getAll(name);
    if (
      lines.length > 1 &&
      ["user-agent", "accept", "content-type", "referer", "range"].includes(name)
    ) {
      fields.delete(name);
      fields.append(name, lines.at(-1) as string);
    }
  }

  const connectTimeout =
    o.connectTimeout === undefined ? undefined : Math.max(1, o.connectTimeout * 1000);
  const [username = "", password = ""] = splitUser(o.user);
  const options: RequestOptions = {
    method,
    headers: fields,
    ...(body === undefined ? {} : { body }),
    decompress: o.compressed,
    redirect: o.location ? { max: o.maxRedirs } : false,
    ...(o.retry > 0 ? { retry: { maxRetries: o.retry } } : {}),
    ...(o.maxTime === undefined ? {} : { timeout: Math.max(1, o.maxTime * 1000) }),
    ...(connectTimeout === undefined ? {} : { connectTimeout }),
    ...(o.proxy === undefined ? {} : { proxy: proxyOption(o) }),
    ...(o.http10 ? { httpVersion: "1.0" as const } : {}),
    ...(cookieJar === undefined ? {} : { cookieJar }),
    ...(o.user !== undefined && o.digest ? { auth: { username, password } } : {}),
    ...(onDownloadProgress === undefined ? {} : { onDownloadProgress }),
  };
  const agentOptions: AgentOptions = {
    connections: 1,
    ...(connectTimeout === undefined ? {} : { connectTimeout }),
    ...(o.insecure ? { tls: { rejectUnauthorized: false } } : {}),
  };
  return { url, method, options, agentOptions };
}

function splitUser(user: string | undefined): [string, string] | [] {
  if (user === undefined) return [];
  const colon = user.indexOf(":");
  return colon === -1 ? [user, ""] : [user.slice(0, colon), user.slice(colon + 1)];
}

function withPassword(user: string): string {
  return user.includes(":") ? user : `${user}:`;
}

/** `--proxy host:port` means http://host:port, as in curl. */
function proxyUrl(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

/**
 * The client's `proxy` option: the URL, with `-U` credentials sent as Basic
 * up front (curl's default), or with `--proxy-digest` only in answer to the
 * proxy's 407 (Digest when it offers it).
 */
function proxyOption(o: CliOptions): RequestOptions["proxy"] {
  const uri = proxyUrl(o.proxy as string);
  if (o.proxyUser === undefined) return uri;
  const [username = "", password = ""] = splitUser(o.proxyUser);
  return { uri, auth: { username, password, preemptive: !o.proxyDigest } };
}
