import { BYTE_CLASS, ByteClass, hexDigitValue } from "./byte-classes.js";
import { GrammarError, GrammarErrorCode } from "./errors.js";
import { type HostKind, parseHostAndPort } from "./parse-host-and-port.js";
import { err, ok, type Result } from "./result.js";

/** `origin-form = absolute-path [ "?" query ]` (RFC 9112 §3.2.1). */
export interface OriginFormTarget {
  form: "origin";
  /** The absolute-path as written, still percent-encoded; starts with "/". */
  path: string;
  /** The query without its "?", still percent-encoded; `undefined` when there is no "?". */
  query: string | undefined;
}

/** `absolute-form = absolute-URI` (RFC 9112 §3.2.2), as sent to proxies. */
export interface AbsoluteFormTarget {
  form: "absolute";
  /** The scheme, lowercased (RFC 3986 §3.1). */
  scheme: string;
  /** The host, as {@link parseHostAndPort} returns it; `undefined` when the URI has no authority. */
  host: string | undefined;
  /** The port, or `undefined` when none is written. */
  port: number | undefined;
  /** Which alternative of uri-host matched; `undefined` when the URI has no authority. */
  hostKind: HostKind | undefined;
  /** The path as written, still percent-encoded; may be "" (`http://a?q`). */
  path: string;
  /** The query without its "?", still percent-encoded; `undefined` when there is no "?". */
  query: string | undefined;
}

/** `authority-form = uri-host ":" port` (RFC 9112 §3.2.3), only for CONNECT. */
export interface AuthorityFormTarget {
  form: "authority";
  /** The host, as {@link parseHostAndPort} returns it. */
  host: string;
  /** The port, which authority-form requires. */
  port: number;
  /** Which alternative of uri-host matched. */
  hostKind: HostKind;
}

/** `asterisk-form = "*"` (RFC 9112 §3.2.4), only for a server-wide OPTIONS. */
export interface AsteriskFormTarget {
  form: "asterisk";
}

/** A parsed request-target, discriminated on `form` (RFC 9112 §3.2). */
export type RequestTarget =
  | OriginFormTarget
  | AbsoluteFormTarget
  | AuthorityFormTarget
  | AsteriskFormTarget;

const invalid = (target: string, reason: string, offset: number) =>
  err(
    new GrammarError(
      GrammarErrorCode.INVALID_REQUEST_TARGET,
      `invalid request-target ${JSON.stringify(target.length > 80 ? `${target.slice(0, 80)}…` : target)}: ${reason}`,
      { offset, statusHint: 400 },
    ),
  );

/**
 * The index of the first character in [start, end) that `allowed` (a
 * ByteClass mask) does not admit, "%" admitted only as the start of
 * pct-encoded = "%" HEXDIG HEXDIG (RFC 3986 §2.1); `end` if all are fine.
 */
function firstInvalid(text: string, start: number, end: number, allowed: number): number {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f || (BYTE_CLASS[code]! & allowed) === 0) return i;
    if (code === 0x25) {
      if (hexDigitValue(text.charCodeAt(i + 1)) < 0 || hexDigitValue(text.charCodeAt(i + 2)) < 0)
        return i;
      i += 2;
    }
  }
  return end;
}

const PATH = ByteClass.PCHAR; // plus "/", checked separately below
const QUERY = ByteClass.QUERY;

/**
 * Checks `path [ "?" query ]` from `start` to the end, "/" allowed in the path.
 * Returns the index of "?" (or text.length), or a negative offset - 1 on error.
 */
function checkPathAndQuery(text: string, start: number): number {
  const length = text.length;
  let questionMark = text.indexOf("?", start);
  if (questionMark < 0) questionMark = length;
  let i = start;
  while (i < questionMark) {
    const bad = firstInvalid(text, i, questionMark, PATH);
    if (bad === questionMark) break;
    if (text.charCodeAt(bad) !== 0x2f) return -bad - 1;
    i = bad + 1;
  }
  if (questionMark < length) {
    const bad = firstInvalid(text, questionMark + 1, length, QUERY);
    if (bad !== length) return -bad - 1;
  }
  return questionMark;
}

