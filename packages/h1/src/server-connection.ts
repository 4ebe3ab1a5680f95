import type { Fields } from "@hyperwire/headers";
import { successfulResponseIsTunnel } from "@hyperwire/methods";
import { STREAM_EVENT, StreamState } from "./connection-states.js";
import { H1Error } from "./errors.js";
import type { RequestHead } from "./events.js";
import { concatBytes, isEmptyFraming, keepChunk, OutgoingBody } from "./outgoing-body.js";
import {
  decideFraming,
  newFramingDecision,
  newFramingFieldScan,
  scanFramingFields,
} from "./outgoing-framing.js";
import type { ParserOptions } from "./parser-options.js";
import { RequestParser } from "./request-parser.js";
import {
  CONNECTION_CLOSE,
  CONNECTION_KEEP_ALIVE,
  serializeFinalResponseHead,
  serializeResponseHead,
} from "./serialize-response-head.js";

/** What a {@link ServerConnection} reports from the bytes it receives. */
export type ServerEvent =
  /** A request head; its content (if any) follows as `data` events. */
  | { readonly type: "request"; readonly head: RequestHead }
  /** A piece of request content (transfer coding removed). */
  | { readonly type: "data"; readonly data: Uint8Array }
  /** The trailer section of a chunked request. */
  | { readonly type: "trailers"; readonly trailers: Fields }
  /** The current request ended. */
  | { readonly type: "end-of-message" }
  /**
   * The client broke the protocol. No more requests are read; answer with
   * `error.statusHint` through {@link ServerConnection.sendResponse} once the
   * earlier requests are answered, then close.
   */
  | { readonly type: "error"; readonly error: H1Error }
  /** The client closed its sending side (EOF). */
  | { readonly type: "connection-closed" };

/** Options of a {@link ServerConnection}. */
export interface ServerConnectionOptions {
  /** Options of the underlying {@link RequestParser}. */
  readonly parser?: ParserOptions;
  /**
   * How many requests may wait for their response (pipelining, RFC 9112 §9.3.2).
   * When this many are queued, {@link ServerConnection.wantsData} turns false and
   * further input is held back, unparsed, until a response completes. Default 16.
   */
  readonly maxPendingRequests?: number;
  /**
   * What to do with a request's unread content when a final response is sent
   * before a `100 Continue` was (RFC 9110 §10.1.1 ¶9): `"close"` (default) does
   * not read it and closes after the response, the only choice that cannot
   * desynchronise with a client that then never sends it; `"discard"` keeps
   * the connection and reads and drops the content by its framing.
   */
  readonly unreadContinueBody?: "close" | "discard";
  /**
   * What happens to request content still arriving when the final response
   * starts (the default of {@link SendResponseOptions.requestBodyAfterResponse}):
   * `"discard"` (default) reads it by its framing and drops it, `"deliver"`
   * keeps reporting it as `data` events (full duplex), `"close"` stops reading
   * and closes after the response. A client that waits for `100 Continue` is
   * governed by `unreadContinueBody` instead.
   */
  readonly requestBodyAfterResponse?: RequestBodyAfterResponse;
}

/**
 * What to do with the rest of a request's content when the final response
 * starts before it was fully received (RFC 9110 §10.1.1: a server that answers
 * early says whether it closes or keeps reading):
 *
 * - `"discard"`: keep reading it by its framing and drop it; the connection may persist;
 * - `"deliver"`: keep reading it and report it as `data` events while (and after)
 *   the response is sent: full duplex, e.g. an echo or a streaming transform;
 * - `"close"`: stop reading; the response says `Connection: close` and the
 *   connection closes after it (the content is never read).
 */
export type RequestBodyAfterResponse = "discard" | "deliver" | "close";

