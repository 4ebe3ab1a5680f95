import { BYTE_CLASS, ByteClass, isTchar, parseQuotedString } from "@hyperwire/grammar";
import { type H1ErrorCode, h1Error } from "./error-codes.js";
import type { H1Error } from "./errors.js";

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const T = BYTE_CLASS;

/** States of {@link ChunkedDecoder}; `DATA` and `LAST` are read by the parser. */
export const ChunkState = {
  /** Expecting the first HEXDIG of a chunk-size. */
  SIZE_START: 0,
  /** Inside chunk-size. */
  SIZE: 1,
  /** BWS after chunk-size: only more BWS or ";" may follow. */
  SIZE_BWS: 2,
  /** After ";" (and BWS): expecting chunk-ext-name. */
  EXT_NAME_START: 3,
  EXT_NAME: 4,
  /** BWS after a name: "=" or ";" must follow. */
  EXT_NAME_BWS: 5,
  /** After "=" (and BWS): expecting a token or a quoted-string. */
  EXT_VALUE_START: 6,
  EXT_VALUE_TOKEN: 7,
  EXT_VALUE_QUOTED: 8,
  EXT_VALUE_ESCAPE: 9,
  /** BWS after a value: ";" must follow. */
  EXT_VALUE_BWS: 10,
  /** CR seen at the end of a chunk line: LF must follow. */
  LINE_LF: 11,
  /** `remaining` bytes of chunk-data follow; the parser copies them out. */
  DATA: 12,
  /** After chunk-data: CR expected. */
  DATA_CR: 13,
  /** After chunk-data and CR: LF expected. */
  DATA_LF: 14,
  /** The last-chunk line is done: the trailer section follows. */
  LAST: 15,
  /** After the closing DQUOTE of a quoted value: ";", BWS or the line end. */
  EXT_VALUE_QUOTED_END: 16,
} as const;

/**
 * Decodes the framing of the chunked transfer coding: chunk-size lines with
 * their extensions and the CRLF after each chunk's data. The parser copies the
 * data itself (as views) while `state` is `DATA`, and parses the trailer
 * section once `state` is `LAST`.
 *
 * ```abnf
 * chunked-body   = *chunk last-chunk trailer-section CRLF   ; RFC 9112 §7.1
 * chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * chunk-size     = 1*HEXDIG
 * last-chunk     = 1*("0") [ chunk-ext ] CRLF
 * chunk-ext      = *( BWS ";" BWS chunk-ext-name
 *                     [ BWS "=" BWS chunk-ext-val ] )        ; RFC 9112 §7.1.1
 * chunk-ext-name = token
 * chunk-ext-val  = token / quoted-string
 * ```
 *
 * Extensions are validated and skipped (no extension is registered that a
 * recipient must understand, RFC 9112 §7.1.1 ¶3) unless {@link onExtension}
 * is set, and their bytes count against a per-message budget: unbounded
 * extensions were CVE-2024-22019.
 * @internal
 */
export class ChunkedDecoder {
  state: number = ChunkState.SIZE_START;
  /** Bytes of chunk-data left in the current chunk. */
  remaining = 0;
  /** The error after `decode` returned -1. */
  error: H1Error | null = null;
  /**
   * Called with each extension of a chunk (name as sent, value unquoted or
   * undefined) when its chunk-size line ends, before the chunk's data. Unset,
   * extension bytes are only validated and counted.
   */
  onExtension: ((name: string, value: string | undefined) => void) | undefined = undefined;
  /** The extension bytes of the current chunk line, kept only while onExtension is set. */
  private extensionText = "";

  private size = 0;
  private digits = 0;
  private extensionBytes = 0;
  private bodyBytes = 0;
  private readonly isResponse: boolean;
  private readonly allowBareLineFeed: boolean;
  private readonly maxChunkSizeDigits: number;
  private readonly maxChunkExtensionBytes: number;
  private readonly maxBodyBytes: number;

