import {
  err,
  formatTokenOrQuotedString,
  isToken,
  ok,
  parseHostAndPort,
  parseQuotedString,
  parseToken,
  type Result,
  skipOws,
  splitList,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/**
 * A node of Forwarded's `for` and `by` (RFC 7239 §6):
 * ```abnf
 * node      = nodename [ ":" node-port ]
 * nodename  = IPv4address / "[" IPv6address "]" / "unknown" / obfnode
 * obfnode   = "_" 1*( ALPHA / DIGIT / "." / "_" / "-" )
 * node-port = port / obfport ; port = 1*5DIGIT ; obfport = "_" 1*( ALPHA / DIGIT / "." / "_" / "-" )
 * ```
 */
export interface ForwardedNode {
  kind: "ipv4" | "ipv6" | "unknown" | "obfuscated";
  /** The address (IPv6 without brackets), "unknown", or the obfuscated identifier with its "_". */
  name: string;
  /** A numeric port, or an obfuscated port ("_abc"), when given. */
  port?: number | string;
}

/** One forwarded-element (RFC 7239 §4), one per proxy hop. */
export interface ForwardedElement {
  for?: ForwardedNode;
  by?: ForwardedNode;
  /** The Host the proxy received (RFC 7239 §5.3). */
  host?: string;
  /** The scheme the proxy received, lowercased (RFC 7239 §5.4). */
  proto?: string;
  /** Other forwarded-pairs (RFC 7239 §5.5), names lowercased. */
  extensions: Record<string, string>;
}

const OBF = /^_[A-Za-z0-9._-]+$/;

/**
 * Parses one `node` of RFC 7239 §6 (the unquoted value of `for` or `by`), or
 * returns `null` when it is not one.
 *
 * @example
 * ```ts
 * parseForwardedNode("[2001:db8:cafe::17]:4711"); // { kind: "ipv6", name: "2001:db8:cafe::17", port: 4711 }
 * ```
 */
export function parseForwardedNode(text: string): ForwardedNode | null {
  let name: string;
  let rest: string;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return null;
    name = text.slice(1, close);
    rest = text.slice(close + 1);
  } else {
    const colon = text.indexOf(":");
    name = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? "" : text.slice(colon);
  }
  let node: ForwardedNode;
  if (text.startsWith("[")) {
    const h = parseHostAndPort(`[${name}]`);
    if (!h.ok || h.value.kind !== "ipv6") return null;
    node = { kind: "ipv6", name };
  } else if (name === "unknown") node = { kind: "unknown", name };
  else if (OBF.test(name)) node = { kind: "obfuscated", name };
  else {
    const h = parseHostAndPort(name);
    if (!h.ok || h.value.kind !== "ipv4") return null;
    node = { kind: "ipv4", name };
  }
  if (rest !== "") {
    const port = rest.slice(1);
    if (rest[0] !== ":") return null;
    if (/^[0-9]{1,5}$/.test(port) && Number(port) <= 65535) node.port = Number(port);
    else if (OBF.test(port)) node.port = port;
    else return null;
  }
  return node;
}

function formatNode(node: ForwardedNode | string): string {
  const text =
    typeof node === "string"
      ? node
      : `${node.kind === "ipv6" ? `[${node.name}]` : node.name}${node.port === undefined ? "" : `:${node.port}`}`;
  if (parseForwardedNode(text) === null) {
    throw new HeadersError("HW_HEADERS_INVALID_FORWARDED", `${JSON.stringify(text)} is not a node`);
  }
  // RFC 7239 §6: IPv6 and ports need quoting, since "[", "]" and ":" are not tchar.
  return formatTokenOrQuotedString(text);
}

function fail(message: string, offset?: number): { ok: false; error: HeadersError } {
  return err(
    new HeadersError(
      "HW_HEADERS_INVALID_FORWARDED",
      message,
      offset === undefined ? {} : { offset },
    ),
  );
}

/**
 * Parses Forwarded, RFC 7239 §4:
 * ```abnf
 * Forwarded         = 1#forwarded-element
 * forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
 * forwarded-pair    = token "=" value
 * value             = token / quoted-string
 * ```
 * Parameter names are case-insensitive and may appear once per element
 * (RFC 7239 §4 ¶6); `for`/`by` must be nodes (§6), `host` a Host value
 * (§5.3), `proto` a URI scheme (§5.4). Elements are in hop order, the
 * client-nearest first. Fails with `HW_HEADERS_INVALID_FORWARDED`.
 *
 * @example
 * ```ts
 * parseForwarded('for=192.0.2.43, for="[2001:db8:cafe::17]";proto=https');
 * ```
 */
