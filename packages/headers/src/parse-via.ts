import {
  err,
  formatQuotedString,
  isToken,
  ok,
  parseComment,
  parseToken,
  type Result,
  skipOws,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/** One intermediary hop in Via (RFC 9110 §7.6.3). */
export interface ViaEntry {
  /** protocol-name, when given ("HTTP" is implied when absent). */
  protocolName?: string;
  protocolVersion: string;
  /** received-by: a pseudonym or host, with ":port" when given. */
  receivedBy: string;
  /** The comment, without its outer parentheses. */
  comment?: string;
}

function fail(message: string, offset: number): { ok: false; error: HeadersError } {
  return err(new HeadersError("HW_HEADERS_INVALID_VIA", message, { offset }));
}

/**
 * Parses Via, RFC 9110 §7.6.3:
 * ```abnf
 * Via = #( received-protocol RWS received-by [ RWS comment ] )
 * received-protocol = [ protocol-name "/" ] protocol-version
 * received-by       = pseudonym [ ":" port ]   ; or uri-host [ ":" port ]
 * pseudonym         = token
 * ```
 * Comments may hold commas and nest, so the list is scanned rather than
 * split. Fails with `HW_HEADERS_INVALID_VIA`.
 *
 * @example
 * ```ts
 * parseVia("1.0 fred, 1.1 p.example.net (Apache/1.1)");
 * // ok: [{ protocolVersion: "1.0", receivedBy: "fred" }, { protocolVersion: "1.1", receivedBy: "p.example.net", comment: "Apache/1.1" }]
 * ```
 */
export function parseVia(value: string): Result<ViaEntry[], HeadersError> {
  const out: ViaEntry[] = [];
  let i = 0;
  for (;;) {
    i = skipOws(value, i);
    while (value.charCodeAt(i) === 0x2c) i = skipOws(value, i + 1);
    if (i >= value.length) break;
    const first = parseToken(value, i);
    if (first === null) return fail("expected received-protocol", i);
    const entry: ViaEntry = { protocolVersion: first.value, receivedBy: "" };
    i = first.end;
    if (value.charCodeAt(i) === 0x2f) {
      const version = parseToken(value, i + 1);
      if (version === null) return fail("expected protocol-version", i + 1);
      entry.protocolName = first.value;
      entry.protocolVersion = version.value;
      i = version.end;
    }
    const afterProtocol = skipOws(value, i);
    if (afterProtocol === i) return fail("expected whitespace before received-by", i);
    i = afterProtocol;
    let byEnd: number;
    if (value.charCodeAt(i) === 0x5b) {
      byEnd = value.indexOf("]", i);
      if (byEnd < 0) return fail("unclosed IPv6 literal", i);
      byEnd++;
    } else {
      const by = parseToken(value, i);
      if (by === null) return fail("expected received-by", i);
      byEnd = by.end;
    }
    if (value.charCodeAt(byEnd) === 0x3a) {
      let p = byEnd + 1;
      while (value.charCodeAt(p) >= 0x30 && value.charCodeAt(p) <= 0x39) p++;
      if (p === byEnd + 1) return fail("expected port", p);
      byEnd = p;
    }
    entry.receivedBy = value.slice(i, byEnd);
    i = byEnd;
    const beforeComment = skipOws(value, i);
    if (value.charCodeAt(beforeComment) === 0x28) {
      if (beforeComment === i) return fail("expected whitespace before comment", i);
      const c = parseComment(value, beforeComment);
      if (c === null) return fail("malformed comment", beforeComment);
      entry.comment = c.value;
      i = c.end;
    }
    out.push(entry);
    i = skipOws(value, i);
    if (i < value.length && value.charCodeAt(i) !== 0x2c) return fail("expected ','", i);
  }
  if (out.length === 0) return fail("Via = 1#( … )", 0);
  return ok(out);
}

/**
 * Serializes Via entries (RFC 9110 §7.6.3). A comment is written in
 * parentheses with "(", ")" and "\" escaped as quoted-pairs.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_VIA` for invalid tokens or a comment with control characters.
 */
export function formatVia(entries: readonly ViaEntry[]): string {
  const bad = (m: string) => new HeadersError("HW_HEADERS_INVALID_VIA", m);
  return entries
    .map((e) => {
      if (
        !isToken(e.protocolVersion) ||
        (e.protocolName !== undefined && !isToken(e.protocolName))
      ) {
        throw bad("invalid received-protocol");
      }
      if (!/^(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$/.test(e.receivedBy)) {
        throw bad(`invalid received-by ${JSON.stringify(e.receivedBy)}`);
      }
      let out = `${e.protocolName === undefined ? "" : `${e.protocolName}/`}${e.protocolVersion} ${e.receivedBy}`;
      if (e.comment !== undefined) out += ` ${formatComment(e.comment, bad)}`;
      return out;
    })
    .join(", ");
}

/** comment = "(" *( ctext / quoted-pair / comment ) ")", written flat with escapes (RFC 9110 §5.6.5). @internal */
export function formatComment(text: string, bad: (m: string) => Error): string {
  try {
    formatQuotedString(text); // same character repertoire check: no CTLs but HTAB, nothing above U+00FF
  } catch {
    throw bad("comment holds characters a comment cannot carry");
  }
  return `(${text.replace(/[()\\]/g, "\\$&")})`;
}
