import { BYTE_CLASS, ByteClass } from "@hyperwire/grammar";
import { type H1ErrorCode, h1Error } from "./error-codes.js";
import type { H1Error } from "./errors.js";
import { lookupFieldName } from "./field-name-index.js";
import { latin1 } from "./latin1.js";

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;
const TCHAR = ByteClass.TCHAR;
const FIELD_VALUE = ByteClass.FIELD_VALUE;
const T = BYTE_CLASS;
/** 1 for tchar bytes (RFC 9110 §5.6.2), from BYTE_CLASS: a byte table is one load, no mask. */
const TCHAR_ONLY = new Uint8Array(256);
for (let i = 0; i < 256; i++) TCHAR_ONLY[i] = (T[i]! & TCHAR) !== 0 ? 1 : 0;

// An Int32Array view of the last ArrayBuffer seen, for the word-at-a-time scan.
let wordsBuffer: ArrayBufferLike | null = null;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);
const EMPTY_WORDS: Int32Array<ArrayBufferLike> = new Int32Array(0);

/**
 * The index of the first byte at or after `p` that cannot be in a field value
 * (a CTL other than HTAB, or DEL: field-vchar / SP / HTAB, RFC 9110 §5.5), or
 * `end`. Values are most of a head's bytes, so this is the parser's hottest
 * loop: it tests four bytes at a time (SWAR) and only looks at single bytes
 * around the word holding the first suspect byte. For a 32-bit word x:
 * `(x - 0x20202020) & ~x & 0x80808080` is non-zero iff some byte is < 0x20,
 * and the same test on `x ^ 0x7f7f7f7f` with 0x01010101 finds a DEL. Which
 * byte order the words have does not matter for "is there any".
 */
