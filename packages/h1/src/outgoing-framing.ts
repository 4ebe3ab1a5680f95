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
   * streamed with an unknown length. Default 0. For a HEAD or 304 response,
   * the length the GET would have had, sent as Content-Length (no content
   * follows), 0 included; omitted, no Content-Length is added.
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
  const headers = input.headers;
  const decision = newFramingDecision();
  decideFraming(
    decision,
    input.role,
    input.method,
    input.status ?? 200,
    headers?.get("content-length") ?? null,
    headers?.get("transfer-encoding") ?? null,
    input.contentLength,
    input.version ?? "1.1",
    input.peerVersion ?? "1.1",
  );
  const fields: FieldLine[] =
    decision.addContentLength >= 0
      ? [["Content-Length", String(decision.addContentLength)]]
      : decision.addChunked
        ? [["Transfer-Encoding", "chunked"]]
        : [];
  return { framing: decision.framing, fields, mustClose: decision.mustClose };
}

/**
 * A framing decision in a form the caller can reuse from message to message
 * (the connections keep one each): no arrays of field lines, just what to add.
 * @internal
 */
export interface FramingDecision {
  framing: BodyFraming;
  /** Add "Content-Length: n" with this n; -1: add none. */
  addContentLength: number;
  /** Add "Transfer-Encoding: chunked". */
  addChunked: boolean;
  mustClose: boolean;
}

/** A blank {@link FramingDecision} for a caller to reuse. @internal */
export function newFramingDecision(): FramingDecision {
  return { framing: NONE, addContentLength: -1, addChunked: false, mustClose: false };
}

function set(
  out: FramingDecision,
  framing: BodyFraming,
  addContentLength: number,
  addChunked: boolean,
  mustClose: boolean,
): FramingDecision {
  out.framing = framing;
  out.addContentLength = addContentLength;
  out.addChunked = addChunked;
  out.mustClose = mustClose;
  return out;
}

/**
 * The rules of {@link decideOutgoingFraming} on already-extracted values
 * (`clValue`/`teValue`: the combined Content-Length and Transfer-Encoding
 * values, or null), writing the decision into `out` and returning it.
 * `contentLength` undefined: not given (0 bytes of content, and no
 * Content-Length for a HEAD or 304 response).
 * @internal
 */
