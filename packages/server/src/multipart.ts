import { Buffer } from "node:buffer";
import { err, ok, type Result } from "@hyperwire/grammar";
import { Fields, parseContentDisposition, parseMediaType } from "@hyperwire/headers";
import { ServerError } from "./errors.js";

/**
 * Limits of a `multipart/form-data` parse. Every limit is checked as the
 * bytes arrive, so a hostile body is refused before it is buffered.
 *
 * @example
 * ```ts
 * const form = await request.formData({ maxFileBytes: 10 * 1024 * 1024, maxParts: 20 });
 * ```
 */
export interface MultipartLimits {
  /** Parts in the body (fields and files together). Default 1 000. Beyond: 413 `HW_SERVER_MULTIPART_TOO_MANY_PARTS`. */
  readonly maxParts?: number;
  /** Bytes of one field's value (a part without `filename`). Default 1 MiB. Beyond: 413 `HW_SERVER_MULTIPART_FIELD_TOO_LARGE`. */
  readonly maxFieldBytes?: number;
  /** Bytes of one file's content. Default 1 GiB. Beyond: 413 `HW_SERVER_MULTIPART_FILE_TOO_LARGE`. */
  readonly maxFileBytes?: number;
  /** Bytes of one part's header section. Default 8 KiB. Beyond: 413 `HW_SERVER_MULTIPART_HEADERS_TOO_LARGE`. */
  readonly maxPartHeaderBytes?: number;
  /** Bytes of the whole body, preamble and epilogue included. Default 1 GiB. Beyond: 413 `HW_SERVER_MULTIPART_TOO_LARGE`. */
  readonly maxTotalBytes?: number;
}

/** {@link MultipartLimits} with the defaults applied. */
interface ResolvedLimits {
  readonly maxParts: number;
  readonly maxFieldBytes: number;
  readonly maxFileBytes: number;
  readonly maxPartHeaderBytes: number;
  readonly maxTotalBytes: number;
}

const DEFAULT_LIMITS: ResolvedLimits = {
  maxParts: 1_000,
  maxFieldBytes: 1024 * 1024,
  maxFileBytes: 1024 * 1024 * 1024,
  maxPartHeaderBytes: 8 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
};

function resolveLimits(limits: MultipartLimits | undefined): ResolvedLimits {
  if (limits === undefined) return DEFAULT_LIMITS;
  return {
    maxParts: limits.maxParts ?? DEFAULT_LIMITS.maxParts,
    maxFieldBytes: limits.maxFieldBytes ?? DEFAULT_LIMITS.maxFieldBytes,
    maxFileBytes: limits.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
    maxPartHeaderBytes: limits.maxPartHeaderBytes ?? DEFAULT_LIMITS.maxPartHeaderBytes,
    maxTotalBytes: limits.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
  };
}

/** The head of one part: its name, file name and media type, and all its header fields. */
export interface MultipartPartHead {
  /** The `name` parameter of `Content-Disposition: form-data` (RFC 7578 §4.2), UTF-8. */
  readonly name: string;
  /** The file name (`filename*` when present, else `filename`), or undefined for a plain field. Never trust it as a path. */
  readonly filename: string | undefined;
  /** The part's Content-Type; `text/plain` when absent (RFC 7578 §4.4), `application/octet-stream` for a file without one. */
  readonly contentType: string;
  /** Every header field of the part. */
  readonly headers: Fields;
}

/**
 * What {@link MultipartParser} reports: the head of a part, a piece of its
 * content (a view, valid until the next `push`), the end of the part, the end
 * of the body (the close-delimiter), or an error (after which it reports nothing).
 */
export type MultipartEvent =
  | { readonly type: "part"; readonly head: MultipartPartHead }
  | { readonly type: "data"; readonly data: Uint8Array }
  | { readonly type: "part-end" }
  | { readonly type: "end" }
  | { readonly type: "error"; readonly error: ServerError };

