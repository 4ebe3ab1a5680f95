import { parseSetCookie } from "@hyperwire/headers";
import { defaultPath, domainMatches, isIpAddressHost, pathMatches } from "./cookie-matching.js";
import { ClientError, ClientErrorCode } from "./errors.js";

/** A cookie's SameSite enforcement (RFC 6265bis §4.1.2.7); `undefined` is the default enforcement. */
export type CookieSameSite = "strict" | "lax" | "none";

/**
 * A stored cookie: the fields of the RFC 6265 §5.3 storage model. Times are
 * milliseconds since the epoch. Objects handed out by the jar are copies.
 */
export interface Cookie {
  readonly name: string;
  readonly value: string;
  /** The host (host-only cookie) or the Domain attribute's value, canonical, no leading ".". */
  readonly domain: string;
  readonly path: string;
  /** Expiry time, or `null` for a session cookie (§5.3 step 3: persistent-flag false). */
  readonly expires: number | null;
  readonly creationTime: number;
  readonly lastAccessTime: number;
  /** true when the cookie is returned only to the exact host that set it (no Domain attribute). */
  readonly hostOnly: boolean;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: CookieSameSite | undefined;
}

/** Why {@link CookieJar.setCookie} did not store a cookie. */
export type CookieRejection =
  /** §5.2 ignored the line (no "=", empty name) or name/value hold control characters (RFC 6265bis §5.7). */
  | "malformed"
  /** Name plus value longer than `maxCookieBytes`. */
  | "too-large"
  /** The Domain attribute is a public suffix other than the request host (§5.3 step 5). */
  | "public-suffix"
  /** The request host does not domain-match the Domain attribute (§5.3 step 6), or it is not a valid host. */
  | "domain-mismatch"
  /** A Secure cookie set over a scheme that is not secure (RFC 6265bis §5.7). */
  | "insecure-scheme"
  /** A non-secure response tried to overwrite a Secure cookie (RFC 6265bis §5.7, "leave secure cookies alone"). */
  | "secure-overlap"
  /** An HttpOnly cookie set, or one replaced, through a non-HTTP API (§5.3 steps 10 and 11). */
  | "http-only"
  /** A `__Secure-` or `__Host-` cookie without the attributes its prefix requires (RFC 6265bis §4.1.3). */
  | "prefix"
  /** Already expired: any stored cookie with the same name, domain and path was removed (how servers delete cookies). */
  | "expired";

/** What {@link CookieJar.setCookie} did. */
export type SetCookieOutcome =
  | { readonly stored: true; readonly cookie: Cookie; readonly replaced: boolean }
  | { readonly stored: false; readonly reason: CookieRejection; readonly removed: boolean };

/** Options of a {@link CookieJar}. */
export interface CookieJarOptions {
  /**
   * Whether a (canonical, lower-case) domain is a public suffix such as "com"
   * or "co.uk", under which no site may set a cookie (RFC 6265 §5.3 step 5).
   * The built-in rule only knows single-label names ("com", "localhost",
   * "internal"); plug in the Public Suffix List (https://publicsuffix.org)
   * here, e.g. with the `psl` or `tldts` package, to also refuse "co.uk".
   */
  isPublicSuffix?: (domain: string) => boolean;
  /** Longest name plus value, in UTF-8 bytes (RFC 6265bis §5.7: 4096; RFC 6265 §6.1 minimum). Default 4096. */
  maxCookieBytes?: number;
  /** Most cookies per domain before the least recently used are evicted (RFC 6265 §6.1 minimum: 50). Default 50. */
  maxCookiesPerDomain?: number;
  /** Most cookies in the jar before the least recently used are evicted (RFC 6265 §6.1 minimum: 3000). Default 3000. */
  maxCookies?: number;
  /** Longest lifetime granted by Max-Age or Expires, in seconds (RFC 6265bis §5.6.1: 400 days). Default 34560000. */
  maxLifetimeSeconds?: number;
}

/** Options of {@link CookieJar.setCookie}. */
export interface SetCookieOptions {
  /**
   * true (the default) when the cookie comes from an HTTP response; false for
   * a script-like API, which may neither set nor replace HttpOnly cookies
   * (RFC 6265 §5.3 steps 10 and 11).
   */
  httpApi?: boolean;
}

