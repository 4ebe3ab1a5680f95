import { HyperwireError } from "@hyperwire/grammar";

/**
 * The error class of `@hyperwire/server`. Parsers of untrusted input (the PROXY
 * protocol header, static request paths, `Last-Event-ID`) return it inside a
 * `Result`; encoders given invalid input by a programmer (an SSE `id` holding a
 * line feed, say) throw it.
 *
 * Codes are stable strings `HW_SERVER_<WHAT>`, listed in {@link ServerErrorCode}.
 *
 * @example
 * ```ts
 * const outcome = parseProxyHeader(bytes);
 * if (outcome.status === "error") {
 *   console.log(outcome.error.code); // "HW_SERVER_PROXY_INVALID_SIGNATURE"
 * }
 * ```
 */
export class ServerError extends HyperwireError {}

/**
 * The stable `code` strings a {@link ServerError} carries. Switch on these,
 * never on the message text.
 */
export const ServerErrorCode = {
  /** The first bytes of the connection are neither the v1 "PROXY " prefix nor the v2 signature. */
  PROXY_INVALID_SIGNATURE: "HW_SERVER_PROXY_INVALID_SIGNATURE",
  /** A v1 line longer than 107 bytes, or a v2 block longer than the configured maximum. */
  PROXY_HEADER_TOO_LONG: "HW_SERVER_PROXY_HEADER_TOO_LONG",
  /** A v1 line that does not match the grammar (separators, line ending, field count). */
  PROXY_INVALID_LINE: "HW_SERVER_PROXY_INVALID_LINE",
  /** A v1 protocol other than TCP4, TCP6, UNKNOWN; a v2 family/transport byte the spec does not define. */
  PROXY_INVALID_PROTOCOL: "HW_SERVER_PROXY_INVALID_PROTOCOL",
  /** An address that is not a canonical IPv4 or a valid IPv6 address of the announced family. */
  PROXY_INVALID_ADDRESS: "HW_SERVER_PROXY_INVALID_ADDRESS",
  /** A v1 port that is not a decimal integer in [0, 65535] without leading zeros. */
  PROXY_INVALID_PORT: "HW_SERVER_PROXY_INVALID_PORT",
  /** A v2 version nibble other than 2. */
  PROXY_INVALID_VERSION: "HW_SERVER_PROXY_INVALID_VERSION",
  /** A v2 command nibble other than LOCAL (0) or PROXY (1). */
  PROXY_INVALID_COMMAND: "HW_SERVER_PROXY_INVALID_COMMAND",
  /** A v2 length too short for the address block of the announced family. */
  PROXY_INVALID_LENGTH: "HW_SERVER_PROXY_INVALID_LENGTH",
  /** A v2 TLV that overruns the block, or whose length its type forbids. */
  PROXY_INVALID_TLV: "HW_SERVER_PROXY_INVALID_TLV",
  /** A v2 PP2_TYPE_CRC32C TLV whose checksum does not match the header. */
  PROXY_CHECKSUM_MISMATCH: "HW_SERVER_PROXY_CHECKSUM_MISMATCH",
  /** `ProxyHeaderParser.feed` called after the parser reported its outcome (a programming error). */
  PROXY_PARSER_FINISHED: "HW_SERVER_PROXY_PARSER_FINISHED",
  /** A request path that is empty, not absolute, badly percent-encoded, or holds NUL or a control byte. */
  PATH_INVALID: "HW_SERVER_PATH_INVALID",
  /** A request path that tries to climb out of the root ("..", encoded or with backslashes). */
  PATH_TRAVERSAL: "HW_SERVER_PATH_TRAVERSAL",
  /** A request path that names a dotfile while dotfiles are refused. */
  PATH_DOTFILE: "HW_SERVER_PATH_DOTFILE",
  /** A request path that names a dotfile while dotfiles are hidden (answer 404). */
  PATH_NOT_FOUND: "HW_SERVER_PATH_NOT_FOUND",
  /** An SSE field value that cannot be sent (an `id` with NUL/CR/LF, an `event` with CR/LF, a bad `retry`). */
  SSE_INVALID_FIELD: "HW_SERVER_SSE_INVALID_FIELD",
  /** A `Last-Event-ID` value holding NUL, CR or LF, or longer than the configured maximum. */
  SSE_INVALID_LAST_EVENT_ID: "HW_SERVER_SSE_INVALID_LAST_EVENT_ID",
  /** Invalid options given to `serve`/`createServer` or to one of the wrappers (`withCors` with `"*"` and credentials, say). */
  INVALID_OPTIONS: "HW_SERVER_INVALID_OPTIONS",
  /** `server.url` read before `listen()` resolved or after `close()`. */
  NOT_LISTENING: "HW_SERVER_NOT_LISTENING",
  /** The client closed or broke the connection while its request was being read or answered (`request.signal`'s reason). */
  CLIENT_GONE: "HW_SERVER_CLIENT_GONE",
  /** A request head did not arrive within `headersTimeout` of its first byte (statusHint 408; reported on `request:rejected`). */
  HEADERS_TIMEOUT: "HW_SERVER_HEADERS_TIMEOUT",
  /** The request content did not arrive within `requestTimeout` (statusHint 408, RFC 9110 §15.5.9). */
  REQUEST_TIMEOUT: "HW_SERVER_REQUEST_TIMEOUT",
  /** The handler returned something that is not a response, or a status that is not final (200–599); answered 500. */
  INVALID_RESPONSE: "HW_SERVER_INVALID_RESPONSE",
  /** `request.json()` on content that is not JSON (statusHint 400). */
  INVALID_JSON: "HW_SERVER_INVALID_JSON",
  /** `request.formData()` on a Content-Type that is not a form (statusHint 415, RFC 9110 §15.5.16). */
  UNSUPPORTED_FORM: "HW_SERVER_UNSUPPORTED_FORM",
  /** The request content arrived slower than `minBodyBytesPerSecond` (statusHint 408): a slow-body attack. */
  BODY_TOO_SLOW: "HW_SERVER_BODY_TOO_SLOW",
  /** `request.parts()`/`formData()`: the Content-Type has no valid `boundary` (RFC 2046 §5.1.1; statusHint 400). */
  MULTIPART_INVALID_BOUNDARY: "HW_SERVER_MULTIPART_INVALID_BOUNDARY",
  /** Malformed `multipart/form-data`: a bad delimiter line or part header, no `Content-Disposition: form-data; name`, no close-delimiter (statusHint 400). */
  MULTIPART_INVALID: "HW_SERVER_MULTIPART_INVALID",
  /** More parts than `maxParts` (statusHint 413). */
  MULTIPART_TOO_MANY_PARTS: "HW_SERVER_MULTIPART_TOO_MANY_PARTS",
  /** A field value longer than `maxFieldBytes` (statusHint 413). */
  MULTIPART_FIELD_TOO_LARGE: "HW_SERVER_MULTIPART_FIELD_TOO_LARGE",
  /** A file longer than `maxFileBytes` (statusHint 413). */
  MULTIPART_FILE_TOO_LARGE: "HW_SERVER_MULTIPART_FILE_TOO_LARGE",
  /** A part's header section longer than `maxPartHeaderBytes` (statusHint 413). */
  MULTIPART_HEADERS_TOO_LARGE: "HW_SERVER_MULTIPART_HEADERS_TOO_LARGE",
  /** A form body longer than `maxTotalBytes` (statusHint 413). */
  MULTIPART_TOO_LARGE: "HW_SERVER_MULTIPART_TOO_LARGE",
  /** A multipart file part's content read a second time. */
  BODY_USED: "HW_SERVER_BODY_USED",
  /** Invalid options given to `runCluster`. */
  CLUSTER_INVALID_OPTIONS: "HW_SERVER_CLUSTER_INVALID_OPTIONS",
  /** `runCluster` called in a process that is not the cluster primary. */
  CLUSTER_NOT_PRIMARY: "HW_SERVER_CLUSTER_NOT_PRIMARY",
} as const;

/** One of the {@link ServerErrorCode} values. */
export type ServerErrorCode = (typeof ServerErrorCode)[keyof typeof ServerErrorCode];
