/**
 * What content (a body) in a request with a given method means.
 *
 * - `"defined"`: the method's specification gives request content a meaning
 *   (POST, PUT, PATCH, QUERY, the WebDAV methods that take an XML body…), or
 *   permits it (OPTIONS with a Content-Type, RFC 9110 §9.3.7).
 * - `"undefined-semantics"`: content is allowed on the wire but has no
 *   generally defined semantics; it cannot change the meaning of the request
 *   and some recipients reject it (GET, HEAD, DELETE: RFC 9110 §9.3.1,
 *   §9.3.2, §9.3.5).
 * - `"forbidden"`: the request must not carry content (TRACE, RFC 9110 §9.3.8
 *  ; CONNECT, RFC 9110 §9.3.6: "A CONNECT request message does not have
 *   content").
 */
export type RequestContentSemantics = "defined" | "undefined-semantics" | "forbidden";

/** One row of the HTTP Method Registry (RFC 9110 §16.1.1) with the properties hyperwire derives from it. */
export interface MethodDefinition {
  /** The method token, exactly as registered. Methods are case-sensitive (RFC 9110 §9.1). */
  readonly name: string;
  /** Read-only by definition (RFC 9110 §9.2.1). From the registry's "Safe" column. */
  readonly safe: boolean;
  /** Repeating the request has the same intended effect as sending it once (RFC 9110 §9.2.2). From the registry's "Idempotent" column. */
  readonly idempotent: boolean;
  /** Responses may be stored and reused by a cache (RFC 9110 §9.2.3), possibly only under {@link MethodDefinition.cacheableCondition}. */
  readonly cacheable: boolean;
  /** When `cacheable` holds only under conditions, what they are (POST, QUERY); otherwise `null`. */
  readonly cacheableCondition: string | null;
  /** What content in a request with this method means. */
  readonly requestContent: RequestContentSemantics;
  /** The specification sections the registry points to. */
  readonly reference: string;
  /**
   * The name is reserved, not a method: `*` (RFC 9110 §18.2) is registered only
   * so that nobody defines a method that collides with its wildcard use in
   * fields such as Access-Control-Request-Method.
   */
  readonly reserved: boolean;
}

const POST_CACHE_CONDITION =
  "only with explicit freshness information and a Content-Location equal to the target URI; a stored response can then answer a later GET or HEAD (RFC 9110 §9.3.3)";
const QUERY_CACHE_CONDITION =
  "the cache key must include the request content and its metadata, not just the target URI (RFC 10008 §2)";

/**
 * Builds a row. Only the four registry columns vary between most rows, so the
 * table below stays one line per method; the exceptions spell out their options.
 */
function row<const N extends string>(
  name: N,
  safe: boolean,
  idempotent: boolean,
  reference: string,
  extra: Partial<Omit<MethodDefinition, "name" | "safe" | "idempotent" | "reference">> = {},
): MethodDefinition & { readonly name: N } {
  return Object.freeze({
    name,
    safe,
    idempotent,
    cacheable: extra.cacheable ?? false,
    cacheableCondition: extra.cacheableCondition ?? null,
    requestContent: extra.requestContent ?? "defined",
    reference,
    reserved: extra.reserved ?? false,
  });
}

const UNDEFINED = { requestContent: "undefined-semantics" } as const;
const YES = true;
const NO = false;

/**
 * The IANA HTTP Method Registry (registry updated 2026-06-17), one row per
 * registered name, in the registry's order. Every lookup in this package is
 * derived from this table.
 *
 * Safe and idempotent are the registry's columns. Cacheable is the method
 * definition's statement (RFC 9110 §9.2.3: GET, HEAD and POST; RFC 10008: QUERY).
 * Request content follows each method's definition; where a WebDAV or DeltaV
 * specification defines no request body (COPY, MOVE, UNLOCK; LINK and UNLINK
 * of RFC 2068) it is `"undefined-semantics"`, and RFC 4918 §8.4 tells such a
 * server to reject an unexpected body with 415.
 *
 * @example
 * ```ts
 * import { METHODS } from "@hyperwire/methods";
 * const unsafe = METHODS.filter((m) => !m.safe && !m.reserved).map((m) => m.name);
 * ```
 */
