import { BYTE_CLASS, ByteClass } from "@hyperwire/grammar";
import {
  FIELD_NAMES_CANONICAL,
  FIELD_NAMES_LOWER,
  findFieldName,
  internRawFieldName,
} from "@hyperwire/headers";
import { type H1ErrorCode, h1Error } from "./error-codes.js";
import type { H1Error } from "./errors.js";
import { KNOWN_NAME_WORDS, knownFieldNameWords, matchKnownFieldName } from "./known-field-name.js";
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
const EMPTY_VIEW = new DataView(new ArrayBuffer(0));
let view: DataView = EMPTY_VIEW;

/**
 * The Int32Array view over `b`'s buffer used by the value scan. Reading
 * `.buffer` costs more than a whole short value scan, so it is done once per
 * scanned chunk and the views of the last buffer are kept (with a DataView
 * for the unaligned 4-byte reads of the name prediction).
 */
function wordsOf(b: Uint8Array): Int32Array {
  const buffer = b.buffer;
  if (buffer !== wordsBuffer) {
    wordsBuffer = buffer;
    words = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
    view = new DataView(buffer);
  }
  return words;
}

/** {@link FieldLineScanner.scan} found no end of the section in the bytes given. */
export const SCAN_NEED_MORE = -1;
/** {@link FieldLineScanner.scan} failed; the error is in {@link FieldLineScanner.error}. */
export const SCAN_ERROR = -2;

/** Lines whose name is predicted from the previous section, and words per prediction (name + colon). */
const PREDICT_LINES = 64;
const PREDICT_WORDS = 9;
/**
 * Numbers per line in {@link FieldLineScanner}'s prediction table: the
 * words, then the mask of the bytes of the last word that belong to the
 * prediction, its length (name and colon; 0 predicts nothing) and the
 * registry index (or -1) of the name.
 */
const PREDICT_MASK = PREDICT_WORDS;
const PREDICT_LENGTH = PREDICT_WORDS + 1;
const PREDICT_INDEX = PREDICT_WORDS + 2;
const PREDICT_STRIDE = PREDICT_WORDS + 3;

/**
 * Zeros to cut a prediction table from: a slice of this array is a packed
 * array of small integers, read faster than the holey one `new Array(n)` makes.
 */
const PREDICT_ZEROS: number[] = [];
for (let i = 0; i < PREDICT_LINES * PREDICT_STRIDE; i++) PREDICT_ZEROS.push(0);

