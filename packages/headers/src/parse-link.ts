import { err, isToken, ok, parseToken, type Result, skipOws } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { decodeExtValue, encodeExtValue } from "./ext-value.js";
import {
  formatParameterValue,
  readTokenOrQuotedString,
} from "./internal/token-or-quoted-string.js";

/** One link-value of a Link field (RFC 8288 §3). */
export interface LinkValue {
  /** The target URI-Reference as written between "<" and ">" (not resolved). */
  target: string;
  /** Relation types from `rel` (lowercased: they compare case-insensitively, RFC 8288 §2.1.1). */
  rel: string[];
  /** `anchor`, the context IRI override (RFC 8288 §3.2). */
  anchor?: string;
  /** The title: from `title*` (decoded, RFC 8187) when present, else `title` (RFC 8288 §3.4.1). */
  title?: string;
  type?: string;
  hreflang: string[];
  media?: string;
  /** Every link-param in order, names lowercased, values unquoted ("" when a param has no value). */
  params: { name: string; value: string }[];
}

function fail(message: string, offset: number): { ok: false; error: HeadersError } {
  return err(new HeadersError("HW_HEADERS_INVALID_LINK", message, { offset }));
}

/**
 * Parses a Link field, RFC 8288 §3:
 * ```abnf
 * Link       = #link-value
 * link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
 * link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
 * ```
 * `rel`, `anchor`, `title`, `title*`, `type` and `media` count only at their
 * first occurrence (RFC 8288 §3.3, §3.4.1: later ones "MUST be ignored");
 * `rel` holds space-separated relation types; `title*` is an RFC 8187
 * ext-value and wins over `title`.
 *
 * Fails with `HW_HEADERS_INVALID_LINK` (or `HW_HEADERS_INVALID_EXT_VALUE` for `title*`).
 *
 * @example
 * ```ts
 * parseLink('<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter"');
 * ```
 */
export function parseLink(value: string): Result<LinkValue[], HeadersError> {
  const links: LinkValue[] = [];
  let i = 0;
  for (;;) {
    while (
      i < value.length &&
      (value.charCodeAt(i) === 0x2c || value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)
    )
      i++;
    if (i >= value.length) break;
    if (value.charCodeAt(i) !== 0x3c) return fail("expected '<'", i);
    const close = value.indexOf(">", i + 1);
    if (close < 0) return fail("unclosed '<'", i);
    const target = value.slice(i + 1, close);
    // URI-Reference (RFC 3986 §4.1) has no whitespace, controls, "<" or DQUOTE.
    if (/[\u0000-\u0020"<\u007f-\uffff]/.test(target)) return fail("invalid URI-Reference", i + 1);
    const link: LinkValue = { target, rel: [], hreflang: [], params: [] };
    const once = new Set<string>();
    let titleStar: string | undefined;
    i = skipOws(value, close + 1);
    while (value.charCodeAt(i) === 0x3b) {
      i = skipOws(value, i + 1);
      const name = parseToken(value, i);
      if (name === null) return fail("expected a link-param name", i);
      const lower = name.value.toLowerCase();
      i = skipOws(value, name.end);
      let v = "";
      if (value.charCodeAt(i) === 0x3d) {
        i = skipOws(value, i + 1);
        const q = readTokenOrQuotedString(value, i);
        if (q === null) return fail("expected a token or quoted-string", i);
        v = q.value;
        i = skipOws(value, q.end);
      }
      link.params.push({ name: lower, value: v });
      if (lower === "hreflang") link.hreflang.push(v);
      else if (
        ["rel", "anchor", "title", "title*", "type", "media"].includes(lower) &&
        !once.has(lower)
      ) {
        once.add(lower);
        if (lower === "rel")
          link.rel = v
            .toLowerCase()
            .split(/[ \t]+/)
            .filter((r) => r !== "");
        else if (lower === "anchor") link.anchor = v;
        else if (lower === "title") link.title ??= v;
        else if (lower === "title*") titleStar = v;
        else if (lower === "type") link.type = v;
        else link.media = v;
      }
    }
    if (titleStar !== undefined) {
      const decoded = decodeExtValue(titleStar);
      if (!decoded.ok) return decoded;
      link.title = decoded.value.value;
    }
    links.push(link);
    if (i < value.length && value.charCodeAt(i) !== 0x2c) return fail("expected ',' or ';'", i);
  }
  return ok(links);
}

/** What {@link formatLink} writes for one link. */
export interface LinkInit {
  target: string;
  rel?: string | readonly string[];
  anchor?: string;
  /** Written as `title` when it is printable ASCII, else as `title*` (RFC 8187 UTF-8). */
  title?: string;
  type?: string;
  hreflang?: string | readonly string[];
  media?: string;
  /** Further link-params (extension attributes). */
  params?: Record<string, string>;
}

/**
 * Serializes Link field values (RFC 8288 §3). `rel`, `anchor`, `title`
 * and `media` are always quoted; the rest only when they are not tokens.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_LINK` for a target with characters
 * a URI-Reference cannot hold, or a parameter name that is not a token.
 *
 * @example
 * ```ts
 * formatLink([{ target: "/page/3", rel: "next" }, { target: "/", rel: ["start", "index"], title: "Start" }]);
 * // '</page/3>; rel="next", </>; rel="start index"; title="Start"'
 * ```
 */
export function formatLink(links: readonly LinkInit[]): string {
  const bad = (message: string) => new HeadersError("HW_HEADERS_INVALID_LINK", message);
  return links
    .map((l) => {
      if (/[\u0000-\u0020"<>\u007f-\uffff]/.test(l.target))
        throw bad(`invalid target ${JSON.stringify(l.target)}`);
      const quoted = (v: string) =>
        formatParameterValue(v, true, "HW_HEADERS_INVALID_LINK", "value cannot be quoted");
      let out = `<${l.target}>`;
      if (l.rel !== undefined)
        out += `; rel=${quoted(typeof l.rel === "string" ? l.rel : l.rel.join(" "))}`;
      if (l.anchor !== undefined) out += `; anchor=${quoted(l.anchor)}`;
      if (l.title !== undefined) {
        out += /^[\x20-\x7e]*$/.test(l.title)
          ? `; title=${quoted(l.title)}`
          : `; title*=${encodeExtValue(l.title)}`;
      }
      if (l.type !== undefined) out += `; type=${quoted(l.type)}`;
      for (const h of typeof l.hreflang === "string" ? [l.hreflang] : (l.hreflang ?? [])) {
        out += `; hreflang=${quoted(h)}`;
      }
      if (l.media !== undefined) out += `; media=${quoted(l.media)}`;
      for (const [name, v] of Object.entries(l.params ?? {})) {
        if (!isToken(name)) throw bad(`parameter name ${JSON.stringify(name)} is not a token`);
        const written = formatParameterValue(
          v,
          false,
          "HW_HEADERS_INVALID_LINK",
          "value cannot be quoted",
        );
        out += `; ${name}=${written}`;
      }
      return out;
    })
    .join(", ");
}