export const METHODS = Object.freeze([
  row("ACL", NO, YES, "RFC 3744 §8.1"),
  row("BASELINE-CONTROL", NO, YES, "RFC 3253 §12.6"),
  row("BIND", NO, YES, "RFC 5842 §4"),
  row("CHECKIN", NO, YES, "RFC 3253 §4.4, §9.4"),
  row("CHECKOUT", NO, YES, "RFC 3253 §4.3, §8.8"),
  // RFC 9110 §9.3.6: a CONNECT request has no content; what follows the
  // header section belongs to the tunnel (RFC 9112 §3.2.3).
  row("CONNECT", NO, NO, "RFC 9110 §9.3.6", { requestContent: "forbidden" }),
  row("COPY", NO, YES, "RFC 4918 §9.8", UNDEFINED),
  // RFC 9110 §9.3.5: content in DELETE has no generally defined semantics.
  row("DELETE", NO, YES, "RFC 9110 §9.3.5", UNDEFINED),
  // RFC 9110 §9.3.1 and §9.2.3: GET is cacheable; content has no defined semantics.
  row("GET", YES, YES, "RFC 9110 §9.3.1", { cacheable: true, ...UNDEFINED }),
  // RFC 9110 §9.3.2: as GET.
  row("HEAD", YES, YES, "RFC 9110 §9.3.2", { cacheable: true, ...UNDEFINED }),
  row("LABEL", NO, YES, "RFC 3253 §8.2"),
  row("LINK", NO, YES, "RFC 2068 §19.6.1.2", UNDEFINED),
  row("LOCK", NO, NO, "RFC 4918 §9.10"),
  row("MERGE", NO, YES, "RFC 3253 §11.2"),
  row("MKACTIVITY", NO, YES, "RFC 3253 §13.5"),
  row("MKCALENDAR", NO, YES, "RFC 4791 §5.3.1, RFC 8144 §2.3"),
  row("MKCOL", NO, YES, "RFC 4918 §9.3, RFC 5689 §3, RFC 8144 §2.3"),
  row("MKREDIRECTREF", NO, YES, "RFC 4437 §6"),
  row("MKWORKSPACE", NO, YES, "RFC 3253 §6.3"),
  row("MOVE", NO, YES, "RFC 4918 §9.9", UNDEFINED),
  // RFC 9110 §9.3.7: content is allowed with a Content-Type; extensions may define its use.
  row("OPTIONS", YES, YES, "RFC 9110 §9.3.7"),
  row("ORDERPATCH", NO, YES, "RFC 3648 §7"),
  row("PATCH", NO, NO, "RFC 5789 §2"),
  // RFC 9110 §9.2.3 and §9.3.3: POST is cacheable, under conditions.
  row("POST", NO, NO, "RFC 9110 §9.3.3", {
    cacheable: true,
    cacheableCondition: POST_CACHE_CONDITION,
  }),
  // RFC 9113 §3.4: PRI only starts the HTTP/2 connection preface
  // ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"); the bytes after it are not content.
  row("PRI", YES, YES, "RFC 9113 §3.4", UNDEFINED),
  row("PROPFIND", YES, YES, "RFC 4918 §9.1, RFC 8144 §2.1"),
  row("PROPPATCH", NO, YES, "RFC 4918 §9.2, RFC 8144 §2.2"),
  row("PUT", NO, YES, "RFC 9110 §9.3.4"),
  // RFC 10008: safe, idempotent, carries the query as content, cacheable with a content-aware key.
  row("QUERY", YES, YES, "RFC 10008 §2", {
    cacheable: true,
    cacheableCondition: QUERY_CACHE_CONDITION,
  }),
  row("REBIND", NO, YES, "RFC 5842 §6"),
  row("REPORT", YES, YES, "RFC 3253 §3.6, RFC 8144 §2.1"),
  row("SEARCH", YES, YES, "RFC 5323 §2, RFC 8144 §2.4"),
  // RFC 9110 §9.3.8: a client MUST NOT send content in a TRACE request.
  row("TRACE", YES, YES, "RFC 9110 §9.3.8", { requestContent: "forbidden" }),
  row("UNBIND", NO, YES, "RFC 5842 §5"),
  row("UNCHECKOUT", NO, YES, "RFC 3253 §4.5"),
  row("UNLINK", NO, YES, "RFC 2068 §19.6.1.3", UNDEFINED),
  row("UNLOCK", NO, YES, "RFC 4918 §9.11", UNDEFINED),
  row("UPDATE", NO, YES, "RFC 3253 §7.1"),
  row("UPDATEREDIRECTREF", NO, YES, "RFC 4437 §7"),
  row("VERSION-CONTROL", NO, YES, "RFC 3253 §3.5"),
  // RFC 9110 §18.2: "*" is reserved; registered as neither safe nor idempotent.
  row("*", NO, NO, "RFC 9110 §18.2", { reserved: true }),
]);

/** A registered method name, including the reserved `*`. */
export type RegisteredMethodName = (typeof METHODS)[number]["name"];
