import type { HttpVersion, RequestHead } from "@hyperwire/h1";
import type { Fields } from "@hyperwire/headers";
import { ServerError } from "./errors.js";
import { joinBytes } from "./join-bytes.js";
import { type MultipartLimits, type MultipartPart, readMultipart } from "./multipart.js";

/**
 * What a {@link ServerRequest} needs from its connection. @internal
 */
export interface RequestOwner {
  /** The handler started reading the content (time to send `100 Continue`). */
  bodyReadStarted(request: ServerRequest): void;
  /** Buffered content fell below the high-water mark (resume reading the socket). */
  bodyDrained(request: ServerRequest): void;
}

const EMPTY = new Uint8Array(0);
const DECODER = new TextDecoder();

const BODY_OPEN = 0;
const BODY_ENDED = 1;
const BODY_FAILED = 2;

/** The shared, always empty, content queue of a request that has received none: never pushed to. */
const NO_CHUNKS: Uint8Array[] = [];

/**
 * A request as the handler sees it. The head is parsed eagerly (method,
 * target, version, header fields); everything else is made on demand: `url`
 * parses the target only when read, `signal` creates its controller only
 * when read, and the content is pulled from the connection as the handler
 * reads it, with backpressure (reading the socket pauses while unread content
 * piles up).
 *
 * The content can be read once, in one of these ways: `for await` over the
 * request, `body` (a web `ReadableStream`), or `bytes()`, `text()`, `json()`,
 * `formData()`. A request without content (RFC 9112 §6.3 ¶6) reads as empty.
 * A wrapper that must see the content first (`withDigestAuth` checking a
 * `qop=auth-int` answer) hands the request on with its content unread again.
 *
 * @example
 * ```ts
 * const handler: Handler = async (request) => {
 *   console.log(request.method, request.path, request.headers.get("user-agent"));
 *   if (request.method === "POST") {
 *     const form = await request.formData(); // application/x-www-form-urlencoded
 *     return { status: 200, body: `hello ${form.get("name")}` };
 *   }
 *   for await (const chunk of request) console.log(chunk.byteLength); // streaming
 *   return { status: 204 };
 * };
 * ```
 */
export class ServerRequest implements AsyncIterable<Uint8Array> {
  /** The method token, case-sensitive; any token reaches the handler (RFC 9110 §9.1). */
  readonly method: string;
  /** The request-target exactly as sent: origin-form `/a?b`, absolute-form, authority-form or `*` (RFC 9112 §3.2). */
  readonly target: string;
  /** "1.1", "1.0" (or "0.9" under the parser leniency). */
  readonly version: HttpVersion;
  /** The header section: case-insensitive, ordered, multi-valued (see `Fields` of @hyperwire/headers). */
  readonly headers: Fields;
  /** The client's IP address (as the socket reports it). */
  readonly remoteAddress: string;
  /** The client's port. */
  readonly remotePort: number;
  /** Whether the request arrived over TLS. */
  readonly secure: boolean;
  /** The parsed head as the codec reported it (framing, keep-alive, upgrade, expect). */
  readonly head: RequestHead;
  /** Route parameters, filled by the {@link Router} (`/users/:id` → `{ id }`). */
  params: Readonly<Record<string, string>>;
  /** The trailer section of chunked content, once the content was read to its end (RFC 9112 §7.1.2). */
  trailers: Fields | null = null;

  #owner: RequestOwner;
  #url: URL | undefined;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  /** Content received and not yet read: `NO_CHUNKS` until the first piece (most requests have none). */
  #chunks: Uint8Array[] = NO_CHUNKS;
  #buffered = 0;
  #state: number;
  #error: unknown;
  #used = false;
  #touched = false;
  #streams: WeakSet<object> | undefined;
  #waiter: ((value: undefined) => void) | null = null;
  #highWaterMark: number;
  #multipart: MultipartLimits | undefined;
  /** Content bytes received so far. @internal */
  received = 0;
  /** Set when the server decided to drop whatever content remains. @internal */
  discarding = false;

  /** @internal Created by the connection. */
  constructor(
    head: RequestHead,
    owner: RequestOwner,
    remoteAddress: string,
    remotePort: number,
    secure: boolean,
    highWaterMark: number,
    multipart?: MultipartLimits,
  ) {
    this.head = head;
    this.method = head.method;
    this.target = head.target;
    this.version = head.version;
    this.headers = head.headers;
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
    this.secure = secure;
    this.params = NO_PARAMS;
    this.#owner = owner;
    this.#highWaterMark = highWaterMark;
    this.#multipart = multipart;
    this.#state = head.framing.kind === "none" ? BODY_ENDED : BODY_OPEN;
  }

  /**
   * The path of an origin-form target, without the query, still
   * percent-encoded (`/a%20b`); the whole target for the other forms. No
   * parsing beyond finding `?`.
   */
  get path(): string {
    const q = this.target.indexOf("?");
    return q < 0 ? this.target : this.target.slice(0, q);
  }

