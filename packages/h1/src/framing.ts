import { err, ok, type Result } from "@hyperwire/grammar";
import { type Fields, parseContentLength, parseTransferEncoding } from "@hyperwire/headers";
import { h1Error } from "./error-codes.js";
import type { H1Error } from "./errors.js";
import type { BodyFraming, HttpVersion } from "./events.js";

/** Shared immutable framings: the parsers hand these out instead of allocating per message. */
export const FRAMING_NONE: BodyFraming = Object.freeze({ kind: "none" });
/** @see FRAMING_NONE */
export const FRAMING_CHUNKED: BodyFraming = Object.freeze({ kind: "chunked" });
/** @see FRAMING_NONE */
export const FRAMING_CLOSE: BodyFraming = Object.freeze({ kind: "close" });
/** @see FRAMING_NONE */
export const FRAMING_TUNNEL: BodyFraming = Object.freeze({ kind: "tunnel" });

/**
 * Decides how the content of a request is delimited (RFC 9112 §6.3), from its
 * version and header fields. Used by the request parser and by serializers,
 * so both ends agree on the length of every message.
 *
 * - Transfer-Encoding with chunked last → `chunked` (¶4); a transfer coding
 *   list that does not end in chunked → 400; any coding besides chunked → 501
 *   (this codec does not decode gzip and friends, RFC 9112 §6.1).
 * - Transfer-Encoding and Content-Length together → refused (¶3, smuggling).
 * - Transfer-Encoding in HTTP/1.0 → refused as faulty framing (§6.1).
 * - Content-Length → `length` (¶6); malformed or differing values → 400 (¶5).
 * - Neither → `none` (¶7).
 *
 * @example
 * ```ts
 * const r = decideRequestFraming("1.1", Fields.from({ "content-length": "5" }));
 * // r.ok && r.value → { kind: "length", length: 5 }
 * ```
 */
export function decideRequestFraming(
  version: HttpVersion,
  headers: Fields,
): Result<BodyFraming, H1Error> {
  return requestFramingOf(
    version,
    headers.get("transfer-encoding"),
    headers.get("content-length"),
    undefined,
  );
}

/**
 * Decides how the content of a response is delimited (RFC 9112 §6.3), which
 * depends on the method of the request it answers.
 *
 * - 101, and 2xx to CONNECT → `tunnel` (¶2, RFC 9110 §15.2.2).
 * - HEAD, other 1xx, 204, 304 → `none` (¶1).
 * - Transfer-Encoding with chunked last → `chunked`; other codings last → `close` (¶4);
 *   with Content-Length too, Transfer-Encoding wins (¶3: the caller must not reuse the
 *   connection, see {@link hasConflictingFraming}).
 * - Transfer-Encoding in HTTP/1.0 → refused as faulty framing (§6.1).
 * - Content-Length → `length`; malformed or differing values → error (¶5).
 * - Neither → `close` (¶8).
 *
 * @example
 * ```ts
 * decideResponseFraming("HEAD", 200, "1.1", Fields.from({ "content-length": "5" })); // ok: none
 * ```
 */
export function decideResponseFraming(
  requestMethod: string,
  status: number,
  version: HttpVersion,
  headers: Fields,
): Result<BodyFraming, H1Error> {
  return responseFramingOf(
    requestMethod,
    status,
    version,
    headers.get("transfer-encoding"),
    headers.get("content-length"),
    undefined,
  );
}

/**
 * Whether a message carries both Transfer-Encoding and Content-Length. A
 * response like that is read by Transfer-Encoding, but the connection must not
 * be reused (RFC 9112 §6.3 ¶3).
 */
export function hasConflictingFraming(headers: Fields): boolean {
  return headers.has("transfer-encoding") && headers.has("content-length");
}

enum TransferCodingCheck {
  ChunkedLast = 0,
  NotChunkedLast = 1,
  OtherCodings = 2,
  Invalid = 3,
}

/** Whether `value` is exactly "chunked", ignoring ASCII case, without allocating. */
function isPlainChunked(value: string): boolean {
  if (value.length !== 7) return false;
  // "chunked": OR 0x20 folds ASCII upper case onto lower case for letters.
  return (
    (value.charCodeAt(0) | 0x20) === 0x63 &&
    (value.charCodeAt(1) | 0x20) === 0x68 &&
    (value.charCodeAt(2) | 0x20) === 0x75 &&
    (value.charCodeAt(3) | 0x20) === 0x6e &&
    (value.charCodeAt(4) | 0x20) === 0x6b &&
    (value.charCodeAt(5) | 0x20) === 0x65 &&
    (value.charCodeAt(6) | 0x20) === 0x64
  );
}

function checkTransferCodings(value: string): TransferCodingCheck {
  if (isPlainChunked(value)) return TransferCodingCheck.ChunkedLast;
  const parsed = parseTransferEncoding(value);
  if (!parsed.ok || parsed.value.length === 0) return TransferCodingCheck.Invalid;
  const codings = parsed.value;
  let chunkedCount = 0;
  for (const coding of codings) if (coding.name === "chunked") chunkedCount++;
  const last = codings[codings.length - 1];
  // RFC 9112 §6.1: a sender MUST NOT apply chunked more than once, and chunked
  // must be the final coding when present in a request.
  if (chunkedCount > 1) return TransferCodingCheck.Invalid;
  if (last === undefined || last.name !== "chunked") return TransferCodingCheck.NotChunkedLast;
  return codings.length > 1 ? TransferCodingCheck.OtherCodings : TransferCodingCheck.ChunkedLast;
}