/** Slots per field line in {@link FieldLineScanner.slots}. */
export const SLOT_SIZE = 4;

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
   * Per field line, {@link SLOT_SIZE} numbers: the registry index of the name
   * (or -1), name start, value start, value end; offsets relative to
   * the `origin` given to {@link scan}. A value start of -1 means the value had
   * obs-folds and its string is in {@link folded}.
   */
  slots: number[] = [];
  /**
   * Lowercase name of each line, by line index: the registry's interned
   * string for known names. Entries beyond {@link count} are left over from
   * earlier sections (they back the name prediction).
   */
  lowerNames: string[] = [];
  /** On-the-wire name of each line, by line index (interned when spelled canonically or in lowercase). */
  rawNames: string[] = [];
  /** Values rebuilt from obs-folded lines, by field index. */
  folded: (string | undefined)[] = [];
  /** Where to resume after {@link SCAN_NEED_MORE}: the buffer index of the first unfinished line. */
  resume = 0;
  /** The error after {@link SCAN_ERROR}. */
  error: H1Error | null = null;

  /**
   * The name and colon seen at each of the first PREDICT_LINES lines of the
   * last section, as little-endian 32-bit words, PREDICT_STRIDE numbers per
   * line (see PREDICT_STRIDE), for as many lines as have been seen. Null
   * until a second section starts: many connections carry one message, which
   * has nothing to predict from, so the table (and the work of filling it) is
   * spent only on the second. A plain array, grown as lines are learned: a
   * typed array would be allocated outside the heap, which costs more than
   * the predictions save on one message.
   */
  private predictions: number[] | null = null;
  /** The chunk whose views are cached (see {@link attach}). */
  input: Uint8Array | null = null;
  private inputOffset = 0;
  private inputWords: Int32Array<ArrayBufferLike> = EMPTY_WORDS;
  private inputView: DataView = EMPTY_VIEW;
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

  /**
   * Takes `b` as the current input chunk. `.buffer` and `.byteOffset` are slow
   * reads: this is done once per chunk (scan calls it when the chunk changes).
   */
  attach(b: Uint8Array): void {
    this.input = b;
    this.inputOffset = b.byteOffset;
    if (b.length >= 64) {
      this.inputWords = wordsOf(b);
      this.inputView = view;
    } else {
      this.inputWords = EMPTY_WORDS;
      this.inputView = EMPTY_VIEW;
    }
  }

  /**
   * The index of the first byte at or after `p` that cannot be in a
   * request-target (anything but VCHAR), or `end`; `b` must be the attached input.
   */
  targetEnd(b: Uint8Array, p: number, end: number): number {
    const w = this.inputWords;
    if (end - p >= 16 && w.length !== 0) {
      const offset = this.inputOffset;
      while (((offset + p) & 3) !== 0) {
        const c = b[p]!;
        if (c <= SP || c >= 0x7f) return p;
        p++;
      }
      let i = (offset + p) >> 2;
      const last = (offset + end) >> 2;
      // For a word x: a byte <= 0x20, a byte 0x7f or a byte >= 0x80 (as in the value scan).
      while (i < last) {
        const x = w[i]!;
        const y = x ^ 0x7f7f7f7f;
        if ((((x - 0x21212121) & ~x) | ((y - 0x01010101) & ~y) | x) & 0x80808080) break;
        i++;
      }
      p = (i << 2) - offset;
    }
    while (p < end) {
      const c = b[p]!;
      if (c <= SP || c >= 0x7f) break;
      p++;
    }
    return p;
  }

  /** Starts a new section; `trailers` picks the size error code. */
  reset(trailers: boolean): void {
    if (this.predictions === null && this.count !== 0) this.firstPredictions();
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
    if (b !== this.input) this.attach(b);
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
      const line = this.count;
      // The name predicted for this line (the one seen here in the last
      // section: a client repeats its header order on every request) is
      // confirmed with its colon by one exact comparison, four bytes at a
      // time, which also proves it a token.
      const pred = this.predictions;
      const wo = line * PREDICT_STRIDE;
      const predicted = pred !== null && wo < pred.length ? pred[wo + PREDICT_LENGTH]! : 0;
      let known = false;
      let nameIndex = -1;
      const dv = this.inputView;
      if (predicted !== 0 && p + ((predicted + 3) & ~3) <= end && dv.byteLength !== 0) {
        const predWords = pred!;
        const full = predicted & ~3;
        const at = offset + p;
        let k = 0;
        while (k < full && dv.getInt32(at + k, true) === predWords[wo + (k >> 2)]) k += 4;
        if (
          k === full &&
          (k === predicted ||
            (dv.getInt32(at + k, true) & predWords[wo + PREDICT_MASK]!) ===
              predWords[wo + (k >> 2)])
        ) {
          p += predicted - 1;
          known = true;
          nameIndex = predWords[wo + PREDICT_INDEX]!;
        }
      }
      if (!known) {
        // Nothing predicted (as on a connection's first message): a
        // registered name as the registry or in lowercase spells it is
        // recognized a word at a time, any other one byte by byte.
        const match = dv.byteLength !== 0 ? matchKnownFieldName(dv, offset + p, offset + end) : -1;
        if (match >= 0) p += FIELD_NAMES_LOWER[match >> 1]!.length;
        else {
          while (p < end && TCHAR_ONLY[b[p]!] === 1) p++;
          if (p >= end) return this.needMore(lineStart, end, maxEnd, base);
          if (b[p] !== COLON) return this.nameError(b, p, base);
          if (p === nameStart) {
            return this.fail("HW_H1_EMPTY_FIELD_NAME", "empty field name", base + p);
          }
        }
        if (line >= this.maxFieldCount) {
          return this.fail("HW_H1_TOO_MANY_FIELDS", "too many field lines", base + nameStart);
        }
        nameIndex = this.learnName(b, nameStart, p, line, match);
      }
      p++;
      while (p < end && (b[p] === SP || b[p] === HTAB)) p++;
      const valueStart = p;
      // The value ends at the first byte that cannot be in one (a CTL other
      // than HTAB, or DEL: field-vchar / SP / HTAB, RFC 9110 §5.5). Values are
      // most of a head's bytes, so this is the hottest loop, written out here
      // rather than left to the compiler's inlining budget. It tests four
      // bytes at a time (SWAR): for a 32-bit word x, `(x - 0x20202020) & ~x &
      // 0x80808080` is non-zero iff some byte is < 0x20, and the same test on
      // `x ^ 0x7f7f7f7f` with 0x01010101 finds a DEL; byte order does not
      // matter for "is there any". Single bytes are looked at only around
      // the word holding the first suspect byte.
      if (end - p >= 16 && w.length !== 0) {
        while (((offset + p) & 3) !== 0) {
          const v = b[p]!;
          if (v < 0x20 ? v !== HTAB : v === 0x7f) break;
          p++;
        }
        if (((offset + p) & 3) === 0) {
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
      }
      for (; p < end; p++) {
        const v = b[p]!;
        if (v < 0x20 ? v !== HTAB : v === 0x7f) break;
      }
      if (p >= end) return this.needMore(lineStart, end, maxEnd, base);
      // CRLF, the usual line end, checked here; anything else in lineEnd.
      let next =
        b[p] === CR && p + 1 < end && b[p + 1] === LF ? p + 2 : this.lineEnd(b, p, end, base);
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
        // Rare: kept out of line so the hot loop stays small enough to inline its helpers.
        next = this.fold(b, valueStart, valueEnd, next, end, maxEnd, base, lineStart);
        if (next < 0) return next;
        foldedValue = this.foldedText;
      }
      const index = line;
      if (index >= this.maxFieldCount) {
        return this.fail("HW_H1_TOO_MANY_FIELDS", "too many field lines", base + nameStart);
      }
      // A plain array of small integers: it grows in place, and a typed array
      // of this size would be allocated outside the heap (slow to create).
      const slots = this.slots;
      const at = index * SLOT_SIZE;
      slots[at] = nameIndex;
      slots[at + 1] = nameStart - origin;
      if (foldedValue === undefined) {
        slots[at + 2] = valueStart - origin;
        slots[at + 3] = valueEnd - origin;
      } else {
        slots[at + 2] = -1;
        slots[at + 3] = -1;
        this.folded[index] = foldedValue;
      }
      this.count = index + 1;
      p = next;
    }
  }

  /** `b[p]` ended a field name without being its colon. */
  private nameError(b: Uint8Array, p: number, base: number): number {
    const c = b[p]!;
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

  /** The value built by the last successful {@link fold}. */
  private foldedText = "";

  /**
   * A field line continues with obs-fold at `next` (its value so far is
   * `b[valueStart, valueEnd)`): consumes the continuation lines and leaves the
   * value in {@link foldedText}. Returns the index of the next line, or
   * {@link SCAN_NEED_MORE} / {@link SCAN_ERROR}.
   */
  private fold(
    b: Uint8Array,
    valueStart: number,
    valueEnd: number,
    next: number,
    end: number,
    maxEnd: number,
    base: number,
    lineStart: number,
  ): number {
    if (!this.allowObsoleteLineFolding) {
      return this.fail(
        "HW_H1_OBSOLETE_LINE_FOLDING",
        "obs-fold (line folding) in a request",
        base + next,
      );
    }
    // RFC 9112 §5.2: replace each obs-fold (OWS CRLF RWS) with one SP.
    let value = latin1(b, valueStart, valueEnd);
    for (;;) {
      let p = next;
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
        value = value.length === 0 ? part : `${value} ${part}`;
      }
      const c = b[next]!;
      if (c !== SP && c !== HTAB) break;
    }
    this.foldedText = value;
    return next;
  }

  /**
   * Records the names of line `line`, a valid token at `b[start, end)`, and
   * predicts it for the same line of the next section. `match` is what
   * {@link matchKnownFieldName} found there (or -1). Returns the registry index or -1.
   */
  private learnName(
    b: Uint8Array,
    start: number,
    end: number,
    line: number,
    match: number,
  ): number {
    const index = match >= 0 ? match >> 1 : findFieldName(b, start, end);
    let lower: string;
    let raw: string;
    if (match >= 0) {
      lower = FIELD_NAMES_LOWER[index]!;
      raw = (match & 1) === 0 ? FIELD_NAMES_CANONICAL[index]! : lower;
    } else if (index >= 0) {
      lower = FIELD_NAMES_LOWER[index]!;
      raw = internRawFieldName(index, b, start, end);
    } else {
      raw = latin1(b, start, end);
      lower = raw.toLowerCase();
    }
    const lowerNames = this.lowerNames;
    if (line === lowerNames.length) {
      lowerNames.push(lower);
      this.rawNames.push(raw);
    } else if (lowerNames[line] !== lower || this.rawNames[line] !== raw) {
      lowerNames[line] = lower;
      this.rawNames[line] = raw;
    }
    if (line < PREDICT_LINES && this.predictions !== null) {
      this.predict(b, start, end + 1 - start, line, index);
    }
    return index;
  }

  /**
   * Creates the prediction table as a second section starts, from the names
   * of the first (their on-the-wire strings are exactly their bytes), the
   * same table {@link predict} would have made while scanning it.
   */
  private firstPredictions(): void {
    const n = Math.min(this.count, PREDICT_LINES);
    const pred = PREDICT_ZEROS.slice(0, n * PREDICT_STRIDE);
    this.predictions = pred;
    const rawNames = this.rawNames;
    const slots = this.slots;
    for (let line = 0; line < n; line++) {
      const name = rawNames[line]!;
      const nameLength = name.length;
      const index = slots[line * SLOT_SIZE]!;
      const wo = line * PREDICT_STRIDE;
      let k = 0;
      if (nameLength < PREDICT_WORDS * 4) {
        // A registered name as registered or in lowercase: its words are
        // at hand; any other name is encoded here, colon included.
        const known = index >= 0 ? knownFieldNameWords(index, name) : -1;
        if (known >= 0) {
          const count = (nameLength >> 2) + 1;
          for (; k < count; k++) pred[wo + k] = KNOWN_NAME_WORDS[known + k]!;
        } else {
          let word = 0;
          for (let i = 0; i < nameLength; i++) {
            word |= name.charCodeAt(i) << ((i & 3) << 3);
            if ((i & 3) === 3) {
              pred[wo + k++] = word;
              word = 0;
            }
          }
          pred[wo + k++] = word | (COLON << ((nameLength & 3) << 3));
        }
        const tail = (nameLength + 1) & 3;
        pred[wo + PREDICT_MASK] = tail === 0 ? -1 : (1 << (tail << 3)) - 1;
        pred[wo + PREDICT_LENGTH] = nameLength + 1;
      } else pred[wo + PREDICT_MASK] = pred[wo + PREDICT_LENGTH] = 0;
      pred[wo + PREDICT_INDEX] = index;
    }
  }

  /**
   * Predicts the `length` bytes at `b[start]` (a name and its colon) for line
   * `line` of the next section, as little-endian words, the last one masked.
   */
  private predict(b: Uint8Array, start: number, length: number, line: number, index: number): void {
    const predWords = this.predictions!;
    const wo = line * PREDICT_STRIDE;
    // Lines are learned in order: a line beyond the table is the next one.
    while (predWords.length < wo + PREDICT_STRIDE) predWords.push(0);
    if (length > PREDICT_WORDS * 4) {
      predWords[wo + PREDICT_LENGTH] = 0;
      return;
    }
    const dv = this.inputView;
    const at = this.inputOffset + start;
    for (let k = 0; k < length; k += 4) {
      let word = 0;
      if (dv.byteLength !== 0 && start + k + 4 <= b.length) word = dv.getInt32(at + k, true);
      else {
        for (let j = 0; j < 4 && start + k + j < b.length; j++)
          word |= b[start + k + j]! << (j << 3);
      }
      predWords[wo + (k >> 2)] = word;
    }
    const tail = length & 3;
    const mask = tail === 0 ? -1 : (1 << (tail << 3)) - 1;
    // The last word holds only bytes of the prediction.
    const last = wo + ((length - 1) >> 2);
    predWords[last] = predWords[last]! & mask;
    predWords[wo + PREDICT_MASK] = mask;
    predWords[wo + PREDICT_LENGTH] = length;
    predWords[wo + PREDICT_INDEX] = index;
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
