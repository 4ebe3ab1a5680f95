/**
 * How a code stands in the IANA registry.
 *
 * - `"assigned"`: a code with defined semantics.
 * - `"temporary"`: an early registration for an Internet-Draft, with an expiry
 *   date (104; RFC 7120 early allocation).
 * - `"obsoleted"`: still registered, its specification moved to Historic (510).
 * - `"unused"`: registered as "(Unused)" so that it is not assigned again (306,
 *   RFC 9110 §15.4.7; 418, RFC 9110 §15.5.19). It has no semantics, so hyperwire
 *   reads it like an unrecognised code (see `getStatusDefinition`).
 */
export type StatusRegistration = "assigned" | "temporary" | "obsoleted" | "unused";

/** The class of a status code, its first digit (RFC 9110 §15). */
export type StatusClass = 1 | 2 | 3 | 4 | 5;

/** One row of the HTTP Status Code Registry (RFC 9110 §16.2.1). */
export interface StatusDefinition {
  /** The three-digit code. */
  readonly code: number;
  /** The class, the code's first digit. */
  readonly class: StatusClass;
  /** The name of the constant in `Status` (`NOT_FOUND`), or `null` for the unused codes. */
  readonly constant: string | null;
  /**
   * The registry's description, which is also the reason phrase hyperwire
   * sends (RFC 9112 §4: the phrase is advisory; recipients ignore it).
   * For unused codes this is the registry's literal "(Unused)".
   */
  readonly reason: string;
  /** The specification that defines the code. */
  readonly reference: string;
  /** How the code stands in the registry. */
  readonly registration: StatusRegistration;
  /**
   * A cache may reuse the response with a heuristic freshness lifetime when it
   * carries no explicit expiration (RFC 9110 §15.1, RFC 9111 §4.2.2).
   */
  readonly heuristicallyCacheable: boolean;
}

interface RowOptions {
  readonly registration?: StatusRegistration;
  readonly heuristicallyCacheable?: boolean;
}

/** Builds a frozen row; the class is derived from the code so it cannot disagree. */
function row<const C extends number, const K extends string | null>(
  code: C,
  constant: K,
  reason: string,
  reference: string,
  options: RowOptions = {},
): StatusDefinition & { readonly code: C; readonly constant: K } {
  return Object.freeze({
    code,
    class: Math.floor(code / 100) as StatusClass,
    constant,
    reason,
    reference,
    registration: options.registration ?? "assigned",
    heuristicallyCacheable: options.heuristicallyCacheable ?? false,
  });
}

// RFC 9110 §15.1: "200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, and
// 501 in this specification" are heuristically cacheable.
const H = { heuristicallyCacheable: true } as const;

/**
 * The IANA HTTP Status Code Registry (as of the 2025-09-15 extension of 104),
 * one row per registered code in ascending order. Unassigned ranges
 * (105–199, 209–225, 227–299, 309–399, 419–420, 427, 430, 432–450, 452–499,
 * 509, 512–599) have no row. Every lookup in this package is derived from it.
 *
 * @example
 * ```ts
 * import { STATUS_CODES } from "@hyperwire/status";
 * STATUS_CODES.filter((s) => s.class === 5).map((s) => s.code); // [500, 501, …, 511]
 * ```
 */
