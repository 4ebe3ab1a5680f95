import { Buffer } from "node:buffer";
import type { Socket } from "node:net";
import { isHyperwireError } from "@hyperwire/grammar";
import {
  type H1Error,
  type RequestHead,
  ServerConnection,
  type ServerEvent,
  serializeResponseHead,
} from "@hyperwire/h1";
import { Fields } from "@hyperwire/headers";
import { reasonPhrase, statusForbidsContent } from "@hyperwire/status";
import {
  reportRequestRejected,
  reportRequestStart,
  reportResponseFinish,
  reportServerError,
} from "./diagnostics.js";
import { ServerError } from "./errors.js";
import { contentFlowsDuringResponse } from "./full-duplex.js";
import { httpDateNow } from "./http-date-clock.js";
import { joinHeadAndContent } from "./joined-response.js";
import { mediaTypeForPath } from "./media-types.js";
import { type NotOpened, OpenFile, openFile } from "./open-file.js";
import { openedFileOf } from "./opened-file-body.js";
import { discardBody } from "./response-body.js";
import { toResponseFields } from "./response-fields.js";
import { responseFieldsFor } from "./response-fields-memo.js";
import type { ResolvedServeOptions } from "./server-options.js";
import { type RequestOwner, ServerRequest } from "./server-request.js";
import type { FileBody, ResponseHeaders, ServerResponse } from "./server-response.js";
import { encodeStringBody } from "./string-body.js";

/** What a connection needs from the server that accepted it. @internal */
export interface ConnectionHost {
  readonly options: ResolvedServeOptions;
  /** Graceful shutdown under way: finish in-flight requests with `Connection: close`. */
  readonly closing: boolean;
  /** The connection closed or was handed over; forget it. */
  connectionGone(connection: HttpConnection): void;
}

const EMPTY = new Uint8Array(0);
/**
 * Parts of a batch smaller than this are copied together (heads, chunk
 * framing, small bodies); larger ones go out as they are, side by side in one
 * `writev`. Copies stay within Node's 8 KiB buffer pool, so a 16 KiB body is
 * never copied into a fresh allocation just to sit after its head.
 */
const COALESCE_PART_BYTES = 2 * 1024;
/** A batch this small is copied into one pooled buffer: one `write`, no `writev`. */
const COALESCE_BATCH_BYTES = 4 * 1024;
/** How long a closing connection keeps reading (and dropping) the client's bytes so our last response is not lost to a TCP reset. */
const LINGER_MS = 2_000;

// Timer kinds: which deadline the connection's one timer stands for.
const T_NONE = 0;
const T_HEADERS = 1;
const T_BODY = 2;
const T_IDLE = 3;
const T_SEND = 4;
const T_LINGER = 5;

const TAKEOVER_NONE = 0;
const TAKEOVER_UPGRADE = 1;
const TAKEOVER_CONNECT = 2;

/** One request and the response owed to it, in arrival order. */
class Exchange {
  response: ServerResponse | null = null;
  ready = false;
  started = false;
  writing = false;
  takeover = TAKEOVER_NONE;
  /** The handler was called (or the request needs none). */
  dispatched: boolean;
  /** For a protocol error: the request whose head was read before it broke (the access log's). */
  broken: ServerRequest | null = null;
  constructor(
    readonly request: ServerRequest | null,
    readonly error: H1Error | null,
  ) {
    this.dispatched = request === null;
  }
}

