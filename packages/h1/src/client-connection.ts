import type { Fields } from "@hyperwire/headers";
import { canPipeline, successfulResponseIsTunnel } from "@hyperwire/methods";
import { STREAM_EVENT, StreamState } from "./connection-states.js";
import { H1Error } from "./errors.js";
import type { ResponseHead } from "./events.js";
import {
  concatBytes,
  hasConnectionOption,
  isEmptyFraming,
  keepChunk,
  OutgoingBody,
} from "./outgoing-body.js";
import { decideOutgoingFraming } from "./outgoing-framing.js";
import type { ParserOptions } from "./parser-options.js";
import { ResponseParser } from "./response-parser.js";
import { type OutgoingRequestHead, serializeRequestHead } from "./serialize-request-head.js";

/** What a {@link ClientConnection} reports from the bytes it receives. */
export type ClientEvent =
  /** An interim response (100 Continue, 103 Early Hints, …; never 101). */
  | { readonly type: "informational"; readonly head: ResponseHead }
  /** The final response head of the oldest request awaiting one. */
  | { readonly type: "response"; readonly head: ResponseHead }
  /** A piece of response content (transfer coding removed). */
  | { readonly type: "data"; readonly data: Uint8Array }
  /** The trailer section of a chunked response. */
  | { readonly type: "trailers"; readonly trailers: Fields }
  /** The current response ended. */
  | { readonly type: "end-of-message" }
  /**
   * The connection left HTTP (101, or 2xx to CONNECT): `rest` holds the bytes
   * already received past the response head, the first bytes of the new protocol.
   */
  | { readonly type: "switched"; readonly head: ResponseHead; readonly rest: Uint8Array }
  /** The server broke the protocol; the connection must be closed. */
  | { readonly type: "error"; readonly error: H1Error }
  /**
   * The server closed the connection. `unanswered` counts requests sent that got
   * no (complete) response: retry only those that may be retried (RFC 9110 §9.2.2).
   */
  | { readonly type: "connection-closed"; readonly unanswered: number };

/** Options of a {@link ClientConnection}. */
export interface ClientConnectionOptions {
  /** Options of the underlying {@link ResponseParser}. */
  readonly parser?: ParserOptions;
  /** Most requests in flight at once when pipelining (RFC 9112 §9.3.2). Default 8. */
  readonly maxPipelinedRequests?: number;
  /**
   * When an error response (status 400–599) that lets the connection persist
   * arrives while chunked request content is still being sent (or held back
   * for `100 Continue`), end the content early with the last chunk
   * ({@link ClientConnection.bodyDecision} says `"end"`) and keep the
   * connection, instead of abandoning the content and closing. Default
   * `false`: always close.
   *
   * RFC 2616 §8.2.2 allowed exactly this ("a zero length chunk and empty
   * trailer MAY be used to prematurely mark the end of the message"); RFC 9112
   * §9.5 keeps only "cease transmitting" and says nothing against it. It is
   * limited to error statuses because a server that answers 2xx or 3xx early
   * may still be consuming the content (full duplex), and would take the
   * truncated content for the whole; content framed by Content-Length cannot
   * end early and always closes.
   */
  readonly endChunkedContentOnErrorResponse?: boolean;
}

/** Options of {@link ClientConnection.sendRequest}. */
export interface SendRequestOptions {
  /** Content length when known, `null` to stream it chunked. Default 0 (no content). */
  readonly contentLength?: number | null;
  /**
   * With `Expect: 100-continue` in the headers: how long (ms) to wait for the
   * 100 before sending the content anyway (RFC 9110 §10.1.1 ¶7). Default 1000.
   */
  readonly continueTimeout?: number;
  /** The caller's clock at the time of sending (ms), for `continueTimeout`. Default 0. */
  readonly now?: number;
}