/**
 * Parses a request-target into one of its four forms (RFC 9112 §3.2).
 *
 * ```abnf
 * request-target = origin-form / absolute-form / authority-form / asterisk-form
 * origin-form    = absolute-path [ "?" query ]        ; RFC 9112 §3.2.1
 * absolute-form  = absolute-URI                       ; RFC 9112 §3.2.2
 * authority-form = uri-host ":" port                  ; RFC 9112 §3.2.3
 * asterisk-form  = "*"                                ; RFC 9112 §3.2.4
 * absolute-path  = 1*( "/" segment )                  ; RFC 9110 §4.1
 * segment        = *pchar                             ; RFC 3986 §3.3
 * absolute-URI   = scheme ":" hier-part [ "?" query ] ; RFC 3986 §4.3
 * query          = *( pchar / "/" / "?" )             ; RFC 3986 §3.4
 * ```
 *
 * Paths and queries are validated (only pchar, "/", "?" and well-formed
 * pct-encoded) and returned still encoded: decoding is the application's call
 * (see `percentDecode`). A fragment ("#") is never part of a request-target.
 * A target that matches authority-form is reported as such, though
 * `localhost:8080` is also a syntactically valid absolute-URI with scheme
 * "localhost"; which form a method may use is `@hyperwire/methods`' rule.
 * An `http`/`https` absolute-URI must have a non-empty authority
 * (RFC 9110 §4.2.1), and userinfo is refused in every scheme (RFC 9110 §4.2.4).
 * Host and port follow {@link parseHostAndPort}.
 *
 * Fails with `HW_GRAMMAR_INVALID_REQUEST_TARGET`, or the host/port/userinfo
 * codes of {@link parseHostAndPort}; all carry `statusHint` 400.
 *
 * @example
 * ```ts
 * parseRequestTarget("/where?q=now");
 * // ok: { form: "origin", path: "/where", query: "q=now" }
 * parseRequestTarget("http://www.example.org/pub/WWW/TheProject.html");
 * // ok: { form: "absolute", scheme: "http", host: "www.example.org", port: undefined, … }
 * parseRequestTarget("www.example.com:80");
 * // ok: { form: "authority", host: "www.example.com", port: 80, hostKind: "reg-name" }
 * parseRequestTarget("*"); // ok: { form: "asterisk" }
 * ```
 */
export function parseRequestTarget(target: string): Result<RequestTarget, GrammarError> {
  const length = target.length;
  if (length === 0) return invalid(target, "empty", 0);
  const first = target.charCodeAt(0);

  if (first === 0x2a && length === 1) return ok({ form: "asterisk" });

  if (first === 0x2f) {
    // RFC 9112 §3.2.1; "//x" is still an absolute-path of an empty first segment.
    const q = checkPathAndQuery(target, 0);
    if (q < 0) return invalid(target, `character at index ${-q - 1} is not allowed`, -q - 1);
    return ok({
      form: "origin",
      path: target.slice(0, q),
      query: q < length ? target.slice(q + 1) : undefined,
    });
  }

  // RFC 9112 §3.2.3: authority-form, tried before absolute-URI because "host:port" also
  // matches scheme ":" path-rootless.
  const authority = parseHostAndPort(target);
  if (authority.ok && authority.value.port !== undefined) {
    const { host, port, kind } = authority.value;
    return ok({ form: "authority", host, port, hostKind: kind });
  }

  // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
  let i = 0;
  while (i < length) {
    const code = target.charCodeAt(i);
    const isAlpha = code <= 0x7f && (BYTE_CLASS[code]! & ByteClass.ALPHA) !== 0;
    const isOther =
      code <= 0x7f &&
      ((BYTE_CLASS[code]! & ByteClass.DIGIT) !== 0 ||
        code === 0x2b ||
        code === 0x2d ||
        code === 0x2e);
    if (isAlpha || (i > 0 && isOther)) i++;
    else break;
  }
  if (i === 0 || target.charCodeAt(i) !== 0x3a) {
    // Not a scheme: report the authority's own error if it looked like host:port.
    if (!authority.ok && target.includes(":") && !target.includes("/")) return authority;
    return invalid(target, "not origin-form, absolute-form, authority-form or asterisk-form", 0);
  }
  // "example.com:99999" and "example.com:" are valid absolute-URIs (scheme "example.com",
  // path "99999" or ""), but nobody sends those: they are broken authority-forms, so report
  // why the authority failed.
  if (!authority.ok && /^[0-9]*$/.test(target.slice(i + 1))) return authority;
  const scheme = target.slice(0, i).toLowerCase();
  const isHttp = scheme === "http" || scheme === "https";
  let pathStart = i + 1;
  let host: string | undefined;
  let port: number | undefined;
  let hostKind: HostKind | undefined;
  if (target.startsWith("//", pathStart)) {
    // hier-part = "//" authority path-abempty (RFC 3986 §3.2)
    const authorityStart = pathStart + 2;
    let authorityEnd = authorityStart;
    while (authorityEnd < length) {
      const code = target.charCodeAt(authorityEnd);
      if (code === 0x2f || code === 0x3f || code === 0x23) break;
      authorityEnd++;
    }
    const rawAuthority = target.slice(authorityStart, authorityEnd);
    if (rawAuthority.length === 0 && !isHttp) {
      host = "";
      hostKind = "reg-name";
    } else {
      const parsed = parseHostAndPort(rawAuthority);
      if (!parsed.ok) {
        const e = parsed.error;
        return err(
          new GrammarError(e.code, e.message, {
            offset: authorityStart + (e.offset ?? 0),
            statusHint: 400,
          }),
        );
      }
      ({ host, port, kind: hostKind } = parsed.value);
    }
    pathStart = authorityEnd;
  } else if (isHttp) {
    // RFC 9110 §4.2.1: http-URI = "http" "://" authority path-abempty [ "?" query ]
    return invalid(target, `an ${scheme} URI needs "//" and an authority`, pathStart);
  }
  const q = checkPathAndQuery(target, pathStart);
  if (q < 0) return invalid(target, `character at index ${-q - 1} is not allowed`, -q - 1);
  return ok({
    form: "absolute",
    scheme,
    host,
    port,
    hostKind,
    path: target.slice(pathStart, q),
    query: q < length ? target.slice(q + 1) : undefined,
  });
}
