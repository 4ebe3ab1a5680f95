import type { Fields } from "@hyperwire/headers";
import { parseContentLength, parseTransferEncoding } from "@hyperwire/headers";
import { responseMayHaveContent, successfulResponseIsTunnel } from "@hyperwire/methods";
import { statusForbidsContent } from "@hyperwire/status";
import { H1Error } from "./errors.js";
import type { BodyFraming, HttpVersion } from "./events.js";
import type { FieldLine } from "./head-writer.js";

/** What the sender knows about an outgoing message before writing its head. */
export interface OutgoingFramingInput {
  /** Which kind of message is being sent. */
  readonly role: "request" | "response";
  /** The request's method; for a response, the method of the request it answers. */
  readonly method: string;
  /** The response status (responses only). */
  readonly status?: number;
  /** The header section the caller built; read for Content-Length and Transfer-Encoding, never changed. */
  readonly headers?: Fields;
  /**
   * The number of content bytes when known; `null` when the content is
   * streamed with an unknown length. Default 0. For a HEAD response, the
   * length the GET would have had (sent as Content-Length, no content follows).
   */
  readonly contentLength?: number | null;
  /** The version this message is sent with; default "1.1". */
  readonly version?: "1.0" | "1.1";
  /**
   * The peer's HTTP version when known: for a response, the request's version.
   * Chunked coding is only sent to HTTP/1.1 peers (RFC 9112 §6.1, §7).
   */
  readonly peerVersion?: HttpVersion;
}

/** The framing decision for an outgoing message. */
export interface OutgoingFraming {
  /** How the content will be delimited on the wire. */
  readonly framing: BodyFraming;
  /** Field lines to add to the head (Content-Length or Transfer-Encoding); empty when the caller's headers already say it. */
  readonly fields: readonly FieldLine[];
  /** Whether the connection must close after this message (close-delimited content). */
  readonly mustClose: boolean;
}

/** Methods whose semantics anticipate no request content (RFC 9110 §9.3). */
const NO_CONTENT_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "DELETE",
  "CONNECT",
  "TRACE",
]);

function localError(code: string, message: string): H1Error {
  return new H1Error(code, message, { side: "local" });
}

const NONE: BodyFraming = { kind: "none" };
const CHUNKED: BodyFraming = { kind: "chunked" };
const CLOSE: BodyFraming = { kind: "close" };
const TUNNEL: BodyFraming = { kind: "tunnel" };

/**
 * Decides how an outgoing message's content is delimited (RFC 9112 §6) and
 * which framing fields to add:
 *
 * - responses to HEAD, 1xx, 204 and 304 carry no content (RFC 9112 §6.3 ¶1);
 *   a HEAD or 304 response keeps the Content-Length the GET would have had;
 *   1xx and 204 must not carry Content-Length or Transfer-Encoding (RFC 9110 §8.6, RFC 9112 §6.1);
 * - a 101 and a 2xx to CONNECT leave HTTP: framing "tunnel" (RFC 9110 §9.3.6, §15.2.2);
 * - a Content-Length or Transfer-Encoding the caller set is honoured (and checked);
 * - otherwise a known length becomes Content-Length; an unknown length becomes
 *   chunked for an HTTP/1.1 peer, and for a response to an HTTP/1.0 peer the
 *   content runs until the connection closes (RFC 9112 §6.3 ¶8);
 * - a request of unknown length to an HTTP/1.0 peer cannot be framed: a
 *   request cannot be close-delimited, since the client must read the response
 *   on the same connection (RFC 9112 §6.3 ¶7).
 *
 * @throws H1Error (side "local") `HW_H1_FRAMING_CONFLICT`, `HW_H1_CONTENT_FORBIDDEN`,
 *   `HW_H1_UNFRAMEABLE_REQUEST` or `HW_H1_INVALID_CONTENT_LENGTH`.
 *
 * @example
 * ```ts
 * decideOutgoingFraming({ role: "response", method: "GET", status: 200, contentLength: null, peerVersion: "1.1" });
 * // { framing: { kind: "chunked" }, fields: [["Transfer-Encoding", "chunked"]], mustClose: false }
 * decideOutgoingFraming({ role: "response", method: "GET", status: 200, contentLength: null, peerVersion: "1.0" });
 * // { framing: { kind: "close" }, fields: [], mustClose: true }
 * ```
 */