function lengthFraming(length: number): BodyFraming {
  return { kind: "length", length };
}

/**
 * {@link decideRequestFraming} from the combined field values (`null` when
 * absent); `offset` is stamped on errors. Used by the parser, which has the
 * values at hand.
 * @internal
 */
export function requestFramingOf(
  version: HttpVersion,
  transferEncoding: string | null,
  contentLength: string | null,
  offset: number | undefined,
): Result<BodyFraming, H1Error> {
  const at = offset ?? 0;
  if (transferEncoding !== null) {
    // RFC 9112 §6.3 ¶3: both present is the classic request smuggling setup
    // (CL.TE / TE.CL); a server MAY reject it and then MUST close: we reject.
    if (contentLength !== null) {
      return err(
        h1Error(
          "HW_H1_CONFLICTING_FRAMING",
          "request has both Transfer-Encoding and Content-Length",
          at,
          false,
        ),
      );
    }
    // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
    if (version !== "1.1") {
      return err(
        h1Error(
          "HW_H1_TRANSFER_ENCODING_IN_HTTP10",
          "HTTP/1.0 request has Transfer-Encoding",
          at,
          false,
        ),
      );
    }
    switch (checkTransferCodings(transferEncoding)) {
      case TransferCodingCheck.ChunkedLast:
        return ok(FRAMING_CHUNKED);
      case TransferCodingCheck.OtherCodings:
        // RFC 9112 §6.1: a server SHOULD answer 501 to a transfer coding it does not understand.
        return err(
          h1Error(
            "HW_H1_UNSUPPORTED_TRANSFER_CODING",
            `unsupported transfer coding in "${transferEncoding}"`,
            at,
            false,
          ),
        );
      case TransferCodingCheck.NotChunkedLast:
        // RFC 9112 §6.3 ¶4: a request whose final coding is not chunked has no
        // reliable length: the server MUST answer 400 and close.
        return err(
          h1Error(
            "HW_H1_INVALID_TRANSFER_ENCODING",
            "request Transfer-Encoding does not end with chunked",
            at,
            false,
          ),
        );
      default:
        return err(
          h1Error(
            "HW_H1_INVALID_TRANSFER_ENCODING",
            `invalid Transfer-Encoding "${transferEncoding}"`,
            at,
            false,
          ),
        );
    }
  }
  if (contentLength !== null) {
    const length = parseContentLength(contentLength);
    // RFC 9112 §6.3 ¶5: an invalid Content-Length in a request is unrecoverable: 400 and close.
    if (!length.ok) {
      return err(
        h1Error(
          "HW_H1_INVALID_CONTENT_LENGTH",
          `invalid Content-Length "${contentLength}"`,
          at,
          false,
        ),
      );
    }
    return ok(lengthFraming(length.value));
  }
  // RFC 9112 §6.3 ¶7: a request with neither has no content.
  return ok(FRAMING_NONE);
}

/**
 * {@link decideResponseFraming} from the combined field values.
 * @internal
 */
export function responseFramingOf(
  requestMethod: string,
  status: number,
  version: HttpVersion,
  transferEncoding: string | null,
  contentLength: string | null,
  offset: number | undefined,
): Result<BodyFraming, H1Error> {
  const at = offset ?? 0;
  // RFC 9110 §15.2.2: after 101 the connection speaks the upgraded protocol.
  if (status === 101) return ok(FRAMING_TUNNEL);
  // RFC 9112 §6.3 ¶1: responses to HEAD, 1xx, 204 and 304 end at the head.
  if (requestMethod === "HEAD" || status < 200 || status === 204 || status === 304) {
    return ok(FRAMING_NONE);
  }
  // RFC 9112 §6.3 ¶2: a 2xx to CONNECT turns the connection into a tunnel.
  if (requestMethod === "CONNECT" && status < 300) return ok(FRAMING_TUNNEL);
  if (transferEncoding !== null) {
    if (version !== "1.1") {
      return err(
        h1Error(
          "HW_H1_TRANSFER_ENCODING_IN_HTTP10",
          "HTTP/1.0 response has Transfer-Encoding",
          at,
          true,
        ),
      );
    }
    // RFC 9112 §6.3 ¶3: Transfer-Encoding overrides Content-Length (the caller
    // must not reuse the connection).
    switch (checkTransferCodings(transferEncoding)) {
      case TransferCodingCheck.ChunkedLast:
      case TransferCodingCheck.OtherCodings:
        return ok(FRAMING_CHUNKED);
      case TransferCodingCheck.NotChunkedLast:
        // RFC 9112 §6.3 ¶4: a response whose final coding is not chunked runs until close.
        return ok(FRAMING_CLOSE);
      default:
        return err(
          h1Error(
            "HW_H1_INVALID_TRANSFER_ENCODING",
            `invalid Transfer-Encoding "${transferEncoding}"`,
            at,
            true,
          ),
        );
    }
  }
  if (contentLength !== null) {
    const length = parseContentLength(contentLength);
    // RFC 9112 §6.3 ¶5: a user agent MUST close and discard a response with an invalid length.
    if (!length.ok) {
      return err(
        h1Error(
          "HW_H1_INVALID_CONTENT_LENGTH",
          `invalid Content-Length "${contentLength}"`,
          at,
          true,
        ),
      );
    }
    return ok(lengthFraming(length.value));
  }
  // RFC 9112 §6.3 ¶8: otherwise the content runs until the connection closes.
  return ok(FRAMING_CLOSE);
}