/**
 * boundary := 0*69<bchars> bcharsnospace
 * bchars := bcharsnospace / " "
 * bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?"
 * RFC 2046 §5.1.1
 */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/**
 * Reads the boundary of a `multipart/form-data` Content-Type value (RFC 7578
 * §4.1, RFC 2046 §5.1.1). Never throws.
 *
 * @example
 * ```ts
 * parseMultipartBoundary('multipart/form-data; boundary="----x"'); // ok("----x")
 * parseMultipartBoundary("text/plain"); // error HW_SERVER_MULTIPART_INVALID_BOUNDARY
 * ```
 */
export function parseMultipartBoundary(contentType: string): Result<string, ServerError> {
  const parsed = parseMediaType(contentType);
  if (!parsed.ok) return err(invalidBoundary("the Content-Type is malformed", parsed.error));
  const { type, subtype, parameters } = parsed.value;
  if (type.toLowerCase() !== "multipart" || subtype.toLowerCase() !== "form-data") {
    return err(invalidBoundary("the Content-Type is not multipart/form-data"));
  }
  const boundary = parameters.boundary;
  if (boundary === undefined) return err(invalidBoundary("the boundary parameter is missing"));
  if (!BOUNDARY.test(boundary)) {
    return err(invalidBoundary("the boundary is not 1 to 70 bchars, or ends with a space"));
  }
  return ok(boundary);
}

function invalidBoundary(message: string, cause?: unknown): ServerError {
  return new ServerError("HW_SERVER_MULTIPART_INVALID_BOUNDARY", message, {
    statusHint: 400,
    cause,
  });
}

function malformed(message: string, offset: number): ServerError {
  return new ServerError("HW_SERVER_MULTIPART_INVALID", message, { statusHint: 400, offset });
}

function tooLarge(code: string, message: string, offset: number): ServerError {
  // RFC 9110 §15.5.14: the content is larger than the server is willing to process.
  return new ServerError(code, message, { statusHint: 413, offset });
}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const EMPTY = new Uint8Array(0);
const UTF8 = new TextDecoder("utf-8");
const LATIN1 = new TextDecoder("latin1");

