const BRAND = Symbol.for("hyperwire.error");

/** Fields every hyperwire error carries besides its message. */
export interface HyperwireErrorOptions {
  /** Byte or character offset in the input where the problem was found. */
  offset?: number;
  /** The status code a server should answer with when this error comes from a request. */
  statusHint?: number;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The base class of every error a hyperwire package reports. Each carries a
 * stable `code` string (`HW_GRAMMAR_INVALID_TOKEN`, `HW_H1_INVALID_CHUNK_SIZE`, …)
 * that callers can switch on, the `offset` in the input where one exists, and
 * the `statusHint` a server should answer with.
 *
 * The class is branded with a global symbol, so {@link isHyperwireError}
 * recognises errors thrown by another installed copy of a package, where
 * `instanceof` would say no.
 */
export class HyperwireError extends Error {
  /** A stable machine-readable identifier for the kind of failure. */
  readonly code: string;
  /** Offset in the input where the problem was found, when one exists. */
  readonly offset: number | undefined;
  /** The status code a server should answer with, when the error comes from a request. */
  readonly statusHint: number | undefined;

  constructor(code: string, message: string, options: HyperwireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.offset = options.offset;
    this.statusHint = options.statusHint;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether `value` is an error from any hyperwire package, including from a
 * duplicate install of one.
 */
export function isHyperwireError(value: unknown): value is HyperwireError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/** An error reported by `@hyperwire/grammar`: input that does not match an ABNF rule. */
export class GrammarError extends HyperwireError {}

/**
 * The stable `code` strings a {@link GrammarError} carries. Switch on these,
 * never on the message text.
 *
 * @example
 * ```ts
 * const r = parseHttpDate("Sun, 30 Feb 1994 08:49:37 GMT");
 * if (!r.ok && r.error.code === GrammarErrorCode.INVALID_DATE) {
 *   // ignore the field, as RFC 9110 §5.6.7 allows
 * }
 * ```
 */
export const GrammarErrorCode = {
  /** A value holds a character no quoted-string can carry (a CTL other than HTAB, or above U+00FF). */
  UNQUOTABLE: "HW_GRAMMAR_UNQUOTABLE",
  /** A parameter is malformed: no "=", whitespace around "=", or a value that is neither token nor quoted-string. */
  INVALID_PARAMETER: "HW_GRAMMAR_INVALID_PARAMETER",
  /** The same parameter name (compared case-insensitively) appears twice and duplicates are refused. */
  DUPLICATE_PARAMETER: "HW_GRAMMAR_DUPLICATE_PARAMETER",
  /** A list holds an unterminated quoted-string. */
  INVALID_LIST: "HW_GRAMMAR_INVALID_LIST",
  /** A list has fewer (or more) elements than the rule demands, e.g. none for `1#element`. */
  LIST_LENGTH: "HW_GRAMMAR_LIST_LENGTH",
  /** Text that is not an HTTP-date, or names a day that does not exist. */
  INVALID_DATE: "HW_GRAMMAR_INVALID_DATE",
  /** A request-target that matches none of the four forms of RFC 9112 §3.2. */
  INVALID_REQUEST_TARGET: "HW_GRAMMAR_INVALID_REQUEST_TARGET",
  /** A uri-host that is not an IP-literal, a dotted-decimal IPv4 address or a reg-name. */
  INVALID_HOST: "HW_GRAMMAR_INVALID_HOST",
  /** Octets that are not an IPv4 (4 octets) or IPv6 (16 octets) address, given to `formatIpAddress`. */
  INVALID_IP_ADDRESS: "HW_GRAMMAR_INVALID_IP_ADDRESS",
  /** A port that is empty, holds a non-digit, or exceeds 65535. */
  INVALID_PORT: "HW_GRAMMAR_INVALID_PORT",
  /** An authority with userinfo ("user@host"), which RFC 9110 §4.2.4 says to treat as an error. */
  USERINFO_NOT_ALLOWED: "HW_GRAMMAR_USERINFO_NOT_ALLOWED",
  /** A "%" not followed by two hexadecimal digits. */
  INVALID_PERCENT_ENCODING: "HW_GRAMMAR_INVALID_PERCENT_ENCODING",
  /** Percent-decoded bytes that are not well-formed UTF-8. */
  INVALID_UTF8: "HW_GRAMMAR_INVALID_UTF8",
  /** A string with a lone surrogate, which has no UTF-8 encoding. */
  UNENCODABLE: "HW_GRAMMAR_UNENCODABLE",
} as const;

/** One of the {@link GrammarErrorCode} values. */
export type GrammarErrorCode = (typeof GrammarErrorCode)[keyof typeof GrammarErrorCode];
