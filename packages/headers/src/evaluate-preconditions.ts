import { parseConditionalDate } from "./parse-conditional-date.js";
import { parseETagList, strongCompare, weakCompare } from "./parse-entity-tag.js";
import { currentETag, type ResourceValidators, toSeconds } from "./parse-if-range.js";

export type { ResourceValidators } from "./parse-if-range.js";

/**
 * Anything that can answer "what is the value of this request field": a
 * `Fields`, a WHATWG `Headers`, or a plain object keyed by lower-case names
 * (like Node's `IncomingHttpHeaders`; arrays are joined with ", ").
 */
export type HeadersLike =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The outcome of {@link evaluatePreconditions}. */
export type PreconditionOutcome = "proceed" | "not-modified" | "precondition-failed";

function field(headers: HeadersLike, name: string): string | undefined {
  const get = (headers as { get?: unknown }).get;
  if (typeof get === "function") {
    const v = (headers as { get(name: string): string | null | undefined }).get(name);
    return v === null ? undefined : v;
  }
  const v = (headers as Record<string, string | readonly string[] | undefined>)[name];
  if (v === undefined) return undefined;
  return typeof v === "string" ? v : v.join(", ");
}

/**
 * RFC 9110 §13.1.3, §13.1.4: the field is ignored unless it is one valid
 * HTTP-date (a list of dates is not one).
 */
function dateField(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const date = parseConditionalDate(value);
  return date === undefined ? undefined : toSeconds(date);
}

/**
 * Evaluates the conditional request fields in the order of RFC 9110 §13.2.2
 * and tells an origin server what to do:
 *
 * 1. `If-Match` present: false → `"precondition-failed"` (412).
 * 2. else `If-Unmodified-Since` present and valid: false → `"precondition-failed"`.
 * 3. `If-None-Match` present: false → `"not-modified"` (304) for GET and HEAD,
 *    `"precondition-failed"` for every other method.
 * 4. else, for GET and HEAD only, `If-Modified-Since` present and valid:
 *    false → `"not-modified"`.
 * 5. Otherwise `"proceed"`. (`If-Range` is step 5 of the RFC; see
 *    {@link evaluateIfRange}, which decides between 206 and 200.)
 *
 * Rules applied along the way:
 * - If-Match uses strong comparison, If-None-Match weak comparison (§13.1.1, §13.1.2).
 * - `*` in If-Match is true when a current representation exists; in
 *   If-None-Match it is false when one exists (`resource.exists`, default true).
 * - A date condition is not evaluated when the resource has no
 *   `lastModified`, and dates compare at one-second resolution.
 * - An If-Match value that does not parse is false (412: the client's
 *   condition cannot be shown to hold); an If-None-Match value that does not
 *   parse matches nothing (true), so a malformed value never yields a 304.
 * - CONNECT, OPTIONS and TRACE ignore all conditional fields (§13.2.1).
 *
 * RFC 9110 §13.2.1 also says a server MUST ignore preconditions when the
 * response without them would not have been 2xx or 412 (e.g. a 404); check
 * that before calling.
 *
 * @example
 * ```ts
 * evaluatePreconditions(
 *   { method: "GET", headers: { "if-none-match": '"v1"' } },
 *   { etag: '"v1"' },
 * ); // "not-modified"
 * ```
 */
export function evaluatePreconditions(
  request: { method: string; headers: HeadersLike },
  resource: ResourceValidators,
): PreconditionOutcome {
  // RFC 9110 §9.1: method names are case-sensitive.
  const method = request.method;
  if (method === "CONNECT" || method === "OPTIONS" || method === "TRACE") return "proceed";
  const getOrHead = method === "GET" || method === "HEAD";
  const headers = request.headers;
  const exists = resource.exists !== false;
  const lastModified =
    resource.lastModified === undefined ? undefined : toSeconds(resource.lastModified);

  // Step 1: If-Match (§13.1.1).
  const ifMatch = field(headers, "if-match");
  if (ifMatch !== undefined) {
    const list = parseETagList(ifMatch);
    let passed = false;
    if (list.ok) {
      if (list.value === "*") passed = exists;
      else {
        const current = exists ? currentETag(resource) : undefined;
        passed = current !== undefined && list.value.some((t) => strongCompare(t, current));
      }
    }
    if (!passed) return "precondition-failed";
  } else {
    // Step 2: If-Unmodified-Since (§13.1.4), only without If-Match.
    const since = dateField(field(headers, "if-unmodified-since"));
    if (since !== undefined && lastModified !== undefined && lastModified > since) {
      return "precondition-failed";
    }
  }

  // Step 3: If-None-Match (§13.1.2).
  const ifNoneMatch = field(headers, "if-none-match");
  if (ifNoneMatch !== undefined) {
    const list = parseETagList(ifNoneMatch);
    let passed = true;
    if (list.ok) {
      if (list.value === "*") passed = !exists;
      else {
        const current = exists ? currentETag(resource) : undefined;
        passed = current === undefined || !list.value.some((t) => weakCompare(t, current));
      }
    }
    if (!passed) return getOrHead ? "not-modified" : "precondition-failed";
  } else if (getOrHead) {
    // Step 4: If-Modified-Since (§13.1.3), only for GET and HEAD, only without If-None-Match.
    const since = dateField(field(headers, "if-modified-since"));
    if (since !== undefined && lastModified !== undefined && lastModified <= since)
      return "not-modified";
  }
  return "proceed";
}