export const STATUS_CODES = Object.freeze([
  // 1xx Informational (RFC 9110 §15.2)
  row(100, "CONTINUE", "Continue", "RFC 9110 §15.2.1"),
  row(101, "SWITCHING_PROTOCOLS", "Switching Protocols", "RFC 9110 §15.2.2"),
  row(102, "PROCESSING", "Processing", "RFC 2518 §10.1"),
  row(103, "EARLY_HINTS", "Early Hints", "RFC 8297 §2"),
  // Temporary registration, expires 2026-11-13 unless the draft is published.
  row(
    104,
    "UPLOAD_RESUMPTION_SUPPORTED",
    "Upload Resumption Supported",
    "draft-ietf-httpbis-resumable-upload-05",
    { registration: "temporary" },
  ),
  // 2xx Successful (RFC 9110 §15.3)
  row(200, "OK", "OK", "RFC 9110 §15.3.1", H),
  row(201, "CREATED", "Created", "RFC 9110 §15.3.2"),
  row(202, "ACCEPTED", "Accepted", "RFC 9110 §15.3.3"),
  row(203, "NON_AUTHORITATIVE_INFORMATION", "Non-Authoritative Information", "RFC 9110 §15.3.4", H),
  row(204, "NO_CONTENT", "No Content", "RFC 9110 §15.3.5", H),
  row(205, "RESET_CONTENT", "Reset Content", "RFC 9110 §15.3.6"),
  row(206, "PARTIAL_CONTENT", "Partial Content", "RFC 9110 §15.3.7", H),
  row(207, "MULTI_STATUS", "Multi-Status", "RFC 4918 §11.1"),
  row(208, "ALREADY_REPORTED", "Already Reported", "RFC 5842 §7.1"),
  row(226, "IM_USED", "IM Used", "RFC 3229 §10.4.1"),
  // 3xx Redirection (RFC 9110 §15.4)
  row(300, "MULTIPLE_CHOICES", "Multiple Choices", "RFC 9110 §15.4.1", H),
  row(301, "MOVED_PERMANENTLY", "Moved Permanently", "RFC 9110 §15.4.2", H),
  row(302, "FOUND", "Found", "RFC 9110 §15.4.3"),
  row(303, "SEE_OTHER", "See Other", "RFC 9110 §15.4.4"),
  row(304, "NOT_MODIFIED", "Not Modified", "RFC 9110 §15.4.5"),
  row(305, "USE_PROXY", "Use Proxy", "RFC 9110 §15.4.6"),
  row(306, null, "(Unused)", "RFC 9110 §15.4.7", { registration: "unused" }),
  row(307, "TEMPORARY_REDIRECT", "Temporary Redirect", "RFC 9110 §15.4.8"),
  row(308, "PERMANENT_REDIRECT", "Permanent Redirect", "RFC 9110 §15.4.9", H),
  // 4xx Client Error (RFC 9110 §15.5)
  row(400, "BAD_REQUEST", "Bad Request", "RFC 9110 §15.5.1"),
  row(401, "UNAUTHORIZED", "Unauthorized", "RFC 9110 §15.5.2"),
  row(402, "PAYMENT_REQUIRED", "Payment Required", "RFC 9110 §15.5.3"),
  row(403, "FORBIDDEN", "Forbidden", "RFC 9110 §15.5.4"),
  row(404, "NOT_FOUND", "Not Found", "RFC 9110 §15.5.5", H),
  row(405, "METHOD_NOT_ALLOWED", "Method Not Allowed", "RFC 9110 §15.5.6", H),
  row(406, "NOT_ACCEPTABLE", "Not Acceptable", "RFC 9110 §15.5.7"),
  row(407, "PROXY_AUTHENTICATION_REQUIRED", "Proxy Authentication Required", "RFC 9110 §15.5.8"),
  row(408, "REQUEST_TIMEOUT", "Request Timeout", "RFC 9110 §15.5.9"),
  row(409, "CONFLICT", "Conflict", "RFC 9110 §15.5.10"),
  row(410, "GONE", "Gone", "RFC 9110 §15.5.11", H),
  row(411, "LENGTH_REQUIRED", "Length Required", "RFC 9110 §15.5.12"),
  row(412, "PRECONDITION_FAILED", "Precondition Failed", "RFC 9110 §15.5.13"),
  row(413, "CONTENT_TOO_LARGE", "Content Too Large", "RFC 9110 §15.5.14"),
  row(414, "URI_TOO_LONG", "URI Too Long", "RFC 9110 §15.5.15", H),
  row(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", "RFC 9110 §15.5.16"),
  row(416, "RANGE_NOT_SATISFIABLE", "Range Not Satisfiable", "RFC 9110 §15.5.17"),
  row(417, "EXPECTATION_FAILED", "Expectation Failed", "RFC 9110 §15.5.18"),
  // RFC 9110 §15.5.19: reserved after RFC 2324's joke, so it is not reassigned.
  row(418, null, "(Unused)", "RFC 9110 §15.5.19", { registration: "unused" }),
  row(421, "MISDIRECTED_REQUEST", "Misdirected Request", "RFC 9110 §15.5.20"),
  row(422, "UNPROCESSABLE_CONTENT", "Unprocessable Content", "RFC 9110 §15.5.21"),
  row(423, "LOCKED", "Locked", "RFC 4918 §11.3"),
  row(424, "FAILED_DEPENDENCY", "Failed Dependency", "RFC 4918 §11.4"),
  row(425, "TOO_EARLY", "Too Early", "RFC 8470 §5.2"),
  row(426, "UPGRADE_REQUIRED", "Upgrade Required", "RFC 9110 §15.5.22"),
  row(428, "PRECONDITION_REQUIRED", "Precondition Required", "RFC 6585 §3"),
  row(429, "TOO_MANY_REQUESTS", "Too Many Requests", "RFC 6585 §4"),
  row(431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large", "RFC 6585 §5"),
  // RFC 7725 §3: "A 451 response is cacheable by default".
  row(451, "UNAVAILABLE_FOR_LEGAL_REASONS", "Unavailable For Legal Reasons", "RFC 7725 §3", H),
  // 5xx Server Error (RFC 9110 §15.6)
  row(500, "INTERNAL_SERVER_ERROR", "Internal Server Error", "RFC 9110 §15.6.1"),
  row(501, "NOT_IMPLEMENTED", "Not Implemented", "RFC 9110 §15.6.2", H),
  row(502, "BAD_GATEWAY", "Bad Gateway", "RFC 9110 §15.6.3"),
  row(503, "SERVICE_UNAVAILABLE", "Service Unavailable", "RFC 9110 §15.6.4"),
  row(504, "GATEWAY_TIMEOUT", "Gateway Timeout", "RFC 9110 §15.6.5"),
  row(505, "HTTP_VERSION_NOT_SUPPORTED", "HTTP Version Not Supported", "RFC 9110 §15.6.6"),
  row(506, "VARIANT_ALSO_NEGOTIATES", "Variant Also Negotiates", "RFC 2295 §8.1"),
  row(507, "INSUFFICIENT_STORAGE", "Insufficient Storage", "RFC 4918 §11.5"),
  row(508, "LOOP_DETECTED", "Loop Detected", "RFC 5842 §7.2"),
  // Obsoleted: RFC 2774 was moved to Historic (status-change-http-experiments-to-historic).
  row(510, "NOT_EXTENDED", "Not Extended", "RFC 2774 §7", { registration: "obsoleted" }),
  row(511, "NETWORK_AUTHENTICATION_REQUIRED", "Network Authentication Required", "RFC 6585 §6"),
]);

/** A code that has a row in {@link STATUS_CODES}, including the unused 306 and 418. */
export type RegisteredStatusCode = (typeof STATUS_CODES)[number]["code"];
