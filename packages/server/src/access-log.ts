/**
 * What one access-log line records about a request and its response. Every
 * string may come from the client and is escaped on output.
 */
export interface AccessLogRecord {
  /** The client address (after trusted-proxy processing), e.g. "192.0.2.1" or "::1". */
  remoteAddress?: string | undefined;
  /** The authenticated user name (Basic/Digest), if any. */
  user?: string | undefined;
  /** When the request was received. */
  time: Date | number;
  /**
   * The method token as received, or "-" when the request line could not be
   * read (a malformed request, a head that timed out): the request line is
   * then written `"-"`, as Apache httpd writes one it could not parse.
   */
  method: string;
  /** The request-target as received ("-" with method "-"). */
  target: string;
  /** "1.1", "1.0" or "HTTP/1.1"; written as "HTTP/x.y" ("-" with method "-"). */
  version: string;
  /** The status code sent. */
  status: number;
  /** Content bytes sent (without the head). 0 or undefined is written "-", as CLF's %b does. */
  bytes?: number | undefined;
  /** The Referer field value (Combined Log Format only). */
  referer?: string | undefined;
  /** The User-Agent field value (Combined Log Format only). */
  userAgent?: string | undefined;
}

/** Options of the log formatters. */
export interface AccessLogOptions {
  /**
   * The time zone of the timestamp: minutes east of UTC (-420 for -0700), or
   * "local" for the process's zone at that instant. Default 0: UTC, "+0000",
   * so lines from machines in different zones sort and compare as they are.
   */
  utcOffsetMinutes?: number | "local";
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

/**
 * Writes a time in the Common Log Format's bracketed form,
 * `[day/month/year:hour:minute:second zone]` (Apache httpd `%t`, the format
 * NCSA httpd introduced), e.g. `[10/Oct/2000:13:55:36 -0700]`. An invalid
 * date is written "-".
 *
 * @example
 * ```ts
 * formatClfDate(Date.UTC(2000, 9, 10, 20, 55, 36), { utcOffsetMinutes: -420 });
 * // "[10/Oct/2000:13:55:36 -0700]"
 * ```
 */
export function formatClfDate(time: Date | number, options: AccessLogOptions = {}): string {
  const epoch = typeof time === "number" ? time : time.getTime();
  if (!Number.isFinite(epoch)) return "-";
  const option = options.utcOffsetMinutes ?? 0;
  // getTimezoneOffset is minutes WEST of UTC, hence the minus.
  const offset = option === "local" ? -new Date(epoch).getTimezoneOffset() : Math.trunc(option);
  const shifted = new Date(epoch + offset * 60_000);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return (
    `[${pad(shifted.getUTCDate(), 2)}/${MONTHS[shifted.getUTCMonth()]}/${pad(shifted.getUTCFullYear(), 4)}` +
    `:${pad(shifted.getUTCHours(), 2)}:${pad(shifted.getUTCMinutes(), 2)}:${pad(shifted.getUTCSeconds(), 2)}` +
    ` ${sign}${pad(Math.floor(abs / 60), 2)}${pad(abs % 60, 2)}]`
  );
}

const HEX = "0123456789abcdef";
const utf8 = new TextEncoder();

function hexByte(byte: number): string {
  return `\\x${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

/**
 * Escapes a client-supplied value so it cannot break the line format:
 * `"` → `\"`, `\` → `\\`, every byte outside printable ASCII → `\xhh`
 * (the escaping Apache httpd applies since CVE-2003-0020, where raw control
 * bytes in logs let an attacker inject terminal escape sequences and forge
 * whole lines with CR/LF). With `escapeSpace`, SP is `\x20` too, so an
 * unquoted field (user, address) stays one whitespace-separated token.
 *
 * A character up to U+00FF is taken as one octet, which is how field values
 * come off the wire; anything above is escaped as its UTF-8 octets; a lone
 * surrogate as `\uXXXX`.
 */
function escapeLogValue(value: string, escapeSpace: boolean): string {
  let out = "";
  let runStart = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x20 && code < 0x7f && code !== 0x22 && code !== 0x5c) continue;
    if (code === 0x20 && !escapeSpace) continue;
    out += value.slice(runStart, i);
    runStart = i + 1;
    if (code === 0x22) out += '\\"';
    else if (code === 0x5c) out += "\\\\";
    else if (code <= 0xff) out += hexByte(code);
    else {
      const codePoint = value.codePointAt(i)!;
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
        out += `\\u${codePoint.toString(16).padStart(4, "0")}`;
        continue;
      }
      for (const byte of utf8.encode(String.fromCodePoint(codePoint))) {
        out += hexByte(byte);
      }
      if (codePoint > 0xffff) {
        i++;
        runStart = i + 1;
      }
    }
  }
  return runStart === 0 ? value : out + value.slice(runStart);
}