export function decideFraming(
  out: FramingDecision,
  role: "request" | "response",
  method: string,
  status: number,
  clValue: string | null,
  teValue: string | null,
  givenLength: number | null | undefined,
  version: "1.0" | "1.1",
  peerVersion: HttpVersion,
): FramingDecision {
  const contentLength = givenLength === undefined ? 0 : givenLength;
  if (contentLength !== null && !(Number.isSafeInteger(contentLength) && contentLength >= 0)) {
    throw localError(
      "HW_H1_INVALID_CONTENT_LENGTH",
      `content length ${contentLength} is not a length`,
    );
  }
  // The peer speaks chunked only if both ends are HTTP/1.1 (RFC 9112 §7: a 1.0 recipient does not know it).
  const peerIsModern = peerVersion === "1.1" && version === "1.1";
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

  if (role === "response") {
    if (status === 101 || (status >= 200 && status < 300 && successfulResponseIsTunnel(method))) {
      // RFC 9110 §9.3.6: no Content-Length or Transfer-Encoding in a 2xx to CONNECT;
      // RFC 9110 §8.6 / RFC 9112 §6.1: none in a 1xx either.
      if (clValue !== null || teValue !== null) {
        throw localError(
          "HW_H1_CONTENT_FORBIDDEN",
          `a ${status} to ${method} must not carry framing fields`,
        );
      }
      return set(out, TUNNEL, -1, false, false);
    }
    if (status < 200 || status === 204) {
      if (clValue !== null || teValue !== null || (contentLength !== null && contentLength > 0)) {
        // RFC 9110 §8.6 ¶8, RFC 9112 §6.1 ¶10: no Content-Length or Transfer-Encoding in 1xx or 204.
        throw localError(
          "HW_H1_CONTENT_FORBIDDEN",
          `a ${status} response has no content and no framing fields`,
        );
      }
      return set(out, NONE, -1, false, false);
    }
    if (statusForbidsContent(status) || !responseMayHaveContent(method)) {
      // 304, or a response to HEAD: no content follows, but the Content-Length the
      // GET would have had may be sent (RFC 9110 §8.6 ¶7, §9.3.2), when the caller gave it.
      const add =
        clValue === null && teValue === null && givenLength !== undefined && givenLength !== null
          ? givenLength
          : -1;
      return set(out, NONE, add, false, false);
    }
    if (declaredLength !== null) {
      if (contentLength !== null && contentLength !== 0 && contentLength !== declaredLength) {
        throw localError(
          "HW_H1_FRAMING_CONFLICT",
          `Content-Length ${declaredLength} but ${contentLength} bytes announced`,
        );
      }
      return set(out, { kind: "length", length: declaredLength }, -1, false, false);
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
      return chunkedLast ? set(out, CHUNKED, -1, false, false) : set(out, CLOSE, -1, false, true);
    }
    if (contentLength !== null) {
      return set(out, { kind: "length", length: contentLength }, contentLength, false, false);
    }
    return peerIsModern ? set(out, CHUNKED, -1, true, false) : set(out, CLOSE, -1, false, true);
  }

  // Requests.
  if (declaredLength !== null) {
    if (contentLength !== null && contentLength !== 0 && contentLength !== declaredLength) {
      throw localError(
        "HW_H1_FRAMING_CONFLICT",
        `Content-Length ${declaredLength} but ${contentLength} bytes announced`,
      );
    }
    return set(
      out,
      declaredLength === 0 ? NONE : { kind: "length", length: declaredLength },
      -1,
      false,
      false,
    );
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
    return set(out, CHUNKED, -1, false, false);
  }
  if (contentLength === null) {
    if (!peerIsModern) {
      throw localError(
        "HW_H1_UNFRAMEABLE_REQUEST",
        "a request of unknown length cannot be sent as HTTP/1.0 (RFC 9112 §6.3 ¶7: requests are never close-delimited)",
      );
    }
    return set(out, CHUNKED, -1, true, false);
  }
  if (contentLength === 0) {
    // RFC 9110 §8.6 ¶5: no Content-Length when there is no content and the method anticipates none;
    // otherwise "Content-Length: 0" tells the server the content is empty.
    return set(out, NONE, NO_CONTENT_METHODS.has(method) ? -1 : 0, false, false);
  }
  return set(out, { kind: "length", length: contentLength }, contentLength, false, false);
}

/**
 * What one pass over an outgoing header section finds for framing and
 * persistence: the combined Content-Length and Transfer-Encoding values (as
 * `Fields.get` would return them) and whether Connection lists "close" or
 * "keep-alive". @internal
 */
export interface FramingFieldScan {
  contentLength: string | null;
  transferEncoding: string | null;
  /** Connection has the option "close" (RFC 9112 §9.6). */
  connectionClose: boolean;
  /** Connection has the option "keep-alive" (RFC 9112 Appendix C.2.2). */
  connectionKeepAlive: boolean;
}

/** A blank {@link FramingFieldScan} for a caller to reuse. @internal */
export function newFramingFieldScan(): FramingFieldScan {
  return {
    contentLength: null,
    transferEncoding: null,
    connectionClose: false,
    connectionKeepAlive: false,
  };
}

/** Where {@link scanLine} writes; set only for the duration of one synchronous scan. */
let scanTarget: FramingFieldScan = newFramingFieldScan();