/** Options of {@link ServerConnection.sendResponse}. */
export interface SendResponseOptions {
  /**
   * Content length when known, `null` to stream with an unknown length
   * (chunked to HTTP/1.1 clients, close-delimited to HTTP/1.0). Default 0.
   * For a response to HEAD or a 304: the length a GET would have had, sent
   * as Content-Length, 0 included; omitted, none is sent.
   */
  readonly contentLength?: number | null;
  /**
   * What to do with request content still arriving (see
   * {@link RequestBodyAfterResponse}). Default: the connection's
   * `requestBodyAfterResponse`. Applies also to a client waiting for
   * `100 Continue` when given here explicitly.
   */
  readonly requestBodyAfterResponse?: RequestBodyAfterResponse;
}

/** A response to send, as given to {@link ServerConnection.sendResponse}. */
export interface ServerResponse {
  readonly status: number;
  readonly reason?: string;
  readonly headers?: Fields;
}

/** State of the request content of the exchange being answered. */
export type RequestBodyState = "none" | "reading" | "discarding" | "abandoned" | "complete";

interface Exchange {
  /** `null` for the error response that follows a protocol error. */
  readonly head: RequestHead | null;
  readonly error: H1Error | null;
  requestComplete: boolean;
  continueSent: boolean;
  finalSent: boolean;
  body: RequestBodyState;
}

const EMPTY = new Uint8Array(0);
const CONTINUE_BYTES = serializeResponseHead({ status: 100, reason: "Continue" });

/**
 * The server side of one HTTP/1.x connection, sans-IO: give it the bytes
 * read from the socket and take events; ask it for the bytes of each response
 * and write them. It knows
 *
 * - persistence: HTTP/1.1 persists unless either side sends `Connection: close`;
 *   HTTP/1.0 only with `Connection: keep-alive` (RFC 9112 §9.3); it must close after
 *   an error, after a close-delimited response and after `Connection: close`
 *   (check {@link ServerConnection.shouldClose} after writing);
 * - pipelining: requests are queued (up to `maxPendingRequests`) and answered in
 *   order (RFC 9112 §9.3.2): `sendResponse` always answers the oldest one;
 * - `Expect: 100-continue`: {@link ServerConnection.shouldSendContinue} says when the
 *   client waits; a final response first means the content is not read (RFC 9110 §10.1.1);
 * - Upgrade and CONNECT: after a 101 or a 2xx to CONNECT the connection leaves
 *   HTTP and {@link ServerConnection.takeUnparsed} hands over the bytes already read
 *   ({@link ServerConnection.acceptSwitch} when the caller writes that answer itself);
 * - protocol errors: the requests before the error are answered first, in order,
 *   then the error response, the only one that says `Connection: close`.
 *
 * The state of both streams moves only along {@link CONNECTION_TRANSITIONS}.
 *
 * @example
 * ```ts
 * const conn = new ServerConnection();
 * for (const event of conn.receive(bytesFromSocket)) {
 *   if (event.type === "request") {
 *     const body = new TextEncoder().encode("hello");
 *     socket.write(conn.sendResponse({ status: 200 }, { contentLength: body.length }));
 *     for (const part of conn.sendData(body)) socket.write(part);
 *     for (const part of conn.sendEndOfMessage()) socket.write(part);
 *   }
 * }
 * if (conn.shouldClose) socket.end();
 * ```
 */
export class ServerConnection {
  readonly #parser: RequestParser;
  readonly #maxPending: number;
  readonly #unreadContinueBody: "close" | "discard";
  readonly #requestBodyAfterResponse: RequestBodyAfterResponse;
  /** The request stream (the client's side). */
  readonly #requests = new StreamState("request");
  /** The response stream (our side). */
  readonly #responses = new StreamState("response");
  #events: ServerEvent[] = [];
  /** Requests awaiting a complete response, oldest first. */
  readonly #queue: Exchange[] = [];
  /** The exchange whose request is being parsed. */
  #reading: Exchange | null = null;
  #body: OutgoingBody | null = null;
  #input: Uint8Array | undefined;
  readonly #backlog: Uint8Array[] = [];
  /** No more requests are parsed (close requested, error, or content abandoned). */
  #readClosed = false;
  /** Close after the response being sent. */
  #closeAfterResponse = false;
  #peerEnded = false;
  #switched = false;
  #unparsed: Uint8Array | null = null;
  /** The last response ended with its head (no content possible). */
  #autoEnded = false;
  /** Reused by every sendResponse: the framing decision and the field scan behind it. */
  readonly #decision = newFramingDecision();
  readonly #scan = newFramingFieldScan();