/** An unquoted CLF field: "-" when absent or empty. */
function token(value: string | undefined): string {
  return value === undefined || value === "" ? "-" : escapeLogValue(value, true);
}

/** A quoted CLF field: `"-"` when absent, as Apache writes a missing Referer. */
function quoted(value: string | undefined): string {
  return value === undefined ? '"-"' : `"${escapeLogValue(value, false)}"`;
}

function requestLine(record: AccessLogRecord): string {
  if (record.method === "-") return '"-"';
  const version = record.version.startsWith("HTTP/") ? record.version : `HTTP/${record.version}`;
  return `"${escapeLogValue(`${record.method} ${record.target} ${version}`, false)}"`;
}

/**
 * Formats one line of the Common Log Format (no trailing newline):
 *
 * ```text
 * host ident authuser [date] "request-line" status bytes
 * 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326
 * ```
 *
 * `ident` (RFC 1413) is always "-". Missing values are "-". Client-controlled
 * text is escaped so no request can add a line, fake a field or smuggle
 * terminal escape sequences into the log (see CVE-2003-0020): quotes and
 * backslashes are backslash-escaped, control and non-ASCII bytes become
 * `\xhh`, and spaces in the unquoted user field become `\x20`.
 *
 * @example
 * ```ts
 * formatCommonLogLine({
 *   remoteAddress: "127.0.0.1", user: "frank", time: Date.UTC(2000, 9, 10, 20, 55, 36),
 *   method: "GET", target: "/apache_pb.gif", version: "1.0", status: 200, bytes: 2326,
 * }, { utcOffsetMinutes: -420 });
 * // '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'
 * ```
 */
export function formatCommonLogLine(
  record: AccessLogRecord,
  options: AccessLogOptions = {},
): string {
  const status =
    Number.isInteger(record.status) && record.status >= 0 && record.status <= 999
      ? pad(record.status, 3)
      : "-";
  const bytes =
    record.bytes !== undefined && Number.isSafeInteger(record.bytes) && record.bytes > 0
      ? String(record.bytes)
      : "-";
  return `${token(record.remoteAddress)} - ${token(record.user)} ${formatClfDate(record.time, options)} ${requestLine(record)} ${status} ${bytes}`;
}

/**
 * Formats one line of the Combined Log Format: the Common Log Format line
 * followed by the quoted Referer and User-Agent (Apache httpd's "combined"
 * LogFormat), escaped the same way.
 *
 * @example
 * ```ts
 * formatCombinedLogLine({ ...record, referer: "http://www.example.com/start.html",
 *   userAgent: "Mozilla/4.08 [en] (Win98; I ;Nav)" });
 * // '… 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"'
 * ```
 */
export function formatCombinedLogLine(
  record: AccessLogRecord,
  options: AccessLogOptions = {},
): string {
  return `${formatCommonLogLine(record, options)} ${quoted(record.referer)} ${quoted(record.userAgent)}`;
}