export function parseForwarded(value: string): Result<ForwardedElement[], HeadersError> {
  const out: ForwardedElement[] = [];
  let i = 0;
  for (;;) {
    i = skipOws(value, i);
    while (value.charCodeAt(i) === 0x2c) i = skipOws(value, i + 1);
    if (i >= value.length) break;
    const element: ForwardedElement = { extensions: {} };
    const seen = new Set<string>();
    for (;;) {
      if (value.charCodeAt(i) !== 0x3b) {
        const name = parseToken(value, i);
        if (name === null) return fail("expected a forwarded-pair", i);
        if (value.charCodeAt(name.end) !== 0x3d) return fail("expected '='", name.end);
        const start = name.end + 1;
        const v =
          value.charCodeAt(start) === 0x22
            ? parseQuotedString(value, start)
            : parseToken(value, start);
        if (v === null) return fail("expected a token or quoted-string", start);
        const lower = name.value.toLowerCase();
        if (seen.has(lower)) return fail(`${lower} appears twice in one element`, i);
        seen.add(lower);
        if (lower === "for" || lower === "by") {
          const node = parseForwardedNode(v.value);
          if (node === null) return fail(`${lower} is not a node`, start);
          element[lower] = node;
        } else if (lower === "host") {
          if (!parseHostAndPort(v.value).ok) return fail("host is not a Host value", start);
          element.host = v.value;
        } else if (lower === "proto") {
          if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(v.value))
            return fail("proto is not a URI scheme", start);
          element.proto = v.value.toLowerCase();
        } else element.extensions[lower] = v.value;
        i = v.end;
      }
      if (value.charCodeAt(i) !== 0x3b) break;
      i++;
    }
    out.push(element);
    i = skipOws(value, i);
    if (i < value.length && value.charCodeAt(i) !== 0x2c) return fail("expected ',' or ';'", i);
  }
  if (out.length === 0) return fail("Forwarded = 1#forwarded-element");
  return ok(out);
}

/** What {@link formatForwarded} writes for one hop. */
export interface ForwardedElementInit {
  for?: ForwardedNode | string;
  by?: ForwardedNode | string;
  host?: string;
  proto?: string;
  extensions?: Record<string, string>;
}

/**
 * Serializes Forwarded (RFC 7239 §4), quoting IPv6 nodes and ports.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_FORWARDED` for invalid nodes, host, proto or names.
 *
 * @example
 * ```ts
 * formatForwarded([{ for: "[2001:db8::1]:4711", proto: "https" }]); // 'for="[2001:db8::1]:4711";proto=https'
 * ```
 */
export function formatForwarded(elements: readonly ForwardedElementInit[]): string {
  const bad = (message: string) => new HeadersError("HW_HEADERS_INVALID_FORWARDED", message);
  if (elements.length === 0) throw bad("no element");
  return elements
    .map((e) => {
      const pairs: string[] = [];
      if (e.by !== undefined) pairs.push(`by=${formatNode(e.by)}`);
      if (e.for !== undefined) pairs.push(`for=${formatNode(e.for)}`);
      if (e.host !== undefined) {
        if (!parseHostAndPort(e.host).ok) throw bad(`invalid host ${JSON.stringify(e.host)}`);
        pairs.push(`host=${formatTokenOrQuotedString(e.host)}`);
      }
      if (e.proto !== undefined) {
        if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(e.proto))
          throw bad(`invalid proto ${JSON.stringify(e.proto)}`);
        pairs.push(`proto=${e.proto.toLowerCase()}`);
      }
      for (const [name, v] of Object.entries(e.extensions ?? {})) {
        if (!isToken(name) || ["for", "by", "host", "proto"].includes(name.toLowerCase())) {
          throw bad(`invalid extension name ${JSON.stringify(name)}`);
        }
        try {
          pairs.push(`${name}=${formatTokenOrQuotedString(v)}`);
        } catch (cause) {
          throw new HeadersError("HW_HEADERS_INVALID_FORWARDED", "value cannot be quoted", {
            cause,
          });
        }
      }
      if (pairs.length === 0) throw bad("empty element");
      return pairs.join(";");
    })
    .join(", ");
}

/**
 * Parses the de facto X-Forwarded-For: a comma-separated list of client and
 * proxy IP addresses, client first. IPv6 may be bare or in brackets (brackets
 * are removed). Anything that is not an IP literal fails with
 * `HW_HEADERS_INVALID_X_FORWARDED_FOR`, because a proxy chain decision
 * (rate limits, allow lists) must not be taken on a forged host name.
 *
 * @example
 * ```ts
 * parseXForwardedFor("203.0.113.195, 2001:db8:85a3::8a2e:370:7334"); // ok: [...]
 * ```
 */
export function parseXForwardedFor(value: string): Result<string[], HeadersError> {
  const out: string[] = [];
  for (const raw of splitList(value)) {
    const bare = raw.startsWith("[") && raw.endsWith("]") ? raw.slice(1, -1) : raw;
    const v4 = parseHostAndPort(bare);
    const v6 = parseHostAndPort(`[${bare}]`);
    if (
      (v4.ok && v4.value.kind === "ipv4" && v4.value.port === undefined) ||
      (v6.ok && v6.value.port === undefined)
    ) {
      out.push(bare);
    } else {
      return err(
        new HeadersError(
          "HW_HEADERS_INVALID_X_FORWARDED_FOR",
          `${JSON.stringify(raw)} is not an IP address`,
        ),
      );
    }
  }
  return ok(out);
}
