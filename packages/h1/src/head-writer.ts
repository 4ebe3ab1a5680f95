/**
 * Internal: writes a message head into one `Uint8Array`, validating every
 * character as it is copied, so nothing that could end a line (CR, LF) or
 * smuggle a NUL ever reaches the wire, whoever built the strings.
 *
 * Strings are written as latin1: each UTF-16 code unit becomes one byte, and a
 * code unit above U+00FF is refused rather than truncated (a truncated
 * U+010D would become CR, the classic header-injection trick).
 */
import { BYTE_CLASS, ByteClass } from "@hyperwire/grammar";
import type { Fields } from "@hyperwire/headers";
import { H1Error } from "./errors.js";

/** One field line to write: `[name, value]`, name in the casing to send. */
export type FieldLine = readonly [name: string, value: string];

const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const SP = 0x20;

function localError(code: string, message: string): H1Error {
  return new H1Error(code, message, { side: "local" });
}

/**
 * token = 1*tchar (RFC 9110 §5.6.2): field names and methods.
 * Returns the new write position.
 */
export function writeToken(
  out: Uint8Array,
  pos: number,
  text: string,
  code: string,
  what: string,
): number {
  const length = text.length;
  if (length === 0) throw localError(code, `${what} must not be empty`);
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || (BYTE_CLASS[c]! & ByteClass.TCHAR) === 0) {
      throw localError(code, `${what} ${JSON.stringify(text)} is not a token (RFC 9110 §5.6.2)`);
    }
    out[pos++] = c;
  }
  return pos;
}

/**
 * field-value    = *field-content
 * field-content  = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
 * field-vchar    = VCHAR / obs-text
 * RFC 9110 §5.5: no CR, LF, NUL or other CTL, and no leading or trailing
 * whitespace (a recipient would strip it, so it could not round-trip).
 */
export function writeFieldValue(out: Uint8Array, pos: number, text: string, name: string): number {
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || (BYTE_CLASS[c]! & ByteClass.FIELD_VALUE) === 0) {
      throw localError(
        "HW_H1_INVALID_FIELD_VALUE",
        `value of field ${name} contains character U+${c.toString(16).padStart(4, "0")} (RFC 9110 §5.5)`,
      );
    }
    out[pos++] = c;
  }
  if (length > 0) {
    const first = text.charCodeAt(0);
    const last = text.charCodeAt(length - 1);
    if (first === SP || first === 0x09 || last === SP || last === 0x09) {
      throw localError(
        "HW_H1_INVALID_FIELD_VALUE",
        `value of field ${name} has leading or trailing whitespace (RFC 9110 §5.5)`,
      );
    }
  }
  return pos;
}

/**
 * Bytes allowed in a request-target on the wire: any VCHAR (%x21-7E).
 * RFC 9112 §3.2 / RFC 3986 §2: a URI is ASCII without SP or CTL; anything else
 * must be percent-encoded first. SP would split the request line (RFC 9112 §3).
 */
export function writeTarget(out: Uint8Array, pos: number, text: string): number {
  const length = text.length;
  if (length === 0) throw localError("HW_H1_INVALID_TARGET", "request-target must not be empty");
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c <= SP || c >= 0x7f) {
      throw localError(
        "HW_H1_INVALID_TARGET",
        `request-target contains character U+${c.toString(16).padStart(4, "0")} (RFC 9112 §3.2)`,
      );
    }
    out[pos++] = c;
  }
  return pos;
}

/**
 * reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ) (RFC 9112 §4); may be
 * empty on the wire (the status line keeps its SP).
 */
export function writeReason(out: Uint8Array, pos: number, text: string): number {
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || (BYTE_CLASS[c]! & ByteClass.FIELD_VALUE) === 0) {
      throw localError(
        "HW_H1_INVALID_REASON",
        `reason phrase contains character U+${c.toString(16).padStart(4, "0")} (RFC 9112 §4)`,
      );
    }
    out[pos++] = c;
  }
  return pos;
}

/** Writes an ASCII literal known to be valid (no checks). */
export function writeAscii(out: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[pos++] = text.charCodeAt(i);
  return pos;
}

