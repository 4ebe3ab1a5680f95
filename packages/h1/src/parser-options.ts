/**
 * Limits and named leniencies of the HTTP/1.x parsers. Every limit has a safe
 * default; every leniency is off by default (strict) and has a long,
 * self-describing name, as in httparse's `ParserConfig`.
 *
 * @example
 * ```ts
 * const parser = new RequestParser(handlers, { maxHeaderSectionBytes: 32 * 1024, allowBareLineFeed: true });
 * ```
 */
export interface ParserOptions {
  /**
   * Longest accepted request-line or status-line in bytes, without its line
   * terminator. A longer request-line is answered with 414 (RFC 9112 §3:
   * "at least 8000 octets" should be supported). Default 8192.
   */
  maxStartLineBytes?: number;
  /**
   * Longest accepted field section (all field lines and their terminators, not
   * counting the start-line) in bytes. Beyond it: 431 (RFC 6585 §5). Default 16384.
   */
  maxHeaderSectionBytes?: number;
  /** Most field lines accepted in one header section. Beyond it: 431. Default 100. */
  maxFieldCount?: number;
  /**
   * Most hexadecimal digits in a chunk-size, leading zeros included (RFC 9112
   * §7.1: recipients must anticipate large sizes and guard against overflow).
   * Sizes above `Number.MAX_SAFE_INTEGER` are refused whatever this says. Default 16.
   */
  maxChunkSizeDigits?: number;
  /**
   * Most bytes of chunk extensions accepted over one whole message (summed over
   * its chunks). Unbounded extensions let a peer make a server read forever
   * without any body progress (CVE-2024-22019). Beyond it: 413. Default 16384.
   */
  maxChunkExtensionBytes?: number;
  /** Longest accepted trailer section in bytes (RFC 9112 §7.1.2). Beyond it: 431. Default 16384. */
  maxTrailerSectionBytes?: number;
  /**
   * Most content bytes accepted in one message, after any transfer coding is
   * removed. Beyond it: 413. The parsers stream content and never buffer it,
   * so this bounds work, not memory. Default 1 GiB for requests, unlimited
   * (`Infinity`) for responses.
   */
  maxBodyBytes?: number;
  /**
   * Leniency: accept obs-fold (a field line continued on the next line after
   * SP/HTAB) in requests and replace each fold with one SP (RFC 9112 §5.2).
   * Off: such a request is refused with 400. Responses always get the
   * replacement, as the RFC asks of user agents.
   */
  allowObsoleteLineFolding?: boolean;
  /**
   * Leniency: accept a bare LF as a line terminator in the start-line, field
   * lines and chunked framing (RFC 9112 §2.2 "MAY recognize a single LF").
   * Off: refused with 400. A bare CR is refused whatever this says.
   */
  allowBareLineFeed?: boolean;
  /**
   * Leniency (requests only): accept an HTTP/0.9 simple request, `GET /path`
   * CRLF, reported with version "0.9", no fields, no content and
   * `keepAlive: false` (RFC 9112 Appendix C.1). Off: refused with 400.
   */
  allowHttp09SimpleRequest?: boolean;
  /**
   * What to do with a trailer field that must not be sent in a trailer section
   * (Content-Length, Transfer-Encoding, Host, …; RFC 9110 §6.5.1):
   * `"drop"` (default) discards it, so it can never be merged into the header
   * section by a careless consumer; `"reject"` refuses the message with
   * `HW_H1_FORBIDDEN_TRAILER_FIELD`.
   */
  forbiddenTrailerFields?: "drop" | "reject";
}

/** {@link ParserOptions} with every default filled in. */
export interface ResolvedParserOptions {
  readonly maxStartLineBytes: number;
  readonly maxHeaderSectionBytes: number;
  readonly maxFieldCount: number;
  readonly maxChunkSizeDigits: number;
  readonly maxChunkExtensionBytes: number;
  readonly maxTrailerSectionBytes: number;
  readonly maxBodyBytes: number;
  readonly allowObsoleteLineFolding: boolean;
  readonly allowBareLineFeed: boolean;
  readonly allowHttp09SimpleRequest: boolean;
  readonly forbiddenTrailerFields: "drop" | "reject";
}

/** Default limits, shared by both parsers (except `maxBodyBytes`, see {@link ParserOptions}). */
export const DEFAULT_PARSER_OPTIONS: ResolvedParserOptions = Object.freeze({
  maxStartLineBytes: 8192,
  maxHeaderSectionBytes: 16384,
  maxFieldCount: 100,
  maxChunkSizeDigits: 16,
  maxChunkExtensionBytes: 16384,
  maxTrailerSectionBytes: 16384,
  maxBodyBytes: 1024 * 1024 * 1024,
  allowObsoleteLineFolding: false,
  allowBareLineFeed: false,
  allowHttp09SimpleRequest: false,
  forbiddenTrailerFields: "drop",
});

/**
 * The resolved defaults of each role, built once on first use by the same
 * code as any other resolved options (so that every resolved object has one
 * shape). Parsers only read them.
 */
let requestDefaults: ResolvedParserOptions | undefined;
let responseDefaults: ResolvedParserOptions | undefined;

/**
 * Fills in the defaults of {@link ParserOptions}. `role` picks the default of
 * `maxBodyBytes` (1 GiB for requests, unlimited for responses).
 */
export function resolveParserOptions(
  options: ParserOptions | undefined,
  role: "request" | "response",
): ResolvedParserOptions {
  // No options (a server's default): nothing to build per parser.
  if (options === undefined) {
    if (role === "request") return (requestDefaults ??= resolve({}, role));
    return (responseDefaults ??= resolve({}, role));
  }
  return resolve(options, role);
}

function resolve(o: ParserOptions, role: "request" | "response"): ResolvedParserOptions {
  const d = DEFAULT_PARSER_OPTIONS;
  return {
    maxStartLineBytes: o.maxStartLineBytes ?? d.maxStartLineBytes,
    maxHeaderSectionBytes: o.maxHeaderSectionBytes ?? d.maxHeaderSectionBytes,
    maxFieldCount: o.maxFieldCount ?? d.maxFieldCount,
    maxChunkSizeDigits: Math.min(o.maxChunkSizeDigits ?? d.maxChunkSizeDigits, 16),
    maxChunkExtensionBytes: o.maxChunkExtensionBytes ?? d.maxChunkExtensionBytes,
    maxTrailerSectionBytes: o.maxTrailerSectionBytes ?? d.maxTrailerSectionBytes,
    maxBodyBytes:
      o.maxBodyBytes ?? (role === "request" ? d.maxBodyBytes : Number.POSITIVE_INFINITY),
    allowObsoleteLineFolding: o.allowObsoleteLineFolding ?? d.allowObsoleteLineFolding,
    allowBareLineFeed: o.allowBareLineFeed ?? d.allowBareLineFeed,
    allowHttp09SimpleRequest: o.allowHttp09SimpleRequest ?? d.allowHttp09SimpleRequest,
    forbiddenTrailerFields: o.forbiddenTrailerFields ?? d.forbiddenTrailerFields,
  };
}