const S_PREAMBLE = 0;
const S_AFTER_BOUNDARY = 1;
const S_HEADERS = 2;
const S_CONTENT = 3;
const S_EPILOGUE = 4;
const S_FAILED = 5;

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(
    needle,
    from,
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

/**
 * An incremental, sans-IO `multipart/form-data` parser (RFC 7578 over the
 * syntax of RFC 2046 §5.1.1). Feed it the request content as it arrives;
 * it reports each part's head, its content as views (never copied when a
 * chunk holds no delimiter boundary straddling it), and the end. It never
 * throws: malformed input and exceeded limits become one `error` event whose
 * `ServerError` carries `statusHint` 400 or 413.
 *
 * - The preamble before the first delimiter and the epilogue after the
 *   close-delimiter are ignored (RFC 2046 §5.1.1), but count toward `maxTotalBytes`.
 * - Transport padding (spaces, tabs) after a delimiter is allowed.
 * - Each part needs `Content-Disposition: form-data` with a `name` (RFC 7578 §4.2).
 * - Part headers are read as UTF-8, as browsers send them (RFC 7578 §5.1.1).
 *
 * @example
 * ```ts
 * const parser = new MultipartParser("----boundary", { maxParts: 10 });
 * for (const event of parser.push(chunk)) {
 *   if (event.type === "part") console.log(event.head.name, event.head.filename);
 *   if (event.type === "error") throw event.error; // statusHint 400 or 413
 * }
 * parser.end(); // an error event when the close-delimiter never came
 * ```
 */
export class MultipartParser {
  readonly #limits: ResolvedLimits;
  /** "\r\n--" boundary: the delimiter between parts. */
  readonly #delimiter: Uint8Array;
  #state = S_PREAMBLE;
  /** Bytes kept from earlier pushes that could not be decided yet. */
  #rest: Uint8Array = EMPTY;
  /** Bytes consumed before `#rest` (for error offsets and the total limit). */
  #offset = 0;
  #total = 0;
  #parts = 0;
  #partBytes = 0;
  #partLimit = 0;
  #partIsFile = false;

  constructor(boundary: string, limits?: MultipartLimits) {
    this.#limits = resolveLimits(limits);
    this.#delimiter = Buffer.from(`\r\n--${boundary}`, "latin1");
  }

  /** Whether the close-delimiter was seen (the body is complete). */
  get done(): boolean {
    return this.#state === S_EPILOGUE;
  }

  /** Feeds the next bytes of the body. */
  push(chunk: Uint8Array): MultipartEvent[] {
    const events: MultipartEvent[] = [];
    if (this.#state === S_FAILED) return events;
    this.#total += chunk.byteLength;
    if (this.#total > this.#limits.maxTotalBytes) {
      return this.#fail(
        events,
        tooLarge(
          "HW_SERVER_MULTIPART_TOO_LARGE",
          `the form data is larger than ${this.#limits.maxTotalBytes} bytes`,
          this.#limits.maxTotalBytes,
        ),
      );
    }
    if (this.#state === S_EPILOGUE) return events;
    let buffer = concat(this.#rest, chunk);
    let pos = 0;
    for (;;) {
      const next = this.#step(buffer, pos, events);
      if (next < 0) break;
      if (this.#state === S_FAILED) return events;
      pos = next;
    }
    if (this.#state === S_FAILED) return events;
    const keepFrom = -1 - this.#stepResult;
    buffer = buffer.subarray(keepFrom);
    this.#offset += keepFrom;
    // A kept tail is copied so that a big chunk is not retained for a few bytes.
    this.#rest = buffer.byteLength === 0 ? EMPTY : buffer.slice();
    return events;
  }

  /** The body ended: an error event if the close-delimiter never came. */
  end(): MultipartEvent[] {
    const events: MultipartEvent[] = [];
    if (this.#state === S_FAILED || this.#state === S_EPILOGUE) return events;
    return this.#fail(
      events,
      malformed(
        "the form data ended before its close-delimiter",
        this.#offset + this.#rest.byteLength,
      ),
    );
  }

  /** Set by #step when it needs more input: -1 - (index of the first byte to keep). */
  #stepResult = -1;

  /**
   * Advances over `buffer` from `pos`. Returns the new position, or -1 when
   * more input is needed (then `#stepResult` says which bytes to keep).
   */
  #step(buffer: Uint8Array, pos: number, events: MultipartEvent[]): number {
    const delimiter = this.#delimiter;
    switch (this.#state) {
      case S_PREAMBLE: {
        // The first delimiter may open the body without the CRLF before it.
        const dashBoundary = delimiter.subarray(2);
        if (this.#offset === 0 && pos === 0) {
          if (buffer.byteLength < dashBoundary.byteLength) {
            if (startsWithPrefix(buffer, dashBoundary)) return this.#need(0);
          } else if (startsWith(buffer, 0, dashBoundary)) {
            this.#state = S_AFTER_BOUNDARY;
            return dashBoundary.byteLength;
          }
        }
        const found = indexOf(buffer, delimiter, pos);
        if (found < 0)
          return this.#need(Math.max(pos, buffer.byteLength - delimiter.byteLength + 1));
        this.#state = S_AFTER_BOUNDARY;
        return found + delimiter.byteLength;
      }
      case S_AFTER_BOUNDARY: {
        // close-delimiter = delimiter "--"; else transport-padding CRLF (RFC 2046 §5.1.1).
        if (buffer.byteLength - pos < 2) return this.#need(pos);
        if (buffer[pos] === DASH && buffer[pos + 1] === DASH) {
          if (this.#parts === 0) {
            return this.#failAt(
              events,
              malformed("the form data has no parts", this.#offset + pos),
            );
          }
          this.#state = S_EPILOGUE;
          events.push({ type: "end" });
          return this.#need(buffer.byteLength);
        }
        let i = pos;
        while (i < buffer.byteLength && (buffer[i] === 0x20 || buffer[i] === 0x09)) i++;
        if (i + 2 > buffer.byteLength) {
          if (i - pos > 256) {
            return this.#failAt(
              events,
              malformed("too much padding after a delimiter", this.#offset + i),
            );
          }
          return this.#need(pos);
        }
        if (buffer[i] !== CR || buffer[i + 1] !== LF) {
          return this.#failAt(
            events,
            malformed(
              "a delimiter is followed by something other than CRLF or --",
              this.#offset + i,
            ),
          );
        }
        this.#parts++;
        if (this.#parts > this.#limits.maxParts) {
          return this.#failAt(
            events,
            tooLarge(
              "HW_SERVER_MULTIPART_TOO_MANY_PARTS",
              `the form data has more than ${this.#limits.maxParts} parts`,
              this.#offset + i,
            ),
          );
        }
        this.#state = S_HEADERS;
        return i + 2;
      }
      case S_HEADERS: {
        // A part without header fields starts with its blank line right away.
        const end = findHeaderEnd(buffer, pos);
        const limit = this.#limits.maxPartHeaderBytes;
        if (end < 0) {
          if (buffer.byteLength - pos > limit) {
            return this.#failAt(events, this.#headersTooLarge(pos));
          }
          return this.#need(pos);
        }
        if (end - pos > limit) return this.#failAt(events, this.#headersTooLarge(pos));
        const head = parsePartHead(buffer.subarray(pos, end), this.#offset + pos);
        if (!head.ok) return this.#failAt(events, head.error);
        this.#partIsFile = head.value.filename !== undefined;
        this.#partLimit = this.#partIsFile ? this.#limits.maxFileBytes : this.#limits.maxFieldBytes;
        this.#partBytes = 0;
        this.#state = S_CONTENT;
        events.push({ type: "part", head: head.value });
        // The blank line ends the section: two bytes after the last field line's CRLF.
        return end === pos ? pos + 2 : end + 4;
      }
      case S_CONTENT: {
        const found = indexOf(buffer, delimiter, pos);
        const dataEnd =
          found >= 0 ? found : Math.max(pos, buffer.byteLength - delimiter.byteLength + 1);
        if (dataEnd > pos) {
          this.#partBytes += dataEnd - pos;
          if (this.#partBytes > this.#partLimit) {
            return this.#failAt(
              events,
              this.#partIsFile
                ? tooLarge(
                    "HW_SERVER_MULTIPART_FILE_TOO_LARGE",
                    `a file is larger than ${this.#partLimit} bytes`,
                    this.#offset + pos,
                  )
                : tooLarge(
                    "HW_SERVER_MULTIPART_FIELD_TOO_LARGE",
                    `a field is larger than ${this.#partLimit} bytes`,
                    this.#offset + pos,
                  ),
            );
          }
          events.push({ type: "data", data: buffer.subarray(pos, dataEnd) });
        }
        if (found < 0) return this.#need(dataEnd);
        events.push({ type: "part-end" });
        this.#state = S_AFTER_BOUNDARY;
        return found + delimiter.byteLength;
      }
      default:
        return this.#need(buffer.byteLength);
    }
  }

  #headersTooLarge(pos: number): ServerError {
    return tooLarge(
      "HW_SERVER_MULTIPART_HEADERS_TOO_LARGE",
      `a part's header section is larger than ${this.#limits.maxPartHeaderBytes} bytes`,
      this.#offset + pos,
    );
  }

  #need(keepFrom: number): number {
    this.#stepResult = -1 - keepFrom;
    return -1;
  }

  #failAt(events: MultipartEvent[], error: ServerError): number {
    this.#fail(events, error);
    return this.#need(0);
  }

  #fail(events: MultipartEvent[], error: ServerError): MultipartEvent[] {
    this.#state = S_FAILED;
    this.#rest = EMPTY;
    events.push({ type: "error", error });
    return events;
  }
}