// ---- the single-pass head builder ------------------------------------------
//
// A head is written straight into a slab (one `Uint8Array` shared by many
// heads) and handed out as a view of exactly its bytes: one pass over every
// string (validate and copy together), no array of lines to size the output
// first, no closure per message, and no allocation of its own (a fresh
// ArrayBuffer per head costs more than writing it; Node's `Buffer.from`
// pools the same way). A slab lives as long as any head cut from it.
//
// The builder is module state, which is safe because a head is built by one
// synchronous call that nothing can re-enter (Fields.forEach runs our own
// callback only); a head abandoned by a throw is overwritten by the next one.

const SLAB_SIZE = 16384;
let slab = new Uint8Array(SLAB_SIZE);
/** Where the next head starts in `slab`. */
let free = 0;
/** The head being built: `slab[start, at)`. */
let start = 0;
let at = 0;

/** Makes room for `extra` more bytes, moving the head under way to a new slab if needed. */
function reserve(extra: number): Uint8Array {
  const need = at + extra;
  if (need > slab.length) {
    const used = at - start;
    const next = new Uint8Array(Math.max(SLAB_SIZE, 2 * (used + extra)));
    for (let i = 0; i < used; i++) next[i] = slab[start + i]!;
    slab = next;
    free = 0;
    start = 0;
    at = used;
  }
  return slab;
}

/**
 * Starts a head: the bytes of `startLine` (a request or status line already
 * validated and encoded, CRLF included) come first. @internal
 */
export function beginHead(startLine: Uint8Array): void {
  start = at = free;
  const length = startLine.length;
  const out = reserve(length);
  let pos = at;
  // A short literal copy beats TypedArray#set's call overhead for ~20 bytes.
  for (let i = 0; i < length; i++) out[pos++] = startLine[i]!;
  at = pos;
}

function invalidName(name: string): H1Error {
  return name.length === 0
    ? localError("HW_H1_INVALID_FIELD_NAME", "field name must not be empty")
    : localError(
        "HW_H1_INVALID_FIELD_NAME",
        `field name ${JSON.stringify(name)} is not a token (RFC 9110 §5.6.2)`,
      );
}

function invalidValueChar(name: string, c: number): H1Error {
  return localError(
    "HW_H1_INVALID_FIELD_VALUE",
    `value of field ${name} contains character U+${c.toString(16).padStart(4, "0")} (RFC 9110 §5.5)`,
  );
}

/**
 * field-line = field-name ":" OWS field-value OWS (RFC 9112 §5), written as
 * "name: value" CRLF. The name must be a token (tchar, RFC 9110 §5.6.2) and
 * the value field-content (RFC 9110 §5.5: no CR, LF, NUL or other CTL, no
 * code unit above U+00FF, no leading or trailing whitespace), checked in the
 * same loop that copies each character: whoever built the strings (a
 * `Fields.fromTrusted` container included), nothing can end a line early.
 * Its parameter order is that of `Fields.forEach`, so it is passed as is.
 */
function addFieldLine(value: string, _lowerName: string, name: string): void {
  const nameLength = name.length;
  const valueLength = value.length;
  if (nameLength === 0) throw invalidName(name);
  const out = reserve(nameLength + valueLength + 4);
  let pos = at;
  for (let i = 0; i < nameLength; i++) {
    const c = name.charCodeAt(i);
    if (c > 0xff || (BYTE_CLASS[c]! & ByteClass.TCHAR) === 0) throw invalidName(name);
    out[pos++] = c;
  }
  out[pos++] = COLON;
  out[pos++] = SP;
  for (let i = 0; i < valueLength; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff || (BYTE_CLASS[c]! & ByteClass.FIELD_VALUE) === 0) throw invalidValueChar(name, c);
    out[pos++] = c;
  }
  if (valueLength > 0) {
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(valueLength - 1);
    if (first === SP || first === 0x09 || last === SP || last === 0x09) {
      throw localError(
        "HW_H1_INVALID_FIELD_VALUE",
        `value of field ${name} has leading or trailing whitespace (RFC 9110 §5.5)`,
      );
    }
  }
  out[pos++] = CR;
  out[pos++] = LF;
  at = pos;
}

