import { parseHttpDate } from "@hyperwire/grammar";
import {
  type CacheControl,
  Fields,
  type FieldsInit,
  parseAge,
  parseCacheControl,
  parseETag,
  parseExpires,
  parsePragma,
  parseVary,
  stripHopByHop,
  strongCompare,
  weakCompare,
} from "@hyperwire/headers";
import { isSafeMethod } from "@hyperwire/methods";
import { isHeuristicallyCacheable } from "@hyperwire/status";
import { ClientError, ClientErrorCode } from "./errors.js";

/** The request side of an exchange, as the cache rules see it. */
export interface CacheRequest {
  readonly method: string;
  readonly url: string | URL;
  readonly headers?: FieldsInit;
}

/** The response side of an exchange, as the cache rules see it (the body travels apart). */
export interface CacheResponse {
  readonly status: number;
  readonly headers: FieldsInit;
}

/**
 * A stored response: what a {@link CacheStore} keeps. Plain data, so a store
 * may serialise it (the body as bytes, times as epoch milliseconds).
 */
export interface CachedResponse {
  /** The target URI without its fragment: the primary cache key (RFC 9111 §4). */
  readonly url: string;
  /** The method of the request that produced it (GET). */
  readonly method: string;
  readonly status: number;
  /** Stored header lines `[name, value]`, hop-by-hop fields removed (RFC 9111 §3.1). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
  /** When the request was sent (`request_time` of RFC 9111 §4.2.3), epoch ms. */
  readonly requestTime: number;
  /** When the response was received (`response_time` of RFC 9111 §4.2.3), epoch ms. */
  readonly responseTime: number;
  /**
   * The selecting header fields named by Vary and their normalised values in
   * the original request (`null`: absent), the secondary key of RFC 9111 §4.1.
   */
  readonly vary: Readonly<Record<string, string | null>>;
}

/** Options of a {@link CachePolicy}. */
export interface CachePolicyOptions {
  /**
   * true for a shared cache (a proxy), false (the default) for a private one
   * (a user agent's). A shared cache honours s-maxage and proxy-revalidate,
   * refuses `private` responses and responses to requests with Authorization
   * (RFC 9111 §3, §3.5, §4.2.1).
   */
  shared?: boolean;
  /** Fraction of (Date − Last-Modified) used as heuristic freshness (RFC 9111 §4.2.2 suggests 10%). Default 0.1. */
  heuristicFraction?: number;
  /** Upper bound on heuristic freshness in seconds. Default 604800 (one week). */
  maxHeuristicLifetime?: number;
}

/** Why a response may not be stored. */
export type NotStorableReason =
  /** The request method is not GET: this cache stores responses to GET only. */
  | "method"
  /** 1xx, 206 (no range combining here), 304, or a status outside 100–599 (RFC 9111 §3). */
  | "status"
  /** no-store in the request or the response (§5.2.1.5, §5.2.2.5), or an unparsable response Cache-Control. */
  | "no-store"
  /** private in a shared cache (§5.2.2.7). */
  | "private"
  /** A request with Authorization in a shared cache, without public, must-revalidate or s-maxage (§3.5). */
  | "authorization"
  /** Vary: * never matches a later request (§4.1), so storing would be useless. */
  | "vary-star"
  /** No explicit freshness, no `public`, and a status that is not heuristically cacheable (§3). */
  | "not-cacheable";

/** Whether a response may be stored. */
export type StorableDecision =
  | { readonly storable: true }
  | { readonly storable: false; readonly reason: NotStorableReason };

/** Why a stored response must be validated before use. */
export type ValidationReason =
  /** Stale, and the request did not accept staleness (§4.2.4). */
  | "stale"
  /** Stale with must-revalidate (or proxy-revalidate / s-maxage in a shared cache): never served stale (§5.2.2.2). */
  | "must-revalidate"
  /** The stored response says no-cache (§5.2.2.4). */
  | "response-no-cache"
  /** The request says no-cache, or Pragma: no-cache without Cache-Control (§5.2.1.4, §5.4). */
  | "request-no-cache"
  /** Older than the request's max-age (§5.2.1.1). */
  | "request-max-age"
  /** Fresh for less than the request's min-fresh (§5.2.1.3). */
  | "request-min-fresh";