/**
 * Whether the content of the request being sent may go out now:
 * `"send"` (no expectation, 100 received, or the wait timed out),
 * `"wait"` (still waiting for 100 Continue), `"abandon"` (a final response
 * came first: do not send the content; the connection closes after the
 * response), or `"end"` (an error response came first and the connection may
 * persist: send no more content, end it now with
 * {@link ClientConnection.sendEndOfMessage}; only with
 * `endChunkedContentOnErrorResponse`).
 */
export type BodyDecision = "send" | "wait" | "abandon" | "end";

interface Sent {
  readonly method: string;
  readonly proposesSwitch: boolean;
  readonly keepAlive: boolean;
  expectContinue: boolean;
  continueReceived: boolean;
  deadline: number;
  finalReceived: boolean;
  requestComplete: boolean;
  readonly chunked: boolean;
  /** An error response came first; the content is ended early with the last chunk. */
  endEarly: boolean;
}

/**
 * The client side of one HTTP/1.x connection, sans-IO: ask it for the bytes
 * of each request, give it the bytes read from the socket and take events.
 * It knows
 *
 * - persistence (RFC 9112 §9.3): reuse only while both sides allow it;
 *   {@link ClientConnection.shouldClose} says when to close;
 * - pipelining (RFC 9112 §9.3.2): a request may be sent before earlier responses
 *   arrive only if `canPipeline` (methods) allows it for every request in flight;
 * - `Expect: 100-continue`: {@link ClientConnection.bodyDecision} says when to send
 *   the content (after 100, or after the caller's timeout);
 * - interim responses (100, 103) as `informational` events;
 * - Upgrade and CONNECT: a `switched` event carries the bytes past the head.
 *
 * @example
 * ```ts
 * const conn = new ClientConnection();
 * socket.write(conn.sendRequest({ method: "GET", target: "/", headers: Fields.from({ Host: "example.com" }) }));
 * socket.on("data", (bytes) => {
 *   for (const event of conn.receive(bytes)) if (event.type === "response") console.log(event.head.status);
 * });
 * ```
 */
export class ClientConnection {
  readonly #parser: ResponseParser;
  readonly #maxInFlight: number;
  readonly #endChunkedEarly: boolean;
  readonly #requests = new StreamState("request");
  readonly #responses = new StreamState("response");
  #events: ClientEvent[] = [];
  /** Requests sent whose response did not end, oldest first. */
  readonly #inFlight: Sent[] = [];
  /** The request whose content is being sent. */
  #sending: Sent | null = null;
  #body: OutgoingBody | null = null;
  #input: Uint8Array | undefined;
  #mustClose = false;
  #switched = false;
  #pendingSwitch: ResponseHead | null = null;
  #peerEnded = false;
  /** The last request ended with its head (no content possible). */
  #autoEnded = false;

