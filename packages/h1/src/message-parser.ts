import { BYTE_CLASS, ByteClass, parseHostAndPort, parseRequestTarget } from "@hyperwire/grammar";
import {
  FIELD_NAMES_LOWER,
  Fields,
  isForbiddenInTrailers,
  parseConnection,
  parseExpect,
  parseUpgrade,
} from "@hyperwire/headers";
import { allowedTargetForms, type TargetForm } from "@hyperwire/methods";
import { ChunkedDecoder, ChunkState } from "./chunked-decoder.js";
import { type H1ErrorCode, h1Error } from "./error-codes.js";
import type { H1Error } from "./errors.js";
import type {
  BodyFraming,
  HttpVersion,
  MessageHandlers,
  RequestHead,
  ResponseHead,
} from "./events.js";
import { FieldLineScanner, SCAN_ERROR, SCAN_NEED_MORE, SLOT_SIZE } from "./field-lines.js";
import { FRAMING_NONE, requestFramingOf, responseFramingOf } from "./framing.js";
import { latin1 } from "./latin1.js";
import type { ResolvedParserOptions } from "./parser-options.js";

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;

// Parser states.
const S_HEAD = 0;
const S_LENGTH = 1;
const S_CHUNKED = 2;
const S_CLOSE = 3;
const S_TRAILERS = 4;
const S_PAUSED = 5;
const S_CLOSED = 6;
const S_DEAD = 7;

const indexOfField = (name: string): number => FIELD_NAMES_LOWER.indexOf(name);
const I_HOST = indexOfField("host");
const I_CONTENT_LENGTH = indexOfField("content-length");
const I_TRANSFER_ENCODING = indexOfField("transfer-encoding");
const I_CONNECTION = indexOfField("connection");
const I_UPGRADE = indexOfField("upgrade");
const I_EXPECT = indexOfField("expect");

const TCHAR_TABLE = BYTE_CLASS;
const TCHAR_BIT = ByteClass.TCHAR;
const FIELD_VALUE_BIT = ByteClass.FIELD_VALUE;

/** The last Host value found valid (a pure function of the string, so shared by all parsers). */
let lastValidHost: string | null = null;

// The fields a head's meaning depends on, by registry index.
const ROLE_NONE = 0;
const ROLE_HOST = 1;
const ROLE_CONTENT_LENGTH = 2;
const ROLE_TRANSFER_ENCODING = 3;
const ROLE_CONNECTION = 4;
const ROLE_UPGRADE = 5;
const ROLE_EXPECT = 6;
const FIELD_ROLE = new Uint8Array(FIELD_NAMES_LOWER.length);
FIELD_ROLE[I_HOST] = ROLE_HOST;
FIELD_ROLE[I_CONTENT_LENGTH] = ROLE_CONTENT_LENGTH;
FIELD_ROLE[I_TRANSFER_ENCODING] = ROLE_TRANSFER_ENCODING;
FIELD_ROLE[I_CONNECTION] = ROLE_CONNECTION;
FIELD_ROLE[I_UPGRADE] = ROLE_UPGRADE;
FIELD_ROLE[I_EXPECT] = ROLE_EXPECT;

const NO_UPGRADE: readonly string[] = Object.freeze([]);
/** headBuf until a head is split across chunks (reserve() replaces it, never writes it). */
const NO_BYTES = new Uint8Array(0);
/** The request-target forms GET allows: a new parser's first method is most likely GET. */
const GET_FORMS = allowedTargetForms("GET");

/** Handlers of both roles, as the engine sees them. @internal */
export interface EngineHandlers extends MessageHandlers<RequestHead & ResponseHead> {
  onInformational?(head: ResponseHead): void;
  onChunkExtension?(name: string, value: string | undefined): void;
}

