import { H1Error } from "./errors.js";

/** One row of {@link H1_ERROR_CODES}. */
export interface H1ErrorCodeDefinition {
  /** The status a server answers a request that broke this rule with. */
  readonly statusHint: number;
  /** Where the rule comes from. */
  readonly reference: string;
  /** What went wrong, for humans. */
  readonly description: string;
}

/**
 * Every error code the HTTP/1.x parsers report, with the status a server
 * should answer with. Errors found in a *response* (by `ResponseParser`)
 * always carry `statusHint` 502, what a gateway answers for an invalid
 * upstream response (RFC 9110 §15.6.3); the table gives the request-side hint.
 */
export const H1_ERROR_CODES = {
  HW_H1_INVALID_METHOD: {
    statusHint: 400,
    reference: "RFC 9112 §3.1",
    description: "The method is not a token.",
  },
  HW_H1_INVALID_REQUEST_LINE: {
    statusHint: 400,
    reference: "RFC 9112 §3",
    description:
      "The request-line is not method SP request-target SP HTTP-version (missing part, extra or non-SP whitespace).",
  },
  HW_H1_INVALID_TARGET: {
    statusHint: 400,
    reference: "RFC 9112 §3.2",
    description: "The request-target holds a byte outside VCHAR or does not match its form.",
  },
  HW_H1_INVALID_TARGET_FORM: {
    statusHint: 400,
    reference: "RFC 9112 §3.2.3, §3.2.4",
    description:
      "The request-target form is not allowed for the method (authority-form only and always for CONNECT, asterisk-form only for OPTIONS).",
  },
  HW_H1_INVALID_VERSION: {
    statusHint: 400,
    reference: "RFC 9112 §2.3",
    description: 'The HTTP-version is not "HTTP/" DIGIT "." DIGIT.',
  },
  HW_H1_UNSUPPORTED_VERSION: {
    statusHint: 505,
    reference: "RFC 9110 §15.6.6",
    description: "A well-formed HTTP-version other than HTTP/1.0 and HTTP/1.1.",
  },
  HW_H1_HTTP2_PREFACE: {
    statusHint: 505,
    reference: "RFC 9113 §3.4",
    description:
      "The input starts with the HTTP/2 connection preface (PRI * HTTP/2.0): hand the connection to an HTTP/2 implementation or answer 505.",
  },
  HW_H1_HTTP09_NOT_ALLOWED: {
    statusHint: 400,
    reference: "RFC 9112 Appendix C.1",
    description: "An HTTP/0.9 simple request while allowHttp09SimpleRequest is off.",
  },
  HW_H1_URI_TOO_LONG: {
    statusHint: 414,
    reference: "RFC 9112 §3, RFC 9110 §15.5.15",
    description: "The request-line is longer than maxStartLineBytes.",
  },
  HW_H1_STATUS_LINE_TOO_LONG: {
    statusHint: 502,
    reference: "RFC 9112 §4",
    description: "The status-line is longer than maxStartLineBytes.",
  },
  HW_H1_INVALID_STATUS_LINE: {
    statusHint: 502,
    reference: "RFC 9112 §4",
    description: "The status-line is not HTTP-version SP status-code SP reason-phrase.",
  },
  HW_H1_INVALID_STATUS_CODE: {
    statusHint: 502,
    reference: "RFC 9112 §4, RFC 9110 §15",
    description: "The status-code is not three digits from 100 to 999.",
  },
  HW_H1_UNSOLICITED_RESPONSE: {
    statusHint: 502,
    reference: "RFC 9112 §9.3",
    description: "A response arrived while no request was awaiting one (see expectResponse).",
  },
  HW_H1_INVALID_FIELD_NAME: {
    statusHint: 400,
    reference: "RFC 9110 §5.1",
    description: "A field name holds a byte that is not a tchar, or a field line has no colon.",
  },
  HW_H1_EMPTY_FIELD_NAME: {
    statusHint: 400,
    reference: "RFC 9110 §5.1",
    description: "A field line starts with a colon.",
  },
  HW_H1_WHITESPACE_BEFORE_COLON: {
    statusHint: 400,
    reference: "RFC 9112 §5.1",
    description: "Whitespace between a field name and its colon (a request smuggling vector).",
  },
  HW_H1_WHITESPACE_BEFORE_FIRST_FIELD: {
    statusHint: 400,
    reference: "RFC 9112 §2.2",
    description: "Whitespace between the start-line and the first field line.",
  },
  HW_H1_OBSOLETE_LINE_FOLDING: {
    statusHint: 400,
    reference: "RFC 9112 §5.2",
    description:
      "A request field line continued with obs-fold while allowObsoleteLineFolding is off.",
  },
  HW_H1_INVALID_FIELD_VALUE: {
    statusHint: 400,
    reference: "RFC 9110 §5.5",
    description: "A field value holds NUL or another control character.",
  },
  HW_H1_BARE_CR: {
    statusHint: 400,
    reference: "RFC 9112 §2.2",
    description: "A CR not followed by LF in the start-line, a field line or chunked framing.",
  },
  HW_H1_BARE_LF: {
    statusHint: 400,
    reference: "RFC 9112 §2.2",
    description: "A line ended by LF alone while allowBareLineFeed is off.",
  },
  HW_H1_HEADERS_TOO_LARGE: {
    statusHint: 431,
    reference: "RFC 6585 §5",
    description: "The header section is longer than maxHeaderSectionBytes.",
  },
  HW_H1_TOO_MANY_FIELDS: {
    statusHint: 431,
    reference: "RFC 6585 §5",
    description: "The header or trailer section has more than maxFieldCount field lines.",
  },
  HW_H1_MISSING_HOST: {
    statusHint: 400,
    reference: "RFC 9112 §3.2",
    description: "An HTTP/1.1 request without a Host field.",
  },
  HW_H1_DUPLICATE_HOST: {
    statusHint: 400,
    reference: "RFC 9112 §3.2",
    description: "A request with more than one Host field line.",
  },
  HW_H1_INVALID_HOST: {
    statusHint: 400,
    reference: "RFC 9112 §3.2, RFC 9110 §7.2",
    description:
      'A Host value that is not uri-host [ ":" port ] (a list, userinfo, bad characters), or an empty Host in HTTP/1.1 with a target that is not in absolute-form.',
  },
  HW_H1_INVALID_CONTENT_LENGTH: {
    statusHint: 400,
    reference: "RFC 9112 §6.3 ¶5, RFC 9110 §8.6",
    description: "Content-Length is not 1*DIGIT, or several Content-Length values differ.",
  },
  HW_H1_INVALID_TRANSFER_ENCODING: {
    statusHint: 400,
    reference: "RFC 9112 §6.1, §6.3 ¶4",
    description:
      "Transfer-Encoding is malformed, applies chunked more than once, or (in a request) does not end with chunked.",
  },
  HW_H1_UNSUPPORTED_TRANSFER_CODING: {
    statusHint: 501,
    reference: "RFC 9112 §6.1",
    description:
      "A request applies a transfer coding other than chunked (gzip, …), which this codec does not decode.",
  },
  HW_H1_CONFLICTING_FRAMING: {
    statusHint: 400,
    reference: "RFC 9112 §6.3 ¶3, §11.2",
    description: "A request carries both Transfer-Encoding and Content-Length (request smuggling).",
  },
  HW_H1_TRANSFER_ENCODING_IN_HTTP10: {
    statusHint: 400,
    reference: "RFC 9112 §6.1",
    description: "An HTTP/1.0 message carries Transfer-Encoding: its framing is faulty.",
  },
  HW_H1_INVALID_CONNECTION: {
    statusHint: 400,
    reference: "RFC 9110 §7.6.1",
    description: "The Connection field is not a list of tokens.",
  },
  HW_H1_INVALID_CHUNK_SIZE: {
    statusHint: 400,
    reference: "RFC 9112 §7.1",
    description: "A chunk-size line does not start with HEXDIG or is malformed.",
  },
  HW_H1_CHUNK_SIZE_TOO_LARGE: {
    statusHint: 400,
    reference: "RFC 9112 §7.1",
    description:
      "A chunk-size has more than maxChunkSizeDigits digits or exceeds Number.MAX_SAFE_INTEGER.",
  },
  HW_H1_INVALID_CHUNK_EXTENSION: {
    statusHint: 400,
    reference: "RFC 9112 §7.1.1",
    description: "A chunk extension does not match chunk-ext.",
  },
  HW_H1_CHUNK_EXTENSIONS_TOO_LARGE: {
    statusHint: 413,
    reference: "RFC 9112 §7.1.1, CVE-2024-22019",
    description: "The chunk extensions of one message exceed maxChunkExtensionBytes.",
  },
  HW_H1_INVALID_CHUNK_DATA_END: {
    statusHint: 400,
    reference: "RFC 9112 §7.1",
    description: "Chunk data is not followed by CRLF.",
  },
  HW_H1_TRAILERS_TOO_LARGE: {
    statusHint: 431,
    reference: "RFC 9112 §7.1.2",
    description: "The trailer section is longer than maxTrailerSectionBytes.",
  },
  HW_H1_FORBIDDEN_TRAILER_FIELD: {
    statusHint: 400,
    reference: "RFC 9110 §6.5.1",
    description:
      'A field that must not be sent as a trailer (Content-Length, Host, …) while forbiddenTrailerFields is "reject".',
  },
  HW_H1_CONTENT_TOO_LARGE: {
    statusHint: 413,
    reference: "RFC 9110 §15.5.14",
    description: "The content is longer than maxBodyBytes.",
  },
  HW_H1_TRUNCATED_MESSAGE: {
    statusHint: 400,
    reference: "RFC 9112 §8",
    description:
      "The input ended (finish()) inside a message whose length was not close-delimited.",
  },
} as const satisfies Record<string, H1ErrorCodeDefinition>;

/** A code of {@link H1_ERROR_CODES}. */
export type H1ErrorCode = keyof typeof H1_ERROR_CODES;

/**
 * Builds the {@link H1Error} for `code` found in the input at absolute byte
 * `offset`. `response` marks an error in a response, whose statusHint is 502.
 * @internal
 */
export function h1Error(
  code: H1ErrorCode,
  message: string,
  offset: number,
  response: boolean,
): H1Error {
  return new H1Error(code, message, {
    offset,
    statusHint: response ? 502 : H1_ERROR_CODES[code].statusHint,
  });
}
