import { HyperwireError, type HyperwireErrorOptions } from "@hyperwire/grammar";

/**
 * Where in an exchange a failure happened. The retry policy decides on it,
 * and errors from the client carry it so a caller never has to guess:
 *
 * - `"connect"`: DNS, TCP connect or proxy tunnel setup; nothing was sent.
 * - `"tls"`: the TLS handshake; nothing was sent.
 * - `"send"`: writing the request head or body.
 * - `"head"`: waiting for or reading the response head.
 * - `"body"`: reading the response body.
 */
export type ClientErrorPhase = "connect" | "tls" | "send" | "head" | "body";

/**
 * The stable `code` strings a {@link ClientError} carries. Switch on these,
 * never on the message text.
 */
export const ClientErrorCode = {
  /** A URL given to the client (request URL, proxy URL) does not parse. */
  INVALID_URL: "HW_CLIENT_INVALID_URL",
  /** An option has a value outside its domain (a negative limit, say). */
  INVALID_OPTION: "HW_CLIENT_INVALID_OPTION",
  /** A proxy URL from the environment does not parse or is not http(s). */
  INVALID_PROXY_URL: "HW_CLIENT_INVALID_PROXY_URL",
  /** A cookie jar JSON document does not have the documented shape. */
  INVALID_COOKIE_JSON: "HW_CLIENT_INVALID_COOKIE_JSON",
  /** More redirects than the policy allows. */
  TOO_MANY_REDIRECTS: "HW_CLIENT_TOO_MANY_REDIRECTS",
  /** A redirect leads back to a request already made in this chain. */
  REDIRECT_LOOP: "HW_CLIENT_REDIRECT_LOOP",
  /** A redirect from https to http, which the policy refuses unless allowed. */
  INSECURE_REDIRECT: "HW_CLIENT_INSECURE_REDIRECT",
  /** A Location field that is not a URI reference the client can resolve. */
  INVALID_LOCATION: "HW_CLIENT_INVALID_LOCATION",
  /** A redirect to a scheme other than the allowed ones (http, https by default). */
  UNSUPPORTED_REDIRECT_SCHEME: "HW_CLIENT_UNSUPPORTED_REDIRECT_SCHEME",
  /** A 307/308 redirect must resend a body that cannot be read a second time. */
  REDIRECT_BODY_NOT_REPLAYABLE: "HW_CLIENT_REDIRECT_BODY_NOT_REPLAYABLE",
} as const;

/** One of the {@link ClientErrorCode} values. */
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** What a {@link ClientError} carries besides the fields of every hyperwire error. */
export interface ClientErrorOptions extends HyperwireErrorOptions {
  /** The phase of the exchange that failed, when the error comes from one. */
  phase?: ClientErrorPhase;
  /** Whether the request went out on a connection that had served an earlier request. */
  reused?: boolean;
  /** How many attempts were made, the first one included. */
  attempts?: number;
  /** Every URL requested in this redirect chain, the first one first. */
  redirectHistory?: readonly string[];
}

/**
 * The error class of `@hyperwire/client`. Codes are stable strings
 * `HW_CLIENT_<WHAT>` (see {@link ClientErrorCode}); besides them an error says
 * the phase that failed, whether the connection was reused, the attempt count
 * and the redirect history where they apply: never a bare "fetch failed".
 *
 * @example
 * ```ts
 * try {
 *   CookieJar.fromJSON({ nonsense: true });
 * } catch (e) {
 *   if (isHyperwireError(e)) console.log(e.code); // "HW_CLIENT_INVALID_COOKIE_JSON"
 * }
 * ```
 */
export class ClientError extends HyperwireError {
  /** The phase of the exchange that failed, when known. */
  readonly phase: ClientErrorPhase | undefined;
  /** Whether the connection had been used before, when known. */
  readonly reused: boolean | undefined;
  /** Attempts made, the first one included, when known. */
  readonly attempts: number | undefined;
  /** The URLs of the redirect chain, the first one first (empty when none). */
  readonly redirectHistory: readonly string[];

  constructor(code: string, message: string, options: ClientErrorOptions = {}) {
    super(code, message, options);
    this.phase = options.phase;
    this.reused = options.reused;
    this.attempts = options.attempts;
    this.redirectHistory = options.redirectHistory ?? [];
  }
}