/** What to do with a request given a stored response ({@link CachePolicy.evaluate}). */
export type CacheDecision =
  | {
      /** Serve the stored response. */
      readonly action: "use";
      /** The stored header fields, with Age set to the current age (RFC 9111 §5.1). */
      readonly headers: Fields;
      /** Current age in seconds. */
      readonly age: number;
      /** true when served stale, as the request's max-stale allowed (§5.2.1.2). */
      readonly stale: boolean;
    }
  | {
      /** Forward the request, made conditional when the stored response has validators (§4.3.1). */
      readonly action: "validate";
      readonly reason: ValidationReason;
      /** The request header fields to send: the original ones plus If-None-Match / If-Modified-Since. */
      readonly headers: Fields;
      /** false when the stored response has no validator, so the request is unconditional. */
      readonly conditional: boolean;
    }
  | {
      /** The stored response cannot answer this request at all: forward it unchanged. */
      readonly action: "miss";
      readonly reason: "url-mismatch" | "method-mismatch" | "vary-mismatch";
    }
  | {
      /** only-if-cached, and no stored response can be used: answer 504 (§5.2.1.7). */
      readonly action: "unavailable";
    };

// Fields a cache never copies from a 304 into the stored response (RFC 9111 §3.2):
// Content-Length describes the stored content, not the 304's (absent) one.
const NOT_UPDATED = new Set(["content-length"]);

// Statuses without heuristic cacheability whose caching this cache still implements
// (explicit freshness only), for must-understand (RFC 9111 §5.2.2.3).
const UNDERSTOOD_STATUSES = new Set([302, 303, 307]);

function fieldsOf(init: FieldsInit | undefined): Fields {
  return init instanceof Fields ? init : new Fields(init);
}

function urlOf(url: string | URL): URL {
  try {
    return new URL(url);
  } catch (cause) {
    throw new ClientError(ClientErrorCode.INVALID_URL, `not an absolute URL: ${String(url)}`, {
      cause,
    });
  }
}

/** The URL without its fragment: fragments never reach the server, so never split the cache (RFC 9111 §4). */
function keyOf(url: string | URL): string {
  const u = urlOf(url);
  u.hash = "";
  return u.href;
}

/** Cache-Control of a response; a field that does not parse reads as no-store: caching it would be a guess. */
function responseDirectives(fields: Fields): CacheControl {
  const value = fields.get("cache-control");
  if (value === null) return { extensions: [], invalid: [] };
  const parsed = parseCacheControl(value);
  return parsed.ok ? parsed.value : { noStore: true, extensions: [], invalid: ["cache-control"] };
}

/**
 * Cache-Control of a request, with Pragma: no-cache read as no-cache when no
 * Cache-Control is present (RFC 9111 §5.4). A field that does not parse reads
 * as no-cache: the client asked for something, and revalidating is safe.
 */
function requestDirectives(fields: Fields): CacheControl {
  const value = fields.get("cache-control");
  if (value === null) {
    const pragma = fields.get("pragma");
    if (pragma !== null) {
      const parsed = parsePragma(pragma);
      if (parsed.ok && parsed.value.noCache) return { noCache: true, extensions: [], invalid: [] };
    }
    return { extensions: [], invalid: [] };
  }
  const parsed = parseCacheControl(value);
  return parsed.ok ? parsed.value : { noCache: true, extensions: [], invalid: ["cache-control"] };
}

/** A field that must occur once and hold an HTTP-date; undefined otherwise. */
function singleDate(fields: Fields, name: string): number | undefined {
  const lines = fields.getAll(name);
  if (lines.length !== 1) return undefined;
  const parsed = parseHttpDate(lines[0]!.trim());
  return parsed.ok ? parsed.value.getTime() : undefined;
}

/**
 * Normalises a selecting header field's value for the Vary comparison
 * (RFC 9111 §4.1): lines combined in order, whitespace around list commas
 * removed, runs of SP/HTAB collapsed. Absent → null.
 */
function selectingValue(fields: Fields, name: string): string | null {
  const lines = fields.getAll(name);
  if (lines.length === 0) return null;
  return lines
    .join(",")
    .split(",")
    .map((member) => member.trim().replace(/[ \t]+/g, " "))
    .join(", ");
}