  constructor(options: ClientConnectionOptions = {}) {
    this.#maxInFlight = options.maxPipelinedRequests ?? 8;
    this.#endChunkedEarly = options.endChunkedContentOnErrorResponse ?? false;
    this.#parser = new ResponseParser(
      {
        onInformational: (head) => this.#onInformational(head),
        onHead: (head) => this.#onHead(head),
        onBody: (chunk) => this.#events.push({ type: "data", data: keepChunk(chunk, this.#input) }),
        onTrailers: (trailers) => this.#events.push({ type: "trailers", trailers }),
        onMessageComplete: () => this.#onResponseComplete(),
        onError: (error) => this.#onError(error),
      },
      options.parser,
    );
  }

  /** State of the request stream (our messages), see {@link CONNECTION_TRANSITIONS}. */
  get requestState(): string {
    return this.#requests.state;
  }

  /** State of the response stream (the server's messages). */
  get responseState(): string {
    return this.#responses.state;
  }

  /** Requests sent that have not received their complete response. */
  get inFlight(): number {
    return this.#inFlight.length;
  }

  /** Whether the connection left HTTP. */
  get switchedProtocol(): boolean {
    return this.#switched;
  }

  /**
   * Whether the connection must be closed (after `Connection: close` either
   * way, a close-delimited response, an abandoned request content, or an error)
   * once nothing is in flight.
   */
  get shouldClose(): boolean {
    return (
      this.#responses.state === "error" ||
      this.#requests.state === "error" ||
      (this.#mustClose && this.#inFlight.length === 0)
    );
  }

  /**
   * Whether a request with `method` may be sent now: the previous request was
   * fully sent, the connection is reusable, and if responses are outstanding,
   * pipelining is allowed for this and every in-flight request
   * (`canPipeline` from @hyperwire/methods, RFC 9112 §9.3.2).
   */
  canSendRequest(method: string): boolean {
    if (this.#requests.state !== "idle" || this.#mustClose || this.#switched) return false;
    if (this.#inFlight.length === 0) return true;
    if (this.#inFlight.length >= this.#maxInFlight || !canPipeline(method)) return false;
    return this.#inFlight.every((sent) => canPipeline(sent.method) && !sent.proposesSwitch);
  }

  /**
   * The head bytes of a request. Adds Content-Length or `Transfer-Encoding:
   * chunked` ({@link decideOutgoingFraming}). Send the content with
   * {@link sendData} (after {@link bodyDecision} says "send") and end with
   * {@link sendEndOfMessage}; a request without content ends here.
   *
   * @throws H1Error (side "local") `HW_H1_CANNOT_SEND` when {@link canSendRequest} is
   *   false, `HW_H1_MISSING_HOST` for HTTP/1.1 without Host (RFC 9112 §3.2), and the
   *   serializer's and framing errors.
   */
  sendRequest(head: OutgoingRequestHead, options: SendRequestOptions = {}): Uint8Array {
    if (!this.canSendRequest(head.method)) {
      throw new H1Error("HW_H1_CANNOT_SEND", `cannot send a ${head.method} request now`, {
        side: "local",
      });
    }
    this.#autoEnded = false;
    const version = head.version ?? "1.1";
    const headers = head.headers;
    if (version === "1.1" && (headers === undefined || !headers.has("host"))) {
      // RFC 9112 §3.2: a client MUST send Host in every HTTP/1.1 request.
      throw new H1Error("HW_H1_MISSING_HOST", "an HTTP/1.1 request needs Host", { side: "local" });
    }
    const decision = decideOutgoingFraming({
      role: "request",
      method: head.method,
      headers,
      contentLength: options.contentLength,
      version,
    });
    const expectContinue = expectsContinue(headers);
    if (expectContinue && decision.framing.kind === "none") {
      // RFC 9110 §10.1.1 ¶7: no 100-continue on a request without content.
      throw new H1Error("HW_H1_INVALID_EXPECT", "Expect: 100-continue needs content", {
        side: "local",
      });
    }
    const proposesSwitch =
      successfulResponseIsTunnel(head.method) ||
      (headers?.has("upgrade") === true && hasConnectionOption(headers, "upgrade"));
    const keepAlive =
      version === "1.1"
        ? !hasConnectionOption(headers, "close")
        : hasConnectionOption(headers, "keep-alive");
    const bytes = serializeRequestHead(head, decision.fields);

    const sent: Sent = {
      method: head.method,
      proposesSwitch,
      keepAlive,
      expectContinue,
      continueReceived: false,
      deadline: (options.now ?? 0) + (options.continueTimeout ?? 1000),
      finalReceived: false,
      requestComplete: false,
      chunked: decision.framing.kind === "chunked",
      endEarly: false,
    };
    this.#requests.apply(STREAM_EVENT.head);
    this.#inFlight.push(sent);
    if (this.#inFlight.length === 1) this.#responses.tryApply(STREAM_EVENT.request);
    this.#parser.expectResponse(head.method);
    this.#sending = sent;
    this.#body = new OutgoingBody(decision.framing);
    if (!keepAlive) this.#mustClose = true;
    if (isEmptyFraming(decision.framing)) {
      // Nothing can follow the head: the request is complete now. A later
      // sendEndOfMessage() for it is accepted and returns no bytes.
      this.#finishRequest();
      this.#autoEnded = true;
    }
    return bytes;
  }

  /**
   * Whether the content of the request being sent may go out now (see
   * {@link BodyDecision}). `now` is the caller's clock, compared with the
   * request's `now + continueTimeout`.
   */
  bodyDecision(now = 0): BodyDecision {
    const sent = this.#sending;
    if (sent === null) return "abandon";
    if (sent.finalReceived) return sent.endEarly ? "end" : "abandon";
    if (!sent.expectContinue || sent.continueReceived) return "send";
    // RFC 9110 §10.1.1 ¶7: a client need not wait for 100 indefinitely.
    return now >= sent.deadline ? "send" : "wait";
  }

  /** When (caller's clock) to stop waiting for 100 Continue, or `undefined` if nothing waits. */
  get continueDeadline(): number | undefined {
    const sent = this.#sending;
    return sent?.expectContinue && !sent.continueReceived ? sent.deadline : undefined;
  }

  /** Frames a piece of request content; returns the parts to write in order. */
  sendData(data: Uint8Array): Uint8Array[] {
    if (this.#autoEnded && data.byteLength === 0) return [];
    if (this.#requests.state !== "send-body" || this.#body === null) {
      throw new H1Error("HW_H1_INVALID_STATE", "no request content is being sent", {
        side: "local",
      });
    }
    if (this.#sending?.finalReceived) {
      throw new H1Error("HW_H1_INVALID_STATE", "the server answered; the content is abandoned", {
        side: "local",
      });
    }
    return this.#body.data(data);
  }

  /**
   * Ends the request (last chunk and trailers for chunked content). When
   * {@link bodyDecision} says `"end"`, this ends the cut-short content with the
   * last chunk alone (trailers describing the whole content would be wrong).
   */
  sendEndOfMessage(trailers?: Fields): Uint8Array[] {
    if (this.#autoEnded && (trailers === undefined || trailers.size === 0)) {
      this.#autoEnded = false;
      return [];
    }
    if (this.#requests.state !== "send-body" || this.#body === null) {
      throw new H1Error("HW_H1_INVALID_STATE", "no request is being sent", { side: "local" });
    }
    if (this.#sending?.endEarly && trailers !== undefined && trailers.size > 0) {
      throw new H1Error("HW_H1_INVALID_STATE", "content ended early carries no trailers", {
        side: "local",
      });
    }
    const parts = this.#body.end(trailers);
    this.#finishRequest();
    return parts;
  }

  /** Feeds bytes read from the socket; returns the events they complete. */
  receive(bytes: Uint8Array): ClientEvent[] {
    if (this.#switched) {
      throw new H1Error("HW_H1_PROTOCOL_SWITCHED", "the connection left HTTP", { side: "local" });
    }
    if (bytes.byteLength > 0 && this.#responses.state !== "error") {
      this.#input = bytes;
      this.#parser.push(bytes);
      this.#input = undefined;
      this.#checkSwitch();
    }
    return this.takeEvents();
  }

  /** The server closed the connection (EOF): ends a close-delimited response. */
  receiveEnd(): ClientEvent[] {
    if (!this.#peerEnded && !this.#switched) {
      this.#peerEnded = true;
      if (this.#responses.state !== "error") this.#parser.finish();
      this.#mustClose = true;
      this.#responses.tryApply(STREAM_EVENT.connectionClosed);
      this.#requests.tryApply(STREAM_EVENT.close);
      this.#events.push({ type: "connection-closed", unanswered: this.#inFlight.length });
    }
    return this.takeEvents();
  }

  /** Events queued since the last {@link receive}. */
  takeEvents(): ClientEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #finishRequest(): void {
    const sent = this.#sending!;
    sent.requestComplete = true;
    this.#sending = null;
    this.#body = null;
    if (sent.finalReceived && this.#requests.state === "must-close") return;
    // A final response that came first (content ended early) already declined any switch.
    if (sent.proposesSwitch && !sent.finalReceived) {
      this.#requests.apply(STREAM_EVENT.endProposingSwitch);
      return;
    }
    this.#requests.apply(STREAM_EVENT.end);
    this.#requests.apply(this.#mustClose ? STREAM_EVENT.close : STREAM_EVENT.reuse);
  }

  #onInformational(head: ResponseHead): void {
    const front = this.#inFlight[0];
    // RFC 9110 §15.2.1: 100 tells the client to send the content it held back.
    if (head.status === 100 && front !== undefined) front.continueReceived = true;
    this.#events.push({ type: "informational", head });
  }

  #onHead(head: ResponseHead): void {
    const front = this.#inFlight[0];
    if (front === undefined) return;
    front.finalReceived = true;
    if (head.framing.kind === "tunnel") {
      if (!front.proposesSwitch) {
        this.#onError(
          new H1Error("HW_H1_UNEXPECTED_SWITCH", `${head.status} switches without a proposal`, {
            statusHint: 502,
          }),
        );
        return;
      }
      this.#responses.apply(STREAM_EVENT.switch, "peer");
      this.#requests.tryApply(STREAM_EVENT.switchAccepted);
      this.#switched = true;
      this.#pendingSwitch = head;
      this.#events.push({ type: "response", head });
      return;
    }
    this.#responses.apply(STREAM_EVENT.head, "peer");
    if (!head.keepAlive || head.framing.kind === "close") this.#mustClose = true;
    if (front === this.#sending && !front.requestComplete) {
      if (this.#endChunkedEarly && front.chunked && head.status >= 400 && !this.#mustClose) {
        // RFC 2616 §8.2.2: chunked content may be ended early with the last chunk;
        // the server did not say it closes (RFC 9110 §10.1.1), so it reads on.
        front.endEarly = true;
      } else {
        // RFC 9110 §10.1.1, RFC 9112 §9.5: a final status before the content was
        // sent; the content is not sent, and without it the request cannot be
        // ended in band.
        this.#mustClose = true;
        this.#requests.tryApply(STREAM_EVENT.abandon);
        this.#sending = null;
        this.#body = null;
      }
    }
    if (front.proposesSwitch && this.#requests.state === "might-switch") {
      this.#requests.apply(STREAM_EVENT.switchDeclined);
      this.#requests.apply(this.#mustClose ? STREAM_EVENT.close : STREAM_EVENT.reuse);
    }
    this.#events.push({ type: "response", head });
  }

  #onResponseComplete(): void {
    if (this.#switched) return;
    this.#inFlight.shift();
    this.#responses.apply(STREAM_EVENT.end, "peer");
    this.#events.push({ type: "end-of-message" });
    if (this.#mustClose) {
      this.#responses.apply(STREAM_EVENT.close);
      this.#requests.tryApply(STREAM_EVENT.close);
    } else if (this.#inFlight.length > 0) {
      this.#responses.apply(STREAM_EVENT.nextRequest);
    } else {
      this.#responses.apply(STREAM_EVENT.reuse);
    }
  }

  #checkSwitch(): void {
    const head = this.#pendingSwitch;
    if (head === null) return;
    this.#pendingSwitch = null;
    this.#inFlight.shift();
    this.#events.push({ type: "switched", head, rest: concatBytes([this.#parser.takeUnparsed()]) });
  }

  #onError(error: H1Error): void {
    this.#responses.tryApply(STREAM_EVENT.protocolError);
    this.#requests.tryApply(STREAM_EVENT.protocolError);
    this.#mustClose = true;
    this.#events.push({ type: "error", error });
  }
}

function expectsContinue(headers: Fields | undefined): boolean {
  const value = headers?.get("expect");
  if (value === null || value === undefined) return false;
  // RFC 9110 §10.1.1: the only expectation defined is 100-continue (case-insensitive).
  return value.split(",").some((part) => part.trim().toLowerCase() === "100-continue");
}