/** Options of {@link CookieJar.getCookies} and {@link CookieJar.getCookieHeader}. */
export interface GetCookiesOptions {
  /**
   * The SameSite context of the request (RFC 6265bis §5.2, §5.8.3):
   * - `"strict"` (the default): a same-site request; every cookie is sent.
   *   A client that is not a browser normally has no other context.
   * - `"lax"`: a cross-site top-level navigation with a safe method; cookies
   *   with SameSite=Strict are left out.
   * - `"none"`: any other cross-site request; only SameSite=None cookies are
   *   sent (cookies without SameSite are treated as Lax, as browsers do).
   */
  sameSiteContext?: "strict" | "lax" | "none";
  /** false for a non-HTTP API, which never sees HttpOnly cookies (§5.4 step 1). Default true. */
  httpApi?: boolean;
}

/** One cookie in the JSON form of {@link CookieJar.toJSON}. */
export interface CookieJSON {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires: number | null;
  creationTime: number;
  lastAccessTime: number;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: CookieSameSite;
}

/** The JSON form of a cookie jar: `{ version: 1, cookies: [...] }`. */
export interface CookieJarJSON {
  version: 1;
  cookies: CookieJSON[];
}

/** What {@link CookieJar.importNetscape} did. */
export interface NetscapeImportResult {
  /** Cookies stored. */
  imported: number;
  /** 1-based numbers of lines that were neither comments, blank, nor valid cookie lines. */
  invalidLines: number[];
  /** Lines skipped because the cookie had already expired. */
  expired: number;
}

const DEFAULTS = {
  maxCookieBytes: 4096,
  maxCookiesPerDomain: 50,
  maxCookies: 3000,
  maxLifetimeSeconds: 400 * 24 * 60 * 60,
};

/** The built-in public-suffix rule: a single-label name ("com", "localhost") is a public suffix. */
function singleLabelIsPublicSuffix(domain: string): boolean {
  return !domain.includes(".") && !isIpAddressHost(domain);
}

// Schemes a user agent treats as "secure" for the Secure attribute (RFC 6265bis §5.7).
const SECURE_SCHEMES = new Set(["https:", "wss:"]);

// RFC 6265bis §5.7: a name or value holding %x00-08 / %x0A-1F / %x7F is ignored.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function toUrl(requestUrl: string | URL): URL {
  try {
    const url = typeof requestUrl === "string" ? new URL(requestUrl) : requestUrl;
    if (url.hostname === "") throw new TypeError("no host");
    return url;
  } catch (cause) {
    throw new ClientError(
      ClientErrorCode.INVALID_URL,
      `not an absolute URL with a host: ${String(requestUrl)}`,
      {
        cause,
      },
    );
  }
}

/** The canonical form of a Domain attribute (RFC 6265 §5.1.2): lower-case A-labels; null when it is no host. */
function canonicalDomain(domain: string): string | null {
  if (/^[\u0000-\u007f]*$/.test(domain)) {
    return /^[a-z0-9._\-[\]:]+$/.test(domain) ? domain : null;
  }
  try {
    const host = new URL(`http://${domain}/`).hostname;
    return host === "" ? null : host;
  } catch {
    return null;
  }
}

interface Entry {
  cookie: Cookie;
  /** Tie-breaker for equal creation times: the order of first storage. */
  seq: number;
}

const keyOf = (domain: string, path: string, name: string) => `${domain}\u0000${path}\u0000${name}`;

