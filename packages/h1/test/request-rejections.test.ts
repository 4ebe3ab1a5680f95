import { describe, expect, test } from "vitest";
import { errorOf, parseRequests } from "./collect.js";

const H = "Host: example.com\r\n";
/** A chunked request head: chunk offsets below are counted from its end. */
const CH = `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n`;
const C = CH.length;

/** [description, raw request bytes, expected code, expected statusHint, expected offset?] */
const REJECTIONS: [string, string, string, number, number?][] = [
  // Request-line (RFC 9112 §3)
  ["method with a non-token byte", "GE(T / HTTP/1.1\r\n\r\n", "HW_H1_INVALID_METHOD", 400, 2],
  ["empty method", " / HTTP/1.1\r\n\r\n", "HW_H1_INVALID_METHOD", 400, 0],
  [
    "TLS handshake on a plain port",
    "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n",
    "HW_H1_INVALID_METHOD",
    400,
    0,
  ],
  ["two SP after the method", "GET  / HTTP/1.1\r\n\r\n", "HW_H1_INVALID_REQUEST_LINE", 400, 4],
  ["two SP before the version", "GET /  HTTP/1.1\r\n\r\n", "HW_H1_INVALID_REQUEST_LINE", 400, 6],
  ["HTAB as separator", "GET\t/ HTTP/1.1\r\n\r\n", "HW_H1_INVALID_METHOD", 400, 3],
  ["method only", "GET\r\n\r\n", "HW_H1_INVALID_REQUEST_LINE", 400, 3],
  ["trailing SP after the version", "GET / HTTP/1.1 \r\n\r\n", "HW_H1_INVALID_VERSION", 400, 6],
  ["lowercase http", "GET / http/1.1\r\n\r\n", "HW_H1_INVALID_VERSION", 400, 6],
  ["version without minor", "GET / HTTP/1\r\n\r\n", "HW_H1_INVALID_VERSION", 400, 6],
  ["two-digit major", "GET / HTTP/11.1\r\n\r\n", "HW_H1_INVALID_VERSION", 400, 6],
  [
    "HTTP/2.0 request-line",
    "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
    "HW_H1_UNSUPPORTED_VERSION",
    505,
    6,
  ],
  ["HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", "HW_H1_UNSUPPORTED_VERSION", 505, 6],
  ["HTTP/0.9 version string", "GET / HTTP/0.9\r\n\r\n", "HW_H1_UNSUPPORTED_VERSION", 505, 6],
  ["HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "HW_H1_HTTP2_PREFACE", 505, 0],
  [
    "HTTP/0.9 simple request (not allowed)",
    "GET /index.html\r\n",
    "HW_H1_HTTP09_NOT_ALLOWED",
    400,
    15,
  ],
  ["control byte in target", "GET /a\x01b HTTP/1.1\r\n\r\n", "HW_H1_INVALID_TARGET", 400, 6],
  ["obs-text in target", "GET /\xe9 HTTP/1.1\r\n\r\n", "HW_H1_INVALID_TARGET", 400, 5],
  ["bare CR in target", "GET /a\rb HTTP/1.1\r\n\r\n", "HW_H1_BARE_CR", 400, 6],
  ["bare CR before the version end", "GET / HTTP/1.1\r\rHost: a\r\n\r\n", "HW_H1_BARE_CR", 400, 14],
  [
    "authority-form for GET",
    `GET example.com:80 HTTP/1.1\r\n${H}\r\n`,
    "HW_H1_INVALID_TARGET_FORM",
    400,
    4,
  ],
  [
    "origin-form for CONNECT",
    `CONNECT / HTTP/1.1\r\n${H}\r\n`,
    "HW_H1_INVALID_TARGET_FORM",
    400,
    8,
  ],
  [
    "absolute-form for CONNECT",
    `CONNECT http://a/ HTTP/1.1\r\n${H}\r\n`,
    "HW_H1_INVALID_TARGET_FORM",
    400,
    8,
  ],
  ["asterisk-form for GET", `GET * HTTP/1.1\r\n${H}\r\n`, "HW_H1_INVALID_TARGET_FORM", 400, 4],
  [
    "authority-form without port",
    `CONNECT example.com HTTP/1.1\r\n${H}\r\n`,
    "HW_H1_INVALID_TARGET",
    400,
    8,
  ],
  [
    "authority-form with userinfo",
    `CONNECT user@example.com:443 HTTP/1.1\r\n${H}\r\n`,
    "HW_H1_INVALID_TARGET",
    400,
    8,
  ],
  [
    "http URI without authority",
    `GET http:/x HTTP/1.1\r\n${H}\r\n`,
    "HW_H1_INVALID_TARGET",
    400,
    4,
  ],
  // Field lines (RFC 9112 §5, RFC 9110 §5)
  [
    "SP between name and colon",
    "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
    "HW_H1_WHITESPACE_BEFORE_COLON",
    400,
    20,
  ],
  [
    "HTAB between name and colon",
    `GET / HTTP/1.1\r\n${H}Content-Length\t: 0\r\n\r\n`,
    "HW_H1_WHITESPACE_BEFORE_COLON",
    400,
    49,
  ],
  [
    "whitespace before the first field line",
    "GET / HTTP/1.1\r\n Host: a\r\n\r\n",
    "HW_H1_WHITESPACE_BEFORE_FIRST_FIELD",
    400,
    16,
  ],
  ["empty field name", `GET / HTTP/1.1\r\n${H}: v\r\n\r\n`, "HW_H1_EMPTY_FIELD_NAME", 400, 35],
  [
    "field line without colon",
    `GET / HTTP/1.1\r\n${H}NoColon\r\n\r\n`,
    "HW_H1_INVALID_FIELD_NAME",
    400,
    42,
  ],
  [
    "non-token byte in field name",
    `GET / HTTP/1.1\r\n${H}X(y): 1\r\n\r\n`,
    "HW_H1_INVALID_FIELD_NAME",
    400,
    36,
  ],
  [
    "obs-fold in a request",
    `GET / HTTP/1.1\r\n${H}X: a\r\n b\r\n\r\n`,
    "HW_H1_OBSOLETE_LINE_FOLDING",
    400,
    41,
  ],
  [
    "NUL in a field value",
    `GET / HTTP/1.1\r\n${H}X: a\x00b\r\n\r\n`,
    "HW_H1_INVALID_FIELD_VALUE",
    400,
    39,
  ],
  [
    "ESC in a field value",
    `GET / HTTP/1.1\r\n${H}X: \x1b\r\n\r\n`,
    "HW_H1_INVALID_FIELD_VALUE",
    400,
    38,
  ],
  [
    "DEL in a field value",
    `GET / HTTP/1.1\r\n${H}X: a\x7f\r\n\r\n`,
    "HW_H1_INVALID_FIELD_VALUE",
    400,
    39,
  ],
  ["bare CR in a field value", `GET / HTTP/1.1\r\n${H}X: a\rb\r\n\r\n`, "HW_H1_BARE_CR", 400, 39],
  ["bare CR after the head (\\r\\n\\rX)", `GET / HTTP/1.1\r\n${H}\rX`, "HW_H1_BARE_CR", 400, 35],
  [
    "bare LF ending a field line",
    "GET / HTTP/1.1\r\nHost: a\nX: 1\r\n\r\n",
    "HW_H1_BARE_LF",
    400,
    23,
  ],
  ["bare LF ending the head", `GET / HTTP/1.1\r\n${H}\n`, "HW_H1_BARE_LF", 400, 35],
  ["bare LF ending the request-line", `GET / HTTP/1.1\n${H}\r\n`, "HW_H1_BARE_LF", 400, 14],
  ["bare LF as a leading empty line", `\nGET / HTTP/1.1\r\n${H}\r\n`, "HW_H1_BARE_LF", 400, 0],
  ["bare CR as a leading empty line", `\rGET / HTTP/1.1\r\n${H}\r\n`, "HW_H1_BARE_CR", 400, 0],
  // Host (RFC 9112 §3.2)
  ["HTTP/1.1 without Host", "GET / HTTP/1.1\r\nX: 1\r\n\r\n", "HW_H1_MISSING_HOST", 400, 24],
  [
    "two Host lines",
    "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n",
    "HW_H1_DUPLICATE_HOST",
    400,
    25,
  ],
  [
    "two Host lines in HTTP/1.0",
    "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n",
    "HW_H1_DUPLICATE_HOST",
    400,
    25,
  ],
  ["Host list", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", "HW_H1_INVALID_HOST", 400, 16],
  ["Host list without space", "GET / HTTP/1.1\r\nHost: a,b\r\n\r\n", "HW_H1_INVALID_HOST", 400, 16],
  ["empty Host in HTTP/1.1", "GET / HTTP/1.1\r\nHost:\r\n\r\n", "HW_H1_INVALID_HOST", 400, 16],
  ["Host with userinfo", "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", "HW_H1_INVALID_HOST", 400, 16],
  [
    "Host with a bad port",
    "GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n",
    "HW_H1_INVALID_HOST",
    400,
    16,
  ],
  ["Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", "HW_H1_INVALID_HOST", 400, 16],
  // Framing (RFC 9112 §6)
  [
    "Transfer-Encoding and Content-Length",
    `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n`,
    "HW_H1_CONFLICTING_FRAMING",
    400,
  ],
  [
    "Content-Length and Transfer-Encoding",
    `POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n`,
    "HW_H1_CONFLICTING_FRAMING",
    400,
  ],
  [
    "Transfer-Encoding not ending in chunked",
    `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, gzip\r\n\r\n`,
    "HW_H1_INVALID_TRANSFER_ENCODING",
    400,
  ],
  [
    "Transfer-Encoding: gzip only",
    `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip\r\n\r\n`,
    "HW_H1_INVALID_TRANSFER_ENCODING",
    400,
  ],
  [
    "chunked twice",
    `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n`,
    "HW_H1_INVALID_TRANSFER_ENCODING",
    400,
  ],
  [
    "Transfer-Encoding with a bogus token",
    `POST / HTTP/1.1\r\n${H}Transfer-Encoding: "chunked"\r\n\r\n`,
    "HW_H1_INVALID_TRANSFER_ENCODING",
    400,
  ],
  [
    "empty Transfer-Encoding",
    `POST / HTTP/1.1\r\n${H}Transfer-Encoding:\r\n\r\n`,
    "HW_H1_INVALID_TRANSFER_ENCODING",
    400,
  ],
  [
    "unsupported coding before chunked",
    `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n`,
    "HW_H1_UNSUPPORTED_TRANSFER_CODING",
    501,
  ],
  [
    "Transfer-Encoding in HTTP/1.0",
    "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
    "HW_H1_TRANSFER_ENCODING_IN_HTTP10",
    400,
  ],
  [
    "Content-Length with a sign",
    `POST / HTTP/1.1\r\n${H}Content-Length: +3\r\n\r\n`,
    "HW_H1_INVALID_CONTENT_LENGTH",
    400,
  ],
  [
    "Content-Length in hex",
    `POST / HTTP/1.1\r\n${H}Content-Length: 0x3\r\n\r\n`,
    "HW_H1_INVALID_CONTENT_LENGTH",
    400,
  ],
  [
    "empty Content-Length",
    `POST / HTTP/1.1\r\n${H}Content-Length:\r\n\r\n`,
    "HW_H1_INVALID_CONTENT_LENGTH",
    400,
  ],
  [
    "differing Content-Length lines",
    `POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nContent-Length: 4\r\n\r\n`,
    "HW_H1_INVALID_CONTENT_LENGTH",
    400,
  ],
  [
    "differing Content-Length list",
    `POST / HTTP/1.1\r\n${H}Content-Length: 3, 4\r\n\r\n`,
    "HW_H1_INVALID_CONTENT_LENGTH",
    400,
  ],
  [
    "Content-Length beyond 2^53",
    `POST / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999\r\n\r\n`,
    "HW_H1_INVALID_CONTENT_LENGTH",
    400,
  ],
  [
    "Connection with a non-token",
    `GET / HTTP/1.1\r\n${H}Connection: close, "x"\r\n\r\n`,
    "HW_H1_INVALID_CONNECTION",
    400,
  ],
  // Chunked coding (RFC 9112 §7.1)
  ["chunk-size not hex", `${CH}x\r\n`, "HW_H1_INVALID_CHUNK_SIZE", 400, C + 0],
  ["chunk-size with a sign", `${CH}+5\r\n`, "HW_H1_INVALID_CHUNK_SIZE", 400, C + 0],
  ["chunk-size with 0x", `${CH}0x5\r\n`, "HW_H1_INVALID_CHUNK_SIZE", 400, C + 1],
  ["empty chunk-size line", `${CH}\r\n`, "HW_H1_INVALID_CHUNK_SIZE", 400, C + 0],
  [
    "SP after chunk-size without extension",
    `${CH}5 \r\n`,
    "HW_H1_INVALID_CHUNK_EXTENSION",
    400,
    C + 2,
  ],
  [
    "chunk-size with 17 digits (leading zeros)",
    `${CH}${"0".repeat(16)}5\r\n`,
    "HW_H1_CHUNK_SIZE_TOO_LARGE",
    400,
    C + 16,
  ],
  [
    "chunk-size above 2^53",
    `${CH}${"f".repeat(14)}\r\n`,
    "HW_H1_CHUNK_SIZE_TOO_LARGE",
    400,
    C + 13,
  ],
  ["chunk extension without a name", `${CH}5;\r\n`, "HW_H1_INVALID_CHUNK_EXTENSION", 400, C + 2],
  [
    "chunk extension with an empty value",
    `${CH}5;a=\r\n`,
    "HW_H1_INVALID_CHUNK_EXTENSION",
    400,
    C + 4,
  ],
  [
    "chunk extension with a bad byte",
    `${CH}5;a=b@\r\n`,
    "HW_H1_INVALID_CHUNK_EXTENSION",
    400,
    C + 5,
  ],
  [
    "chunk extension with an unterminated quote",
    `${CH}5;a="b\r\n`,
    "HW_H1_INVALID_CHUNK_EXTENSION",
    400,
    C + 6,
  ],
  [
    "chunk extension with a control byte in quotes",
    `${CH}5;a="\x01"\r\n`,
    "HW_H1_INVALID_CHUNK_EXTENSION",
    400,
    C + 5,
  ],
  ["bare CR in a chunk line", `${CH}5\rx`, "HW_H1_BARE_CR", 400, C + 2],
  ["bare LF ending a chunk line", `${CH}5\nhello\r\n`, "HW_H1_BARE_LF", 400, C + 1],
  ["chunk-data too long", `${CH}3\r\nabcd\r\n`, "HW_H1_INVALID_CHUNK_DATA_END", 400, C + 6],
  ["chunk-data followed by bare CR", `${CH}3\r\nabc\rX`, "HW_H1_BARE_CR", 400, C + 7],
  ["chunk-data followed by bare LF", `${CH}3\r\nabc\n0\r\n\r\n`, "HW_H1_BARE_LF", 400, C + 6],
  [
    "obs-fold in a trailer",
    `${CH}0\r\nX: a\r\n b\r\n\r\n`,
    "HW_H1_OBSOLETE_LINE_FOLDING",
    400,
    C + 9,
  ],
  [
    "SP before colon in a trailer",
    `${CH}0\r\nX : a\r\n\r\n`,
    "HW_H1_WHITESPACE_BEFORE_COLON",
    400,
    C + 4,
  ],
  [
    "whitespace before the first trailer",
    `${CH}0\r\n X: a\r\n\r\n`,
    "HW_H1_WHITESPACE_BEFORE_FIRST_FIELD",
    400,
    C + 3,
  ],
];

describe("request rejections", () => {
  test.each(REJECTIONS)("%s", (_, input, code, statusHint, offset) => {
    const { events, parser } = parseRequests(input);
    const error = errorOf(events);
    expect(error, JSON.stringify(events)).toBeDefined();
    expect(error?.code).toBe(code);
    expect(error?.statusHint).toBe(statusHint);
    if (offset !== undefined) expect(error?.offset).toBe(offset);
    // The error is the last event, the parser is dead and the connection must close.
    expect(events[events.length - 1]?.type).toBe("error");
    expect(events.filter((e) => e.type === "error")).toHaveLength(1);
    expect(parser.keepAlive).toBe(false);
    parser.push(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    parser.finish();
    expect(events.filter((e) => e.type === "error")).toHaveLength(1);
  });
});