const TRACE_OFF: ServerResponse = {
  status: 405,
  // RFC 9110 §15.5.6: a 405 MUST list the methods the target supports; the server
  // cannot know the application's, so it lists the common ones it passes through.
  headers: { Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", "Content-Type": "text/plain" },
  body: "TRACE is disabled\n",
};
const CONNECT_OFF: ServerResponse = {
  status: 501,
  headers: { "Content-Type": "text/plain" },
  body: "CONNECT is not supported here\n",
};
/** Fields a TRACE echo leaves out (RFC 9110 §9.3.8: they may carry credentials). */
const TRACE_HIDDEN = new Set(["cookie", "authorization", "proxy-authorization"]);

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function isFileBody(value: object): value is FileBody {
  return typeof (value as { file?: unknown }).file === "string";
}

function clientGone(): ServerError {
  return new ServerError("HW_SERVER_CLIENT_GONE", "the client closed the connection");
}

/**
 * Drives one accepted socket: bytes go into the sans-IO `ServerConnection`
 * of @hyperwire/h1, its events become {@link ServerRequest}s for the handler,
 * and responses come back out in request order (RFC 9112 §9.3.2).
 *
 * Writes are batched: the responses ready by the end of one read (a
 * pipelined burst) and a response's head and content go out in one
 * `write()`. Reading pauses while the pipelining queue is full, while the
 * client does not read its responses (`write()` returned false) and while a
 * handler leaves too much request content unread: nothing is buffered
 * without bound. One timer per connection stands for the deadline of the
 * current phase (header section, content, idle keep-alive, blocked send).
 *
 * @internal Created by the server for each connection; not part of the public API.
 */
export class HttpConnection implements RequestOwner {
  readonly socket: Socket;
  readonly #host: ConnectionHost;
  readonly #options: ResolvedServeOptions;
  readonly #codec: ServerConnection;
  readonly #remoteAddress: string;
  readonly #remotePort: number;
  readonly #secure: boolean;
  /** Exchanges in request order; the first is the one being answered. */
  readonly #queue: Exchange[] = [];
  /** The exchange whose request is being received. */
  #reading: Exchange | null = null;
  /** Requests received whose handler waits for a place among the first `maxPipelinedRequests`. */
  #deferred = 0;
  #trailers: Fields | null = null;
  #out: Uint8Array[] = [];
  #outBytes = 0;
  /** Content in `#out` that the server encoded from a string body (never changed afterwards). */
  #encodedContent: Uint8Array | null = null;
  #batching = false;
  #flushScheduled = false;
  #writable = true;
  #blockedAt = 0;
  #drainWaiters: (() => void)[] = [];
  #paused = false;
  /** No more bytes are processed: the socket ended, closed, or was handed over. */
  #closed = false;
  #ending = false;
  #closeAfterFlush = false;
  #peerEnded = false;
  #answered = 0;
  /** When the first byte of a request head not yet complete arrived (0: none pending). */
  #headerStart = 0;
  #requestStart = 0;
  #idleSince = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;
  #timerKind = T_NONE;
  #deadline = 0;
  readonly #createdAt: number;
  /** Start of the current body-rate window (0: no window running) and the content count then. */
  #rateStart = 0;
  #rateBase = 0;
  /** The time read once at the start of the current read event (0 outside one): see {@link #now}. */
  #readTime = 0;

  constructor(
    socket: Socket,
    host: ConnectionHost,
    secure: boolean,
    remote?: { address?: string; port?: number },
  ) {
    this.socket = socket;
    this.#host = host;
    this.#options = host.options;
    this.#secure = secure;
    this.#remoteAddress = remote?.address ?? socket.remoteAddress ?? "";
    this.#remotePort = remote?.port ?? socket.remotePort ?? 0;
    this.#createdAt = Date.now();
    this.#codec = new ServerConnection({
      parser: this.#options.parser,
      maxPendingRequests: this.#options.maxPipelinedRequests,
      // Full duplex: content that arrives once the response started still reaches the handler.
      requestBodyAfterResponse: this.#options.fullDuplex ? "deliver" : undefined,
    });
    socket.setNoDelay(true);
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("drain", this.#onDrain);
    socket.on("error", this.#onError);
    socket.on("close", this.#onClose);
    this.#updateTimer();
  }

  /** Requests received and not yet answered. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Feeds bytes read before this connection was created (after a PROXY protocol header, say). */
  feed(bytes: Uint8Array): void {
    if (bytes.byteLength > 0) this.#onData(bytes);
  }

  /**
   * Graceful shutdown: an idle connection closes now; a busy one finishes
   * what it has (the last response says `Connection: close`) and then closes.
   */
  shutdown(): void {
    if (this.#closed) return;
    if (this.#queue.length === 0 && this.#reading === null && this.#headerStart === 0) {
      this.#finish();
      return;
    }
    this.#updateFlow();
  }

  /** Closes the socket at once (shutdown deadline passed). */
  destroy(): void {
    this.socket.destroy();
  }

  // ── RequestOwner ──────────────────────────────────────────────────────

  /** @internal */
  bodyReadStarted(request: ServerRequest): void {
    // RFC 9110 §10.1.1: the client waits for 100 before sending the content; it goes
    // out now that the handler asks for the content (if the request is being answered).
    if (this.#queue[0]?.request === request && !this.#batching) this.#afterAsync();
  }

  /** @internal */
  bodyDrained(request: ServerRequest): void {
    if (this.#reading?.request === request) this.#updateFlow();
  }

  // ── Input ─────────────────────────────────────────────────────────────

  readonly #onData = (chunk: Uint8Array): void => {
    if (this.#closed) return;
    if (this.#ending) return; // lingering: drop what the client still sends
    const now = Date.now();
    this.#readTime = now;
    if (this.#reading === null && this.#headerStart === 0) this.#headerStart = now;
    this.#idleSince = 0;
    this.#batching = true;
    try {
      this.#handle(this.#codec.receive(chunk));
      this.#pump();
    } catch (error) {
      this.#options.onError(error, null);
      this.socket.destroy();
      return;
    } finally {
      this.#batching = false;
      this.#readTime = 0;
    }
    this.#flush();
    this.#updateFlow();
    this.#updateTimer();
  };

  /**
   * The current time in ms. While a read event's requests are parsed and
   * dispatched it is the time read once at its start: their start times and
   * the lifetime cap need no finer clock, and reading the clock for each
   * costs more than parsing a small request.
   */
  #now(): number {
    const time = this.#readTime;
    return time !== 0 ? time : Date.now();
  }

  readonly #onEnd = (): void => {
    if (this.#closed || this.#ending) return;
    this.#peerEnded = true;
    this.#batching = true;
    try {
      this.#handle(this.#codec.receiveEnd());
      this.#pump();
    } catch (error) {
      this.#options.onError(error, null);
      this.socket.destroy();
      return;
    } finally {
      this.#batching = false;
    }
    // A client that sends FIN almost always left (browsers and libraries never half-close):
    // tell the handlers still working, as node:http does, but write whatever they answer.
    const gone = clientGone();
    for (const ex of this.#queue) if (!ex.started) ex.request?.abort(gone);
    this.#flush();
    if (this.#queue.length === 0) this.#finish();
    this.#updateTimer();
  };

  #handle(events: ServerEvent[]): void {
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      switch (event.type) {
        case "request":
          this.#onRequest(event.head);
          break;
        case "data":
          this.#reading?.request?.pushBody(event.data);
          break;
        case "trailers":
          this.#trailers = event.trailers;
          break;
        case "end-of-message": {
          const ex = this.#reading;
          if (ex !== null) {
            this.#reading = null;
            ex.request!.endBody(this.#trailers);
            this.#trailers = null;
            if (ex.takeover !== TAKEOVER_NONE) ex.ready = true;
          }
          break;
        }
        case "error":
          this.#onProtocolError(event.error);
          break;
        case "connection-closed": {
          const ex = this.#reading;
          if (ex !== null) {
            this.#reading = null;
            ex.request!.abort(clientGone());
          }
          break;
        }
      }
    }
  }

  #onRequest(head: RequestHead): void {
    const now = this.#now();
    this.#requestStart = this.#headerStart === 0 ? now : this.#headerStart;
    this.#headerStart = 0;
    this.#rateStart = 0;
    const request = new ServerRequest(
      head,
      this,
      this.#remoteAddress,
      this.#remotePort,
      this.#secure,
      this.#options.bodyHighWaterMark,
      this.#options.multipart,
    );
    const ex = new Exchange(request, null);
    this.#queue.push(ex);
    this.#reading = ex;
    reportRequestStart(this.#options, request);
    // RFC 9112 §9.3.2: pipelined requests may be processed in parallel, but at most
    // maxPipelinedRequests handlers run per connection, even when one read brought
    // more requests than that (the codec holds back only the reads that follow).
    if (this.#queue.length <= this.#options.maxPipelinedRequests) {
      ex.dispatched = true;
      this.#dispatch(ex, request);
    } else {
      this.#deferred++;
    }
  }

  /** Calls the handlers of deferred requests that moved up among the first `maxPipelinedRequests`. */
  #dispatchDeferred(): void {
    const queue = this.#queue;
    const end = Math.min(queue.length, this.#options.maxPipelinedRequests);
    let found = false;
    for (let i = 0; i < end; i++) {
      const ex = queue[i]!;
      if (ex.dispatched) continue;
      ex.dispatched = true;
      this.#deferred--;
      found = true;
      this.#dispatch(ex, ex.request!);
    }
    if (!found && end === queue.length) this.#deferred = 0;
  }

  #onProtocolError(error: H1Error): void {
    const ex = this.#reading;
    if (ex !== null) {
      // The request being read is broken; the codec answers it with the error response.
      this.#reading = null;
      ex.request!.abort(error);
      if (!ex.started) {
        const index = this.#queue.indexOf(ex);
        if (index >= 0) this.#queue.splice(index, 1);
        dropUnanswered(ex);
      }
    }
    this.#headerStart = 0;
    const failed = new Exchange(null, error);
    failed.broken = ex?.request ?? null;
    failed.ready = true;
    this.#queue.push(failed);
  }

  // ── The application ───────────────────────────────────────────────────

  #dispatch(ex: Exchange, request: ServerRequest): void {
    const options = this.#options;
    const method = request.method;
    if (method === "CONNECT") {
      if (options.onConnect !== undefined) ex.takeover = TAKEOVER_CONNECT;
      else this.#ready(ex, CONNECT_OFF);
      return;
    }
    if (request.head.upgrade.length > 0 && options.onUpgrade !== undefined) {
      ex.takeover = TAKEOVER_UPGRADE;
      return;
    }
    if (method === "TRACE") {
      this.#ready(ex, options.trace === "echo" ? traceEcho(request) : TRACE_OFF);
      return;
    }
    let result: unknown;
    try {
      result = options.handler(request);
    } catch (error) {
      this.#ready(ex, this.#failure(error, request));
      return;
    }
    if (isThenable(result)) {
      result.then(
        (response) => this.#ready(ex, response),
        (error: unknown) => this.#ready(ex, this.#failure(error, request)),
      );
    } else {
      this.#ready(ex, result);
    }
  }

  /** The response for an error thrown by the handler: never its message or stack. */
  #failure(error: unknown, request: ServerRequest | null): ServerResponse {
    reportServerError(error, request);
    const hint = isHyperwireError(error) ? error.statusHint : undefined;
    if (hint !== undefined && hint >= 400 && hint < 500) {
      // A client error the request helpers raised (invalid JSON, unsupported form type).
      return {
        status: hint,
        headers: { "Content-Type": "text/plain" },
        body: `${reasonPhrase(hint)}\n`,
      };
    }
    try {
      this.#options.onError(error, request);
    } catch {
      // A failing error reporter must not take the connection down.
    }
    return {
      status: 500,
      headers: { "Content-Type": "text/plain" },
      body: "Internal Server Error\n",
    };
  }

  #ready(ex: Exchange, response: unknown): void {
    if (ex.ready) {
      // Answered already (a 408) or dropped (see dropUnanswered): this one is never sent.
      if (response !== ex.response) cancelResponse(response);
      return;
    }
    if (response === null || typeof response !== "object") {
      response = this.#failure(
        new ServerError("HW_SERVER_INVALID_RESPONSE", "the handler returned no response object"),
        ex.request,
      );
    }
    ex.response = response as ServerResponse;
    ex.ready = true;
    if (!this.#batching) this.#afterAsync();
  }

  /** Work that became possible outside a read (a handler resolved, a stream finished). */
  #afterAsync(): void {
    if (this.#closed) return;
    this.#batching = true;
    try {
      this.#pump();
    } catch (error) {
      this.#options.onError(error, null);
      this.socket.destroy();
      return;
    } finally {
      this.#batching = false;
    }
    // Responses resolved in the same microtask checkpoint share one write.
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(this.#scheduledFlush);
    }
  }

  readonly #scheduledFlush = (): void => {
    this.#flushScheduled = false;
    if (this.#closed) return;
    this.#flush();
    this.#updateFlow();
    this.#updateTimer();
  };

  // ── Output ────────────────────────────────────────────────────────────

  /** Answers, in order, every exchange at the front of the queue whose response is ready. */
  #pump(): void {
    const queue = this.#queue;
    while (!this.#closed && !this.#ending && queue.length > 0) {
      if (this.#deferred > 0) this.#dispatchDeferred();
      const ex = queue[0]!;
      if (this.#closeAfterFlush) {
        // The last response said `Connection: close` (request cap, shutdown): requests
        // read after it are not answered (RFC 9112 §9.6). The codec itself answers a
        // protocol error queued behind a good response (response, then 400, then close).
        for (const each of queue) dropUnanswered(each);
        queue.length = 0;
        return;
      }
      if (ex.writing) return;
      const request = ex.request;
      const duplex = this.#options.fullDuplex;
      if (
        request !== null &&
        !request.bodyComplete &&
        (request.touched ||
          (ex.ready &&
            (duplex
              ? contentFlowsDuringResponse(request, ex.response)
              : request.ownsStream(ex.response?.body))))
      ) {
        // RFC 9110 §10.1.1 ¶7: the handler asked for the content: tell the waiting client to send it.
        if (this.#codec.shouldSendContinue()) this.#push(this.#codec.sendContinue());
        // Half-duplex: a handler that reads the content gets all of it before its response starts.
        // Full duplex: the response starts now and the content goes on arriving.
        if (ex.ready && !duplex) return;
      }
      if (!ex.ready) return;
      if (ex.takeover !== TAKEOVER_NONE) {
        this.#handOver(ex);
        return;
      }
      ex.started = true;
      if (!this.#startResponse(ex)) return;
      queue.shift();
      if (ex.request !== null) reportResponseFinish(this.#options, ex.request, ex.response);
      this.#answered++;
      this.#afterResponse();
    }
  }

  #afterResponse(): void {
    if (this.#options.fullDuplex) this.#afterDuplexResponse();
    if (this.#codec.shouldClose) {
      this.#closeAfterFlush = true;
      return;
    }
    // A response let the codec parse input it held back (pipelining queue was full).
    const events = this.#codec.takeEvents();
    if (events.length > 0) this.#handle(events);
    if (this.#queue.length === 0 && this.#peerEnded) this.#closeAfterFlush = true;
  }

  /**
   * Full duplex: the response just sent ended before its request's content.
   * Content the handler never started reading is dropped now, and if much
   * remains the connection closes rather than read it (RFC 9112 §9.3); a
   * handler that reads keeps getting it, as after `res.end()` in node:http.
   */
  #afterDuplexResponse(): void {
    const reading = this.#reading;
    // The exchange still being read is the one just answered only if its response started.
    const request = reading?.started === true ? reading.request : null;
    if (request === null || request.bodyComplete || request.touched) return;
    request.discard();
    if (this.#tooMuchUnread(request)) this.#closeAfterFlush = true;
  }

  /**
   * Whether the content of `request` not yet received is more than
   * `maxUnreadBodyBytes` (or of unknown size): more than is worth reading
   * and dropping to reach the next request (RFC 9112 §9.3) instead of closing.
   */
  #tooMuchUnread(request: ServerRequest): boolean {
    const framing = request.head.framing;
    const remaining =
      framing.kind === "length" ? framing.length - request.received : Number.POSITIVE_INFINITY;
    return remaining > this.#options.maxUnreadBodyBytes;
  }

  /** Full duplex only: whether the content of `request` goes on arriving while `response` is sent. */
  #contentFlowsDuring(request: ServerRequest, response: ServerResponse | null): boolean {
    return this.#options.fullDuplex && contentFlowsDuringResponse(request, response);
  }

  /** Whether the connection should carry no request after the one answered by `ex`. */
  #mustCloseAfter(ex: Exchange): boolean {
    const queue = this.#queue;
    if (this.#answered + 1 >= this.#options.maxRequestsPerConnection) return true;
    if (this.#now() - this.#createdAt >= this.#options.maxConnectionLifetime) return true;
    if (
      this.#host.closing &&
      queue.length === 1 &&
      (this.#reading === null || this.#reading === ex)
    ) {
      return true;
    }
    const request = ex.request;
    if (
      request !== null &&
      !request.bodyComplete &&
      !this.#contentFlowsDuring(request, ex.response)
    ) {
      // RFC 9112 §9.3: unread content must be read to find the next request. Read and drop
      // a little of it; beyond the limit (or of unknown size) closing is cheaper.
      if (this.#tooMuchUnread(request)) return true;
    }
    return false;
  }

  /** Writes the response of `ex`; returns true when it is complete, false when content streams on. */
  #startResponse(ex: Exchange): boolean {
    const codec = this.#codec;
    if (ex.error !== null) {
      const status = ex.error.statusHint ?? 400;
      const body = Buffer.from(`${reasonPhrase(status)}\n`, "latin1");
      const headers = Fields.fromTrusted(
        ["date", "content-type"],
        ["Date", "Content-Type"],
        [httpDateNow(), "text/plain"],
      );
      this.#push(codec.sendResponse({ status, headers }, { contentLength: body.byteLength }));
      for (const part of codec.sendData(body)) this.#push(part);
      for (const part of codec.sendEndOfMessage()) this.#push(part);
      this.#reportRejected(status, body.byteLength, ex.error, ex.broken);
      return true;
    }
    const request = ex.request!;
    const response = ex.response!;
    const body = response.body;
    if (
      body !== undefined &&
      body !== null &&
      typeof body === "object" &&
      !(body instanceof Uint8Array) &&
      !(body instanceof ArrayBuffer)
    ) {
      ex.writing = true;
      void this.#streamResponse(ex, request, response);
      return false;
    }
    let bytes: Uint8Array;
    if (body === undefined || body === null) bytes = EMPTY;
    else if (typeof body === "string") {
      bytes = encodeStringBody(body);
      this.#encodedContent = bytes;
    } else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
    else bytes = body;
    if (response.trailers !== undefined) {
      ex.writing = true;
      void this.#streamResponse(ex, request, {
        ...response,
        body: [bytes] as unknown as AsyncIterable<Uint8Array>,
      });
      return false;
    }
    const status = this.#head(ex, request, response, bytes.byteLength);
    if (status === 0) return true;
    if (bytes.byteLength > 0) {
      for (const part of codec.sendData(bytes)) this.#push(part);
    }
    for (const part of codec.sendEndOfMessage()) this.#push(part);
    return true;
  }

  /**
   * Writes the head of the response to `request`. Returns 0 when the response
   * has no content and is complete (HEAD, 1xx, 204, 304; RFC 9112 §6.3 ¶1),
   * else the status. A head the codec refuses (invalid field, framing
   * conflict) is replaced by a 500.
   */
  #head(
    ex: Exchange,
    request: ServerRequest,
    response: ServerResponse,
    contentLength: number | null,
    contentType?: string,
  ): number {
    const codec = this.#codec;
    let status = response.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      // 1xx are interim (RFC 9110 §15.2) and 101 needs onUpgrade: neither can be a handler's answer.
      return this.#replaceWith500(
        ex,
        request,
        new ServerError(
          "HW_SERVER_INVALID_RESPONSE",
          `status ${String(status)} is not a final status`,
        ),
      );
    }
    const noContent = request.method === "HEAD" || statusForbidsContent(status);
    const close = this.#mustCloseAfter(ex);
    let headers: Fields;
    try {
      headers = responseFieldsFor(
        response.headers,
        close,
        request.head.keepAlive ? this.#options.keepAliveHeader : null,
        contentType,
      );
    } catch (error) {
      return this.#replaceWith500(ex, request, error);
    }
    if (!request.bodyComplete && !request.touched && !this.#contentFlowsDuring(request, response)) {
      request.discard();
    }
    let bytes: Uint8Array;
    try {
      bytes = codec.sendResponse(
        { status, reason: response.statusText, headers },
        {
          // A 304 has no content of its own, and the length of the representation
          // it stands for is not known here: no Content-Length (RFC 9110 §8.6 ¶7),
          // unless the handler's fields carry one. A HEAD gets the GET's length.
          contentLength:
            status === 204 || status < 200 ? 0 : status === 304 ? undefined : contentLength,
        },
      );
    } catch (error) {
      status = this.#replaceWith500(ex, request, error);
      return status;
    }
    this.#push(bytes);
    if (noContent) return 0;
    return status;
  }

  #replaceWith500(ex: Exchange, request: ServerRequest, error: unknown): number {
    const fallback = this.#failure(error, request);
    const headers = toResponseFields(fallback.headers, { close: true, keepAlive: null });
    const body = Buffer.from(fallback.body as string);
    const noContent = request.method === "HEAD";
    this.#push(
      this.#codec.sendResponse({ status: 500, headers }, { contentLength: body.byteLength }),
    );
    if (noContent) return 0;
    for (const part of this.#codec.sendData(body)) this.#push(part);
    for (const part of this.#codec.sendEndOfMessage()) this.#push(part);
    ex.response = fallback;
    return 0;
  }

  async #streamResponse(
    ex: Exchange,
    request: ServerRequest,
    response: ServerResponse,
  ): Promise<void> {
    const codec = this.#codec;
    let source = response.body as unknown;
    let contentLength: number | null = null;
    let contentType: string | undefined;
    let completed = false;
    try {
      if (isFileBody(source as object)) {
        // Opened once: the length announced and the bytes sent come from the
        // same descriptor, whatever happens to the path meanwhile. A feature
        // that needed its size or validators (ranges, conditional requests,
        // compression) opened it already and passes the descriptor on.
        const path = (source as FileBody).file;
        let file: OpenFile | NotOpened | undefined = openedFileOf(source);
        if (file === undefined) {
          try {
            file = await openFile(path);
          } catch {
            file = 404;
          }
        }
        if (file instanceof OpenFile) {
          contentLength = file.size;
          contentType = mediaTypeForPath(path);
          if (request.method === "HEAD") {
            file.close();
            source = [];
          } else {
            source = file.whole();
          }
        } else {
          response = {
            status: 404,
            headers: { "Content-Type": "text/plain" },
            body: "Not Found\n",
          };
          source = [Buffer.from("Not Found\n")];
          contentLength = 10;
        }
      } else if (Array.isArray(source)) {
        // Bytes with trailers: one chunk, framed chunked.
        contentLength = null;
      }
      if (this.#closed) throw clientGone();
      const status = this.#head(ex, request, response, contentLength, contentType);
      if (status === 0) {
        discardBody(source);
        completed = true;
      } else {
        this.#flushSoon();
        await this.#pipe(source);
        let trailers = response.trailers;
        if (typeof trailers === "function") trailers = await trailers();
        const trailerFields =
          trailers === undefined ? undefined : toResponseFields(trailers as ResponseHeaders);
        if (this.#closed) throw clientGone();
        for (const part of codec.sendEndOfMessage(trailerFields)) this.#push(part);
        completed = true;
      }
    } catch (error) {
      discardBody(source);
      if (!this.#closed) {
        // The head may be out already: the only honest signal left is an incomplete message.
        reportServerError(error, request);
        this.#options.onError(error, request);
        this.socket.destroy();
      }
      return;
    }
    if (!completed || this.#closed) return;
    // A replaced head (500) is in ex.response; a missing file's 404 only in `response`.
    reportResponseFinish(
      this.#options,
      request,
      ex.response?.status === 500 ? ex.response : response,
      contentLength,
    );
    ex.writing = false;
    this.#batching = true;
    try {
      this.#queue.shift();
      this.#answered++;
      this.#afterResponse();
    } finally {
      this.#batching = false;
    }
    this.#afterAsync();
  }

  /** Copies a content source to the socket, waiting for `drain` whenever `write()` says so. */
  async #pipe(source: unknown): Promise<void> {
    const codec = this.#codec;
    if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
      const reader = (source as ReadableStream<Uint8Array>).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          if (this.#closed) throw clientGone();
          await this.#write(codec, value);
        }
      } catch (error) {
        reader.cancel(error).catch(() => {});
        throw error;
      } finally {
        reader.releaseLock();
      }
    }
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      if (this.#closed) throw clientGone();
      await this.#write(codec, chunk);
    }
  }

  async #write(codec: ServerConnection, chunk: Uint8Array | string): Promise<void> {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (bytes.byteLength === 0) return;
    for (const part of codec.sendData(bytes)) this.#push(part);
    this.#flush();
    if (!this.#writable) {
      this.#updateTimer();
      await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
      if (this.#closed) throw clientGone();
    }
  }

  #flushSoon(): void {
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(this.#scheduledFlush);
    }
  }

  /** Hands the socket and the bytes read past the request to onUpgrade/onConnect. */
  #handOver(ex: Exchange): void {
    const request = ex.request!;
    const taker =
      ex.takeover === TAKEOVER_CONNECT ? this.#options.onConnect! : this.#options.onUpgrade!;
    this.#flush();
    // The taker writes its own 101 or 2xx (the way node:http's "upgrade" and "connect"
    // events work): the codec only marks the switch and hands over the bytes read past
    // the request (RFC 9110 §7.8, §9.3.6).
    const head = this.#codec.acceptSwitch();
    for (const each of this.#queue) dropUnanswered(each);
    this.#queue.length = 0;
    this.#detach();
    try {
      taker(request, this.socket, head);
    } catch (error) {
      this.#options.onError(error, request);
      this.socket.destroy();
    }
  }

  #detach(): void {
    const socket = this.socket;
    socket.pause();
    socket.off("data", this.#onData);
    socket.off("end", this.#onEnd);
    socket.off("drain", this.#onDrain);
    socket.off("error", this.#onError);
    socket.off("close", this.#onClose);
    this.#closed = true;
    this.#clearTimer();
    this.#host.connectionGone(this);
  }

  #push(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.#out.push(bytes);
    this.#outBytes += bytes.byteLength;
  }

  #flush(): void {
    const out = this.#out;
    const count = out.length;
    if (count > 0 && !this.#closed) {
      const socket = this.socket;
      let ok: boolean;
      // One response whose content the server encoded from a string: immutable, joinable by memo.
      const joined =
        count === 2 && out[1] === this.#encodedContent
          ? joinHeadAndContent(out[0]!, out[1]!)
          : null;
      if (count === 1) {
        ok = socket.write(out[0]!);
      } else if (joined !== null) {
        ok = socket.write(joined);
      } else if (this.#outBytes <= COALESCE_BATCH_BYTES) {
        ok = socket.write(Buffer.concat(out, this.#outBytes));
      } else {
        // One writev: runs of small parts copied together, large parts by reference.
        socket.cork();
        ok = true;
        let runStart = 0;
        let runBytes = 0;
        for (let i = 0; i <= count; i++) {
          const part = i < count ? out[i]! : null;
          if (part !== null && part.byteLength < COALESCE_PART_BYTES) {
            runBytes += part.byteLength;
            continue;
          }
          if (i - runStart === 1) ok = socket.write(out[runStart]!);
          else if (i > runStart) ok = socket.write(Buffer.concat(out.slice(runStart, i), runBytes));
          if (part !== null) ok = socket.write(part);
          runStart = i + 1;
          runBytes = 0;
        }
        socket.uncork();
      }
      this.#out = [];
      this.#outBytes = 0;
      this.#encodedContent = null;
      // write() says false once the stream holds its high-water mark (16 KiB), even when
      // the kernel took every byte at once (a 16 KiB response, a pipelined burst). Only
      // bytes still queued in the stream are backpressure: pausing for the others would
      // cost a pause, a 'drain' and a resume per response.
      if (!ok && this.#writable && socket.writableLength > 0) {
        this.#writable = false;
        this.#blockedAt = Date.now();
      }
    } else if (count > 0) {
      this.#out = [];
      this.#outBytes = 0;
    }
    if (this.#closeAfterFlush && !this.#closed) this.#finish();
  }

  readonly #onDrain = (): void => {
    // A 'drain' for a write() that said false although nothing stayed queued (see #flush).
    if (this.#writable) return;
    this.#writable = true;
    const waiters = this.#drainWaiters;
    if (waiters.length > 0) {
      this.#drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
    if (this.#closed) return;
    this.#updateFlow();
    this.#updateTimer();
  };

  /** Pauses or resumes reading so that nothing piles up (see the class comment). */
  #updateFlow(): void {
    if (this.#closed || this.#ending) return;
    let read = this.#writable && this.#codec.wantsData;
    const reading = this.#reading;
    if (read && this.#host.closing && reading === null && this.#headerStart === 0) read = false;
    if (read && reading !== null && reading.request !== null) {
      const request = reading.request;
      // The response waits for this content (half duplex): read it whatever is buffered.
      const waitedFor = this.#queue[0] === reading && reading.ready && !reading.started;
      if (request.bufferedBytes >= this.#options.bodyHighWaterMark && !waitedFor) read = false;
    }
    if (read) {
      if (this.#paused) {
        this.#paused = false;
        this.socket.resume();
      }
    } else if (!this.#paused) {
      this.#paused = true;
      this.socket.pause();
    }
    if (this.#host.closing && !read && this.#queue.length === 0 && this.#reading === null)
      this.#finish();
  }

  /** Ends our side after the last write, and keeps draining the client's bytes for a moment. */
  #finish(): void {
    if (this.#ending || this.#closed) return;
    this.#ending = true;
    this.#flush();
    this.socket.end();
    if (this.#paused) {
      this.#paused = false;
      this.socket.resume();
    }
    this.#arm(T_LINGER, Date.now() + LINGER_MS);
  }

  readonly #onError = (): void => {
    // ECONNRESET, EPIPE…: nothing to answer; "close" follows.
    this.socket.destroy();
  };

  readonly #onClose = (): void => {
    this.#closed = true;
    this.#clearTimer();
    const gone = clientGone();
    for (const ex of this.#queue) {
      ex.request?.abort(gone);
      dropUnanswered(ex);
    }
    this.#reading?.request?.abort(gone);
    this.#queue.length = 0;
    this.#reading = null;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
    this.#host.connectionGone(this);
  };

  // ── Timers ────────────────────────────────────────────────────────────

  /** Points the connection's one timer at the deadline of the current phase. */
  #updateTimer(): void {
    if (this.#closed || this.#ending) return;
    const options = this.#options;
    if (!this.#writable) {
      this.#arm(T_SEND, this.#blockedAt + options.sendTimeout);
      return;
    }
    const reading = this.#reading;
    if (reading !== null && reading.request !== null && !reading.request.bodyComplete) {
      let deadline = this.#requestStart + options.requestTimeout;
      // The body-rate clock runs only while the content should flow: not while reading
      // is paused for the handler (our backpressure), nor while the client waits for 100.
      if (options.minBodyBytesPerSecond > 0 && !this.#paused && !this.#codec.shouldSendContinue()) {
        if (this.#rateStart === 0) {
          this.#rateStart = Date.now();
          this.#rateBase = reading.request.received;
        }
        deadline = Math.min(deadline, this.#rateStart + options.minBodyRateWindow);
      } else {
        this.#rateStart = 0;
      }
      this.#arm(T_BODY, deadline);
      return;
    }
    if (this.#queue.length > 0) {
      // Waiting for the handler (its own business); a next head's clock starts once it answered.
      this.#timerKind = T_NONE;
      return;
    }
    if (this.#headerStart !== 0) {
      this.#arm(T_HEADERS, this.#headerStart + options.headersTimeout);
      return;
    }
    // The real clock: a synchronous handler may have run since the read began, and
    // the idle time advertised in Keep-Alive must count from when it actually starts.
    if (this.#idleSince === 0) this.#idleSince = Date.now();
    this.#arm(
      T_IDLE,
      Math.min(
        this.#idleSince + options.keepAliveTimeout,
        this.#createdAt + options.maxConnectionLifetime,
      ),
    );
  }

  #arm(kind: number, deadline: number): void {
    this.#timerKind = kind;
    this.#deadline = deadline;
    // Deadlines mostly move later: keep the armed timer and re-check when it fires.
    if (this.#timer === undefined || deadline < this.#timerAt) {
      if (this.#timer !== undefined) clearTimeout(this.#timer);
      this.#timerAt = deadline;
      this.#timer = setTimeout(this.#onTimer, Math.max(0, deadline - Date.now()));
    }
  }

  #clearTimer(): void {
    this.#timerKind = T_NONE;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    const kind = this.#timerKind;
    if (kind === T_NONE || (this.#closed && kind !== T_LINGER)) return;
    const now = Date.now();
    if (now < this.#deadline) {
      this.#timerAt = this.#deadline;
      this.#timer = setTimeout(this.#onTimer, this.#deadline - now);
      return;
    }
    this.#timerKind = T_NONE;
    switch (kind) {
      case T_IDLE:
        // RFC 9112 §9.5: a server may close an idle connection; we said when (Keep-Alive: timeout=).
        this.#finish();
        break;
      case T_HEADERS:
        this.#headersTimedOut();
        break;
      case T_BODY:
        this.#bodyDeadline(now);
        break;
      case T_SEND:
      case T_LINGER:
        this.socket.destroy();
        break;
    }
  };

  /** RFC 9110 §15.5.9: 408 to a client too slow to send its head (slowloris), then close. */
  #headersTimedOut(): void {
    if (this.#queue.length > 0) return; // re-armed once the owed responses are out
    const headers = Fields.fromTrusted(
      ["date", "connection", "content-length"],
      ["Date", "Connection", "Content-Length"],
      [httpDateNow(), "close", "0"],
    );
    this.#push(serializeResponseHead({ status: 408, headers }));
    this.#finish();
    this.#reportRejected(
      408,
      0,
      new ServerError("HW_SERVER_HEADERS_TIMEOUT", "the request head did not arrive in time", {
        statusHint: 408,
      }),
      null,
    );
  }

  /** Access log and `request:rejected` for a response the handler never saw. */
  #reportRejected(
    status: number,
    bytes: number,
    error: unknown,
    request: ServerRequest | null,
  ): void {
    reportRequestRejected(this.#options, {
      status,
      bytes,
      error,
      request,
      remoteAddress: this.#remoteAddress,
      remotePort: this.#remotePort,
    });
  }

  /** The content's deadline or the end of a body-rate window came. */
  #bodyDeadline(now: number): void {
    const ex = this.#reading;
    if (ex === null || ex.request === null) return;
    const options = this.#options;
    if (now >= this.#requestStart + options.requestTimeout) {
      this.#bodyTimedOut(
        new ServerError("HW_SERVER_REQUEST_TIMEOUT", "the request content did not arrive in time", {
          statusHint: 408,
        }),
      );
      return;
    }
    if (this.#rateStart !== 0 && now >= this.#rateStart + options.minBodyRateWindow) {
      const received = ex.request.received;
      const needed = (options.minBodyBytesPerSecond * (now - this.#rateStart)) / 1000;
      if (received - this.#rateBase < needed) {
        // A slow-body attack (R.U.D.Y.) holds a connection open with a trickle of content.
        this.#bodyTimedOut(
          new ServerError(
            "HW_SERVER_BODY_TOO_SLOW",
            `the request content arrived slower than ${options.minBodyBytesPerSecond} bytes/s`,
            { statusHint: 408 },
          ),
        );
        return;
      }
      this.#rateStart = now;
      this.#rateBase = received;
    }
    this.#updateTimer();
  }

  /** RFC 9110 §15.5.9: 408 when the response has not started, else the connection just closes. */
  #bodyTimedOut(error: ServerError): void {
    const ex = this.#reading;
    if (ex === null || ex.request === null) return;
    ex.request.abort(error);
    if (this.#queue[0] === ex && !ex.started) {
      if (ex.ready) cancelResponse(ex.response);
      ex.ready = false;
      ex.response = null;
      this.#reading = null;
      this.#ready(ex, {
        status: 408,
        headers: { Connection: "close", "Content-Type": "text/plain" },
        body: "Request Timeout\n",
      });
      if (this.#batching) return;
    } else {
      this.socket.destroy();
    }
  }
}

/**
 * `ex` leaves the queue unanswered (the connection closed or will carry no
 * more responses): the content of its response, ready now or later (`#ready`
 * then finds the exchange ready already), is released unsent. One being
 * written is left to the write, which releases what it does not send.
 */
function dropUnanswered(ex: Exchange): void {
  if (ex.started) return;
  if (ex.ready) cancelResponse(ex.response);
  ex.ready = true;
}

/** Releases the content of a response that is not sent (a handler may return anything). */
function cancelResponse(response: unknown): void {
  if (response !== null && typeof response === "object") {
    discardBody((response as ServerResponse).body);
  }
}

/** RFC 9110 §9.3.8: TRACE echoes the request head as message/http content. */
function traceEcho(request: ServerRequest): ServerResponse {
  let text = `${request.method} ${request.target} HTTP/${request.version}\r\n`;
  for (const [name, value] of request.headers.lines()) {
    if (!TRACE_HIDDEN.has(name.toLowerCase())) text += `${name}: ${value}\r\n`;
  }
  text += "\r\n";
  return { status: 200, headers: { "Content-Type": "message/http" }, body: text };
}