/** Whether `value` equals the lowercase ASCII `lower`, ignoring ASCII case. */
function equalsIgnoringCase(value: string, lower: string): boolean {
  const n = lower.length;
  if (value.length !== n) return false;
  for (let i = 0; i < n; i++) {
    let c = value.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Interned strings for the registered methods most often seen; anything else is decoded. */
function methodName(b: Uint8Array, s: number, e: number): string {
  const c0 = b[s];
  switch (e - s) {
    case 3:
      if (c0 === 0x47 && b[s + 1] === 0x45 && b[s + 2] === 0x54) return "GET";
      if (c0 === 0x50 && b[s + 1] === 0x55 && b[s + 2] === 0x54) return "PUT";
      break;
    case 4:
      if (c0 === 0x50 && b[s + 1] === 0x4f && b[s + 2] === 0x53 && b[s + 3] === 0x54) return "POST";
      if (c0 === 0x48 && b[s + 1] === 0x45 && b[s + 2] === 0x41 && b[s + 3] === 0x44) return "HEAD";
      break;
  }
  return latin1(b, s, e);
}

/**
 * The engine behind {@link RequestParser} and {@link ResponseParser}: one
 * class for both roles, so every call site sees one object shape.
 *
 * Input handling: bytes of a head (or trailer section) are parsed straight
 * from the caller's chunk; only when a head is split across chunks are its
 * bytes so far copied into `headBuf` and the rest appended as it arrives.
 * Content is handed out as `subarray` views of the caller's chunks.
 * @internal
 */
export class MessageParser {
  readonly isResponse: boolean;
  private readonly o: ResolvedParserOptions;
  private readonly h: EngineHandlers;
  private readonly scanner: FieldLineScanner;
  /** Created with the first chunked message (many connections never carry one). */
  private chunkedDecoder: ChunkedDecoder | null = null;

  private state = S_HEAD;
  /** Absolute offset of the first byte of the chunk being parsed. */
  private consumed = 0;

  // The section (head or trailers) being parsed.
  private fresh = true;
  private stage = 0;
  private secStart = 0;
  private scanPos = 0;
  private fieldsStart = 0;
  private headBuf: Uint8Array = NO_BYTES;
  private headLen = 0;
  private headBase = 0;

  // The start-line.
  private method = "";
  private target = "";
  /** Where the request-target lies, relative to the section start (its string may be cut later). */
  private targetStart = 0;
  private targetEnd = 0;
  private targetForm: TargetForm = "origin";
  private version: HttpVersion = "1.1";
  private status = 0;
  private reason = "";
  private http09 = false;
  private lastMethod = "GET";
  private lastForms: ReadonlySet<TargetForm> = GET_FORMS;
  private lastOriginAllowed = true;

  // The message.
  private remaining = 0;
  private bodyBytes = 0;
  private messageKeepAlive = true;
  private pauseAfter = false;
  private connectionKeepAlive = true;

  // Response role: methods of the requests awaiting a response, oldest first.
  private pending: string[] = [];
  private pendingHead = 0;

  /** Bytes received after the message that paused the parser: views of the caller's chunks. */
  private unparsed: Uint8Array[] = [];
  private unparsedBytes = 0;
  /** pause() was called inside a message: stop once it is complete. */
  private pauseRequested = false;
  /** finish() was called while paused: it takes effect when resume() has parsed what was held. */
  private finishPending = false;
  /** A push() (or resume()) is running: handlers may call pause() and resume() re-entrantly. */
  private parsing = false;

  constructor(isResponse: boolean, handlers: EngineHandlers, options: ResolvedParserOptions) {
    this.isResponse = isResponse;
    this.h = handlers;
    this.o = options;
    this.scanner = new FieldLineScanner(
      isResponse,
      options.allowBareLineFeed,
      options.allowObsoleteLineFolding,
      options.maxFieldCount,
    );
  }

  /** The chunked decoder, created for the first chunked message. */
  private chunkedDecoderForNewMessage(): ChunkedDecoder {
    let decoder = this.chunkedDecoder;
    if (decoder === null) {
      const o = this.o;
      decoder = new ChunkedDecoder(
        this.isResponse,
        o.allowBareLineFeed,
        o.maxChunkSizeDigits,
        o.maxChunkExtensionBytes,
        o.maxBodyBytes,
      );
      const h = this.h;
      if (h.onChunkExtension !== undefined) decoder.onExtension = h.onChunkExtension.bind(h);
      this.chunkedDecoder = decoder;
    }
    return decoder;
  }

  get paused(): boolean {
    return this.state === S_PAUSED;
  }

  get keepAlive(): boolean {
    return this.state !== S_DEAD && this.connectionKeepAlive;
  }

  get dead(): boolean {
    return this.state === S_DEAD;
  }

  get bufferedByteCount(): number {
    return this.headLen + this.unparsedBytes;
  }

  expectResponse(method: string): void {
    if (this.pendingHead > 32 && this.pendingHead * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
    this.pending.push(method);
  }

  // ---------------------------------------------------------------- input

  push(chunk: Uint8Array): void {
    const nested = this.parsing;
    this.parsing = true;
    try {
      this.parse(chunk);
    } finally {
      this.parsing = nested;
      // Keep no reference to the caller's chunk between pushes.
      this.scanner.release();
    }
  }

  private parse(chunk: Uint8Array): void {
    const n = chunk.length;
    const state = this.state;
    if (state >= S_PAUSED) {
      if (state === S_PAUSED && n > 0) this.hold(chunk);
      return;
    }
    if (n === 0) return;
    const base = this.consumed;
    this.consumed = base + n;
    let p = 0;
    if (this.headLen > 0) {
      // A head or trailer section is pending in headBuf: append and go on.
      const oldLen = this.headLen;
      const limit = this.sectionLimit();
      const take = Math.max(1, Math.min(n, limit - oldLen + 1));
      this.reserve(oldLen + take);
      this.headBuf.set(take === n ? chunk : chunk.subarray(0, take), oldLen);
      this.headLen = oldLen + take;
      const r = this.continueSection(this.headBuf, this.headLen, this.headBase, oldLen);
      if (r === SCAN_NEED_MORE) {
        this.compact();
        return;
      }
      if (r === SCAN_ERROR) return;
      this.headLen = 0;
      p = r - oldLen;
      this.sectionDone(this.headBuf, r, this.headBase);
    }
    this.run(chunk, p, n, base);
  }

  finish(): void {
    switch (this.state) {
      case S_HEAD:
        if (this.headLen > 0 || (!this.fresh && this.stage !== 0)) {
          this.truncated();
          return;
        }
        break;
      case S_CLOSE:
        // RFC 9112 §6.3 ¶8: a close-delimited response ends with the connection.
        this.state = S_CLOSED;
        this.h.onMessageComplete?.();
        break;
      case S_LENGTH:
      case S_CHUNKED:
      case S_TRAILERS:
        this.truncated();
        return;
      case S_PAUSED:
        this.finishPending = true;
        return;
      default:
        return;
    }
    this.connectionKeepAlive = false;
    if (this.state !== S_DEAD) this.state = S_CLOSED;
  }

  /**
   * Stops at the next message boundary: at once between messages (in
   * onMessageComplete, or between pushes), else once the message in progress
   * is complete. Bytes after the boundary are held until resume().
   */
  pause(): void {
    const state = this.state;
    if (state >= S_PAUSED) return;
    if (state === S_HEAD && this.fresh && this.headLen === 0) this.state = S_PAUSED;
    else this.pauseRequested = true;
  }

  resume(): void {
    this.pauseRequested = false;
    if (this.state !== S_PAUSED) return;
    this.state = S_HEAD;
    this.fresh = true;
    this.pauseAfter = false;
    // Called from a handler: the parsing loop below on the stack carries on
    // with the rest of its chunk (nothing was held yet).
    if (this.parsing) return;
    const parts = this.unparsed;
    this.unparsed = [];
    this.unparsedBytes = 0;
    for (let i = 0; i < parts.length; i++) {
      if (this.state >= S_PAUSED) {
        // Paused again: what was not parsed stays held, in order; after a
        // close or an error it is dropped.
        if (this.state === S_PAUSED) for (let j = i; j < parts.length; j++) this.hold(parts[j]!);
        return;
      }
      this.push(parts[i]!);
    }
    if (this.finishPending && this.state < S_PAUSED) {
      this.finishPending = false;
      this.finish();
    }
  }

  /** Keeps `bytes` (a view, not a copy) for resume() or takeUnparsed(). */
  private hold(bytes: Uint8Array): void {
    this.unparsed.push(bytes);
    this.unparsedBytes += bytes.length;
  }

  takeUnparsed(): Uint8Array {
    const parts = this.unparsed;
    this.unparsed = [];
    this.unparsedBytes = 0;
    if (parts.length === 1) return parts[0]!;
    let total = 0;
    for (const part of parts) total += part.length;
    const out = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  private truncated(): void {
    this.fail("HW_H1_TRUNCATED_MESSAGE", "input ended inside a message", this.consumed);
  }

  private fail(code: H1ErrorCode, message: string, offset: number): void {
    this.report(h1Error(code, message, offset, this.isResponse));
  }

  private report(error: H1Error): void {
    this.state = S_DEAD;
    this.connectionKeepAlive = false;
    this.headLen = 0;
    this.unparsed = [];
    this.unparsedBytes = 0;
    this.h.onError?.(error);
  }

  /** Longest pending section headBuf may need to hold, plus slack for terminators. */
  private sectionLimit(): number {
    const o = this.o;
    if (this.state === S_TRAILERS) return o.maxTrailerSectionBytes + 4;
    return o.maxStartLineBytes + o.maxHeaderSectionBytes + 8;
  }

  private reserve(size: number): void {
    if (this.headBuf.length >= size) return;
    let capacity = Math.max(1024, this.headBuf.length * 2);
    while (capacity < size) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.headBuf.subarray(0, this.headLen));
    this.headBuf = grown;
  }

  /** Drops bytes of headBuf before the section start. */
  private compact(): void {
    const start = this.secStart;
    if (start === 0) return;
    this.headBuf.copyWithin(0, start, this.headLen);
    this.headLen -= start;
    this.headBase += start;
    this.secStart = 0;
  }

  /** Keeps `b[from, end)`, an unfinished section, in headBuf. */
  private stash(b: Uint8Array, from: number, end: number, base: number): void {
    const n = end - from;
    this.reserve(n);
    this.headBuf.set(b.subarray(from, end), 0);
    this.headLen = n;
    this.headBase = base + from;
    this.secStart = 0;
  }

  private run(b: Uint8Array, p: number, end: number, base: number): void {
    for (;;) {
      switch (this.state) {
        case S_HEAD:
        case S_TRAILERS: {
          if (p >= end) return;
          if (this.fresh) this.beginSection(p);
          const r = this.continueSection(b, end, base, -1);
          if (r === SCAN_NEED_MORE) {
            this.stash(b, this.secStart, end, base);
            return;
          }
          if (r === SCAN_ERROR) return;
          p = r;
          this.sectionDone(b, r, base);
          break;
        }
        case S_LENGTH: {
          if (p >= end) return;
          const remaining = this.remaining;
          const available = end - p;
          if (available < remaining) {
            this.remaining = remaining - available;
            this.h.onBody?.(b.subarray(p, end));
            return;
          }
          this.remaining = 0;
          this.h.onBody?.(b.subarray(p, p + remaining));
          p += remaining;
          this.messageDone();
          break;
        }
        case S_CHUNKED: {
          // Created by startContent, which alone enters S_CHUNKED.
          const decoder = this.chunkedDecoder!;
          if (decoder.state === ChunkState.DATA) {
            if (p >= end) return;
            const remaining = decoder.remaining;
            const available = end - p;
            if (available < remaining) {
              decoder.remaining = remaining - available;
              this.h.onBody?.(b.subarray(p, end));
              return;
            }
            decoder.remaining = 0;
            decoder.dataDone();
            this.h.onBody?.(b.subarray(p, p + remaining));
            p += remaining;
            break;
          }
          if (p >= end) return;
          const r = decoder.decode(b, p, end, base);
          if (r < 0) {
            this.report(decoder.error!);
            return;
          }
          p = r;
          if (decoder.state === ChunkState.LAST) {
            this.state = S_TRAILERS;
            this.fresh = true;
          }
          break;
        }
        case S_CLOSE: {
          if (p >= end) return;
          const n = end - p;
          this.bodyBytes += n;
          if (this.bodyBytes > this.o.maxBodyBytes) {
            this.fail("HW_H1_CONTENT_TOO_LARGE", "content exceeds maxBodyBytes", base + p);
            return;
          }
          this.h.onBody?.(p === 0 ? b : b.subarray(p, end));
          return;
        }
        case S_PAUSED:
          if (p < end) {
            // Not parsed yet: resume() feeds these bytes again from this offset.
            this.consumed = base + p;
            this.hold(b.subarray(p, end));
          }
          return;
        default:
          return;
      }
    }
  }

  // ---------------------------------------------------------------- sections

  private beginSection(p: number): void {
    this.fresh = false;
    this.secStart = p;
    this.scanPos = 0;
    if (this.state === S_TRAILERS) {
      this.stage = 1;
      this.fieldsStart = 0;
      this.scanner.reset(true);
    } else {
      this.stage = 0;
      this.scanner.reset(false);
    }
  }

  /**
   * Parses the current section in `b` up to `end`. Returns the index after it,
   * SCAN_NEED_MORE or SCAN_ERROR. `newFrom` is the index of the first byte not
   * seen before (or -1): without a new LF (or CR) there is nothing new to parse.
   */
  private continueSection(b: Uint8Array, end: number, base: number, newFrom: number): number {
    if (newFrom > 0) {
      const resumeAt = this.secStart + this.scanPos;
      const from = Math.max(resumeAt, newFrom - 1);
      let found = false;
      // A CR matters too: "\rX" is an error to report without waiting for a LF.
      for (let i = from; i < end; i++) {
        if (b[i] === LF || b[i] === CR) {
          found = true;
          break;
        }
      }
      if (!found && this.stage === 1) {
        const maxEnd = this.fieldsMaxEnd();
        if (end > maxEnd) {
          this.fail(
            this.tooLargeCode(),
            "field section exceeds the configured limit",
            base + maxEnd,
          );
          return SCAN_ERROR;
        }
        return SCAN_NEED_MORE;
      }
    }
    if (this.stage === 0) {
      const r = this.startLine(b, end, base);
      if (r < 0) return r;
      if (this.http09) return r;
    }
    const origin = this.secStart;
    const r = this.scanner.scan(b, origin + this.scanPos, end, origin, base, this.fieldsMaxEnd());
    if (r === SCAN_NEED_MORE) {
      this.scanPos = this.scanner.resume - origin;
      return r;
    }
    if (r === SCAN_ERROR) {
      this.report(this.scanner.error!);
      return r;
    }
    return r;
  }

  private tooLargeCode(): H1ErrorCode {
    return this.state === S_TRAILERS ? "HW_H1_TRAILERS_TOO_LARGE" : "HW_H1_HEADERS_TOO_LARGE";
  }

  private fieldsMaxEnd(): number {
    const max =
      this.state === S_TRAILERS ? this.o.maxTrailerSectionBytes : this.o.maxHeaderSectionBytes;
    return this.secStart + this.fieldsStart + max;
  }

  /**
   * Skips empty lines before a start-line (RFC 9112 §2.2), finds the line and
   * parses it. Returns a non-negative index on success.
   */
  private startLine(b: Uint8Array, end: number, base: number): number {
    let p = this.secStart;
    // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the
    // request-line; we ignore any number (before a status-line too: some
    // servers send a stray CRLF after content).
    while (p < end) {
      const c = b[p];
      if (c === CR) {
        if (p + 1 >= end) break;
        if (b[p + 1] !== LF) {
          this.fail("HW_H1_BARE_CR", "CR not followed by LF", base + p);
          return SCAN_ERROR;
        }
        p += 2;
      } else if (c === LF) {
        if (!this.o.allowBareLineFeed) {
          this.fail("HW_H1_BARE_LF", "line ended by LF without CR", base + p);
          return SCAN_ERROR;
        }
        p++;
      } else break;
    }
    this.secStart = p;
    this.scanPos = 0;
    if (p >= end || (b[p] === CR && p + 1 >= end)) return SCAN_NEED_MORE;
    // RFC 9112 §9.3: responses answer requests in order; a byte of a status
    // line while no request awaits one is refused at once, not after the line.
    if (this.isResponse && this.pendingHead >= this.pending.length) {
      this.fail("HW_H1_UNSOLICITED_RESPONSE", "response without a pending request", base + p);
      return SCAN_ERROR;
    }
    if (!this.isResponse) {
      const r = this.requestLine(b, p, end, base);
      if (r < 0 || this.http09) return r;
      this.stage = 1;
      this.fieldsStart = r - p;
      this.scanPos = this.fieldsStart;
      return r;
    }
    const max = this.o.maxStartLineBytes;
    let lf = -1;
    const limit = Math.min(end, p + max + 2);
    for (let i = p; i < limit; i++) {
      if (b[i] === LF) {
        lf = i;
        break;
      }
    }
    if (lf < 0) {
      if (end - p > max + 1) {
        this.tooLongLine(base + p + max);
        return SCAN_ERROR;
      }
      return SCAN_NEED_MORE;
    }
    let lineEnd = lf;
    if (lf > p && b[lf - 1] === CR) lineEnd = lf - 1;
    else if (!this.o.allowBareLineFeed) {
      this.fail("HW_H1_BARE_LF", "start-line ended by LF without CR", base + lf);
      return SCAN_ERROR;
    }
    if (lineEnd - p > max) {
      this.tooLongLine(base + p + max);
      return SCAN_ERROR;
    }
    if (!this.statusLine(b, p, lineEnd, base)) return SCAN_ERROR;
    this.stage = 1;
    this.fieldsStart = lf + 1 - p;
    this.scanPos = this.fieldsStart;
    return lf + 1;
  }

  private tooLongLine(offset: number): void {
    if (this.isResponse) this.fail("HW_H1_STATUS_LINE_TOO_LONG", "status-line too long", offset);
    else this.fail("HW_H1_URI_TOO_LONG", "request-line too long", offset);
  }

  /** Input ran out inside the request-line starting at `s`: wait, unless it is already too long. */
  private requestLineNeedsMore(s: number, end: number, base: number): number {
    if (end - s > this.o.maxStartLineBytes + 1) {
      this.tooLongLine(base + s + this.o.maxStartLineBytes);
      return SCAN_ERROR;
    }
    return SCAN_NEED_MORE;
  }

  /**
   * Parses the request-line at `b[s]` in one pass, up to and including its
   * line terminator. Returns the index after the LF, SCAN_NEED_MORE or
   * SCAN_ERROR; errors are reported as soon as the offending byte is seen.
   *
   * request-line = method SP request-target SP HTTP-version   ; RFC 9112 §3
   * method       = token
   * HTTP-version = HTTP-name "/" DIGIT "." DIGIT              ; RFC 9112 §2.3
   */
  private requestLine(b: Uint8Array, s: number, end: number, base: number): number {
    this.http09 = false;
    let i = s;
    while (i < end && (TCHAR_TABLE[b[i]!]! & TCHAR_BIT) !== 0) i++;
    if (i >= end) return this.requestLineNeedsMore(s, end, base);
    let c = b[i]!;
    if (i === s) {
      this.fail(
        "HW_H1_INVALID_METHOD",
        "request-line does not start with a method token",
        base + s,
      );
      return SCAN_ERROR;
    }
    if (c !== SP) {
      if (c === CR || c === LF) {
        this.fail("HW_H1_INVALID_REQUEST_LINE", "request-line has no request-target", base + i);
      } else this.fail("HW_H1_INVALID_METHOD", "invalid byte in method", base + i);
      return SCAN_ERROR;
    }
    const methodEnd = i;
    i++;
    const targetStart = i;
    // request-target bytes: any VCHAR. RFC 3986 allows fewer, but browsers send
    // "|", "^", "{", "}", "[", "]" and "`" raw (WHATWG URL leaves them alone);
    // CTLs, SP, DEL and obs-text are never allowed.
    const scanner = this.scanner;
    if (b !== scanner.input) scanner.attach(b);
    i = scanner.targetEnd(b, i, end);
    if (i >= end) return this.requestLineNeedsMore(s, end, base);
    c = b[i]!;
    const targetEnd = i;
    if (targetEnd === targetStart) {
      this.fail("HW_H1_INVALID_REQUEST_LINE", "empty request-target or extra SP", base + i);
      return SCAN_ERROR;
    }
    if (c === CR || c === LF) {
      // method SP target CRLF: an HTTP/0.9 simple request (RFC 9112 Appendix C.1).
      const next = this.lineTerminator(b, i, end, base);
      if (next < 0) return next === SCAN_NEED_MORE ? this.requestLineNeedsMore(s, end, base) : next;
      const method = methodName(b, s, methodEnd);
      if (method === "GET" && this.o.allowHttp09SimpleRequest) {
        this.method = method;
        this.target = latin1(b, targetStart, targetEnd);
        this.version = "0.9";
        this.http09 = true;
        return next;
      }
      if (method === "GET")
        this.fail("HW_H1_HTTP09_NOT_ALLOWED", "HTTP/0.9 simple request", base + i);
      else this.fail("HW_H1_INVALID_REQUEST_LINE", "request-line has no HTTP-version", base + i);
      return SCAN_ERROR;
    }
    if (c !== SP) {
      this.fail("HW_H1_INVALID_TARGET", "invalid byte in request-target", base + i);
      return SCAN_ERROR;
    }
    i++;
    const versionStart = i;
    // HTTP-version is 8 bytes: look there for the line end first.
    if (i + 8 < end && (b[i + 8] === CR || b[i + 8] === LF)) i += 8;
    else
      while (i < end && i - versionStart < 9) {
        c = b[i]!;
        if (c === CR || c === LF) break;
        i++;
      }
    if (i >= end) return this.requestLineNeedsMore(s, end, base);
    if (b[versionStart] === SP) {
      this.fail(
        "HW_H1_INVALID_REQUEST_LINE",
        "more than one SP before HTTP-version",
        base + versionStart,
      );
      return SCAN_ERROR;
    }
    const version = this.httpVersion(b, versionStart, i, base);
    if (version === null) return SCAN_ERROR;
    const next = this.lineTerminator(b, i, end, base);
    if (next < 0) return next === SCAN_NEED_MORE ? this.requestLineNeedsMore(s, end, base) : next;
    if (i - s > this.o.maxStartLineBytes) {
      this.tooLongLine(base + s + this.o.maxStartLineBytes);
      return SCAN_ERROR;
    }
    const method = methodName(b, s, methodEnd);
    if (
      version === "2.0" &&
      method === "PRI" &&
      targetEnd - targetStart === 1 &&
      b[targetStart] === 0x2a
    ) {
      // RFC 9113 §3.4: the preface starts with "PRI * HTTP/2.0"; report it so a
      // server can hand the connection to HTTP/2 (or answer 505).
      this.fail("HW_H1_HTTP2_PREFACE", "HTTP/2 connection preface", base + s);
      return SCAN_ERROR;
    }
    if (version !== "1.0" && version !== "1.1") {
      this.fail(
        "HW_H1_UNSUPPORTED_VERSION",
        `unsupported HTTP version ${version}`,
        base + versionStart,
      );
      return SCAN_ERROR;
    }
    this.method = method;
    this.version = version;
    this.targetStart = targetStart - s;
    this.targetEnd = targetEnd - s;
    // Origin-form is by far the most common: its string is cut out of the
    // head's single decode later. Other forms need the string now.
    if (b[targetStart] === 0x2f) {
      this.target = "";
      return this.checkTargetForm(method, "origin", base + targetStart) ? next : SCAN_ERROR;
    }
    const target = latin1(b, targetStart, targetEnd);
    this.target = target;
    return this.checkTarget(method, target, base + targetStart) ? next : SCAN_ERROR;
  }

  /**
   * At `b[i]`, CR or LF ending a line: the index after the terminator,
   * SCAN_NEED_MORE or SCAN_ERROR (bare CR; bare LF unless allowed).
   */
  private lineTerminator(b: Uint8Array, i: number, end: number, base: number): number {
    if (b[i] === CR) {
      if (i + 1 >= end) return SCAN_NEED_MORE;
      if (b[i + 1] !== LF) {
        this.fail("HW_H1_BARE_CR", "CR not followed by LF", base + i);
        return SCAN_ERROR;
      }
      return i + 2;
    }
    if (!this.o.allowBareLineFeed) {
      this.fail("HW_H1_BARE_LF", "line ended by LF without CR", base + i);
      return SCAN_ERROR;
    }
    return i + 1;
  }

  /** HTTP-version at `b[i, le)`: "1.0", "1.1", another "D.D", or null after reporting an error. */
  private httpVersion(b: Uint8Array, i: number, le: number, base: number): string | null {
    if (
      le - i !== 8 ||
      b[i] !== 0x48 ||
      b[i + 1] !== 0x54 ||
      b[i + 2] !== 0x54 ||
      b[i + 3] !== 0x50 ||
      b[i + 4] !== 0x2f ||
      b[i + 6] !== 0x2e
    ) {
      this.fail("HW_H1_INVALID_VERSION", "malformed HTTP-version", base + i);
      return null;
    }
    const major = b[i + 5]! - 0x30;
    const minor = b[i + 7]! - 0x30;
    if (major < 0 || major > 9 || minor < 0 || minor > 9) {
      this.fail("HW_H1_INVALID_VERSION", "malformed HTTP-version", base + i);
      return null;
    }
    if (major === 1) {
      if (minor === 1) return "1.1";
      if (minor === 0) return "1.0";
    }
    return `${major}.${minor}`;
  }

  /** RFC 9112 §3.2: the form of the request-target must suit the method. */
  private checkTarget(method: string, target: string, offset: number): boolean {
    let form: TargetForm;
    if (target.charCodeAt(0) === 0x2f) form = "origin";
    else if (target === "*") form = "asterisk";
    else {
      const parsed = parseRequestTarget(target);
      if (!parsed.ok) {
        this.fail(
          "HW_H1_INVALID_TARGET",
          `invalid request-target: ${parsed.error.message}`,
          offset,
        );
        return false;
      }
      form = parsed.value.form;
    }
    return this.checkTargetForm(method, form, offset);
  }

  private checkTargetForm(method: string, form: TargetForm, offset: number): boolean {
    if (method !== this.lastMethod) {
      this.lastMethod = method;
      this.lastForms = allowedTargetForms(method);
      this.lastOriginAllowed = this.lastForms.has("origin");
    }
    // The usual origin-form costs a boolean, not a set lookup.
    if (form === "origin" ? !this.lastOriginAllowed : !this.lastForms.has(form)) {
      this.fail(
        "HW_H1_INVALID_TARGET_FORM",
        `${form}-form request-target is not allowed for ${method}`,
        offset,
      );
      return false;
    }
    this.targetForm = form;
    return true;
  }

  /**
   * status-line = HTTP-version SP status-code SP [ reason-phrase ]   ; RFC 9112 §4
   * status-code = 3DIGIT
   * reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
   */
  private statusLine(b: Uint8Array, s: number, le: number, base: number): boolean {
    for (let k = s; k < le; k++) {
      if (b[k] === CR) {
        this.fail("HW_H1_BARE_CR", "CR inside the status-line", base + k);
        return false;
      }
    }
    if (le - s < 12 || b[s + 8] !== SP) {
      this.fail("HW_H1_INVALID_STATUS_LINE", "malformed status-line", base + s);
      return false;
    }
    const version = this.httpVersion(b, s, s + 8, base);
    if (version === null) return false;
    if (version !== "1.0" && version !== "1.1") {
      this.fail("HW_H1_UNSUPPORTED_VERSION", `unsupported HTTP version ${version}`, base + s);
      return false;
    }
    const d0 = b[s + 9]! - 0x30;
    const d1 = b[s + 10]! - 0x30;
    const d2 = b[s + 11]! - 0x30;
    if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
      this.fail("HW_H1_INVALID_STATUS_CODE", "status-code is not 3 digits from 100", base + s + 9);
      return false;
    }
    let reason = "";
    const after = s + 12;
    if (after < le) {
      // The SP before an empty reason-phrase is required, but "HTTP/1.1 200"
      // alone is common and unambiguous: accepted.
      if (b[after] !== SP) {
        const code =
          b[after]! >= 0x30 && b[after]! <= 0x39
            ? "HW_H1_INVALID_STATUS_CODE"
            : "HW_H1_INVALID_STATUS_LINE";
        this.fail(code, "malformed status-line", base + after);
        return false;
      }
      for (let k = after + 1; k < le; k++) {
        if ((TCHAR_TABLE[b[k]!]! & FIELD_VALUE_BIT) === 0) {
          this.fail("HW_H1_INVALID_STATUS_LINE", "control character in reason-phrase", base + k);
          return false;
        }
      }
      reason = latin1(b, after + 1, le);
    }
    this.version = version;
    this.status = d0 * 100 + d1 * 10 + d2;
    this.reason = reason;
    return true;
  }

  // ---------------------------------------------------------------- heads

  private sectionDone(b: Uint8Array, end: number, base: number): void {
    if (this.state === S_TRAILERS) this.trailersDone(b, end, base);
    else if (this.isResponse) this.responseHeadDone(b, end, base);
    else this.requestHeadDone(b, end, base);
  }

  private requestHeadDone(b: Uint8Array, end: number, base: number): void {
    const version = this.version;
    if (this.http09) {
      const head: RequestHead = {
        method: this.method,
        target: this.target,
        version,
        headers: Fields.fromTrusted([], [], []),
        framing: FRAMING_NONE,
        keepAlive: false,
        upgrade: NO_UPGRADE,
        expectContinue: false,
      };
      this.messageKeepAlive = false;
      this.connectionKeepAlive = false;
      this.pauseAfter = false;
      this.h.onHead(head as RequestHead & ResponseHead);
      if (this.state === S_HEAD) this.messageDone();
      return;
    }
    const origin = this.secStart;
    // One decode from the request-target to the end of the head: the target
    // and every value are substrings of it.
    const shift = this.targetStart;
    const text = latin1(b, origin + shift, end);
    const target = this.target !== "" ? this.target : text.slice(0, this.targetEnd - shift);
    const scanner = this.scanner;
    const n = scanner.count;
    const slots = scanner.slots;
    // The scanner keeps each line's name strings: copying them is one native call.
    const lower = scanner.lowerNames.slice(0, n);
    const raw = scanner.rawNames.slice(0, n);
    const values: string[] = new Array(n);
    let te: string | null = null;
    let cl: string | null = null;
    let host: string | null = null;
    let hostCount = 0;
    let connection: string | null = null;
    let upgrade: string | null = null;
    let expect: string | null = null;
    let framingAt = -1;
    let hostAt = -1;
    for (let i = 0; i < n; i++) {
      const at = i * SLOT_SIZE;
      const found = slots[at]!;
      const valueStart = slots[at + 2]!;
      const value =
        valueStart < 0
          ? scanner.folded[i]!
          : text.slice(valueStart - shift, slots[at + 3]! - shift);
      values[i] = value;
      if (found >= 0) {
        switch (FIELD_ROLE[found]) {
          case ROLE_NONE:
            break;
          case ROLE_HOST:
            host = value;
            hostCount++;
            hostAt = slots[at + 1]!;
            break;
          case ROLE_CONTENT_LENGTH:
            cl = cl === null ? value : `${cl}, ${value}`;
            framingAt = slots[at + 1]!;
            break;
          case ROLE_TRANSFER_ENCODING:
            te = te === null ? value : `${te}, ${value}`;
            framingAt = slots[at + 1]!;
            break;
          case ROLE_CONNECTION:
            connection = connection === null ? value : `${connection}, ${value}`;
            break;
          case ROLE_UPGRADE:
            upgrade = upgrade === null ? value : `${upgrade}, ${value}`;
            break;
          default:
            expect = expect === null ? value : `${expect}, ${value}`;
        }
      }
    }
    const headAt = base + origin;
    // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without
    // Host, with more than one Host line, or with an invalid Host value.
    if (hostCount > 1) {
      this.fail("HW_H1_DUPLICATE_HOST", "more than one Host field line", headAt + hostAt);
      return;
    }
    if (host === null) {
      if (version === "1.1") {
        this.fail("HW_H1_MISSING_HOST", "HTTP/1.1 request without Host", base + end);
        return;
      }
    } else if (!this.validHost(host, version)) {
      this.fail("HW_H1_INVALID_HOST", `invalid Host "${host}"`, headAt + hostAt);
      return;
    }
    const framingResult = requestFramingOf(version, te, cl, headAt + framingAt);
    if (!framingResult.ok) {
      this.report(framingResult.error);
      return;
    }
    const framing = framingResult.value;
    if (framing.kind === "length" && framing.length > this.o.maxBodyBytes) {
      this.fail(
        "HW_H1_CONTENT_TOO_LARGE",
        "Content-Length exceeds maxBodyBytes",
        headAt + framingAt,
      );
      return;
    }
    let close = false;
    let keepAliveToken = false;
    let upgradeToken = false;
    if (connection !== null) {
      if (equalsIgnoringCase(connection, "keep-alive")) keepAliveToken = true;
      else if (equalsIgnoringCase(connection, "close")) close = true;
      else {
        const tokens = parseConnection(connection);
        if (!tokens.ok) {
          this.fail("HW_H1_INVALID_CONNECTION", "Connection is not a token list", headAt);
          return;
        }
        for (const token of tokens.value) {
          if (token === "close") close = true;
          else if (token === "keep-alive") keepAliveToken = true;
          else if (token === "upgrade") upgradeToken = true;
        }
      }
    }
    // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
    const keepAlive = version === "1.1" ? !close : keepAliveToken && !close;
    // RFC 9110 §7.8: Upgrade counts only with Connection: upgrade, and a server
    // MUST ignore Upgrade in an HTTP/1.0 request.
    let protocols: readonly string[] = NO_UPGRADE;
    if (upgradeToken && upgrade !== null && version === "1.1") {
      const parsed = parseUpgrade(upgrade);
      if (parsed.ok && parsed.value.length > 0) {
        protocols = parsed.value.map((p) =>
          p.version === undefined ? p.name : `${p.name}/${p.version}`,
        );
      }
    }
    // RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
    let expectContinue = false;
    if (expect !== null && version === "1.1") {
      if (equalsIgnoringCase(expect, "100-continue")) expectContinue = true;
      else {
        const parsed = parseExpect(expect);
        expectContinue = parsed.ok && parsed.value.continue;
      }
    }
    const head: RequestHead = {
      method: this.method,
      target,
      version,
      headers: Fields.fromTrusted(lower, raw, values),
      framing,
      keepAlive,
      upgrade: protocols,
      expectContinue,
    };
    this.messageKeepAlive = keepAlive;
    this.connectionKeepAlive = keepAlive;
    // The parser stops after a CONNECT or an upgrade request so the server can
    // take the bytes that follow (a tunnel) or resume HTTP if it refuses.
    this.pauseAfter = protocols.length > 0 || this.targetForm === "authority";
    this.h.onHead(head as RequestHead & ResponseHead);
    if (this.state === S_HEAD) this.startContent(framing);
  }

  /**
   * RFC 9112 §3.2 and RFC 9110 §7.2: Host = uri-host [ ":" port ], no
   * userinfo. An empty value is only meaningful when the target URI has no
   * authority; in HTTP/1.1 an empty Host is refused unless the target is in
   * absolute-form (whose authority takes precedence over Host, RFC 9112 §3.2.2).
   */
  private validHost(host: string, version: HttpVersion): boolean {
    // Clients send the same Host on every request: remember the last valid one.
    if (host === lastValidHost) return true;
    if (host.length === 0) return version !== "1.1" || this.targetForm === "absolute";
    // A comma means several values were combined into one line ("a, b"):
    // reg-name allows "," but no DNS name has one, and peers would disagree.
    if (host.indexOf(",") >= 0) return false;
    if (!parseHostAndPort(host).ok) return false;
    lastValidHost = host;
    return true;
  }

  private responseHeadDone(b: Uint8Array, end: number, base: number): void {
    const version = this.version;
    const origin = this.secStart;
    const shift = this.fieldsStart;
    const text = latin1(b, origin + shift, end);
    const scanner = this.scanner;
    const n = scanner.count;
    const slots = scanner.slots;
    const lower = scanner.lowerNames.slice(0, n);
    const raw = scanner.rawNames.slice(0, n);
    const values: string[] = new Array(n);
    let te: string | null = null;
    let cl: string | null = null;
    let connection: string | null = null;
    let framingAt = 0;
    for (let i = 0; i < n; i++) {
      const at = i * SLOT_SIZE;
      const found = slots[at]!;
      const valueStart = slots[at + 2]!;
      const value =
        valueStart < 0
          ? scanner.folded[i]!
          : text.slice(valueStart - shift, slots[at + 3]! - shift);
      values[i] = value;
      if (found >= 0) {
        switch (FIELD_ROLE[found]) {
          case ROLE_CONTENT_LENGTH:
            cl = cl === null ? value : `${cl}, ${value}`;
            framingAt = slots[at + 1]!;
            break;
          case ROLE_TRANSFER_ENCODING:
            te = te === null ? value : `${te}, ${value}`;
            framingAt = slots[at + 1]!;
            break;
          case ROLE_CONNECTION:
            connection = connection === null ? value : `${connection}, ${value}`;
            break;
        }
      }
    }
    const headAt = base + origin;
    const status = this.status;
    const method = this.pending[this.pendingHead]!;
    const framingResult = responseFramingOf(method, status, version, te, cl, headAt + framingAt);
    if (!framingResult.ok) {
      this.report(framingResult.error);
      return;
    }
    const framing = framingResult.value;
    if (framing.kind === "length" && framing.length > this.o.maxBodyBytes) {
      this.fail(
        "HW_H1_CONTENT_TOO_LARGE",
        "Content-Length exceeds maxBodyBytes",
        headAt + framingAt,
      );
      return;
    }
    let close = false;
    let keepAliveToken = false;
    if (connection !== null) {
      if (equalsIgnoringCase(connection, "keep-alive")) keepAliveToken = true;
      else if (equalsIgnoringCase(connection, "close")) close = true;
      else {
        const tokens = parseConnection(connection);
        if (!tokens.ok) {
          this.fail("HW_H1_INVALID_CONNECTION", "Connection is not a token list", headAt);
          return;
        }
        close = tokens.value.includes("close");
        keepAliveToken = tokens.value.includes("keep-alive");
      }
    }
    // RFC 9112 §9.3, §6.3 ¶3 (Transfer-Encoding with Content-Length: never
    // reuse the connection) and ¶8 (close-delimited content).
    const keepAlive =
      (version === "1.1" ? !close : keepAliveToken && !close) &&
      framing.kind !== "close" &&
      framing.kind !== "tunnel" &&
      !(te !== null && cl !== null);
    const head: ResponseHead = {
      status,
      reason: this.reason,
      version,
      headers: Fields.fromTrusted(lower, raw, values),
      framing,
      keepAlive,
    };
    if (status < 200 && status !== 101) {
      // RFC 9110 §15.2: interim responses precede the final one for the same request.
      this.fresh = true;
      this.h.onInformational?.(head);
      return;
    }
    this.pendingHead++;
    this.messageKeepAlive = keepAlive;
    this.connectionKeepAlive = keepAlive;
    this.pauseAfter = framing.kind === "tunnel";
    this.h.onHead(head as RequestHead & ResponseHead);
    if (this.state === S_HEAD) this.startContent(framing);
  }

  private startContent(framing: BodyFraming): void {
    this.bodyBytes = 0;
    switch (framing.kind) {
      case "length":
        if (framing.length === 0) this.messageDone();
        else {
          this.remaining = framing.length;
          this.state = S_LENGTH;
        }
        return;
      case "chunked":
        this.chunkedDecoderForNewMessage().reset();
        this.state = S_CHUNKED;
        return;
      case "close":
        this.state = S_CLOSE;
        return;
      default:
        this.messageDone();
    }
  }

  private trailersDone(b: Uint8Array, end: number, base: number): void {
    const scanner = this.scanner;
    const n = scanner.count;
    if (n > 0) {
      const origin = this.secStart;
      const text = latin1(b, origin, end);
      const slots = scanner.slots;
      const lower: string[] = [];
      const raw: string[] = [];
      const values: string[] = [];
      const drop = this.o.forbiddenTrailerFields === "drop";
      for (let i = 0; i < n; i++) {
        const at = i * SLOT_SIZE;
        const index = slots[at]!;
        const nameStart = slots[at + 1]!;
        const valueStart = slots[at + 2]!;
        const lowerName = scanner.lowerNames[i]!;
        const rawName = scanner.rawNames[i]!;
        // RFC 9110 §6.5.1: framing, routing, authentication and the like must
        // not come from a trailer; never let them reach a consumer that might
        // merge trailers into the header section.
        if (index >= 0 && isForbiddenInTrailers(lowerName)) {
          if (drop) continue;
          this.fail(
            "HW_H1_FORBIDDEN_TRAILER_FIELD",
            `${rawName} is not allowed in a trailer section`,
            base + origin + nameStart,
          );
          return;
        }
        lower.push(lowerName);
        raw.push(rawName);
        values.push(valueStart < 0 ? scanner.folded[i]! : text.slice(valueStart, slots[at + 3]!));
      }
      if (lower.length > 0) {
        this.h.onTrailers?.(Fields.fromTrusted(lower, raw, values));
        if (this.state !== S_TRAILERS) return;
      }
    }
    this.messageDone();
  }

  private messageDone(): void {
    this.fresh = true;
    this.state = S_HEAD;
    if (this.pauseAfter) this.state = S_PAUSED;
    else if (!this.messageKeepAlive) {
      // RFC 9112 §9.6: after a message that closes the connection, nothing
      // more is read (a server MUST NOT process further pipelined requests).
      this.state = S_CLOSED;
    } else if (this.pauseRequested) this.state = S_PAUSED;
    this.pauseRequested = false;
    this.h.onMessageComplete?.();
  }
}