  constructor(options: ServerConnectionOptions = {}) {
    this.#maxPending = options.maxPendingRequests ?? 16;
    this.#unreadContinueBody = options.unreadContinueBody ?? "close";
    this.#requestBodyAfterResponse = options.requestBodyAfterResponse ?? "discard";
    this.#parser = new RequestParser(
      {
        onHead: (head) => this.#onHead(head),
        onBody: (chunk) => {
          const ex = this.#reading;
          if (ex !== null && ex.body === "reading") {
            this.#events.push({ type: "data", data: keepChunk(chunk, this.#input) });
          }
        },
        onTrailers: (trailers) => {
          if (this.#reading?.body === "reading") this.#events.push({ type: "trailers", trailers });
        },
        onMessageComplete: () => this.#onRequestComplete(),
        onError: (error) => this.#onError(error),
      },
      options.parser,
    );
  }

  /** State of the request stream (the client's messages), see {@link CONNECTION_TRANSITIONS}. */
  get requestState(): string {
    return this.#requests.state;
  }

  /** State of the response stream (our messages), see {@link CONNECTION_TRANSITIONS}. */
  get responseState(): string {
    return this.#responses.state;
  }

  /** Number of requests received and not yet fully answered. */
  get pendingRequests(): number {
    return this.#queue.length;
  }

  /**
   * Whether the caller should read more from the socket: false while the
   * pipelining queue is full, while an Upgrade/CONNECT waits for its answer,
   * once no further request will be read, or after the switch.
   */
  get wantsData(): boolean {
    return (
      !this.#readClosed &&
      !this.#switched &&
      !this.#parser.paused &&
      this.#queue.length < this.#maxPending
    );
  }