/**
 * The age calculation of RFC 9111 §4.2.3, in seconds (fractional):
 *
 * ```
 * apparent_age = max(0, response_time - date_value)
 * response_delay = response_time - request_time
 * corrected_age_value = age_value + response_delay
 * corrected_initial_age = max(apparent_age, corrected_age_value)
 * resident_time = now - response_time
 * current_age = corrected_initial_age + resident_time
 * ```
 *
 * Times are epoch milliseconds; `dateValue` is the Date field (use
 * `responseTime` when absent, RFC 9110 §6.6.1), `ageValue` the Age field in
 * seconds (0 when absent).
 *
 * @example
 * ```ts
 * // Sent at t=0, received at t=2 s with Date = t+1 s and Age: 10; now t=62 s.
 * calculateCurrentAge({ requestTime: 0, responseTime: 2000, dateValue: 1000, ageValue: 10, now: 62_000 }); // 72
 * ```
 */
export function calculateCurrentAge(input: {
  requestTime: number;
  responseTime: number;
  dateValue: number;
  ageValue: number;
  now: number;
}): number {
  const apparentAge = Math.max(0, input.responseTime - input.dateValue) / 1000;
  const responseDelay = Math.max(0, input.responseTime - input.requestTime) / 1000;
  const correctedAgeValue = input.ageValue + responseDelay;
  const correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
  const residentTime = Math.max(0, input.now - input.responseTime) / 1000;
  return correctedInitialAge + residentTime;
}

/**
 * The rules of HTTP caching (RFC 9111) for a client-side (private, by
 * default) cache, sans-IO: this class decides, the caller sends requests and
 * keeps responses in a {@link CacheStore}.
 *
 * The flow:
 * 1. Look up `store.get(policy.cacheKey(url))`; if there is an entry, ask
 *    {@link CachePolicy.evaluate}: use it, validate it (send the conditional
 *    request it builds), or miss.
 * 2. On a 304 to a validation, {@link CachePolicy.mergeNotModified} freshens
 *    the stored response; on anything else, treat it as a new response.
 * 3. For a new response, {@link CachePolicy.canStore} says whether to keep
 *    it; {@link CachePolicy.createEntry} builds what to store.
 * 4. After an unsafe request, delete {@link CachePolicy.invalidatedKeys}.
 *
 * Scope, stated plainly: responses to GET are stored (HEAD is answered from a
 * stored GET response); one variant per URL is kept (the latest, as most
 * browsers do); 206 responses are not stored; stale-while-revalidate,
 * stale-if-error and serving stale when disconnected are not implemented.
 *
 * @example
 * ```ts
 * const policy = new CachePolicy();
 * const request = { method: "GET", url: "https://example.com/a", headers: {} };
 * const response = { status: 200, headers: { "cache-control": "max-age=60", etag: '"v1"' } };
 * if (policy.canStore(request, response).storable) {
 *   store.set(policy.cacheKey(request.url), policy.createEntry(request, response, body, sentAt, receivedAt));
 * }
 * const entry = store.get(policy.cacheKey("https://example.com/a"));
 * const decision = entry && policy.evaluate(entry, request, Date.now());
 * // { action: "use", headers, age: 12, stale: false } or { action: "validate", headers: <If-None-Match: "v1">, … }
 * ```
 */
export class CachePolicy {
  readonly shared: boolean;
  readonly #fraction: number;
  readonly #maxHeuristic: number;