/** Adds every line of `fields` in order, validated (see {@link addFieldLine}). @internal */
export function addFields(fields: Fields | undefined): void {
  if (fields !== undefined) fields.forEach(addFieldLine);
}

/** Adds caller-supplied lines, validated like those of a `Fields`. @internal */
export function addFieldLines(lines: readonly FieldLine[] | undefined): void {
  if (lines === undefined) return;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    addFieldLine(line[1], "", line[0]);
  }
}

/**
 * Adds one line the codec itself decided on ("Connection: close",
 * "Transfer-Encoding: chunked"): `line` is a constant "Name: value" CRLF in
 * ASCII, so it is copied without checks. @internal
 */
export function addTrustedLine(line: Uint8Array): void {
  const length = line.length;
  const out = reserve(length);
  let pos = at;
  for (let i = 0; i < length; i++) out[pos++] = line[i]!;
  at = pos;
}

const CONTENT_LENGTH_PREFIX = "Content-Length: ";

/**
 * Adds "Content-Length: <digits>" CRLF for a safe non-negative integer (the
 * framing decision checked it), digits written directly: no number-to-string
 * conversion per response. @internal
 */
export function addContentLength(length: number): void {
  let digits = 1;
  for (let v = length; v >= 10; v = (v - (v % 10)) / 10) digits++;
  const out = reserve(CONTENT_LENGTH_PREFIX.length + digits + 2);
  let pos = writeAscii(out, at, CONTENT_LENGTH_PREFIX);
  let v = length;
  for (let i = pos + digits - 1; i >= pos; i--) {
    const digit = v % 10;
    out[i] = 0x30 + digit;
    // Exact in doubles: v - digit is a multiple of 10 below 2^53.
    v = (v - digit) / 10;
  }
  pos += digits;
  out[pos++] = CR;
  out[pos++] = LF;
  at = pos;
}

/**
 * Starts a request head with its request line, validated while copied:
 * request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3).
 * @internal
 */
export function beginRequestHead(method: string, target: string, version: "1.0" | "1.1"): void {
  start = at = free;
  // method SP target SP "HTTP/1.1" CRLF
  const out = reserve(method.length + target.length + 12);
  let pos = writeToken(out, at, method, "HW_H1_INVALID_METHOD", "method");
  out[pos++] = SP;
  pos = writeTarget(out, pos, target);
  at = writeAscii(out, pos, version === "1.1" ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n");
}

/**
 * Ends the header section with the empty line and returns the head: a view
 * of exactly its bytes in the shared slab (`byteOffset` is not 0). @internal
 */
export function finishHead(): Uint8Array {
  const out = reserve(2);
  out[at++] = CR;
  out[at++] = LF;
  const head = out.subarray(start, at);
  // A slab grown for one huge head is left to that head alone.
  if (out.length > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    free = 0;
  } else {
    free = at;
  }
  return head;
}

/** Encodes an ASCII literal once, for {@link addTrustedLine} and start lines. @internal */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  writeAscii(out, 0, text);
  return out;
}

/** Collects the lines of `fields` and `extra` and the bytes they need ("name: value\r\n"). */
export function collectLines(
  fields: Fields | undefined,
  extra: readonly FieldLine[] | undefined,
  into: string[],
): number {
  let bytes = 0;
  if (fields !== undefined) {
    fields.forEach((value, _lower, name) => {
      into.push(name, value);
      bytes += name.length + value.length + 4;
    });
  }
  if (extra !== undefined) {
    for (const [name, value] of extra) {
      into.push(name, value);
      bytes += name.length + value.length + 4;
    }
  }
  return bytes;
}

/**
 * field-line = field-name ":" OWS field-value OWS (RFC 9112 §5), written with
 * exactly one SP after the colon and CRLF after each line; then the empty line
 * that ends the section.
 */
export function writeLines(out: Uint8Array, pos: number, lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i]!;
    pos = writeToken(out, pos, name, "HW_H1_INVALID_FIELD_NAME", "field name");
    out[pos++] = COLON;
    out[pos++] = SP;
    pos = writeFieldValue(out, pos, lines[i + 1]!, name);
    out[pos++] = CR;
    out[pos++] = LF;
  }
  out[pos++] = CR;
  out[pos++] = LF;
  return pos;
}