  /** The query of the target without `?` ("" when absent), still percent-encoded. */
  get query(): string {
    const q = this.target.indexOf("?");
    return q < 0 ? "" : this.target.slice(q + 1);
  }

  /**
   * The target resolved to an absolute URL (parsed on first use). The scheme
   * is `https` over TLS; the authority comes from an absolute-form target,
   * else from Host (RFC 9112 §3.3: reconstructing the target URI).
   */
  get url(): URL {
    if (this.#url === undefined) {
      const scheme = this.secure ? "https" : "http";
      const host = this.headers.get("host") ?? "localhost";
      const target = this.target;
      if (target.charCodeAt(0) === 0x2f) this.#url = new URL(`${scheme}://${host}${target}`);
      else if (target === "*") this.#url = new URL(`${scheme}://${host}/`);
      else if (URL.canParse(target) && /^[a-z][a-z0-9+.-]*:\/\//i.test(target))
        this.#url = new URL(target);
      else this.#url = new URL(`${scheme}://${target}/`);
    }
    return this.#url;
  }

  /**
   * Fires when the client goes away before the response was sent (the
   * connection closed or broke mid-request), so a handler can stop work.
   */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  /** Whether the content was (or is being) read. */
  get bodyUsed(): boolean {
    return this.#used;
  }

  /** Whether the request announced content (Content-Length or chunked). */
  get hasBody(): boolean {
    return this.head.framing.kind !== "none";
  }

  /** The content as a web `ReadableStream`, or `null` when the request has none (as in fetch). */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.head.framing.kind === "none") return null;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const chunk = await this.#read();
          if (chunk === null) controller.close();
          else controller.enqueue(chunk);
        },
        cancel: () => this.#discardRest(),
      },
      { highWaterMark: 0 },
    );
    this.#streams ??= new WeakSet();
    this.#streams.add(stream);
    return stream;
  }

  /** Whether `value` is a stream this request's `body` getter returned (an echo). @internal */
  ownsStream(value: unknown): boolean {
    return (
      this.#streams !== undefined &&
      typeof value === "object" &&
      value !== null &&
      this.#streams.has(value)
    );
  }

  /** Reads the content chunk by chunk (views, not copies). */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = await this.#read();
      if (chunk === null) return;
      yield chunk;
    }
  }

  /** The whole content as bytes. */
  async bytes(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = await this.#read();
      if (chunk === null) break;
      parts.push(chunk);
      total += chunk.byteLength;
    }
    return parts.length === 0 ? EMPTY : joinBytes(parts, total);
  }

  /** The whole content as an `ArrayBuffer`. */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.slice().buffer as ArrayBuffer;
  }

  /** The whole content decoded as UTF-8 (a BOM is dropped, invalid sequences become U+FFFD, as in fetch). */
  async text(): Promise<string> {
    return DECODER.decode(await this.bytes());
  }

  /**
   * The whole content parsed as JSON.
   * @throws ServerError `HW_SERVER_INVALID_JSON` with statusHint 400 (the server answers 400 if the handler lets it through).
   */
  async json<T = unknown>(): Promise<T> {
    const text = await this.text();
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new ServerError("HW_SERVER_INVALID_JSON", "request content is not valid JSON", {
        statusHint: 400,
        cause,
      });
    }
  }

  /**
   * The content as `FormData`: `application/x-www-form-urlencoded` (parsed by
   * the WHATWG URL standard's rules) or `multipart/form-data` (RFC 7578,
   * parsed as it streams in by {@link readMultipart}: fields become strings,
   * files `File` objects). `limits` override the server's `multipart` option.
   * To handle large uploads without holding them in memory, use {@link parts}.
   *
   * @throws ServerError `HW_SERVER_UNSUPPORTED_FORM` (415) for any other type;
   *   the `MULTIPART_…` codes of `ServerErrorCode`, with statusHint 400 (malformed) or 413 (a
   *   limit exceeded). A handler that lets them through answers that status.
   */
  async formData(limits?: MultipartLimits): Promise<FormData> {
    const type = this.#mediaType();
    if (type === "application/x-www-form-urlencoded") {
      const form = new FormData();
      for (const [name, value] of new URLSearchParams(await this.text())) form.append(name, value);
      return form;
    }
    if (type === "multipart/form-data") {
      const form = new FormData();
      for await (const part of this.parts(limits)) {
        if (part.kind === "field") {
          form.append(part.name, part.value);
        } else {
          const bytes = await part.bytes();
          form.append(
            part.name,
            new File([bytes as Uint8Array<ArrayBuffer>], part.filename, { type: part.contentType }),
          );
        }
      }
      return form;
    }
    throw unsupportedForm(type);
  }

  /**
   * Streams a `multipart/form-data` body part by part (RFC 7578): fields come
   * with their value, files with their content as a stream to consume before
   * the next part. Limits (part count, field, file and part-header sizes,
   * total) are checked as bytes arrive; `limits` override the server's
   * `multipart` option.
   *
   * @example
   * ```ts
   * for await (const part of request.parts({ maxFileBytes: 100 * 1024 * 1024 })) {
   *   if (part.kind === "field") fields[part.name] = part.value;
   *   else await pipeline(part.stream(), createWriteStream(join(uploads, randomUUID())));
   * }
   * ```
   * @throws ServerError `HW_SERVER_UNSUPPORTED_FORM` (415) when the content is
   *   not multipart/form-data; the `MULTIPART_…` codes (400 or 413) as the parse goes.
   */
  async *parts(limits?: MultipartLimits): AsyncGenerator<MultipartPart, void, undefined> {
    const type = this.#mediaType();
    if (type !== "multipart/form-data") throw unsupportedForm(type);
    const merged =
      limits === undefined
        ? this.#multipart
        : this.#multipart === undefined
          ? limits
          : { ...this.#multipart, ...limits };
    yield* readMultipart(this, this.headers.get("content-type") ?? "", merged);
  }

  #mediaType(): string {
    return (this.headers.get("content-type") ?? "").split(";", 1)[0]!.trim().toLowerCase();
  }

  /** Whether the handler started reading the content. @internal */
  get touched(): boolean {
    return this.#touched;
  }

  /** Bytes of content buffered and not yet read. @internal */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /** Whether all of the content arrived (or there is none). @internal */
  get bodyComplete(): boolean {
    return this.#state !== BODY_OPEN;
  }

  /** Whether the client went away. @internal */
  get aborted(): boolean {
    return this.#abortReason !== undefined;
  }

  /** A piece of content from the connection. @internal */
  pushBody(chunk: Uint8Array): void {
    this.received += chunk.byteLength;
    if (this.discarding || this.#state !== BODY_OPEN) return;
    if (this.#chunks === NO_CHUNKS) this.#chunks = [];
    this.#chunks.push(chunk);
    this.#buffered += chunk.byteLength;
    this.#wake();
  }

  /** The end of the content. @internal */
  endBody(trailers: Fields | null): void {
    if (this.#state !== BODY_OPEN) return;
    this.trailers = trailers;
    this.#state = BODY_ENDED;
    this.#wake();
  }

  /** The content cannot complete (client gone, protocol error, timeout). @internal */
  failBody(error: unknown): void {
    if (this.#state !== BODY_OPEN) return;
    this.#state = BODY_FAILED;
    this.#error = error;
    this.#chunks.length = 0;
    this.#buffered = 0;
    this.#wake();
  }

  /** The client went away: fire `signal` and fail unread content. @internal */
  abort(reason: unknown): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    this.failBody(reason);
  }

  /**
   * Makes content that was read to its end readable once more, from the
   * start: `content` is what the reader got, and `bodyUsed` turns false again.
   * For a wrapper that must see the content before the handler does (Digest
   * `qop=auth-int` hashes it, RFC 7616 §3.4.3). Throws if the content is not
   * complete: the bytes still to come would be lost. @internal
   */
  replayBody(content: Uint8Array): void {
    if (this.#state !== BODY_ENDED || this.#chunks.length > 0) {
      throw new Error("only content read to its end can be replayed");
    }
    this.#used = false;
    if (content.byteLength > 0) {
      if (this.#chunks === NO_CHUNKS) this.#chunks = [];
      this.#chunks.push(content);
      this.#buffered += content.byteLength;
    }
  }

  /** Drops buffered content and any that follows. @internal */
  discard(): void {
    this.discarding = true;
    this.#chunks.length = 0;
    this.#buffered = 0;
  }

  #discardRest(): void {
    this.discard();
    this.#owner.bodyDrained(this);
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      waiter(undefined);
    }
  }

  async #read(): Promise<Uint8Array | null> {
    if (!this.#used) {
      this.#used = true;
      this.#touched = true;
      if (this.#state === BODY_OPEN) this.#owner.bodyReadStarted(this);
    }
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk !== undefined) {
        const before = this.#buffered;
        this.#buffered -= chunk.byteLength;
        if (before >= this.#highWaterMark && this.#buffered < this.#highWaterMark) {
          this.#owner.bodyDrained(this);
        }
        return chunk;
      }
      if (this.#state === BODY_ENDED) return null;
      if (this.#state === BODY_FAILED) throw this.#error;
      await new Promise<undefined>((resolve) => {
        this.#waiter = resolve;
      });
    }
  }
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

function unsupportedForm(type: string): ServerError {
  // RFC 9110 §15.5.16: the content is in a format this method does not support here.
  return new ServerError(
    "HW_SERVER_UNSUPPORTED_FORM",
    `cannot read form data from ${JSON.stringify(type)}`,
    { statusHint: 415 },
  );
}
