/**
 * How the lines of a field combine (RFC 9110 §5.3):
 * - `"list"`: the value is a `#list`; lines join with ", " without changing meaning.
 * - `"singleton"`: one value; a sender MUST NOT send several lines (RFC 9110 §5.3 ¶5),
 *   so a repeat is an error or, for identical values, redundant.
 * - `"set-cookie"`: repeated lines are separate values that must never be
 *   joined (RFC 9110 §5.3 ¶6, RFC 6265 §3).
 */
export type FieldKind = "list" | "singleton" | "set-cookie";

/** Which messages a field belongs in. */
export type FieldContext = "request" | "response" | "both";

/** The protocol facts hyperwire keeps for a field that matters to HTTP/1.1 itself. */
export interface FieldFacts {
  /** Canonical casing, used when hyperwire generates the field. */
  readonly name: string;
  /** How repeated lines combine. */
  readonly kind: FieldKind;
  /** Which messages carry it. */
  readonly context: FieldContext;
  /** Hop-by-hop: meaningful for one connection only (RFC 9110 §7.6.1). */
  readonly hopByHop: boolean;
  /**
   * Forbidden in trailers (RFC 9110 §6.5.1): the field frames the message, routes
   * it, modifies the request, authenticates, controls the response, describes
   * the content's encoding, type or range, or is Trailer itself.
   */
  readonly forbiddenInTrailers: boolean;
  /** Where the field is defined (e.g. `"RFC 9110 §8.6"`). */
  readonly specification: string;
}

// Short constructors keep the table one row per field.
function row(
  name: string,
  kind: FieldKind,
  context: FieldContext,
  forbiddenInTrailers: boolean,
  specification: string,
  hopByHop = false,
): FieldFacts {
  return { name, kind, context, hopByHop, forbiddenInTrailers, specification };
}
const L = "list";
const S = "singleton";
const REQ = "request";
const RES = "response";
const BOTH = "both";
const NO_TRAILER = true;
const TRAILER_OK = false;

/**
 * The hand-written protocol table, merged with the IANA registry by
 * `getFieldDefinition`. Trailer column: RFC 9110 §6.5.1 lists the kinds of
 * field a sender MUST NOT put in trailers unless the field's definition
 * allows it; RFC 7230 §4.1.2 named cookies (RFC 6265) among the
 * authentication fields, and so does this table.
 */