  constructor(options: CachePolicyOptions = {}) {
    this.shared = options.shared ?? false;
    this.#fraction = options.heuristicFraction ?? 0.1;
    this.#maxHeuristic = options.maxHeuristicLifetime ?? 604_800;
    if (!(this.#fraction >= 0 && this.#fraction <= 1) || !(this.#maxHeuristic >= 0)) {
      throw new ClientError(
        ClientErrorCode.INVALID_OPTION,
        "heuristicFraction must be within [0, 1] and maxHeuristicLifetime non-negative",
      );
    }
  }

  /**
   * The primary cache key of a request target (RFC 9111 §4): the absolute
   * URI without fragment. Throws `ClientError` (`HW_CLIENT_INVALID_URL`) for
   * a URL that does not parse.
   */
  cacheKey(url: string | URL): string {
    return keyOf(url);
  }

  /**
   * Whether a response may be stored (RFC 9111 §3):
   * - the request method is GET (see the class notes);
   * - the status is final and one this cache understands (not 206 or 304);
   * - no no-store in request or response (unless must-understand with an
   *   understood status, §5.2.2.3);
   * - not `private` in a shared cache; in a shared cache, a request with
   *   Authorization only with public, must-revalidate or s-maxage (§3.5);
   * - Vary is not "*" (§4.1);
   * - explicit freshness (max-age, s-maxage in a shared cache, Expires),
   *   `public`, `private` in a private cache, or a heuristically cacheable
   *   status (RFC 9110 §15.1).
   */
  canStore(request: CacheRequest, response: CacheResponse): StorableDecision {
    const no = (reason: NotStorableReason): StorableDecision => ({ storable: false, reason });
    if (request.method !== "GET") return no("method");
    const status = response.status;
    if (
      !Number.isInteger(status) ||
      status < 200 ||
      status > 599 ||
      status === 206 ||
      status === 304
    ) {
      return no("status");
    }
    const requestFields = fieldsOf(request.headers);
    const fields = fieldsOf(response.headers);
    const cc = responseDirectives(fields);
    // §5.2.2.3: with must-understand, store only for a status whose caching rules this
    // cache implements, and then no-store (sent for caches that do not understand) is ignored.
    const understood = isHeuristicallyCacheable(status) || UNDERSTOOD_STATUSES.has(status);
    if (cc.mustUnderstand === true && !understood) return no("status");
    if (cc.noStore === true && cc.mustUnderstand !== true) return no("no-store");
    if (requestDirectives(requestFields).noStore === true) return no("no-store");
    if (this.shared && cc.private === true && cc.privateFields === undefined) return no("private");
    if (
      this.shared &&
      requestFields.has("authorization") &&
      !(cc.public === true || cc.mustRevalidate === true || cc.sMaxAge !== undefined)
    ) {
      return no("authorization");
    }
    const varyValue = fields.get("vary");
    if (varyValue !== null) {
      const vary = parseVary(varyValue);
      // An unparsable Vary cannot be matched either.
      if (!vary.ok || vary.value === "*") return no("vary-star");
    }
    const explicit =
      cc.maxAge !== undefined ||
      (this.shared && cc.sMaxAge !== undefined) ||
      fields.has("expires") ||
      cc.public === true ||
      (!this.shared && cc.private === true);
    if (!explicit && !isHeuristicallyCacheable(status)) return no("not-cacheable");
    return { storable: true };
  }

  /**
   * The freshness lifetime of a response in seconds (RFC 9111 §4.2.1), first
   * match wins:
   * 1. s-maxage, in a shared cache only;
   * 2. max-age;
   * 3. Expires − Date (an invalid Expires, such as "0", means already expired, §5.3);
   * 4. heuristically (§4.2.2), for a heuristically cacheable status or a
   *    `public` response with Last-Modified: 10% of Date − Last-Modified,
   *    capped by `maxHeuristicLifetime`;
   * 5. otherwise 0.
   *
   * `responseTime` stands in for a missing or invalid Date (RFC 9110 §6.6.1).
   */
  freshnessLifetime(status: number, headers: FieldsInit, responseTime: number): number {
    const fields = fieldsOf(headers);
    const cc = responseDirectives(fields);
    if (this.shared && cc.sMaxAge !== undefined) return cc.sMaxAge;
    if (cc.maxAge !== undefined) return cc.maxAge;
    const date = singleDate(fields, "date") ?? responseTime;
    const expiresLines = fields.getAll("expires");
    if (expiresLines.length > 0) {
      // Several Expires lines are as invalid as one bad date: expired.
      if (expiresLines.length > 1) return 0;
      const expires = parseExpires(expiresLines[0]!);
      return Math.max(0, (expires.date.getTime() - date) / 1000);
    }
    if (isHeuristicallyCacheable(status) || cc.public === true) {
      const lastModified = singleDate(fields, "last-modified");
      if (lastModified !== undefined && lastModified < date) {
        return Math.min(
          this.#maxHeuristic,
          Math.floor(((date - lastModified) / 1000) * this.#fraction),
        );
      }
    }
    return 0;
  }

  /**
   * The current age of a stored response in seconds (RFC 9111 §4.2.3), from
   * its Date and Age fields and the request and response times; see
   * {@link calculateCurrentAge}.
   */
  currentAge(
    entry: Pick<CachedResponse, "headers" | "requestTime" | "responseTime">,
    now: number,
  ): number {
    const fields = fieldsOf(entry.headers as readonly (readonly [string, string])[]);
    const ageLine = fields.get("age");
    return calculateCurrentAge({
      requestTime: entry.requestTime,
      responseTime: entry.responseTime,
      dateValue: singleDate(fields, "date") ?? entry.responseTime,
      ageValue: ageLine === null ? 0 : (parseAge(ageLine) ?? 0),
      now,
    });
  }

  /** Whether a stored response is fresh at `now`: its freshness lifetime exceeds its current age (§4.2). */
  isFresh(entry: CachedResponse, now: number): boolean {
    return (
      this.freshnessLifetime(
        entry.status,
        entry.headers as [string, string][],
        entry.responseTime,
      ) > this.currentAge(entry, now)
    );
  }

  /**
   * Builds the entry to store for a response that {@link CachePolicy.canStore}
   * accepted: hop-by-hop fields removed (RFC 9111 §3.1), and fields named by
   * a qualified no-cache (and, in a shared cache, a qualified private) left
   * out, since they must not be reused without revalidation
   * (§5.2.2.4, §5.2.2.7). The values of the fields named by Vary in the
   * request are recorded as the secondary key (§4.1).
   */
  createEntry(
    request: CacheRequest,
    response: CacheResponse,
    body: Uint8Array,
    requestTime: number,
    responseTime: number,
  ): CachedResponse {
    const requestFields = fieldsOf(request.headers);
    const fields = stripHopByHop(fieldsOf(response.headers));
    const cc = responseDirectives(fields);
    for (const name of cc.noCacheFields ?? []) fields.delete(name);
    if (this.shared) for (const name of cc.privateFields ?? []) fields.delete(name);
    const vary: Record<string, string | null> = {};
    const varyValue = fields.get("vary");
    if (varyValue !== null) {
      const parsed = parseVary(varyValue);
      if (parsed.ok && parsed.value !== "*") {
        for (const name of parsed.value) vary[name] = selectingValue(requestFields, name);
      }
    }
    return {
      url: keyOf(request.url),
      method: request.method,
      status: response.status,
      headers: [...fields.lines()],
      body,
      requestTime,
      responseTime,
      vary,
    };
  }

  /**
   * Decides how a stored response serves a request (RFC 9111 §4):
   * - `miss` when the URL, method (GET serves GET and HEAD) or the Vary
   *   selecting fields (§4.1) differ;
   * - `validate` when the response says no-cache (§5.2.2.4); when the
   *   request says no-cache, or its max-age / min-fresh are not met
   *   (§5.2.1); when stale and must-revalidate (§5.2.2.2); when stale and
   *   the request gave no (sufficient) max-stale (§4.2.4);
   * - `use` otherwise, with Age set (§5.1);
   * - `unavailable` instead of `validate` when the request says
   *   only-if-cached (§5.2.1.7): answer 504.
   */
  evaluate(entry: CachedResponse, request: CacheRequest, now: number): CacheDecision {
    if (keyOf(request.url) !== entry.url) return { action: "miss", reason: "url-mismatch" };
    if (
      !(request.method === entry.method || (request.method === "HEAD" && entry.method === "GET"))
    ) {
      return { action: "miss", reason: "method-mismatch" };
    }
    const requestFields = fieldsOf(request.headers);
    for (const [name, value] of Object.entries(entry.vary)) {
      if (selectingValue(requestFields, name) !== value)
        return { action: "miss", reason: "vary-mismatch" };
    }
    const stored = fieldsOf(entry.headers as readonly (readonly [string, string])[]);
    const cc = responseDirectives(stored);
    const rc = requestDirectives(requestFields);
    const age = this.currentAge(entry, now);
    const lifetime = this.freshnessLifetime(entry.status, stored, entry.responseTime);
    const fresh = lifetime > age;

    let reason: ValidationReason | undefined;
    if (cc.noCache === true && cc.noCacheFields === undefined) reason = "response-no-cache";
    else if (rc.noCache === true) reason = "request-no-cache";
    else if (rc.maxAge !== undefined && age > rc.maxAge) reason = "request-max-age";
    else if (rc.minFresh !== undefined && lifetime - age < rc.minFresh)
      reason = "request-min-fresh";
    else if (!fresh) {
      const mustRevalidate =
        cc.mustRevalidate === true ||
        (this.shared && (cc.proxyRevalidate === true || cc.sMaxAge !== undefined));
      if (mustRevalidate) reason = "must-revalidate";
      else if (!(rc.maxStale !== undefined && age - lifetime <= rc.maxStale)) reason = "stale";
    }
    if (reason === undefined) {
      stored.set("age", String(Math.min(Math.floor(age), 2147483648)));
      return { action: "use", headers: stored, age, stale: !fresh };
    }
    if (rc.onlyIfCached === true) return { action: "unavailable" };
    const headers = this.conditionalHeaders(entry, requestFields);
    const conditional = headers.has("if-none-match") || headers.has("if-modified-since");
    return { action: "validate", reason, headers, conditional };
  }

  /**
   * The header fields of a validation request (RFC 9111 §4.3.1): the
   * request's own, plus If-None-Match with the stored ETag and
   * If-Modified-Since with the stored Last-Modified, when present. A
   * conditional the caller set itself is left alone.
   */
  conditionalHeaders(entry: CachedResponse, requestHeaders?: FieldsInit): Fields {
    const headers = new Fields(requestHeaders);
    const stored = fieldsOf(entry.headers as readonly (readonly [string, string])[]);
    const etag = stored.get("etag");
    const lastModified = stored.get("last-modified");
    if (etag !== null && parseETag(etag).ok && !headers.has("if-none-match")) {
      headers.set("if-none-match", etag.trim());
    }
    if (lastModified !== null && singleDate(stored, "last-modified") !== undefined) {
      if (!headers.has("if-modified-since")) headers.set("if-modified-since", lastModified.trim());
    }
    return headers;
  }

  /**
   * Freshens a stored response with the 304 (Not Modified) answering its
   * validation (RFC 9111 §4.3.3, §4.3.4), or returns `null` when the 304
   * does not identify this stored response, in which case the caller should
   * repeat the request without conditionals.
   *
   * Selection (§4.3.4): a strong ETag in the 304 must equal the stored one;
   * else a Last-Modified in the 304 must equal the stored one; else a weak
   * ETag must match weakly; a 304 with no validator selects a stored
   * response that has none. Update (§3.2): every field of the 304 replaces
   * the stored lines of that name, except Content-Length and hop-by-hop
   * fields; the request and response times become those of the 304.
   */
  mergeNotModified(
    entry: CachedResponse,
    response: CacheResponse,
    requestTime: number,
    responseTime: number,
  ): CachedResponse | null {
    if (response.status !== 304) return null;
    const update = stripHopByHop(fieldsOf(response.headers));
    const stored = fieldsOf(entry.headers as readonly (readonly [string, string])[]);
    const newTag = parseTag(update.get("etag"));
    const oldTag = parseTag(stored.get("etag"));
    const newModified = update.get("last-modified");
    let selected: boolean;
    if (newTag !== undefined && !newTag.weak)
      selected = oldTag !== undefined && strongCompare(newTag, oldTag);
    else if (newModified !== null)
      selected = newModified.trim() === (stored.get("last-modified") ?? "").trim();
    else if (newTag !== undefined) selected = oldTag !== undefined && weakCompare(newTag, oldTag);
    else selected = oldTag === undefined && !stored.has("last-modified");
    if (!selected) return null;
    for (const name of update.names()) {
      if (NOT_UPDATED.has(name)) continue;
      stored.delete(name);
      for (const value of update.getAll(name)) stored.append(name, value);
    }
    return { ...entry, headers: [...stored.lines()], requestTime, responseTime };
  }

  /**
   * The cache keys an exchange invalidates (RFC 9111 §4.4): after a
   * non-error response (2xx, 3xx) to an unsafe method, the target URI, and
   * the URIs in Location and Content-Location when they share the target's
   * origin (a cross-origin one could be used for cache poisoning).
   *
   * @example
   * ```ts
   * policy.invalidatedKeys({ method: "POST", url: "https://e.com/items" },
   *   { status: 201, headers: { location: "/items/7" } });
   * // ["https://e.com/items", "https://e.com/items/7"]
   * ```
   */
  invalidatedKeys(request: CacheRequest, response: CacheResponse): string[] {
    if (isSafeMethod(request.method) || response.status < 200 || response.status >= 400) return [];
    const target = urlOf(request.url);
    const keys = [keyOf(target)];
    const fields = fieldsOf(response.headers);
    for (const name of ["location", "content-location"]) {
      const value = fields.get(name);
      if (value === null) continue;
      let url: URL;
      try {
        url = new URL(value.trim(), target);
      } catch {
        continue;
      }
      if (url.origin !== target.origin) continue;
      url.hash = "";
      if (!keys.includes(url.href)) keys.push(url.href);
    }
    return keys;
  }
}

function parseTag(value: string | null) {
  if (value === null) return undefined;
  const parsed = parseETag(value);
  return parsed.ok ? parsed.value : undefined;
}