function startsWith(buffer: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (buffer.byteLength - at < prefix.byteLength) return false;
  for (let i = 0; i < prefix.byteLength; i++) if (buffer[at + i] !== prefix[i]) return false;
  return true;
}

/** Whether all of `buffer` is a prefix of `full` (it may still become `full`). */
function startsWithPrefix(buffer: Uint8Array, full: Uint8Array): boolean {
  for (let i = 0; i < buffer.byteLength; i++) if (buffer[i] !== full[i]) return false;
  return true;
}

/**
 * Index of the CRLF CRLF that ends a header section starting at `pos` (the
 * index of its first CR), `pos` itself for an empty section (CRLF right
 * away), or -1 when it has not arrived yet.
 */
function findHeaderEnd(buffer: Uint8Array, pos: number): number {
  if (buffer.byteLength - pos >= 2 && buffer[pos] === CR && buffer[pos + 1] === LF) return pos;
  for (let i = pos; i + 3 < buffer.byteLength; i++) {
    if (buffer[i] === CR && buffer[i + 1] === LF && buffer[i + 2] === CR && buffer[i + 3] === LF) {
      return i;
    }
  }
  return -1;
}

/** Latin-1 text of UTF-8 bytes → the text they encode (browsers send part headers in UTF-8). */
function utf8FromLatin1(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text)) return text;
  return UTF8.decode(Buffer.from(text, "latin1"));
}