function findValueEnd(
  b: Uint8Array,
  p: number,
  end: number,
  w: Int32Array,
  offset: number,
): number {
  if (end - p >= 16 && w.length !== 0) {
    // Bytes up to the next 4-byte boundary, one at a time.
    while (((offset + p) & 3) !== 0) {
      const v = b[p]!;
      if (v < 0x20 ? v !== HTAB : v === 0x7f) return p;
      p++;
    }
    let i = (offset + p) >> 2;
    const last = (offset + end) >> 2;
    while (i < last) {
      const x = w[i]!;
      const y = x ^ 0x7f7f7f7f;
      if ((((x - 0x20202020) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) break;
      i++;
    }
    p = (i << 2) - offset;
  }
  for (; p < end; p++) {
    const v = b[p]!;
    if (v < 0x20 ? v !== HTAB : v === 0x7f) break;
  }
  return p;
}

/**
 * The Int32Array view over `b`'s buffer used by {@link findValueEnd}. Reading
 * `.buffer` costs more than a whole short value scan, so it is done once per
 * scanned chunk and the view of the last buffer is kept.
 */
function wordsOf(b: Uint8Array): Int32Array {
  const buffer = b.buffer;
  if (buffer !== wordsBuffer) {
    wordsBuffer = buffer;
    words = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
  }
  return words;
}

/** {@link FieldLineScanner.scan} found no end of the section in the bytes given. */
export const SCAN_NEED_MORE = -1;
/** {@link FieldLineScanner.scan} failed; the error is in {@link FieldLineScanner.error}. */
export const SCAN_ERROR = -2;

/** Slots per field line in {@link FieldLineScanner.slots}. */
export const SLOT_SIZE = 5;

/**
 * Scans a field section (the header section after a start-line, or a trailer
 * section after the last chunk) line by line, validating every byte, and
 * records where each name and value lies instead of making strings: the
 * parser decodes the whole section once and cuts the strings out of it.
 *
 * ```abnf
 * field-line   = field-name ":" OWS field-value OWS    ; RFC 9112 §5
 * field-name   = token                                 ; RFC 9110 §5.1
 * field-value  = *field-content                        ; RFC 9110 §5.5
 * field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
 * obs-fold     = OWS CRLF RWS                          ; RFC 9112 §5.2
 * ```
 *
 * Lines are processed only when complete *and* the first byte of the next
 * line is there, because that byte says whether the line continues (obs-fold).
 * A section split across input chunks is rescanned from the first unfinished
 * line, never from its start.
 * @internal
 */
export class FieldLineScanner {
  /** Number of field lines recorded in this section. */
  count = 0;
  /**
   * Per field line, {@link SLOT_SIZE} numbers: what {@link lookupFieldName}
   * returned for the name (registry index * 4 + spelling, or -1), name start, name end, value start, value end; offsets relative to
   * the `origin` given to {@link scan}. A value start of -1 means the value had
   * obs-folds and its string is in {@link folded}.
   */
  slots: Int32Array = new Int32Array(32 * SLOT_SIZE);
  /** Values rebuilt from obs-folded lines, by field index. */
  folded: (string | undefined)[] = [];
  /** Where to resume after {@link SCAN_NEED_MORE}: the buffer index of the first unfinished line. */
  resume = 0;
  /** The error after {@link SCAN_ERROR}. */
  error: H1Error | null = null;

  private input: Uint8Array | null = null;
  private inputOffset = 0;
  private inputWords: Int32Array<ArrayBufferLike> = EMPTY_WORDS;
  private readonly allowBareLineFeed: boolean;
  private readonly allowObsoleteLineFolding: boolean;
  private readonly maxFieldCount: number;
  private readonly isResponse: boolean;
  private tooLargeCode: H1ErrorCode = "HW_H1_HEADERS_TOO_LARGE";

  constructor(
    isResponse: boolean,
    allowBareLineFeed: boolean,
    allowObsoleteLineFolding: boolean,
    maxFieldCount: number,
  ) {
    this.isResponse = isResponse;
    this.allowBareLineFeed = allowBareLineFeed;
    // RFC 9112 §5.2: a user agent MUST replace obs-fold with SP in responses;
    // a server MUST either reject it or replace it: we reject unless opted in.
    this.allowObsoleteLineFolding = isResponse || allowObsoleteLineFolding;
    this.maxFieldCount = maxFieldCount;
  }

  /** Drops the reference to the last input chunk (called when a push is done). */
  release(): void {
    this.input = null;
  }

  /** Starts a new section; `trailers` picks the size error code. */
  reset(trailers: boolean): void {
    this.count = 0;
    if (this.folded.length !== 0) this.folded.length = 0;
    this.error = null;
    this.tooLargeCode = trailers ? "HW_H1_TRAILERS_TOO_LARGE" : "HW_H1_HEADERS_TOO_LARGE";
  }

  private fail(code: H1ErrorCode, message: string, offset: number): number {
    this.error = h1Error(code, message, offset, this.isResponse);
    return SCAN_ERROR;
  }

  private needMore(lineStart: number, end: number, maxEnd: number, base: number): number {
    if (end > maxEnd) {
      return this.fail(
        this.tooLargeCode,
        "field section exceeds the configured limit",
        base + maxEnd,
      );
    }
    this.resume = lineStart;
    return SCAN_NEED_MORE;
  }

  /**
   * Scans field lines from `p` to `end` in `b`. Returns the index just past
   * the empty line that ends the section, {@link SCAN_NEED_MORE} (see
   * {@link resume}) or {@link SCAN_ERROR}. `origin` is the buffer index that
   * recorded offsets are relative to, `base` the absolute input offset of
   * `b[0]` (for errors), `maxEnd` the first buffer index beyond the size limit.
   */
  scan(
    b: Uint8Array,
    p: number,
    end: number,
    origin: number,
    base: number,
    maxEnd: number,
  ): number {
    // `.buffer` and `.byteOffset` are slow reads: once per input chunk.
    if (b !== this.input) {
      this.input = b;
      this.inputOffset = b.byteOffset;
      this.inputWords = b.length >= 64 ? wordsOf(b) : EMPTY_WORDS;
    }
    const offset = this.inputOffset;
    const w = this.inputWords;
    for (;;) {
      const lineStart = p;
      if (p >= end) return this.needMore(lineStart, end, maxEnd, base);
      let c = b[p]!;
      // RFC 9112 §2.2: the section ends with an empty line; a CR that is not
      // part of CRLF is invalid anywhere (it splits messages differently in
      // other parsers: "\r\n\rX" after a head).
      if (c === CR) {
        if (p + 1 >= end) return this.needMore(lineStart, end, maxEnd, base);
        if (b[p + 1] !== LF) return this.fail("HW_H1_BARE_CR", "CR not followed by LF", base + p);
        if (p + 2 > maxEnd) return this.needMore(lineStart, p + 2, maxEnd, base);
        return p + 2;
      }
      if (c === LF) {
        if (!this.allowBareLineFeed) {
          return this.fail("HW_H1_BARE_LF", "line ended by LF without CR", base + p);
        }
        if (p + 1 > maxEnd) return this.needMore(lineStart, p + 1, maxEnd, base);
        return p + 1;
      }
      // RFC 9112 §2.2: whitespace between the start-line and the first field
      // line hides a field from some parsers and not others: reject.
      if (c === SP || c === HTAB) {
        if (this.count === 0) {
          return this.fail(
            "HW_H1_WHITESPACE_BEFORE_FIRST_FIELD",
            "whitespace before the first field line",
            base + p,
          );
        }
        // A continuation line is consumed with the line it continues, so one
        // here follows a line that could not be continued.
        return this.fail("HW_H1_INVALID_FIELD_NAME", "field line starts with whitespace", base + p);
      }
      const nameStart = p;
      while (p < end && TCHAR_ONLY[b[p]!] === 1) p++;
      if (p >= end) return this.needMore(lineStart, end, maxEnd, base);
      c = b[p]!;
      if (c !== COLON) {
        // RFC 9112 §5.1: no whitespace is allowed between the field name and
        // colon; a server MUST reject it with 400 (it enabled smuggling).
        if (c === SP || c === HTAB) {
          return this.fail(
            "HW_H1_WHITESPACE_BEFORE_COLON",
            "whitespace between field name and colon",
            base + p,
          );
        }
        if (c === CR || c === LF) {
          return this.fail("HW_H1_INVALID_FIELD_NAME", "field line without a colon", base + p);
        }
        return this.fail("HW_H1_INVALID_FIELD_NAME", "invalid byte in field name", base + p);
      }
      if (p === nameStart) {
        return this.fail("HW_H1_EMPTY_FIELD_NAME", "empty field name", base + p);
      }
      const nameEnd = p;
      p++;
      while (p < end && (b[p] === SP || b[p] === HTAB)) p++;
      const valueStart = p;
      p = findValueEnd(b, p, end, w, offset);
      if (p >= end) return this.needMore(lineStart, end, maxEnd, base);
      let next = this.lineEnd(b, p, end, base);
      if (next < 0) {
        if (next === SCAN_NEED_MORE) return this.needMore(lineStart, end, maxEnd, base);
        return SCAN_ERROR;
      }
      // The first byte of the next line tells whether this one continues.
      if (next >= end) return this.needMore(lineStart, end, maxEnd, base);
      if (next > maxEnd) return this.needMore(lineStart, next, maxEnd, base);
      let valueEnd = p;
      while (valueEnd > valueStart && (b[valueEnd - 1] === SP || b[valueEnd - 1] === HTAB)) {
        valueEnd--;
      }
      c = b[next]!;
      let foldedValue: string | undefined;
      if (c === SP || c === HTAB) {
        if (!this.allowObsoleteLineFolding) {
          return this.fail(
            "HW_H1_OBSOLETE_LINE_FOLDING",
            "obs-fold (line folding) in a request",
            base + next,
          );
        }
        // RFC 9112 §5.2: replace each obs-fold (OWS CRLF RWS) with one SP.
        foldedValue = latin1(b, valueStart, valueEnd);
        for (;;) {
          p = next;
          while (p < end && (b[p] === SP || b[p] === HTAB)) p++;
          const partStart = p;
          while (p < end && (T[b[p]!]! & FIELD_VALUE) !== 0) p++;
          if (p >= end) return this.needMore(lineStart, end, maxEnd, base);
          next = this.lineEnd(b, p, end, base);
          if (next < 0) {
            if (next === SCAN_NEED_MORE) return this.needMore(lineStart, end, maxEnd, base);
            return SCAN_ERROR;
          }
          if (next >= end) return this.needMore(lineStart, end, maxEnd, base);
          if (next > maxEnd) return this.needMore(lineStart, next, maxEnd, base);
          let partEnd = p;
          while (partEnd > partStart && (b[partEnd - 1] === SP || b[partEnd - 1] === HTAB)) {
            partEnd--;
          }
          if (partEnd > partStart) {
            const part = latin1(b, partStart, partEnd);
            foldedValue = foldedValue.length === 0 ? part : `${foldedValue} ${part}`;
          }
          c = b[next]!;
          if (c !== SP && c !== HTAB) break;
        }
      }
      const index = this.count;
      if (index >= this.maxFieldCount) {
        return this.fail("HW_H1_TOO_MANY_FIELDS", "too many field lines", base + nameStart);
      }
      let slots = this.slots;
      const at = index * SLOT_SIZE;
      if (at + SLOT_SIZE > slots.length) {
        const grown = new Int32Array(slots.length * 2);
        grown.set(slots);
        this.slots = slots = grown;
      }
      slots[at] = lookupFieldName(b, nameStart, nameEnd);
      slots[at + 1] = nameStart - origin;
      slots[at + 2] = nameEnd - origin;
      if (foldedValue === undefined) {
        slots[at + 3] = valueStart - origin;
        slots[at + 4] = valueEnd - origin;
      } else {
        slots[at + 3] = -1;
        slots[at + 4] = -1;
        this.folded[index] = foldedValue;
      }
      this.count = index + 1;
      p = next;
    }
  }

  /**
   * At `b[p]`, a byte that ended a field value: returns the index after the
   * line terminator, {@link SCAN_NEED_MORE}, or {@link SCAN_ERROR}.
   */
  private lineEnd(b: Uint8Array, p: number, end: number, base: number): number {
    const c = b[p]!;
    if (c === CR) {
      if (p + 1 >= end) return SCAN_NEED_MORE;
      if (b[p + 1] !== LF) return this.fail("HW_H1_BARE_CR", "CR not followed by LF", base + p);
      return p + 2;
    }
    if (c === LF) {
      // RFC 9112 §2.2: a recipient MAY accept a bare LF; strict by default.
      if (!this.allowBareLineFeed) {
        return this.fail("HW_H1_BARE_LF", "line ended by LF without CR", base + p);
      }
      return p + 1;
    }
    // RFC 9110 §5.5: NUL and other CTLs in a value are invalid (CVE-2019-16276 style smuggling).
    return this.fail("HW_H1_INVALID_FIELD_VALUE", "control character in field value", base + p);
  }
}
