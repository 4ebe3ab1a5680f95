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
