/**
 * Byte classification tables for the lexical rules of HTTP.
 *
 * One 256-entry table holds a bit per rule, so a parser tests a byte with one
 * indexed load and a mask. Every parser in the stack asks these tables rather
 * than keeping its own copy of a rule.
 */

/** Bit flags stored in {@link BYTE_CLASS}; combine with `&` to test a byte. */
export const ByteClass = {
  /**
   * tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
   *         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
   * RFC 9110 §5.6.2
   */
  TCHAR: 1 << 0,
  /** VCHAR = %x21-7E (RFC 5234 Appendix B.1) */
  VCHAR: 1 << 1,
  /** obs-text = %x80-FF (RFC 9110 §5.6.4) */
  OBS_TEXT: 1 << 2,
  /** field-vchar = VCHAR / obs-text (RFC 9110 §5.5) */
  FIELD_VCHAR: 1 << 3,
  /**
   * qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
   * RFC 9110 §5.6.4
   */
  QDTEXT: 1 << 4,
  /**
   * ctext = HTAB / SP / %x21-27 / %x2A-5B / %x5D-7E / obs-text
   * RFC 9110 §5.6.5
   */
  CTEXT: 1 << 5,
  /** HEXDIG = DIGIT / "A"-"F" / "a"-"f" (RFC 5234 Appendix B.1, case-insensitive per RFC 5234 §2.3) */
  HEXDIG: 1 << 6,
  /** DIGIT = %x30-39 */
  DIGIT: 1 << 7,
  /** ALPHA = %x41-5A / %x61-7A */
  ALPHA: 1 << 8,
  /** OWS / RWS / BWS whitespace: SP / HTAB (RFC 9110 §5.6.3) */
  WS: 1 << 9,
  /** unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 3986 §2.3) */
  UNRESERVED: 1 << 10,
  /** sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "=" (RFC 3986 §2.2) */
  SUB_DELIMS: 1 << 11,
  /**
   * pchar = unreserved / pct-encoded / sub-delims / ":" / "@" (RFC 3986 §3.3);
   * this bit marks the single bytes, with "%" standing for the start of pct-encoded.
   */
  PCHAR: 1 << 12,
  /** query = *( pchar / "/" / "?" ) (RFC 3986 §3.4); single bytes as for PCHAR. */
  QUERY: 1 << 13,
  /**
   * field-content bytes including the SP / HTAB that may stand inside a value:
   * field-value = *field-content (RFC 9110 §5.5). Excludes CTLs, so CR, LF and NUL.
   */
  FIELD_VALUE: 1 << 14,
} as const;

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  const mark = (flag: number, test: (b: number) => boolean) => {
    for (let b = 0; b < 256; b++) if (test(b)) table[b] = (table[b] ?? 0) | flag;
  };
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  const isAlpha = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  const tcharSymbols = new Set([..."!#$%&'*+-.^_`|~"].map((c) => c.charCodeAt(0)));
  const subDelims = new Set([..."!$&'()*+,;="].map((c) => c.charCodeAt(0)));
  const unreservedSymbols = new Set([..."-._~"].map((c) => c.charCodeAt(0)));
  const isVchar = (b: number) => b >= 0x21 && b <= 0x7e;
  const isObsText = (b: number) => b >= 0x80;
  const isWs = (b: number) => b === 0x20 || b === 0x09;

  mark(ByteClass.TCHAR, (b) => isDigit(b) || isAlpha(b) || tcharSymbols.has(b));
  mark(ByteClass.VCHAR, isVchar);
  mark(ByteClass.OBS_TEXT, isObsText);
  mark(ByteClass.FIELD_VCHAR, (b) => isVchar(b) || isObsText(b));
  mark(
    ByteClass.QDTEXT,
    (b) =>
      isWs(b) || b === 0x21 || (b >= 0x23 && b <= 0x5b) || (b >= 0x5d && b <= 0x7e) || isObsText(b),
  );
  mark(
    ByteClass.CTEXT,
    (b) =>
      isWs(b) ||
      (b >= 0x21 && b <= 0x27) ||
      (b >= 0x2a && b <= 0x5b) ||
      (b >= 0x5d && b <= 0x7e) ||
      isObsText(b),
  );
  mark(ByteClass.HEXDIG, (b) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
  mark(ByteClass.DIGIT, isDigit);
  mark(ByteClass.ALPHA, isAlpha);
  mark(ByteClass.WS, isWs);
  mark(ByteClass.UNRESERVED, (b) => isDigit(b) || isAlpha(b) || unreservedSymbols.has(b));
  mark(ByteClass.SUB_DELIMS, (b) => subDelims.has(b));
  const isPchar = (b: number) =>
    isDigit(b) ||
    isAlpha(b) ||
    unreservedSymbols.has(b) ||
    subDelims.has(b) ||
    b === 0x3a ||
    b === 0x40 ||
    b === 0x25;
  mark(ByteClass.PCHAR, isPchar);
  mark(ByteClass.QUERY, (b) => isPchar(b) || b === 0x2f || b === 0x3f);
  mark(ByteClass.FIELD_VALUE, (b) => isWs(b) || isVchar(b) || isObsText(b));
  return table;
}