/**
 * A cookie store following the storage model of RFC 6265 §5.3 and the
 * retrieval rules of §5.4, with the hardening of RFC 6265bis (Secure only
 * from secure origins, "leave secure cookies alone", cookie name prefixes,
 * the 400-day lifetime cap). Sans-IO: it never reads the clock unless you
 * leave out `now`, and never touches the network or the disk.
 *
 * - Domain matching (§5.1.3) and host-only cookies: without a Domain
 *   attribute a cookie goes back only to the exact host that set it.
 * - Path: the default-path of the request (§5.1.4) when Path is absent.
 * - Max-Age wins over Expires (§5.3 step 3); both are capped at
 *   `maxLifetimeSeconds`. A cookie set already expired deletes its namesake.
 * - Replacing a cookie (same name, domain and path) keeps its creation time
 *   (§5.3 step 11), so the Cookie header order stays stable.
 * - Public suffixes are refused as a Domain (§5.3 step 5): built in, only
 *   single-label names; plug the Public Suffix List into `isPublicSuffix`.
 * - Limits: 4096 bytes per cookie (name + value), 50 per domain, 3000 in
 *   all; the least recently used go first, after expired ones (§5.3 end).
 *
 * @example
 * ```ts
 * const jar = new CookieJar();
 * jar.setCookie("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly", "https://www.example.com/login");
 * jar.setCookie("lang=en-US; Path=/; Domain=example.com", "https://www.example.com/login");
 * jar.getCookieHeader("https://www.example.com/account"); // "SID=31d4d96e407aad42; lang=en-US"
 * jar.getCookieHeader("http://docs.example.com/");        // "lang=en-US"
 * ```
 */
export class CookieJar {
  readonly #entries = new Map<string, Entry>();
  readonly #isPublicSuffix: (domain: string) => boolean;
  readonly #maxCookieBytes: number;
  readonly #maxPerDomain: number;
  readonly #maxCookies: number;
  readonly #maxLifetimeMs: number;
  #seq = 0;

