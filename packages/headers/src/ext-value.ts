import { err, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/** A decoded RFC 8187 ext-value. */
export interface ExtValue {
  /** The charset as written, lower-cased ("utf-8" or "iso-8859-1"). */
  readonly charset: string;
  /** The language tag, or "" when absent. */
  readonly language: string;
  /** The decoded text. */
  readonly value: string;
}

/**
 * attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "."
 *           / "^" / "_" / "`" / "|" / "~"                    RFC 8187 §3.2.1
 */
function isAttrChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x21 ||
    c === 0x23 ||
    c === 0x24 ||
    c === 0x26 ||
    c === 0x2b ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5e ||
    c === 0x5f ||
    c === 0x60 ||
    c === 0x7c ||
    c === 0x7e
  );
}

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function invalid(message: string, offset?: number): HeadersError {
  return new HeadersError(
    "HW_HEADERS_INVALID_EXT_VALUE",
    message,
    offset === undefined ? {} : { offset },
  );
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes an RFC 8187 ext-value (the value of `filename*` and other
 * `name*` parameters).
 *
 * ```
 * ext-value   = charset  "'" [ language ] "'" value-chars
 * charset     = "UTF-8" / "ISO-8859-1" / mime-charset
 * value-chars = *( pct-encoded / attr-char )                RFC 8187 §3.2.1
 * ```
 *
 * Strict: every byte is attr-char or a complete %XX; UTF-8 must be
 * well-formed (`HW_HEADERS_INVALID_EXT_VALUE`). Charsets other than UTF-8
 * and ISO-8859-1 (the two RFC 8187 §3.2.1 requires) fail with
 * `HW_HEADERS_UNSUPPORTED_CHARSET`.
 *
 * @example
 * ```ts
 * decodeExtValue("UTF-8''%e2%82%ac%20rates"); // ok: { charset: "utf-8", language: "", value: "€ rates" }
 * decodeExtValue("iso-8859-1'en'%A3%20rates"); // ok: { charset: "iso-8859-1", language: "en", value: "£ rates" }
 * ```
 */
export function decodeExtValue(text: string): Result<ExtValue, HeadersError> {
  const q1 = text.indexOf("'");
  const q2 = q1 === -1 ? -1 : text.indexOf("'", q1 + 1);
  if (q1 <= 0 || q2 === -1) return err(invalid("ext-value needs charset'language'value"));
  const charset = text.slice(0, q1).toLowerCase();
  const language = text.slice(q1 + 1, q2);
  if (!/^[a-z0-9-]*$/i.test(language))
    return err(invalid("invalid language tag in ext-value", q1 + 1));
  const bytes = new Uint8Array(text.length - q2 - 1);
  let n = 0;
  for (let i = q2 + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const h = hex(text.charCodeAt(i + 1));
      const l = hex(text.charCodeAt(i + 2));
      if (h < 0 || l < 0) return err(invalid("incomplete percent-encoding", i));
      bytes[n++] = h * 16 + l;
      i += 2;
    } else if (isAttrChar(c)) bytes[n++] = c;
    else return err(invalid(`character ${JSON.stringify(text[i])} must be percent-encoded`, i));
  }
  const used = bytes.subarray(0, n);
  if (charset === "utf-8") {
    try {
      return ok({ charset, language, value: UTF8.decode(used) });
    } catch (cause) {
      return err(
        new HeadersError("HW_HEADERS_INVALID_EXT_VALUE", "ext-value is not valid UTF-8", { cause }),
      );
    }
  }
  if (charset === "iso-8859-1") {
    let value = "";
    for (const b of used) value += String.fromCharCode(b);
    return ok({ charset, language, value });
  }
  return err(
    new HeadersError(
      "HW_HEADERS_UNSUPPORTED_CHARSET",
      `unsupported ext-value charset ${JSON.stringify(charset)}`,
    ),
  );
}

/**
 * Encodes text as an RFC 8187 ext-value in UTF-8: attr-chars stay, every
 * other byte becomes %XX (upper-case hex).
 *
 * @example
 * ```ts
 * encodeExtValue("€ rates"); // "UTF-8''%E2%82%AC%20rates"
 * ```
 */
export function encodeExtValue(value: string, language = ""): string {
  if (!/^[a-z0-9-]*$/i.test(language))
    throw invalid(`invalid language tag ${JSON.stringify(language)}`);
  // TextEncoder writes a lone surrogate as U+FFFD.
  const bytes = new TextEncoder().encode(value);
  let out = `UTF-8'${language}'`;
  for (const b of bytes) {
    out += isAttrChar(b)
      ? String.fromCharCode(b)
      : `%${b < 16 ? "0" : ""}${b.toString(16).toUpperCase()}`;
  }
  return out;
}