export const FIELD_FACTS: readonly FieldFacts[] = [
  // Message framing and connection management (RFC 9112 §6, RFC 9110 §7.6).
  row("Connection", L, BOTH, NO_TRAILER, "RFC 9110 §7.6.1", true),
  row("Content-Length", S, BOTH, NO_TRAILER, "RFC 9110 §8.6"),
  row("Keep-Alive", L, BOTH, NO_TRAILER, "RFC 2068 §19.7.1.1", true),
  row("Proxy-Connection", L, REQ, NO_TRAILER, "RFC 9110 §7.6.1 (non-standard)", true),
  row("TE", L, REQ, NO_TRAILER, "RFC 9110 §10.1.4", true),
  row("Trailer", L, BOTH, NO_TRAILER, "RFC 9110 §6.6.2"),
  row("Transfer-Encoding", L, BOTH, NO_TRAILER, "RFC 9112 §6.1", true),
  row("Upgrade", L, BOTH, NO_TRAILER, "RFC 9110 §7.8", true),
  // Routing (RFC 9110 §7).
  row("Host", S, REQ, NO_TRAILER, "RFC 9110 §7.2"),
  row("Via", L, BOTH, NO_TRAILER, "RFC 9110 §7.6.3"),
  row("Max-Forwards", S, REQ, NO_TRAILER, "RFC 9110 §7.6.2"),
  row("Forwarded", L, REQ, NO_TRAILER, "RFC 7239 §4"),
  // Request context and modifiers (RFC 9110 §10.1, §13.1, §14.2).
  row("Expect", L, REQ, NO_TRAILER, "RFC 9110 §10.1.1"),
  row("From", S, REQ, TRAILER_OK, "RFC 9110 §10.1.2"),
  row("Referer", S, REQ, TRAILER_OK, "RFC 9110 §10.1.3"),
  row("User-Agent", S, REQ, TRAILER_OK, "RFC 9110 §10.1.5"),
  row("If-Match", L, REQ, NO_TRAILER, "RFC 9110 §13.1.1"),
  row("If-None-Match", L, REQ, NO_TRAILER, "RFC 9110 §13.1.2"),
  row("If-Modified-Since", S, REQ, NO_TRAILER, "RFC 9110 §13.1.3"),
  row("If-Unmodified-Since", S, REQ, NO_TRAILER, "RFC 9110 §13.1.4"),
  row("If-Range", S, REQ, NO_TRAILER, "RFC 9110 §13.1.5"),
  row("Range", S, REQ, NO_TRAILER, "RFC 9110 §14.2"),
  row("Cache-Control", L, BOTH, NO_TRAILER, "RFC 9111 §5.2"),
  row("Pragma", L, BOTH, NO_TRAILER, "RFC 9111 §5.4"),
  row("Origin", S, REQ, NO_TRAILER, "RFC 6454 §7"),
  // Content negotiation (RFC 9110 §12.5).
  row("Accept", L, REQ, NO_TRAILER, "RFC 9110 §12.5.1"),
  row("Accept-Charset", L, REQ, NO_TRAILER, "RFC 9110 §12.5.2"),
  row("Accept-Encoding", L, REQ, NO_TRAILER, "RFC 9110 §12.5.3"),
  row("Accept-Language", L, REQ, NO_TRAILER, "RFC 9110 §12.5.4"),
  row("Vary", L, RES, NO_TRAILER, "RFC 9110 §12.5.5"),
  // Authentication (RFC 9110 §11) and state management (RFC 6265).
  row("Authorization", S, REQ, NO_TRAILER, "RFC 9110 §11.6.2"),
  row("Authentication-Info", L, RES, TRAILER_OK, "RFC 9110 §11.6.3"),
  row("Proxy-Authenticate", L, RES, NO_TRAILER, "RFC 9110 §11.7.1"),
  row("Proxy-Authorization", S, REQ, NO_TRAILER, "RFC 9110 §11.7.2"),
  row("Proxy-Authentication-Info", L, RES, TRAILER_OK, "RFC 9110 §11.7.3"),
  row("WWW-Authenticate", L, RES, NO_TRAILER, "RFC 9110 §11.6.1"),
  // RFC 6265 §5.4: a user agent sends one Cookie line (HTTP/2 splits it, RFC 9113 §8.2.3).
  row("Cookie", S, REQ, NO_TRAILER, "RFC 6265 §5.4"),
  row("Set-Cookie", "set-cookie", RES, NO_TRAILER, "RFC 6265 §4.1"),
  // Response control data (RFC 9110 §10.2, RFC 9111 §5).
  row("Age", S, RES, NO_TRAILER, "RFC 9111 §5.1"),
  row("Date", S, BOTH, NO_TRAILER, "RFC 9110 §6.6.1"),
  row("Expires", S, RES, NO_TRAILER, "RFC 9111 §5.3"),
  row("Location", S, RES, NO_TRAILER, "RFC 9110 §10.2.2"),
  row("Retry-After", S, RES, NO_TRAILER, "RFC 9110 §10.2.3"),
  row("Server", S, RES, TRAILER_OK, "RFC 9110 §10.2.4"),
  row("Allow", L, RES, TRAILER_OK, "RFC 9110 §10.2.1"),
  row("Accept-Ranges", L, RES, TRAILER_OK, "RFC 9110 §14.3"),
  row("Warning", L, BOTH, NO_TRAILER, "RFC 7234 §5.5 (obsoleted by RFC 9111)"),
  // Representation metadata and validators (RFC 9110 §8).
  row("Content-Encoding", L, BOTH, NO_TRAILER, "RFC 9110 §8.4"),
  row("Content-Language", L, BOTH, TRAILER_OK, "RFC 9110 §8.5"),
  row("Content-Location", S, BOTH, TRAILER_OK, "RFC 9110 §8.7"),
  row("Content-Range", S, BOTH, NO_TRAILER, "RFC 9110 §14.4"),
  row("Content-Type", S, BOTH, NO_TRAILER, "RFC 9110 §8.3"),
  row("Content-Disposition", S, BOTH, TRAILER_OK, "RFC 6266 §4"),
  row("ETag", S, RES, TRAILER_OK, "RFC 9110 §8.8.3"),
  row("Last-Modified", S, RES, TRAILER_OK, "RFC 9110 §8.8.2"),
  // Integrity fields are designed to travel in trailers (RFC 9530 §2, §3).
  row("Content-Digest", L, BOTH, TRAILER_OK, "RFC 9530 §2"),
  row("Repr-Digest", L, BOTH, TRAILER_OK, "RFC 9530 §3"),
  row("Server-Timing", L, RES, TRAILER_OK, "W3C Server Timing"),
  // Links, security and CORS response fields.
  row("Link", L, BOTH, TRAILER_OK, "RFC 8288 §3"),
  row("Strict-Transport-Security", S, RES, NO_TRAILER, "RFC 6797 §6.1"),
  row("Content-Security-Policy", L, RES, NO_TRAILER, "W3C CSP3 §3.1"),
  row("X-Content-Type-Options", S, RES, NO_TRAILER, "Fetch §3.5"),
  row("X-Frame-Options", S, RES, NO_TRAILER, "HTML §7.1.1"),
  row("Referrer-Policy", L, RES, NO_TRAILER, "W3C Referrer Policy §4.1"),
  row("Access-Control-Allow-Origin", S, RES, NO_TRAILER, "Fetch §3.2.3"),
  row("Access-Control-Allow-Credentials", S, RES, NO_TRAILER, "Fetch §3.2.3"),
  row("Access-Control-Allow-Methods", L, RES, NO_TRAILER, "Fetch §3.2.3"),
  row("Access-Control-Allow-Headers", L, RES, NO_TRAILER, "Fetch §3.2.3"),
  row("Access-Control-Expose-Headers", L, RES, NO_TRAILER, "Fetch §3.2.3"),
  row("Access-Control-Max-Age", S, RES, NO_TRAILER, "Fetch §3.2.3"),
  row("Access-Control-Request-Method", S, REQ, NO_TRAILER, "Fetch §3.2.2"),
  row("Access-Control-Request-Headers", L, REQ, NO_TRAILER, "Fetch §3.2.2"),
  // Widely sent names IANA does not register; known so they are interned.
  row("X-Forwarded-For", L, REQ, NO_TRAILER, "de facto (see RFC 7239 §1)"),
  row("X-Forwarded-Host", S, REQ, NO_TRAILER, "de facto (see RFC 7239 §1)"),
  row("X-Forwarded-Proto", S, REQ, NO_TRAILER, "de facto (see RFC 7239 §1)"),
  row("X-Real-IP", S, REQ, NO_TRAILER, "de facto"),
  row("X-Request-ID", S, BOTH, TRAILER_OK, "de facto"),
  row("X-Requested-With", S, REQ, TRAILER_OK, "de facto"),
  row("X-Powered-By", S, RES, TRAILER_OK, "de facto"),
  row("X-XSS-Protection", S, RES, NO_TRAILER, "de facto (deprecated by browsers)"),
  row("Sec-Fetch-Dest", S, REQ, NO_TRAILER, "W3C Fetch Metadata §2.1"),
  row("Sec-Fetch-Mode", S, REQ, NO_TRAILER, "W3C Fetch Metadata §2.2"),
  row("Sec-Fetch-Site", S, REQ, NO_TRAILER, "W3C Fetch Metadata §2.3"),
  row("Sec-Fetch-User", S, REQ, NO_TRAILER, "W3C Fetch Metadata §2.4"),
  row("Sec-CH-UA", L, REQ, NO_TRAILER, "WICG UA Client Hints"),
  row("Sec-CH-UA-Mobile", S, REQ, NO_TRAILER, "WICG UA Client Hints"),
  row("Sec-CH-UA-Platform", S, REQ, NO_TRAILER, "WICG UA Client Hints"),
  row("Upgrade-Insecure-Requests", S, REQ, NO_TRAILER, "W3C Upgrade Insecure Requests §3.2"),
  row("DNT", S, REQ, TRAILER_OK, "W3C Tracking Preference Expression"),
];