  constructor(
    isResponse: boolean,
    allowBareLineFeed: boolean,
    maxChunkSizeDigits: number,
    maxChunkExtensionBytes: number,
    maxBodyBytes: number,
  ) {
    this.isResponse = isResponse;
    this.allowBareLineFeed = allowBareLineFeed;
    this.maxChunkSizeDigits = maxChunkSizeDigits;
    this.maxChunkExtensionBytes = maxChunkExtensionBytes;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Prepares for a new message. */
  reset(): void {
    this.state = ChunkState.SIZE_START;
    this.remaining = 0;
    this.size = 0;
    this.digits = 0;
    this.extensionBytes = 0;
    this.bodyBytes = 0;
    this.error = null;
    this.extensionText = "";
  }

  private fail(code: H1ErrorCode, message: string, offset: number): number {
    this.error = h1Error(code, message, offset, this.isResponse);
    return -1;
  }

  /**
   * Consumes framing bytes from `b[p, end)` until chunk-data starts (`state`
   * becomes `DATA`), the last-chunk line ends (`LAST`), or the input runs out.
   * Returns the next index, or -1 on error (see {@link error}). `base` is the
   * absolute offset of `b[0]`.
   */
  decode(b: Uint8Array, p: number, end: number, base: number): number {
    let state = this.state;
    while (p < end) {
      const c = b[p]!;
      switch (state) {
        case ChunkState.SIZE_START:
        case ChunkState.SIZE: {
          const cls = T[c]!;
          if ((cls & ByteClass.HEXDIG) !== 0) {
            // RFC 9112 §7.1: recipients MUST anticipate large hexadecimal numerals
            // and prevent integer overflow: bound the digits and the value.
            if (++this.digits > this.maxChunkSizeDigits) {
              return this.fail(
                "HW_H1_CHUNK_SIZE_TOO_LARGE",
                "chunk-size has too many digits",
                base + p,
              );
            }
            const digit = c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
            const size = this.size * 16 + digit;
            if (size > Number.MAX_SAFE_INTEGER) {
              return this.fail("HW_H1_CHUNK_SIZE_TOO_LARGE", "chunk-size is too large", base + p);
            }
            this.size = size;
            state = ChunkState.SIZE;
            p++;
            continue;
          }
          if (state === ChunkState.SIZE_START) {
            return this.fail(
              "HW_H1_INVALID_CHUNK_SIZE",
              "chunk-size must start with HEXDIG",
              base + p,
            );
          }
          if (c === CR) {
            state = ChunkState.LINE_LF;
            p++;
            continue;
          }
          if (c === LF) {
            p = this.lineDone(p, base);
            if (p < 0) return p;
            state = this.state;
            if (state === ChunkState.DATA || state === ChunkState.LAST) return p;
            continue;
          }
          if (c === SEMICOLON) state = ChunkState.EXT_NAME_START;
          else if (c === SP || c === HTAB) state = ChunkState.SIZE_BWS;
          else {
            return this.fail("HW_H1_INVALID_CHUNK_SIZE", "invalid byte after chunk-size", base + p);
          }
          p++;
          break;
        }
        case ChunkState.SIZE_BWS:
        case ChunkState.EXT_VALUE_BWS:
          if (c === SEMICOLON) state = ChunkState.EXT_NAME_START;
          else if (c !== SP && c !== HTAB) return this.badExtension(c, p, base);
          p++;
          break;
        case ChunkState.EXT_NAME_START:
          if ((T[c]! & ByteClass.TCHAR) !== 0) state = ChunkState.EXT_NAME;
          else if (c !== SP && c !== HTAB) return this.badExtension(c, p, base);
          p++;
          break;
        case ChunkState.EXT_NAME:
          if ((T[c]! & ByteClass.TCHAR) !== 0) {
            p++;
            break;
          }
          if (c === EQUALS) state = ChunkState.EXT_VALUE_START;
          else if (c === SEMICOLON) state = ChunkState.EXT_NAME_START;
          else if (c === SP || c === HTAB) state = ChunkState.EXT_NAME_BWS;
          else if (c === CR) state = ChunkState.LINE_LF;
          else if (c === LF) {
            p = this.extensionLineDone(p, base, state);
            if (p < 0) return p;
            state = this.state;
            if (state === ChunkState.DATA || state === ChunkState.LAST) return p;
            continue;
          } else return this.badExtension(c, p, base);
          p++;
          break;
        case ChunkState.EXT_NAME_BWS:
          if (c === EQUALS) state = ChunkState.EXT_VALUE_START;
          else if (c === SEMICOLON) state = ChunkState.EXT_NAME_START;
          else if (c !== SP && c !== HTAB) return this.badExtension(c, p, base);
          p++;
          break;
        case ChunkState.EXT_VALUE_START:
          if ((T[c]! & ByteClass.TCHAR) !== 0) state = ChunkState.EXT_VALUE_TOKEN;
          else if (c === DQUOTE) state = ChunkState.EXT_VALUE_QUOTED;
          else if (c !== SP && c !== HTAB) return this.badExtension(c, p, base);
          p++;
          break;
        case ChunkState.EXT_VALUE_TOKEN:
          if ((T[c]! & ByteClass.TCHAR) !== 0) {
            p++;
            break;
          }
          if (c === SEMICOLON) state = ChunkState.EXT_NAME_START;
          else if (c === SP || c === HTAB) state = ChunkState.EXT_VALUE_BWS;
          else if (c === CR) state = ChunkState.LINE_LF;
          else if (c === LF) {
            p = this.extensionLineDone(p, base, state);
            if (p < 0) return p;
            state = this.state;
            if (state === ChunkState.DATA || state === ChunkState.LAST) return p;
            continue;
          } else return this.badExtension(c, p, base);
          p++;
          break;
        case ChunkState.EXT_VALUE_QUOTED:
          // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text (RFC 9110 §5.6.4)
          if (c === DQUOTE) state = ChunkState.EXT_VALUE_QUOTED_END;
          else if (c === BACKSLASH) state = ChunkState.EXT_VALUE_ESCAPE;
          else if ((T[c]! & ByteClass.QDTEXT) === 0) return this.badExtension(c, p, base);
          p++;
          break;
        case ChunkState.EXT_VALUE_ESCAPE:
          // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
          if ((T[c]! & ByteClass.FIELD_VALUE) === 0) return this.badExtension(c, p, base);
          state = ChunkState.EXT_VALUE_QUOTED;
          p++;
          break;
        case ChunkState.EXT_VALUE_QUOTED_END:
          if (c === SEMICOLON) state = ChunkState.EXT_NAME_START;
          else if (c === SP || c === HTAB) state = ChunkState.EXT_VALUE_BWS;
          else if (c === CR) state = ChunkState.LINE_LF;
          else if (c === LF) {
            p = this.extensionLineDone(p, base, state);
            if (p < 0) return p;
            state = this.state;
            if (state === ChunkState.DATA || state === ChunkState.LAST) return p;
            continue;
          } else return this.badExtension(c, p, base);
          p++;
          break;
        case ChunkState.LINE_LF:
          if (c !== LF)
            return this.fail("HW_H1_BARE_CR", "CR not followed by LF in chunk line", base + p);
          this.state = state;
          p = this.sizeLineDone(p + 1, base);
          if (p < 0) return p;
          state = this.state;
          if (state === ChunkState.DATA || state === ChunkState.LAST) return p;
          break;
        case ChunkState.DATA_CR:
          if (c === CR) state = ChunkState.DATA_LF;
          else if (c === LF && this.allowBareLineFeed) state = ChunkState.SIZE_START;
          else if (c === LF) {
            return this.fail("HW_H1_BARE_LF", "chunk-data ended by LF without CR", base + p);
          } else {
            return this.fail(
              "HW_H1_INVALID_CHUNK_DATA_END",
              "chunk-data not followed by CRLF",
              base + p,
            );
          }
          p++;
          break;
        case ChunkState.DATA_LF:
          if (c !== LF)
            return this.fail("HW_H1_BARE_CR", "CR not followed by LF after chunk-data", base + p);
          state = ChunkState.SIZE_START;
          p++;
          break;
        default:
          // DATA and LAST are handled by the parser.
          this.state = state;
          return p;
      }
      if (
        (state >= ChunkState.SIZE_BWS && state <= ChunkState.EXT_VALUE_BWS) ||
        state === ChunkState.EXT_VALUE_QUOTED_END
      ) {
        // Count every byte from the end of chunk-size to the line end (CVE-2024-22019).
        if (++this.extensionBytes > this.maxChunkExtensionBytes) {
          return this.fail(
            "HW_H1_CHUNK_EXTENSIONS_TOO_LARGE",
            "chunk extensions exceed the configured limit",
            base + p,
          );
        }
        // Only when asked for: the line may be split across chunks, so keep its text.
        if (this.onExtension !== undefined) this.extensionText += String.fromCharCode(c);
      }
    }
    this.state = state;
    return p;
  }

  private badExtension(c: number, p: number, base: number): number {
    if (c === CR || c === LF) {
      return this.fail("HW_H1_INVALID_CHUNK_EXTENSION", "chunk extension ends early", base + p);
    }
    return this.fail("HW_H1_INVALID_CHUNK_EXTENSION", "invalid byte in chunk extension", base + p);
  }

  /** A bare LF ended a chunk line at `p` (after an extension or the size). */
  private extensionLineDone(p: number, base: number, state: number): number {
    this.state = state;
    return this.lineDone(p, base);
  }

  /** A bare LF at `p` ends the chunk-size line. */
  private lineDone(p: number, base: number): number {
    // RFC 9112 §2.2: a bare LF is only accepted under the named leniency.
    if (!this.allowBareLineFeed) {
      return this.fail("HW_H1_BARE_LF", "chunk line ended by LF without CR", base + p);
    }
    return this.sizeLineDone(p + 1, base);
  }

  /** The chunk-size line ended just before `p`: start the data or the trailers. */
  private sizeLineDone(p: number, base: number): number {
    if (this.extensionText !== "") {
      const text = this.extensionText;
      this.extensionText = "";
      reportExtensions(text, this.onExtension!);
    }
    const size = this.size;
    this.size = 0;
    this.digits = 0;
    if (size === 0) {
      this.state = ChunkState.LAST;
      return p;
    }
    this.bodyBytes += size;
    if (this.bodyBytes > this.maxBodyBytes) {
      return this.fail("HW_H1_CONTENT_TOO_LARGE", "chunked content exceeds maxBodyBytes", base + p);
    }
    this.remaining = size;
    this.state = ChunkState.DATA;
    return p;
  }

  /** The parser finished copying chunk-data: the CRLF after it comes next. */
  dataDone(): void {
    this.state = ChunkState.DATA_CR;
  }
}

/**
 * Calls `report` for each extension in `text`, the extension bytes of one
 * chunk line, already validated against chunk-ext by the decoder (so this
 * walk needs no error handling).
 */
function reportExtensions(
  text: string,
  report: (name: string, value: string | undefined) => void,
): void {
  const n = text.length;
  const isBws = (i: number) => {
    const c = text.charCodeAt(i);
    return c === SP || c === HTAB;
  };
  let i = 0;
  while (i < n) {
    while (i < n && (isBws(i) || text.charCodeAt(i) === SEMICOLON)) i++;
    if (i >= n) return;
    const nameStart = i;
    while (i < n && isTchar(text.charCodeAt(i))) i++;
    const name = text.slice(nameStart, i);
    while (i < n && isBws(i)) i++;
    let value: string | undefined;
    if (i < n && text.charCodeAt(i) === EQUALS) {
      i++;
      while (i < n && isBws(i)) i++;
      if (text.charCodeAt(i) === DQUOTE) {
        const quoted = parseQuotedString(text, i);
        value = quoted?.value ?? "";
        i = quoted?.end ?? n;
      } else {
        const valueStart = i;
        while (i < n && isTchar(text.charCodeAt(i))) i++;
        value = text.slice(valueStart, i);
      }
    }
    report(name, value);
  }
}
