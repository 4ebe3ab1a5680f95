import type { Fields } from "@hyperwire/headers";
import { isForbiddenInTrailers } from "@hyperwire/headers";
import { H1Error } from "./errors.js";
import { collectLines, writeAscii, writeLines } from "./head-writer.js";

const CRLF: Uint8Array = Uint8Array.of(0x0d, 0x0a);
const HEX = "0123456789abcdef";

/**
 * Encodes one chunk of the chunked transfer coding without copying `data`:
 * returns the parts to write in order, the size line, `data` itself and the
 * CRLF that closes it. Empty data returns no parts, because a chunk of size
 * zero is the last-chunk and would end the message early.
 *
 * chunk      = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * chunk-size = 1*HEXDIG
 * RFC 9112 §7.1
 *
 * @example
 * ```ts
 * const parts = encodeChunk(new TextEncoder().encode("hello"));
 * // [ "5\r\n", <hello>, "\r\n" ] as Uint8Arrays; write them in order (writev)
 * ```
 */
export function encodeChunk(data: Uint8Array): Uint8Array[] {
  let length = data.byteLength;
  if (length === 0) return [];
  // Size line: hex digits of the length then CRLF. 14 hex digits hold 2^53.
  const digits: number[] = [];
  while (length > 0) {
    digits.push(HEX.charCodeAt(length & 0xf));
    length = Math.floor(length / 16);
  }
  const line = new Uint8Array(digits.length + 2);
  for (let i = 0; i < digits.length; i++) line[i] = digits[digits.length - 1 - i]!;
  line[digits.length] = 0x0d;
  line[digits.length + 1] = 0x0a;
  return [line, data, CRLF];
}

/**
 * Encodes the end of a chunked message: the last-chunk, the optional trailer
 * section, and the final CRLF.
 *
 * chunked-body = *chunk last-chunk trailer-section CRLF
 * last-chunk   = 1*("0") [ chunk-ext ] CRLF
 * RFC 9112 §7.1, trailer fields §7.1.2. Fields that must not appear in a
 * trailer (framing, routing, authentication…, RFC 9110 §6.5.1) are refused.
 *
 * @throws H1Error `HW_H1_FORBIDDEN_TRAILER` (side "local") for such a field, or the
 *   field name/value errors of the head serializers.
 *
 * @example
 * ```ts
 * encodeLastChunk();                                  // "0\r\n\r\n"
 * encodeLastChunk(Fields.from({ "Server-Timing": "db;dur=53" }));
 * // "0\r\nServer-Timing: db;dur=53\r\n\r\n"
 * ```
 */
export function encodeLastChunk(trailers?: Fields): Uint8Array {
  const lines: string[] = [];
  const bytes = collectLines(trailers, undefined, lines);
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i]!;
    if (isForbiddenInTrailers(name.toLowerCase())) {
      throw new H1Error(
        "HW_H1_FORBIDDEN_TRAILER",
        `field ${name} must not be sent in a trailer section (RFC 9110 §6.5.1)`,
        { side: "local" },
      );
    }
  }
  const out = new Uint8Array(3 + bytes + 2);
  const pos = writeAscii(out, 0, "0\r\n");
  writeLines(out, pos, lines);
  return out;
}