/**
 * field-line = field-name ":" OWS field-value OWS, lines separated by CRLF,
 * no obs-fold (RFC 7578 §4.8 allows only Content-Type, Content-Disposition
 * and Content-Transfer-Encoding to matter; the rest are kept as sent).
 */
function parsePartHead(bytes: Uint8Array, offset: number): Result<MultipartPartHead, ServerError> {
  // Parsed as Latin-1 so that each byte is one character for the field grammar; the
  // values that carry names are re-read as UTF-8 afterwards.
  const text = LATIN1.decode(bytes);
  const lower: string[] = [];
  const raw: string[] = [];
  const values: string[] = [];
  let disposition: string | undefined;
  let contentType: string | undefined;
  if (text.length > 0) {
    let lineStart = 0;
    for (const line of text.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon <= 0 || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(line.slice(0, colon))) {
        return err(malformed("a part header line is not name: value", offset + lineStart));
      }
      const value = line.slice(colon + 1).trim();
      if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
        return err(malformed("a part header value holds a control character", offset + lineStart));
      }
      const name = line.slice(0, colon);
      const lowerName = name.toLowerCase();
      if (lowerName === "content-disposition") {
        if (disposition !== undefined) {
          return err(malformed("a part has two Content-Disposition fields", offset + lineStart));
        }
        disposition = value;
      } else if (lowerName === "content-type") {
        contentType = value;
      }
      lower.push(lowerName);
      raw.push(name);
      values.push(utf8FromLatin1(value));
      lineStart += line.length + 2;
    }
  }
  if (disposition === undefined) {
    return err(malformed("a part has no Content-Disposition (RFC 7578 §4.2)", offset));
  }
  const parsed = parseContentDisposition(disposition);
  if (!parsed.ok || parsed.value.type !== "form-data") {
    return err(malformed("a part's Content-Disposition is not form-data with parameters", offset));
  }
  const name = parsed.value.parameters.name;
  if (name === undefined) {
    return err(malformed("a part's Content-Disposition has no name (RFC 7578 §4.2)", offset));
  }
  const extended = parsed.value.parameters["filename*"];
  const plain = parsed.value.parameters.filename;
  // filename* is already decoded (RFC 8187); a plain filename holds UTF-8 bytes as sent.
  const filename = extended ?? (plain === undefined ? undefined : utf8FromLatin1(plain));
  return ok({
    name: utf8FromLatin1(name),
    filename,
    contentType:
      contentType === undefined || contentType === ""
        ? filename === undefined
          ? "text/plain"
          : "application/octet-stream"
        : utf8FromLatin1(contentType),
    headers: Fields.fromTrusted(lower, raw, values),
  });
}

/** A field (a part without `filename`): its value decoded as UTF-8. */
export interface MultipartField extends MultipartPartHead {
  readonly kind: "field";
  readonly filename: undefined;
  readonly value: string;
}

/**
 * A file part. Its content streams: read it (iterate, `bytes()`, `text()`,
 * `stream()`) before asking for the next part, or it is skipped.
 */
export interface MultipartFile extends MultipartPartHead, AsyncIterable<Uint8Array> {
  readonly kind: "file";
  readonly filename: string;
  /** The whole content. */
  bytes(): Promise<Uint8Array>;
  /** The whole content decoded as UTF-8. */
  text(): Promise<string>;
  /** The content as a web `ReadableStream`. */
  stream(): ReadableStream<Uint8Array>;
}