/**
 * The classification of every byte value: `BYTE_CLASS[b] & ByteClass.TCHAR`
 * is non-zero when `b` is a tchar. Read-only by contract; do not write to it.
 *
 * @example
 * ```ts
 * import { BYTE_CLASS, ByteClass } from "@hyperwire/grammar";
 * const isTchar = (BYTE_CLASS[0x61]! & ByteClass.TCHAR) !== 0; // true for "a"
 * ```
 */
export const BYTE_CLASS: Readonly<Uint16Array> = buildTable();

function allBytesIn(text: string, flag: number, allowEmpty: boolean): boolean {
  // Callers from plain JavaScript can pass anything; only a string can match a rule.
  if (typeof text !== "string") return false;
  const length = text.length;
  if (length === 0) return allowEmpty;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff || (BYTE_CLASS[code]! & flag) === 0) return false;
  }
  return true;
}

/** Whether `byte` is a tchar (RFC 9110 §5.6.2). */
export function isTchar(byte: number): boolean {
  return (BYTE_CLASS[byte & 0xff]! & ByteClass.TCHAR) !== 0 && byte >= 0 && byte <= 0xff;
}

/**
 * Whether `text` is a token: `token = 1*tchar` (RFC 9110 §5.6.2).
 * Field names and method names are tokens.
 *
 * @example
 * ```ts
 * isToken("Content-Type"); // true
 * isToken("bad name");     // false
 * isToken("");             // false
 * ```
 */
export function isToken(text: string): boolean {
  return allBytesIn(text, ByteClass.TCHAR, false);
}

/**
 * Whether `text` is a valid field value: `field-value = *field-content`
 * (RFC 9110 §5.5), that is only SP, HTAB, VCHAR and obs-text, with no
 * leading or trailing whitespace. CR, LF and NUL are never allowed, which is
 * what makes header injection and response splitting impossible.
 * Characters above U+00FF are rejected: a field value is bytes, and a caller
 * who means UTF-8 must encode it first (RFC 9110 §5.5 ¶4).
 *
 * @example
 * ```ts
 * isFieldValue("text/html; charset=utf-8"); // true
 * isFieldValue("a\r\nSet-Cookie: x=1");     // false
 * ```
 */
export function isFieldValue(text: string): boolean {
  if (!allBytesIn(text, ByteClass.FIELD_VALUE, true)) return false;
  const length = text.length;
  if (length === 0) return true;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(length - 1);
  return first !== 0x20 && first !== 0x09 && last !== 0x20 && last !== 0x09;
}

/** Whether `byte` is SP or HTAB, the whitespace of OWS (RFC 9110 §5.6.3). */
export function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09;
}

/** The value 0–15 of a HEXDIG byte, or -1 when `byte` is not one (RFC 5234 Appendix B.1). */
export function hexDigitValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}
