import { BYTE_CLASS, ByteClass } from "./byte-classes.js";
import { GrammarError, GrammarErrorCode } from "./errors.js";
import { parseIpv4, parseIpv6 } from "./parse-ip-address.js";
import { err, ok, type Result } from "./result.js";

/** Which alternative of uri-host matched (RFC 3986 §3.2.2). */
export type HostKind = "ipv4" | "ipv6" | "reg-name";

/** The parts of a `uri-host [ ":" port ]`. */
export interface HostAndPort {
  /**
   * The host, ASCII-lowercased (hosts are case-insensitive, RFC 3986 §3.2.2).
   * An IPv6 literal keeps its brackets (`"[::1]"`), so `${host}:${port}`
   * rebuilds the authority; strip them before handing it to a socket API.
   */
  host: string;
  /** The port, or `undefined` when there is none. */
  port: number | undefined;
  /** Which alternative of uri-host matched. */
  kind: HostKind;
}

const invalidHost = (text: string, reason: string, offset: number) =>
  err(
    new GrammarError(
      GrammarErrorCode.INVALID_HOST,
      `invalid host in ${JSON.stringify(text)}: ${reason}`,
      {
        offset,
        statusHint: 400,
      },
    ),
  );

/** The value of a port (`port = *DIGIT`, RFC 3986 §3.2.3) if it is 1–5 digits up to 65535, else -1. */
function portValue(text: string): number {
  if (text.length === 0) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return -1;
    value = value * 10 + (code - 0x30);
    if (value > 65535) return -1;
  }
  return value;
}

/**
 * WHATWG URL and inet_aton(3) read a host whose last label is numeric ("010.1",
 * "0x7f.1", "2130706433") as an IPv4 address in octal, hex or a single integer;
 * RFC 3986 calls it a reg-name. Refusing such hosts unless they are strict
 * dotted decimal keeps every parser in a chain agreeing on where a request goes.
 */
function looksNumeric(host: string): boolean {
  const labels = host.split(".");
  if (labels.length > 1 && labels[labels.length - 1] === "") labels.pop();
  const last = labels[labels.length - 1] ?? "";
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

/**
 * Parses a host with an optional port, as in the Host field and authority-form.
 *
 * ```abnf
 * Host        = uri-host [ ":" port ]                      ; RFC 9110 §7.2
 * uri-host    = IP-literal / IPv4address / reg-name        ; RFC 3986 §3.2.2
 * IP-literal  = "[" ( IPv6address / IPvFuture ) "]"
 * reg-name    = *( unreserved / pct-encoded / sub-delims )
 * port        = *DIGIT                                     ; RFC 3986 §3.2.3
 * ```
 *
 * Stricter than the ABNF on purpose (see the README's "Deliberate choices"):
 * the host must not be empty (RFC 9110 §4.2.1); a port, when ":" is present,
 * must be 1–5 digits with a value of at most 65535; IPvFuture (`[v1.x]`) and
 * IPv6 zone identifiers are refused, as no HTTP peer can route them; a reg-name
 * may not hold pct-encoded octets, and one whose last label is numeric must be
 * a valid dotted-decimal IPv4 address. Userinfo (`user@host`) fails with
 * `HW_GRAMMAR_USERINFO_NOT_ALLOWED` (RFC 9110 §4.2.4). Other failures are
 * `HW_GRAMMAR_INVALID_HOST` or `HW_GRAMMAR_INVALID_PORT`, all with
 * `statusHint` 400.
 *
 * @example
 * ```ts
 * parseHostAndPort("Example.com:8080"); // ok: { host: "example.com", port: 8080, kind: "reg-name" }
 * parseHostAndPort("[::1]");            // ok: { host: "[::1]", port: undefined, kind: "ipv6" }
 * parseHostAndPort("10.0.0.1:70000");   // error: HW_GRAMMAR_INVALID_PORT
 * ```
 */
export function parseHostAndPort(text: string): Result<HostAndPort, GrammarError> {
  let host: string;
  let kind: HostKind;
  let rest: number; // index of ":" before the port, or text.length
  if (text.charCodeAt(0) === 0x5b) {
    const close = text.indexOf("]");
    if (close < 0) return invalidHost(text, 'IP-literal without "]"', 0);
    const literal = text.slice(1, close);
    if (literal.charCodeAt(0) === 0x76 || literal.charCodeAt(0) === 0x56) {
      return invalidHost(text, "IPvFuture literals are not supported", 1);
    }
    if (parseIpv6(literal) === null) return invalidHost(text, "not an IPv6 address", 1);
    host = `[${literal.toLowerCase()}]`;
    kind = "ipv6";
    rest = close + 1;
    if (rest < text.length && text.charCodeAt(rest) !== 0x3a) {
      return invalidHost(text, 'unexpected character after "]"', rest);
    }
  } else {
    const colon = text.indexOf(":");
    rest = colon < 0 ? text.length : colon;
    const raw = text.slice(0, rest);
    if (raw.length === 0) return invalidHost(text, "empty host", 0);
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i);
      if (code === 0x40) {
        return err(
          new GrammarError(
            GrammarErrorCode.USERINFO_NOT_ALLOWED,
            `userinfo is not allowed in ${JSON.stringify(text)} (RFC 9110 §4.2.4)`,
            { offset: i, statusHint: 400 },
          ),
        );
      }
      if (
        code > 0x7f ||
        (BYTE_CLASS[code]! & (ByteClass.UNRESERVED | ByteClass.SUB_DELIMS)) === 0
      ) {
        return invalidHost(
          text,
          `character ${JSON.stringify(raw[i])} at index ${i} is not allowed in a host`,
          i,
        );
      }
    }
    if (parseIpv4(raw) !== null) {
      kind = "ipv4";
    } else if (looksNumeric(raw)) {
      return invalidHost(text, "a host ending in a numeric label must be dotted-decimal IPv4", 0);
    } else {
      kind = "reg-name";
    }
    host = raw.toLowerCase();
  }
  if (rest === text.length) return ok({ host, port: undefined, kind });
  const port = portValue(text.slice(rest + 1));
  if (port < 0) {
    return err(
      new GrammarError(
        GrammarErrorCode.INVALID_PORT,
        `invalid port in ${JSON.stringify(text)}: must be 1–5 digits, 0–65535`,
        { offset: rest + 1, statusHint: 400 },
      ),
    );
  }
  return ok({ host, port, kind });
}