export function decideOutgoingFraming(input: OutgoingFramingInput): OutgoingFraming {
  const contentLength = input.contentLength === undefined ? 0 : input.contentLength;
  if (contentLength !== null && !(Number.isSafeInteger(contentLength) && contentLength >= 0)) {
    throw localError(
      "HW_H1_INVALID_CONTENT_LENGTH",
      `content length ${contentLength} is not a length`,
    );
  }
  const version = input.version ?? "1.1";
  // The peer speaks chunked only if both ends are HTTP/1.1 (RFC 9112 §7: a 1.0 recipient does not know it).
  const peerIsModern = (input.peerVersion ?? "1.1") === "1.1" && version === "1.1";
  const headers = input.headers;
  const clValue = headers?.get("content-length") ?? null;
  const teValue = headers?.get("transfer-encoding") ?? null;
  if (clValue !== null && teValue !== null) {
    // RFC 9112 §6.2 ¶3: a sender MUST NOT send Content-Length with Transfer-Encoding.
    throw localError("HW_H1_FRAMING_CONFLICT", "both Content-Length and Transfer-Encoding are set");
  }
  let declaredLength: number | null = null;
  if (clValue !== null) {
    const parsed = parseContentLength(clValue);
    if (!parsed.ok) {
      throw localError(
        "HW_H1_INVALID_CONTENT_LENGTH",
        `Content-Length ${JSON.stringify(clValue)} is invalid`,
      );
    }
    declaredLength = parsed.value;
  }
  let chunkedLast = false;
  if (teValue !== null) {
    const parsed = parseTransferEncoding(teValue);
    if (!parsed.ok) {
      throw localError(
        "HW_H1_FRAMING_CONFLICT",
        `Transfer-Encoding ${JSON.stringify(teValue)} is invalid`,
      );
    }
    chunkedLast = parsed.value.at(-1)?.name === "chunked";
  }

  if (input.role === "response") {
    const status = input.status ?? 200;
    if (
      status === 101 ||
      (status >= 200 && status < 300 && successfulResponseIsTunnel(input.method))
    ) {
      // RFC 9110 §9.3.6: no Content-Length or Transfer-Encoding in a 2xx to CONNECT;
      // RFC 9110 §8.6 / RFC 9112 §6.1: none in a 1xx either.
      if (clValue !== null || teValue !== null) {
        throw localError(
          "HW_H1_CONTENT_FORBIDDEN",
          `a ${status} to ${input.method} must not carry framing fields`,
        );
      }
      return { framing: TUNNEL, fields: [], mustClose: false };
    }
    if (status < 200 || status === 204) {
      if (clValue !== null || teValue !== null || (contentLength !== null && contentLength > 0)) {
        // RFC 9110 §8.6 ¶8, RFC 9112 §6.1 ¶10: no Content-Length or Transfer-Encoding in 1xx or 204.
        throw localError(
          "HW_H1_CONTENT_FORBIDDEN",
          `a ${status} response has no content and no framing fields`,
        );
      }
      return { framing: NONE, fields: [], mustClose: false };
    }
    if (statusForbidsContent(status) || !responseMayHaveContent(input.method)) {
      // 304, or a response to HEAD: no content follows, but the Content-Length the
      // GET would have had may be sent (RFC 9110 §8.6 ¶7, §9.3.2).
      const fields: FieldLine[] =
        clValue === null && teValue === null && contentLength !== null && contentLength > 0
          ? [["Content-Length", String(contentLength)]]
          : [];
      return { framing: NONE, fields, mustClose: false };
    }
    if (declaredLength !== null) {
      if (contentLength !== null && contentLength !== 0 && contentLength !== declaredLength) {
        throw localError(
          "HW_H1_FRAMING_CONFLICT",
          `Content-Length ${declaredLength} but ${contentLength} bytes announced`,
        );
      }
      return { framing: { kind: "length", length: declaredLength }, fields: [], mustClose: false };
    }
    if (teValue !== null) {
      // RFC 9112 §6.1 ¶14: no Transfer-Encoding to a peer that did not say HTTP/1.1.
      if (!peerIsModern) {
        throw localError(
          "HW_H1_FRAMING_CONFLICT",
          "Transfer-Encoding must not be sent to an HTTP/1.0 peer",
        );
      }
      // RFC 9112 §6.3 ¶7: a response whose codings do not end in chunked runs until close.
      return chunkedLast
        ? { framing: CHUNKED, fields: [], mustClose: false }
        : { framing: CLOSE, fields: [], mustClose: true };
    }
    if (contentLength !== null) {
      return {
        framing: { kind: "length", length: contentLength },
        fields: [["Content-Length", String(contentLength)]],
        mustClose: false,
      };
    }
    return peerIsModern
      ? { framing: CHUNKED, fields: [["Transfer-Encoding", "chunked"]], mustClose: false }
      : { framing: CLOSE, fields: [], mustClose: true };
  }

  // Requests.
  if (declaredLength !== null) {
    if (contentLength !== null && contentLength !== 0 && contentLength !== declaredLength) {
      throw localError(
        "HW_H1_FRAMING_CONFLICT",
        `Content-Length ${declaredLength} but ${contentLength} bytes announced`,
      );
    }
    return {
      framing: declaredLength === 0 ? NONE : { kind: "length", length: declaredLength },
      fields: [],
      mustClose: false,
    };
  }
  if (teValue !== null) {
    // RFC 9112 §6.3 ¶7: a server rejects a request whose codings do not end in chunked;
    // RFC 9112 §6.1 ¶14: and a 1.0 peer would not understand Transfer-Encoding at all.
    if (!chunkedLast || !peerIsModern) {
      throw localError(
        "HW_H1_UNFRAMEABLE_REQUEST",
        "a request's Transfer-Encoding must end in chunked and go to HTTP/1.1",
      );
    }
    return { framing: CHUNKED, fields: [], mustClose: false };
  }
  if (contentLength === null) {
    if (!peerIsModern) {
      throw localError(
        "HW_H1_UNFRAMEABLE_REQUEST",
        "a request of unknown length cannot be sent as HTTP/1.0 (RFC 9112 §6.3 ¶7: requests are never close-delimited)",
      );
    }
    return { framing: CHUNKED, fields: [["Transfer-Encoding", "chunked"]], mustClose: false };
  }
  if (contentLength === 0) {
    // RFC 9110 §8.6 ¶5: no Content-Length when there is no content and the method anticipates none;
    // otherwise "Content-Length: 0" tells the server the content is empty.
    return NO_CONTENT_METHODS.has(input.method)
      ? { framing: NONE, fields: [], mustClose: false }
      : { framing: NONE, fields: [["Content-Length", "0"]], mustClose: false };
  }
  return {
    framing: { kind: "length", length: contentLength },
    fields: [["Content-Length", String(contentLength)]],
    mustClose: false,
  };
}