  constructor(options: CookieJarOptions = {}) {
    this.#isPublicSuffix = options.isPublicSuffix ?? singleLabelIsPublicSuffix;
    this.#maxCookieBytes = positive(
      "maxCookieBytes",
      options.maxCookieBytes ?? DEFAULTS.maxCookieBytes,
    );
    this.#maxPerDomain = positive(
      "maxCookiesPerDomain",
      options.maxCookiesPerDomain ?? DEFAULTS.maxCookiesPerDomain,
    );
    this.#maxCookies = positive("maxCookies", options.maxCookies ?? DEFAULTS.maxCookies);
    this.#maxLifetimeMs =
      positive("maxLifetimeSeconds", options.maxLifetimeSeconds ?? DEFAULTS.maxLifetimeSeconds) *
      1000;
  }

  /** The number of cookies stored, expired ones not yet evicted included. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Stores the cookie of one `Set-Cookie` field line received in the response
   * to `requestUrl` (RFC 6265 §5.3), or says why not. Throws `ClientError`
   * (`HW_CLIENT_INVALID_URL`) only when `requestUrl` is not an absolute URL
   * with a host; a malformed line is never an exception.
   *
   * @example
   * ```ts
   * jar.setCookie("id=a3fWa; Max-Age=2592000", "https://example.com/");
   * // { stored: true, cookie: { name: "id", domain: "example.com", hostOnly: true, … }, replaced: false }
   * jar.setCookie("id=; Max-Age=0", "https://example.com/");
   * // { stored: false, reason: "expired", removed: true }
   * ```
   */
  setCookie(
    setCookieValue: string,
    requestUrl: string | URL,
    now: number = Date.now(),
    options: SetCookieOptions = {},
  ): SetCookieOutcome {
    const url = toUrl(requestUrl);
    const httpApi = options.httpApi ?? true;
    const reject = (reason: CookieRejection, removed = false): SetCookieOutcome => ({
      stored: false,
      reason,
      removed,
    });
    // §5.3 step 1: parse with the §5.2 algorithm; ignore what it ignores.
    const parsed = parseSetCookie(setCookieValue);
    if (parsed === null || CONTROL.test(parsed.name) || CONTROL.test(parsed.value))
      return reject("malformed");
    // RFC 6265bis §5.7: name plus value above 4096 octets are ignored.
    if (utf8Length(parsed.name) + utf8Length(parsed.value) > this.#maxCookieBytes)
      return reject("too-large");

    // §5.3 step 3: Max-Age takes precedence over Expires; neither → session cookie.
    // RFC 6265bis §5.6.1/§5.6.2: both are capped at 400 days.
    let expires: number | null = null;
    if (parsed.maxAge !== undefined) {
      expires = parsed.maxAge <= 0 ? 0 : now + Math.min(parsed.maxAge * 1000, this.#maxLifetimeMs);
    } else if (parsed.expires !== undefined) {
      expires = Math.min(parsed.expires.getTime(), now + this.#maxLifetimeMs);
    }

    // §5.3 steps 4–6: Domain attribute, public suffixes, host-only.
    const host = url.hostname;
    let domain = parsed.domain === undefined ? "" : canonicalDomain(parsed.domain);
    if (domain === null) return reject("domain-mismatch");
    if (domain !== "" && this.#isPublicSuffix(domain)) {
      // Step 5: a public suffix is acceptable only as the request host itself,
      // and then the cookie is host-only.
      if (domain !== host) return reject("public-suffix");
      domain = "";
    }
    let hostOnly: boolean;
    if (domain !== "") {
      if (!domainMatches(host, domain)) return reject("domain-mismatch");
      hostOnly = false;
    } else {
      hostOnly = true;
      domain = host;
    }

    // §5.3 step 7: Path attribute or the default-path.
    const path = parsed.path ?? defaultPath(url.pathname);

    // RFC 6265bis §5.7: a Secure cookie only from a secure scheme.
    const secureScheme = SECURE_SCHEMES.has(url.protocol);
    if (parsed.secure && !secureScheme) return reject("insecure-scheme");
    // §5.3 step 10: no HttpOnly cookie from a non-HTTP API.
    if (parsed.httpOnly && !httpApi) return reject("http-only");

    // RFC 6265bis §4.1.3 (matched case-insensitively, §5.7): the prefixes promise attributes.
    const lowerName = parsed.name.toLowerCase();
    if (lowerName.startsWith("__secure-") && !parsed.secure) return reject("prefix");
    if (
      lowerName.startsWith("__host-") &&
      !(parsed.secure && parsed.domain === undefined && parsed.path === "/")
    ) {
      return reject("prefix");
    }

    // RFC 6265bis §5.7 ("leave secure cookies alone"): a non-secure origin may
    // not shadow or overwrite a Secure cookie of the same name whose domain
    // overlaps and whose path covers the new one.
    if (!parsed.secure && !secureScheme) {
      for (const { cookie } of this.#entries.values()) {
        if (
          cookie.secure &&
          cookie.name === parsed.name &&
          (domainMatches(domain, cookie.domain) || domainMatches(cookie.domain, domain)) &&
          pathMatches(path, cookie.path)
        ) {
          return reject("secure-overlap");
        }
      }
    }

    // §5.3 step 11: an existing cookie with the same name, domain and path is replaced,
    // keeping its creation time.
    const key = keyOf(domain, path, parsed.name);
    const old = this.#entries.get(key);
    if (old?.cookie.httpOnly && !httpApi) return reject("http-only");
    if (expires !== null && expires <= now) {
      if (old !== undefined) this.#entries.delete(key);
      return reject("expired", old !== undefined);
    }
    const cookie: Cookie = {
      name: parsed.name,
      value: parsed.value,
      domain,
      path,
      expires,
      creationTime: old?.cookie.creationTime ?? now,
      lastAccessTime: now,
      hostOnly,
      secure: parsed.secure,
      httpOnly: parsed.httpOnly,
      sameSite: parsed.sameSite,
    };
    if (old !== undefined) this.#entries.delete(key);
    this.#entries.set(key, { cookie, seq: old?.seq ?? this.#seq++ });
    this.#evict(now, domain);
    return { stored: true, cookie: { ...cookie }, replaced: old !== undefined };
  }

  /**
   * Stores every `Set-Cookie` line of a response (`fields.getSetCookie()`),
   * in order, and returns the outcome of each.
   */
  setCookies(
    setCookieValues: Iterable<string>,
    requestUrl: string | URL,
    now: number = Date.now(),
    options: SetCookieOptions = {},
  ): SetCookieOutcome[] {
    const url = toUrl(requestUrl);
    return Array.from(setCookieValues, (line) => this.setCookie(line, url, now, options));
  }

  /**
   * The cookies to send with a request to `requestUrl` (RFC 6265 §5.4), in
   * the order of §5.4 step 2: longer paths first, then earlier creation
   * times. Their last-access time becomes `now` (step 3); expired cookies
   * met on the way are evicted.
   */
  getCookies(
    requestUrl: string | URL,
    now: number = Date.now(),
    options: GetCookiesOptions = {},
  ): Cookie[] {
    const url = toUrl(requestUrl);
    const host = url.hostname;
    const path = url.pathname;
    const secureScheme = SECURE_SCHEMES.has(url.protocol);
    const httpApi = options.httpApi ?? true;
    const context = options.sameSiteContext ?? "strict";
    const matched: Entry[] = [];
    for (const [key, entry] of this.#entries) {
      const cookie = entry.cookie;
      if (cookie.expires !== null && cookie.expires <= now) {
        this.#entries.delete(key);
        continue;
      }
      // §5.4 step 1: host, path, Secure and HttpOnly conditions.
      if (cookie.hostOnly ? host !== cookie.domain : !domainMatches(host, cookie.domain)) continue;
      if (!pathMatches(path, cookie.path)) continue;
      if (cookie.secure && !secureScheme) continue;
      if (cookie.httpOnly && !httpApi) continue;
      // RFC 6265bis §5.8.3: SameSite enforcement against the request's context.
      if (context === "lax" && cookie.sameSite === "strict") continue;
      if (context === "none" && cookie.sameSite !== "none") continue;
      matched.push(entry);
    }
    matched.sort(
      (a, b) =>
        b.cookie.path.length - a.cookie.path.length ||
        a.cookie.creationTime - b.cookie.creationTime ||
        a.seq - b.seq,
    );
    return matched.map((entry) => {
      entry.cookie = { ...entry.cookie, lastAccessTime: now };
      return { ...entry.cookie };
    });
  }

  /**
   * The value of the Cookie header field for a request to `requestUrl`
   * (RFC 6265 §5.4 step 4): `name=value` pairs joined by "; ", or "" when no
   * cookie applies.
   *
   * @example
   * ```ts
   * const cookie = jar.getCookieHeader(url);
   * if (cookie !== "") headers.set("cookie", cookie);
   * ```
   */
  getCookieHeader(
    requestUrl: string | URL,
    now: number = Date.now(),
    options: GetCookiesOptions = {},
  ): string {
    return this.getCookies(requestUrl, now, options)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  /** Every unexpired cookie (copies), in storage order; expired ones are evicted. */
  allCookies(now: number = Date.now()): Cookie[] {
    this.removeExpired(now);
    return Array.from(this.#entries.values(), (e) => ({ ...e.cookie }));
  }

  /** Removes the cookie with this domain, path and name; true when there was one. */
  removeCookie(domain: string, path: string, name: string): boolean {
    return this.#entries.delete(keyOf(domain, path, name));
  }

  /** Removes session cookies (those without an expiry), as ending a browsing session does (§5.3). */
  removeSessionCookies(): number {
    let removed = 0;
    for (const [key, { cookie }] of this.#entries) {
      if (cookie.expires === null) removed += Number(this.#entries.delete(key));
    }
    return removed;
  }

  /** Evicts expired cookies (§5.3: "at any time"); returns how many. */
  removeExpired(now: number = Date.now()): number {
    let removed = 0;
    for (const [key, { cookie }] of this.#entries) {
      if (cookie.expires !== null && cookie.expires <= now)
        removed += Number(this.#entries.delete(key));
    }
    return removed;
  }

  /** Removes every cookie. */
  clear(): void {
    this.#entries.clear();
  }

  #evict(now: number, domain: string): void {
    // §5.3 ¶ after step 12: expired cookies first, then cookies of a domain
    // over its quota, then any; least recently accessed first.
    if (this.#entries.size <= this.#maxCookies) {
      let inDomain = 0;
      for (const { cookie } of this.#entries.values()) if (cookie.domain === domain) inDomain++;
      if (inDomain <= this.#maxPerDomain) return;
    }
    this.removeExpired(now);
    const byAccess = (filter: (c: Cookie) => boolean) =>
      [...this.#entries]
        .filter(([, e]) => filter(e.cookie))
        .sort(([, a], [, b]) => a.cookie.lastAccessTime - b.cookie.lastAccessTime || a.seq - b.seq);
    const domainEntries = byAccess((c) => c.domain === domain);
    for (let i = 0; i < domainEntries.length - this.#maxPerDomain; i++) {
      this.#entries.delete(domainEntries[i]![0]);
    }
    const overflow = this.#entries.size - this.#maxCookies;
    if (overflow > 0) {
      const all = byAccess(() => true);
      for (let i = 0; i < overflow; i++) this.#entries.delete(all[i]![0]);
    }
  }

  /**
   * The jar as a JSON-ready object, session cookies included (drop them with
   * {@link CookieJar.removeSessionCookies} first if they must not outlive the
   * process). `JSON.stringify(jar)` uses it.
   */
  toJSON(): CookieJarJSON {
    const cookies: CookieJSON[] = [];
    for (const { cookie } of this.#entries.values()) {
      const json: CookieJSON = {
        name: cookie.name,
        value: cookie.value,
        domain: cookie.domain,
        path: cookie.path,
        expires: cookie.expires,
        creationTime: cookie.creationTime,
        lastAccessTime: cookie.lastAccessTime,
        hostOnly: cookie.hostOnly,
        secure: cookie.secure,
        httpOnly: cookie.httpOnly,
      };
      if (cookie.sameSite !== undefined) json.sameSite = cookie.sameSite;
      cookies.push(json);
    }
    return { version: 1, cookies };
  }

  /**
   * Rebuilds a jar from {@link CookieJar.toJSON}'s output (or the parsed JSON
   * text). Throws `ClientError` (`HW_CLIENT_INVALID_COOKIE_JSON`) when the
   * shape is wrong.
   */
  static fromJSON(json: unknown, options: CookieJarOptions = {}): CookieJar {
    const fail = (why: string) =>
      new ClientError(
        ClientErrorCode.INVALID_COOKIE_JSON,
        `not a cookie jar JSON document: ${why}`,
      );
    if (typeof json !== "object" || json === null) throw fail("not an object");
    const doc = json as { version?: unknown; cookies?: unknown };
    if (doc.version !== 1) throw fail(`unknown version ${JSON.stringify(doc.version)}`);
    if (!Array.isArray(doc.cookies)) throw fail("cookies is not an array");
    const jar = new CookieJar(options);
    doc.cookies.forEach((raw: unknown, index: number) => {
      const c = raw as Partial<Record<keyof CookieJSON, unknown>> | null;
      const bad = (field: string) => fail(`cookies[${index}].${field} is invalid`);
      if (typeof c !== "object" || c === null) throw fail(`cookies[${index}] is not an object`);
      for (const field of ["name", "value", "domain", "path"] as const) {
        if (typeof c[field] !== "string") throw bad(field);
      }
      for (const field of ["creationTime", "lastAccessTime"] as const) {
        if (typeof c[field] !== "number" || !Number.isFinite(c[field])) throw bad(field);
      }
      if (c.expires !== null && (typeof c.expires !== "number" || Number.isNaN(c.expires)))
        throw bad("expires");
      for (const field of ["hostOnly", "secure", "httpOnly"] as const) {
        if (typeof c[field] !== "boolean") throw bad(field);
      }
      if (
        c.sameSite !== undefined &&
        c.sameSite !== "strict" &&
        c.sameSite !== "lax" &&
        c.sameSite !== "none"
      ) {
        throw bad("sameSite");
      }
      if (
        (c.name as string) === "" ||
        CONTROL.test(c.name as string) ||
        CONTROL.test(c.value as string)
      ) {
        throw bad("name");
      }
      jar.#put({
        name: c.name as string,
        value: c.value as string,
        domain: c.domain as string,
        path: c.path as string,
        expires: c.expires as number | null,
        creationTime: c.creationTime as number,
        lastAccessTime: c.lastAccessTime as number,
        hostOnly: c.hostOnly as boolean,
        secure: c.secure as boolean,
        httpOnly: c.httpOnly as boolean,
        sameSite: c.sameSite as CookieSameSite | undefined,
      });
    });
    return jar;
  }

  #put(cookie: Cookie): void {
    const key = keyOf(cookie.domain, cookie.path, cookie.name);
    const old = this.#entries.get(key);
    if (old !== undefined) this.#entries.delete(key);
    this.#entries.set(key, { cookie, seq: old?.seq ?? this.#seq++ });
  }

  /**
   * The jar in the Netscape cookie file format that curl reads with `-b` and
   * writes with `-c`: one line per cookie with seven TAB-separated fields
   * (domain, include-subdomains TRUE/FALSE, path, secure TRUE/FALSE, expiry
   * in Unix seconds or 0 for a session cookie, name, value). Domain cookies
   * are written with a leading "."; HttpOnly cookies carry the `#HttpOnly_`
   * prefix on the domain, as curl does. Expired cookies are left out.
   * SameSite and the access times have no place in this format.
   */
  toNetscape(now: number = Date.now()): string {
    const lines = [
      "# Netscape HTTP Cookie File",
      "# Format: https://curl.se/docs/http-cookies.html",
      "# Written by @hyperwire/client.",
      "",
    ];
    for (const { cookie } of this.#entries.values()) {
      if (cookie.expires !== null && cookie.expires <= now) continue;
      const domain = `${cookie.httpOnly ? "#HttpOnly_" : ""}${cookie.hostOnly ? "" : "."}${cookie.domain}`;
      const expires = cookie.expires === null ? 0 : Math.max(1, Math.floor(cookie.expires / 1000));
      lines.push(
        [
          domain,
          cookie.hostOnly ? "FALSE" : "TRUE",
          cookie.path,
          cookie.secure ? "TRUE" : "FALSE",
          String(expires),
          cookie.name,
          cookie.value,
        ].join("\t"),
      );
    }
    return `${lines.join("\n")}\n`;
  }

  /**
   * Adds the cookies of a Netscape cookie file (curl's `-b`/`-c` format, see
   * {@link CookieJar.toNetscape}) to the jar. Lenient like curl: comment and
   * blank lines are skipped, a line with six fields has an empty value, and
   * malformed lines are skipped and reported by number rather than thrown.
   * Imported cookies get `now` as creation time, in file order.
   */
  importNetscape(text: string, now: number = Date.now()): NetscapeImportResult {
    const result: NetscapeImportResult = { imported: 0, invalidLines: [], expired: 0 };
    const lines = text.split(/\r?\n/);
    lines.forEach((rawLine, index) => {
      let line = rawLine;
      let httpOnly = false;
      if (line.startsWith("#HttpOnly_")) {
        httpOnly = true;
        line = line.slice("#HttpOnly_".length);
      } else if (line.startsWith("#") || line.trim() === "") {
        return;
      }
      const fields = line.split("\t");
      if (fields.length === 6) fields.push("");
      const [rawDomain, subdomains, rawPath, secure, rawExpires, name, value] = fields;
      if (
        fields.length !== 7 ||
        rawDomain === undefined ||
        name === undefined ||
        value === undefined ||
        rawExpires === undefined ||
        !/^\d+$/.test(rawExpires) ||
        name === "" ||
        CONTROL.test(name) ||
        CONTROL.test(value)
      ) {
        result.invalidLines.push(index + 1);
        return;
      }
      const domain = canonicalDomain(
        (rawDomain.startsWith(".") ? rawDomain.slice(1) : rawDomain).toLowerCase(),
      );
      if (domain === null || domain === "") {
        result.invalidLines.push(index + 1);
        return;
      }
      const seconds = Number(rawExpires);
      const expires = seconds === 0 ? null : seconds * 1000;
      if (expires !== null && expires <= now) {
        result.expired++;
        return;
      }
      this.#put({
        name,
        value,
        domain,
        path: rawPath?.startsWith("/") ? rawPath : "/",
        expires,
        creationTime: now,
        lastAccessTime: now,
        hostOnly: subdomains?.toUpperCase() !== "TRUE",
        secure: secure?.toUpperCase() === "TRUE",
        httpOnly,
        sameSite: undefined,
      });
      result.imported++;
    });
    return result;
  }

  /** A new jar holding the cookies of a Netscape cookie file; see {@link CookieJar.importNetscape}. */
  static fromNetscape(text: string, options: CookieJarOptions & { now?: number } = {}): CookieJar {
    const jar = new CookieJar(options);
    jar.importNetscape(text, options.now);
    return jar;
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new ClientError(
      ClientErrorCode.INVALID_OPTION,
      `${name} must be a positive number, got ${value}`,
    );
  }
  return value;
}