  /**
   * Whether the connection must be closed once the bytes handed out so far are
   * written: after `Connection: close` either way, a close-delimited response,
   * an error, or an HTTP/1.0 exchange without keep-alive (RFC 9112 §9.6).
   */
  get shouldClose(): boolean {
    const s = this.#responses.state;
    if (s === "must-close") return !this.#deliveringAfterClose();
    return s === "closed" || (s === "error" && this.#queue.length === 0);
  }

  /** Whether the connection left HTTP (101, or 2xx to CONNECT). */
  get switchedProtocol(): boolean {
    return this.#switched;
  }

  /**
   * State of the content of the request being read: `"reading"` (delivered as
   * `data` events, also after an early response with `requestBodyAfterResponse:
   * "deliver"`), `"discarding"` (answered early, read and dropped),
   * `"abandoned"` (answered before 100 Continue: not read, the connection
   * closes), or `"none"` when no request content is under way.
   */
  get requestBody(): RequestBodyState {
    const body = this.#reading?.body ?? "none";
    return body === "complete" ? "none" : body;
  }

  /**
   * Feeds bytes read from the socket and returns the events they complete.
   * Bytes that arrive while the queue is full or a switch is pending are held
   * and parsed later (their events come from a later call or {@link takeEvents}).
   * Body `data` events are views into `bytes` where possible.
   */
  receive(bytes: Uint8Array): ServerEvent[] {
    if (this.#switched) {
      throw new H1Error("HW_H1_PROTOCOL_SWITCHED", "the connection left HTTP; use takeUnparsed()", {
        side: "local",
      });
    }
    if (!this.#readClosed && bytes.byteLength > 0) {
      if (this.#backlog.length > 0 || !this.wantsData) this.#backlog.push(bytes);
      else this.#push(bytes);
    }
    return this.takeEvents();
  }

  /** The client closed its side (EOF). Returns the last events. */
  receiveEnd(): ServerEvent[] {
    if (!this.#peerEnded && !this.#switched) {
      this.#peerEnded = true;
      if (!this.#readClosed) this.#parser.finish();
      this.#requests.tryApply(STREAM_EVENT.connectionClosed);
      this.#events.push({ type: "connection-closed" });
    }
    return this.takeEvents();
  }

  /** Events produced outside {@link receive} (after a response let held input be parsed). */
  takeEvents(): ServerEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /**
   * Whether the client of the request being answered waits for `100 Continue`
   * before sending its content: it sent `Expect: 100-continue` with HTTP/1.1, has
   * content, and neither a 100 nor a final response was sent (RFC 9110 §10.1.1).
   * Send {@link sendContinue} to get the content, or a final status to refuse it.
   */
  shouldSendContinue(): boolean {
    const ex = this.#queue[0];
    return (
      ex?.head?.expectContinue === true &&
      ex.head.version === "1.1" &&
      ex.head.framing.kind !== "none" &&
      !ex.continueSent &&
      !ex.finalSent &&
      !ex.requestComplete
    );
  }

  /**
   * The bytes of `100 Continue` for the request being answered.
   * @throws H1Error `HW_H1_INVALID_STATE` unless {@link shouldSendContinue}.
   */
  sendContinue(): Uint8Array {
    if (!this.shouldSendContinue()) {
      throw new H1Error("HW_H1_INVALID_STATE", "no request waits for 100 Continue", {
        side: "local",
      });
    }
    this.#responses.apply(STREAM_EVENT.informational);
    this.#autoEnded = false;
    this.#queue[0]!.continueSent = true;
    return CONTINUE_BYTES;
  }

  /**
   * The bytes of an interim response (1xx but 101, e.g. 103 Early Hints) for the
   * request being answered. RFC 9110 §15.2: never to an HTTP/1.0 client.
   */
  sendInformational(status: number, headers?: Fields): Uint8Array {
    const ex = this.#queue[0];
    if (status < 100 || status > 199 || status === 101) {
      throw new H1Error("HW_H1_INVALID_STATUS", `${status} is not an interim status`, {
        side: "local",
      });
    }
    if (ex?.head === null || ex?.head.version !== "1.1") {
      throw new H1Error("HW_H1_INVALID_STATE", "interim responses go only to HTTP/1.1 requests", {
        side: "local",
      });
    }
    this.#responses.apply(STREAM_EVENT.informational);
    this.#autoEnded = false;
    if (status === 100) ex.continueSent = true;
    return serializeResponseHead({ status, headers });
  }

  /**
   * The head bytes of the final response to the oldest unanswered request.
   * Adds the framing fields ({@link decideOutgoingFraming}) and `Connection:
   * close` or `Connection: keep-alive` as persistence requires. A 101 or a 2xx
   * to CONNECT switches protocols: afterwards take the bytes already read
   * with {@link takeUnparsed}. Declining an Upgrade resumes HTTP parsing; its
   * events come from {@link takeEvents}.
   *
   * @throws H1Error (side "local") `HW_H1_INVALID_STATE` when no request waits
   *   or a response is under way, and the errors of the serializer and framing.
   */
  sendResponse(response: ServerResponse, options: SendResponseOptions = {}): Uint8Array {
    const ex = this.#queue[0];
    if (ex === undefined || this.#responses.state !== "send-response") {
      throw new H1Error("HW_H1_INVALID_STATE", "no request waits for a response", {
        side: "local",
      });
    }
    this.#autoEnded = false;
    const { status } = response;
    if (status < 200 && status !== 101) return this.sendInformational(status, response.headers);
    const request = ex.head;
    const method = request?.method ?? "GET";
    const peerVersion = request?.version ?? "1.1";
    const headers = response.headers;

    const switching =
      request !== null &&
      ((status === 101 && request.upgrade.length > 0) ||
        (status >= 200 && status < 300 && successfulResponseIsTunnel(method)));
    if (status === 101 && !switching) {
      // RFC 9110 §15.2.2: 101 only answers a request that proposed an Upgrade.
      throw new H1Error("HW_H1_INVALID_STATE", "101 without an Upgrade request", { side: "local" });
    }
    if (status === 101 && (headers === undefined || !headers.has("upgrade"))) {
      // RFC 9110 §7.8 ¶6: a 101 MUST name the protocol switched to in Upgrade.
      throw new H1Error("HW_H1_MISSING_UPGRADE", "a 101 response must carry Upgrade", {
        side: "local",
      });
    }

    if (switching) this.#checkSwitch(ex);

    // RFC 9110 §10.1.1: a final status before the content was asked for (or fully
    // read); the server says whether it closes or keeps reading (Connection: close).
    if (!ex.requestComplete && ex.body === "reading") {
      const waiting = request?.expectContinue && !ex.continueSent;
      const mode =
        options.requestBodyAfterResponse ??
        (waiting && this.#unreadContinueBody === "close"
          ? "close"
          : waiting
            ? "discard"
            : this.#requestBodyAfterResponse);
      if (mode === "close") {
        ex.body = "abandoned";
        this.#readClosed = true;
        this.#closeAfterResponse = true;
        this.#backlog.length = 0;
      } else if (mode === "discard") {
        ex.body = "discarding";
      }
      // "deliver": the content goes on arriving as `data` events (full duplex).
    }

    // HTTP/0.9 has no response head: the content runs until close (RFC 9112 Appendix C.1).
    if (peerVersion === "0.9") {
      ex.finalSent = true;
      this.#closeAfterResponse = true;
      this.#responses.apply(STREAM_EVENT.head);
      this.#body = new OutgoingBody({ kind: "close" });
      return EMPTY;
    }

    // One pass over the caller's fields finds what framing and persistence need
    // (Content-Length, Transfer-Encoding, the Connection options).
    const scan = this.#scan;
    scanFramingFields(headers, scan);
    const decision = this.#decision;
    decideFraming(
      decision,
      "response",
      method,
      status,
      scan.contentLength,
      scan.transferEncoding,
      options.contentLength,
      "1.1",
      peerVersion,
    );
    // No request will follow the last one queued once reading stopped; responses
    // queued behind this one (pipelined requests, the error response after a
    // protocol error) still go out first, so only the last response closes.
    const lastResponse = this.#readClosed && this.#queue.length === 1;
    const keepAlive =
      request?.keepAlive &&
      !this.#closeAfterResponse &&
      !lastResponse &&
      !decision.mustClose &&
      !scan.connectionClose;
    let connection: Uint8Array | null = null;
    if (!switching) {
      if (!keepAlive) {
        this.#closeAfterResponse = true;
        // RFC 9112 §9.6 ¶4: a server that will close says so with "close".
        if (!scan.connectionClose) connection = CONNECTION_CLOSE;
      } else if (peerVersion === "1.0" && !scan.connectionKeepAlive) {
        // RFC 9112 Appendix C.2.2: an HTTP/1.0 client keeps the connection only if told so.
        connection = CONNECTION_KEEP_ALIVE;
      }
    }
    const framing = decision.framing;
    const bytes = serializeFinalResponseHead(
      status,
      response.reason,
      headers,
      decision.addContentLength,
      decision.addChunked,
      connection,
    );
    ex.finalSent = true;

    if (switching) {
      this.#switch();
      return bytes;
    }
    if (this.#requests.state === "might-switch" && ex === this.#reading) this.#declineSwitch();
    this.#responses.apply(STREAM_EVENT.head);
    this.#body = new OutgoingBody(framing);
    if (isEmptyFraming(framing)) {
      // Nothing can follow the head: the response is complete now. A later
      // sendEndOfMessage() for it is accepted and returns no bytes.
      this.#finishResponse();
      this.#autoEnded = true;
    }
    return bytes;
  }

  /**
   * Frames a piece of response content: returns the parts to write in order
   * (no copy of `data`; chunked adds a size line and CRLF).
   * @throws H1Error `HW_H1_CONTENT_LENGTH_MISMATCH` beyond the announced length.
   */
  sendData(data: Uint8Array): Uint8Array[] {
    if (this.#autoEnded && data.byteLength === 0) return [];
    if (this.#responses.state !== "send-body" || this.#body === null) {
      throw new H1Error("HW_H1_INVALID_STATE", "no response content is being sent", {
        side: "local",
      });
    }
    return this.#body.data(data);
  }

  /**
   * Ends the response: the last chunk and trailers for chunked content.
   * Afterwards the next pipelined request (if any) is answered next, or the
   * connection closes ({@link shouldClose}).
   */
  sendEndOfMessage(trailers?: Fields): Uint8Array[] {
    if (this.#autoEnded && (trailers === undefined || trailers.size === 0)) {
      this.#autoEnded = false;
      return [];
    }
    if (this.#responses.state !== "send-body" || this.#body === null) {
      throw new H1Error("HW_H1_INVALID_STATE", "no response is being sent", { side: "local" });
    }
    const parts = this.#body.end(trailers);
    this.#finishResponse();
    return parts;
  }

  /**
   * Accepts the Upgrade or CONNECT of the oldest unanswered request when the
   * caller writes the `101` or `2xx` itself (a WebSocket library, a tunnel that
   * answers in its own words): the connection is marked as switched, exactly as
   * {@link sendResponse} with that status would, but nothing is serialized.
   * Returns the bytes received past the request, the first bytes of the new
   * protocol (afterwards {@link takeUnparsed} returns nothing).
   *
   * RFC 9110 §7.8 and §9.3.6: the new protocol starts right after the request,
   * so the request (and its content) must have been received in full.
   *
   * @example
   * ```ts
   * if (event.type === "end-of-message" && conn.requestState === "might-switch") {
   *   const rest = conn.acceptSwitch();
   *   socket.write(myOwn101Head);
   *   webSocket.start(socket, rest);
   * }
   * ```
   * @throws H1Error (side "local") `HW_H1_INVALID_STATE` when the request being
   *   answered proposed no switch, is not complete, or a response is under way.
   */
  acceptSwitch(): Uint8Array {
    const ex = this.#queue[0];
    const head = ex?.head;
    if (
      ex === undefined ||
      head === null ||
      head === undefined ||
      this.#responses.state !== "send-response" ||
      !(head.upgrade.length > 0 || successfulResponseIsTunnel(head.method))
    ) {
      throw new H1Error(
        "HW_H1_INVALID_STATE",
        "no Upgrade or CONNECT request waits for an answer",
        {
          side: "local",
        },
      );
    }
    this.#checkSwitch(ex);
    ex.finalSent = true;
    this.#autoEnded = false;
    this.#switch();
    return this.takeUnparsed();
  }

  /**
   * After a protocol switch: the bytes received past the request's head and
   * content, which belong to the new protocol. Returns them once.
   */
  takeUnparsed(): Uint8Array {
    const rest = this.#unparsed ?? EMPTY;
    this.#unparsed = null;
    return rest;
  }

  /** A switch answers a request received in full (its content too), never a later one. */
  #checkSwitch(ex: Exchange): void {
    if (this.#requests.state !== "might-switch" || ex !== this.#reading) {
      throw new H1Error(
        "HW_H1_INVALID_STATE",
        "the request must be received in full before switching protocols",
        { side: "local" },
      );
    }
  }

  #switch(): void {
    this.#responses.apply(STREAM_EVENT.switch);
    this.#requests.apply(STREAM_EVENT.switchAccepted);
    this.#switched = true;
    this.#unparsed = concatBytes([this.#parser.takeUnparsed(), ...this.#backlog]);
    this.#backlog.length = 0;
  }

  /** A response closed the connection while `"deliver"` still reads the request's content. */
  #deliveringAfterClose(): boolean {
    const ex = this.#reading;
    return ex !== null && ex.body === "reading" && ex.finalSent && !this.#readClosed;
  }

  #push(bytes: Uint8Array): void {
    this.#input = bytes;
    this.#parser.push(bytes);
    this.#input = undefined;
  }

  #onHead(head: RequestHead): void {
    // Reading stopped inside this chunk (a closing response ended a delivered
    // request): what the client pipelined after it is never answered.
    if (this.#readClosed) return;
    this.#requests.apply(STREAM_EVENT.head, "peer");
    const ex: Exchange = {
      head,
      error: null,
      requestComplete: false,
      continueSent: false,
      finalSent: false,
      body: head.framing.kind === "none" ? "none" : "reading",
    };
    this.#reading = ex;
    this.#queue.push(ex);
    if (this.#queue.length === 1) this.#responses.apply(STREAM_EVENT.request);
    this.#events.push({ type: "request", head });
  }

  #onRequestComplete(): void {
    const ex = this.#reading;
    if (ex === null) return;
    ex.requestComplete = true;
    if (ex.body === "reading" || ex.body === "discarding") ex.body = "complete";
    const head = ex.head!;
    const proposesSwitch = head.upgrade.length > 0 || successfulResponseIsTunnel(head.method);
    // When the response already went out, a proposal is moot: the answer was not a switch.
    if (proposesSwitch && !ex.finalSent) {
      this.#requests.apply(STREAM_EVENT.endProposingSwitch, "peer");
    } else {
      this.#requests.apply(STREAM_EVENT.end, "peer");
      this.#afterRequest(head);
    }
    this.#events.push({ type: "end-of-message" });
  }

  #afterRequest(head: RequestHead): void {
    this.#reading = null;
    if (head.keepAlive && !this.#readClosed && this.#responses.state !== "must-close") {
      this.#requests.apply(STREAM_EVENT.reuse);
    } else {
      // RFC 9112 §9.6 ¶5: after a request with "close", no further request is processed.
      this.#requests.apply(STREAM_EVENT.close);
      this.#readClosed = true;
      this.#backlog.length = 0;
    }
  }

  #declineSwitch(): void {
    const ex = this.#reading!;
    this.#requests.apply(STREAM_EVENT.switchDeclined);
    this.#afterRequest(ex.head!);
    if (this.#parser.paused && !this.#readClosed) this.#parser.resume();
  }

  #onError(error: H1Error): void {
    if (this.#readClosed && this.#reading === null) return;
    this.#requests.tryApply(STREAM_EVENT.protocolError);
    this.#readClosed = true;
    this.#backlog.length = 0;
    this.#events.push({ type: "error", error });
    if (this.#reading !== null && !this.#reading.requestComplete) {
      // The request being read is broken: its answer becomes the error response.
      const index = this.#queue.indexOf(this.#reading);
      if (index >= 0 && !this.#reading.finalSent) this.#queue.splice(index, 1);
    }
    this.#reading = null;
    // The response stream closed already (a response said Connection: close while
    // "deliver" read on): nothing more can be answered.
    if (this.#responses.state === "must-close") return;
    this.#queue.push({
      head: null,
      error,
      requestComplete: true,
      continueSent: false,
      finalSent: false,
      body: "none",
    });
    if (this.#queue.length === 1 && this.#responses.state === "idle") {
      this.#responses.apply(STREAM_EVENT.request);
    } else if (this.#queue.length === 1 && this.#responses.state === "done") {
      this.#responses.apply(STREAM_EVENT.nextRequest);
    }
  }

  #finishResponse(): void {
    this.#responses.apply(STREAM_EVENT.end);
    this.#body = null;
    this.#queue.shift();
    if (this.#closeAfterResponse) {
      this.#responses.apply(STREAM_EVENT.close);
      const ex = this.#reading;
      // "deliver": the request's content keeps arriving after the response closed
      // the conversation; reading stops (and shouldClose turns true) when it ends.
      if (ex !== null && ex.body === "reading" && ex.finalSent) return;
      this.#readClosed = true;
      this.#backlog.length = 0;
      this.#requests.tryApply(STREAM_EVENT.close);
      return;
    }
    if (this.#queue.length > 0) this.#responses.apply(STREAM_EVENT.nextRequest);
    else this.#responses.apply(STREAM_EVENT.reuse);
    this.#drainBacklog();
  }

  #drainBacklog(): void {
    while (this.#backlog.length > 0 && this.wantsData) this.#push(this.#backlog.shift()!);
  }
}