function scanLine(value: string, lowerName: string): void {
  const into = scanTarget;
  if (lowerName === "content-length") {
    into.contentLength = into.contentLength === null ? value : `${into.contentLength}, ${value}`;
  } else if (lowerName === "transfer-encoding") {
    into.transferEncoding =
      into.transferEncoding === null ? value : `${into.transferEncoding}, ${value}`;
  } else if (lowerName === "connection") {
    const options = connectionOptions(value);
    if ((options & OPTION_CLOSE) !== 0) into.connectionClose = true;
    if ((options & OPTION_KEEP_ALIVE) !== 0) into.connectionKeepAlive = true;
  }
}

/**
 * One pass over `headers` (no closure, no lookups by name) filling `into`.
 * A section without Content-Length, Transfer-Encoding or Connection costs
 * one string compare per line and nothing else.
 * @internal
 */
export function scanFramingFields(headers: Fields | undefined, into: FramingFieldScan): void {
  if (
    headers !== undefined &&
    headers === lastScanned &&
    headers.revision === lastScannedRevision
  ) {
    // The same unchanged container as last time (a server answering with one
    // shared set of fields): the same answer.
    into.contentLength = lastScan.contentLength;
    into.transferEncoding = lastScan.transferEncoding;
    into.connectionClose = lastScan.connectionClose;
    into.connectionKeepAlive = lastScan.connectionKeepAlive;
    return;
  }
  into.contentLength = null;
  into.transferEncoding = null;
  into.connectionClose = false;
  into.connectionKeepAlive = false;
  if (headers === undefined || headers.size === 0) return;
  scanTarget = into;
  headers.forEach(scanLine);
  lastScanned = headers;
  lastScannedRevision = headers.revision;
  lastScan.contentLength = into.contentLength;
  lastScan.transferEncoding = into.transferEncoding;
  lastScan.connectionClose = into.connectionClose;
  lastScan.connectionKeepAlive = into.connectionKeepAlive;
}

/** The container {@link scanFramingFields} scanned last, at which revision, and what it found. */
let lastScanned: Fields | undefined;
let lastScannedRevision = -1;
const lastScan: FramingFieldScan = newFramingFieldScan();

const OPTION_CLOSE = 1;
const OPTION_KEEP_ALIVE = 2;

/** Characters `String.prototype.trim` removes that can occur in a latin1 string. */
function isTrimmed(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0;
}

/** Whether `value[start, end)` equals the lowercase ASCII `token` ignoring ASCII case. */
function equalsToken(value: string, start: number, end: number, token: string): boolean {
  if (end - start !== token.length) return false;
  for (let i = 0; i < token.length; i++) {
    let c = value.charCodeAt(start + i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== token.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * connection = #connection-option (RFC 9110 §7.6.1): which of "close" and
 * "keep-alive" one Connection line lists, as bit flags, without splitting
 * the value into strings. Same answer as `hasConnectionOption` (split on
 * ",", `trim`, `toLowerCase`): for latin1 text `trim` removes exactly the
 * characters of `isTrimmed` and only A–Z lowercase to ASCII; a value with a
 * code unit above U+00FF (which the serializer refuses anyway) takes that
 * exact slow path.
 */
function connectionOptions(value: string): number {
  const length = value.length;
  let options = 0;
  let start = 0;
  while (start <= length) {
    let end = value.indexOf(",", start);
    if (end === -1) end = length;
    let a = start;
    let b = end;
    while (a < b && isTrimmed(value.charCodeAt(a))) a++;
    while (b > a && isTrimmed(value.charCodeAt(b - 1))) b--;
    for (let i = a; i < b; i++) {
      if (value.charCodeAt(i) > 0xff) return connectionOptionsExact(value);
    }
    if (equalsToken(value, a, b, "close")) options |= OPTION_CLOSE;
    else if (equalsToken(value, a, b, "keep-alive")) options |= OPTION_KEEP_ALIVE;
    start = end + 1;
  }
  return options;
}

function connectionOptionsExact(value: string): number {
  let options = 0;
  for (const part of value.split(",")) {
    const token = part.trim().toLowerCase();
    if (token === "close") options |= OPTION_CLOSE;
    else if (token === "keep-alive") options |= OPTION_KEEP_ALIVE;
  }
  return options;
}