/** One part of a `multipart/form-data` body, as {@link readMultipart} yields it. */
export type MultipartPart = MultipartField | MultipartFile;

/**
 * Parses a `multipart/form-data` body as it streams in: yields each field
 * (buffered, within `maxFieldBytes`) and each file (a stream, within
 * `maxFileBytes`). A file's content must be consumed before the next part
 * is requested; what is left of it is skipped. Throws a {@link ServerError}
 * with `statusHint` 400 (malformed) or 413 (a limit) — a handler that lets
 * it through answers with that status.
 *
 * @example
 * ```ts
 * for await (const part of readMultipart(request, request.headers.get("content-type") ?? "")) {
 *   if (part.kind === "field") console.log(part.name, part.value);
 *   else await pipeline(part.stream(), createWriteStream(`/uploads/${randomUUID()}`));
 * }
 * ```
 */
export async function* readMultipart(
  source: AsyncIterable<Uint8Array>,
  contentType: string,
  limits?: MultipartLimits,
): AsyncGenerator<MultipartPart, void, undefined> {
  const boundary = parseMultipartBoundary(contentType);
  if (!boundary.ok) throw boundary.error;
  const parser = new MultipartParser(boundary.value, limits);
  const iterator = source[Symbol.asyncIterator]();
  let queue: MultipartEvent[] = [];
  let index = 0;
  let ended = false;

  /** The next parser event, reading more input as needed. */
  const next = async (): Promise<MultipartEvent> => {
    for (;;) {
      if (index < queue.length) {
        const event = queue[index++]!;
        if (event.type === "error") throw event.error;
        // Views into the input stay valid: the source hands out fresh chunks.
        return event;
      }
      if (ended) throw malformed("the form data ended before its close-delimiter", 0);
      const result = await iterator.next();
      index = 0;
      if (result.done === true) {
        ended = true;
        queue = parser.end();
        if (queue.length === 0) return { type: "end" };
      } else {
        queue = parser.push(result.value);
      }
    }
  };

  let open: { skip: () => Promise<void> } | undefined;
  try {
    for (;;) {
      if (open !== undefined) {
        await open.skip();
        open = undefined;
      }
      const event = await next();
      if (event.type === "end") return;
      if (event.type !== "part") continue;
      const head = event.head;
      if (head.filename === undefined) {
        const chunks: Uint8Array[] = [];
        for (;;) {
          const item = await next();
          if (item.type === "part-end") break;
          if (item.type === "data") chunks.push(item.data.slice());
        }
        const value = UTF8.decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
        yield { kind: "field", ...head, filename: undefined, value };
        continue;
      }
      let finished = false;
      let reading = false;
      const contentChunks = async function* (): AsyncGenerator<Uint8Array> {
        if (reading) throw new ServerError("HW_SERVER_BODY_USED", "a file part is read once");
        reading = true;
        while (!finished) {
          const item = await next();
          if (item.type === "part-end") {
            finished = true;
            return;
          }
          if (item.type === "data") yield item.data;
        }
      };
      open = {
        skip: async () => {
          while (!finished) {
            const item = await next();
            if (item.type === "part-end") finished = true;
          }
        },
      };
      const file: MultipartFile = {
        kind: "file",
        ...head,
        filename: head.filename,
        [Symbol.asyncIterator]: contentChunks,
        async bytes() {
          const parts: Uint8Array[] = [];
          for await (const chunk of contentChunks()) parts.push(chunk.slice());
          return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
        },
        async text() {
          return UTF8.decode(await this.bytes());
        },
        stream() {
          const chunks = contentChunks();
          return new ReadableStream<Uint8Array>(
            {
              async pull(controller) {
                const item = await chunks.next();
                if (item.done === true) controller.close();
                else controller.enqueue(item.value.slice());
              },
              async cancel() {
                await chunks.return(undefined);
              },
            },
            { highWaterMark: 0 },
          );
        },
      };
      yield file;
    }
  } finally {
    // Stop reading the source when the consumer stops early (or an error ends the parse).
    if (!ended) await iterator.return?.();
  }
}
