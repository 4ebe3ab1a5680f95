import { H1_ERROR_CODES, type H1ErrorCode, ServerConnection } from "@hyperwire/h1";
import { describe, expect, it } from "vitest";
import type { Handler, ServeOptions } from "../src/index.js";
import { closeAfterEach } from "./close-after-each.js";
import { contentReader, countingHandler } from "./helpers.js";

/**
 * Every request-side error of the H1 error table, sent over a raw socket: the
 * server answers the status the table names, with `Connection: close`, and
 * closes. Errors in the head never reach the handler; errors in the content
 * (chunked framing, limits) fail the handler's read and still get the status.
 */

const { start, open } = closeAfterEach();

const H = "Host: x\r\n";
const CHUNKED = `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n`;

interface Case {
  /** The bytes the client sends. */
  readonly raw: string;
  /** Half-close after sending (for errors found at the end of input). */
  readonly end?: boolean;
  /** Parser options the server (and the checking codec) use. */
  readonly parser?: ServeOptions["parser"];
}

/** Errors found in the request head: the handler is never called. */
const HEAD_ERRORS: Partial<Record<H1ErrorCode, Case>> = {
  HW_H1_INVALID_METHOD: { raw: `G(T / HTTP/1.1\r\n${H}\r\n` },
  HW_H1_INVALID_REQUEST_LINE: { raw: `GET  / HTTP/1.1\r\n${H}\r\n` },
  HW_H1_INVALID_TARGET: { raw: `GET /a\u007fb HTTP/1.1\r\n${H}\r\n` },
  HW_H1_INVALID_TARGET_FORM: { raw: `GET * HTTP/1.1\r\n${H}\r\n` },
  HW_H1_INVALID_VERSION: { raw: `GET / HTTP/1.x\r\n${H}\r\n` },
  HW_H1_UNSUPPORTED_VERSION: { raw: `GET / HTTP/3.0\r\n${H}\r\n` },
  HW_H1_HTTP2_PREFACE: { raw: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" },
  HW_H1_HTTP09_NOT_ALLOWED: { raw: "GET /\r\n" },
  HW_H1_URI_TOO_LONG: { raw: `GET /${"a".repeat(9000)} HTTP/1.1\r\n${H}\r\n` },
  HW_H1_INVALID_FIELD_NAME: { raw: `GET / HTTP/1.1\r\n${H}X(a): b\r\n\r\n` },
  HW_H1_EMPTY_FIELD_NAME: { raw: `GET / HTTP/1.1\r\n${H}: b\r\n\r\n` },
  HW_H1_WHITESPACE_BEFORE_COLON: { raw: "GET / HTTP/1.1\r\nHost : x\r\n\r\n" },
  HW_H1_WHITESPACE_BEFORE_FIRST_FIELD: { raw: `GET / HTTP/1.1\r\n X-A: b\r\n${H}\r\n` },
  HW_H1_OBSOLETE_LINE_FOLDING: { raw: `GET / HTTP/1.1\r\n${H}X-A: a\r\n b\r\n\r\n` },
  HW_H1_INVALID_FIELD_VALUE: { raw: `GET / HTTP/1.1\r\n${H}X-A: a\u0000b\r\n\r\n` },
  HW_H1_BARE_CR: { raw: `GET / HTTP/1.1\r${H}\r\n` },
  HW_H1_BARE_LF: { raw: "GET / HTTP/1.1\nHost: x\n\n" },
  HW_H1_HEADERS_TOO_LARGE: { raw: `GET / HTTP/1.1\r\n${H}X-Big: ${"b".repeat(20_000)}\r\n\r\n` },
  HW_H1_TOO_MANY_FIELDS: { raw: `GET / HTTP/1.1\r\n${H}${"X-A: 1\r\n".repeat(200)}\r\n` },
  HW_H1_MISSING_HOST: { raw: "GET / HTTP/1.1\r\n\r\n" },
  HW_H1_DUPLICATE_HOST: { raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" },
  HW_H1_INVALID_HOST: { raw: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n" },
  HW_H1_INVALID_CONTENT_LENGTH: { raw: `POST / HTTP/1.1\r\n${H}Content-Length: 1x\r\n\r\n` },
  HW_H1_INVALID_TRANSFER_ENCODING: {
    raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, chunked\r\n\r\n`,
  },
  HW_H1_UNSUPPORTED_TRANSFER_CODING: {
    raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n`,
  },
  HW_H1_CONFLICTING_FRAMING: {
    raw: `POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
  },
  HW_H1_TRANSFER_ENCODING_IN_HTTP10: {
    raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  },
  HW_H1_INVALID_CONNECTION: { raw: `GET / HTTP/1.1\r\n${H}Connection: a/b\r\n\r\n` },
};

/** Errors found in the content: the handler was called (its head was fine), its read fails. */
const CONTENT_ERRORS: Partial<Record<H1ErrorCode, Case>> = {
  HW_H1_INVALID_CHUNK_SIZE: { raw: `${CHUNKED}zz\r\n` },
  HW_H1_CHUNK_SIZE_TOO_LARGE: { raw: `${CHUNKED}${"f".repeat(40)}\r\n` },
  HW_H1_INVALID_CHUNK_EXTENSION: { raw: `${CHUNKED}3;=\r\nabc\r\n0\r\n\r\n` },
  HW_H1_CHUNK_EXTENSIONS_TOO_LARGE: {
    raw: `${CHUNKED}${"1;a=b\r\nx\r\n".repeat(40)}0\r\n\r\n`,
    parser: { maxChunkExtensionBytes: 64 },
  },
  HW_H1_INVALID_CHUNK_DATA_END: { raw: `${CHUNKED}3\r\nabcXY\r\n0\r\n\r\n` },
  HW_H1_TRAILERS_TOO_LARGE: {
    raw: `${CHUNKED}0\r\nX-T: ${"t".repeat(200)}\r\n\r\n`,
    parser: { maxTrailerSectionBytes: 64 },
  },
  HW_H1_FORBIDDEN_TRAILER_FIELD: {
    raw: `${CHUNKED}0\r\nContent-Length: 5\r\n\r\n`,
    parser: { forbiddenTrailerFields: "reject" },
  },
  HW_H1_CONTENT_TOO_LARGE: {
    raw: `${CHUNKED}20\r\n${"x".repeat(32)}\r\n0\r\n\r\n`,
    parser: { maxBodyBytes: 10 },
  },
  HW_H1_TRUNCATED_MESSAGE: {
    raw: `POST / HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\nabc`,
    end: true,
  },
};

/** Codes a server never meets in a request (response-side rules). */
const RESPONSE_ONLY = new Set<string>([
  "HW_H1_STATUS_LINE_TOO_LONG",
  "HW_H1_INVALID_STATUS_LINE",
  "HW_H1_INVALID_STATUS_CODE",
  "HW_H1_UNSOLICITED_RESPONSE",
]);

/** What the codec itself reports for `c` (so each case provably hits its code). */
function codecError(c: Case): string | undefined {
  const codec = new ServerConnection(c.parser === undefined ? {} : { parser: c.parser });
  const events = [...codec.receive(Buffer.from(c.raw, "latin1"))];
  if (c.end === true) events.push(...codec.receiveEnd());
  for (const event of events) if (event.type === "error") return event.error.code;
  return undefined;
}

describe("the H1 error table, over a raw socket", () => {
  it("has a case for every request-side code", () => {
    const covered = new Set([...Object.keys(HEAD_ERRORS), ...Object.keys(CONTENT_ERRORS)]);
    const missing = Object.keys(H1_ERROR_CODES).filter(
      (code) => !covered.has(code) && !RESPONSE_ONLY.has(code),
    );
    expect(missing).toEqual([]);
  });

  /** Sends the case (and its FIN, if any) to a new server; returns all it wrote before closing. */
  async function sendCase(c: Case, handler: Handler): Promise<string> {
    const server = await start({ parser: c.parser, handler });
    const client = await open(server.port);
    client.write(Buffer.from(c.raw, "latin1"));
    if (c.end === true) client.socket.end();
    return client.untilClosed();
  }

  for (const [code, c] of Object.entries(HEAD_ERRORS) as [H1ErrorCode, Case][]) {
    const status = H1_ERROR_CODES[code].statusHint;
    it(`${code} → ${status}, Connection: close, closed, handler never called`, async () => {
      expect(codecError(c)).toBe(code);
      const counter = countingHandler("no");
      const text = await sendCase(c, counter.handler);
      expect(text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
      expect(text.toLowerCase()).toContain("\r\nconnection: close\r\n");
      expect(text).not.toContain("no");
      expect(counter.calls()).toBe(0);
    });
  }

  for (const [code, c] of Object.entries(CONTENT_ERRORS) as [H1ErrorCode, Case][]) {
    const status = H1_ERROR_CODES[code].statusHint;
    it(`${code} → ${status}, Connection: close, closed, the handler's read fails`, async () => {
      expect(codecError(c)).toBe(code);
      const reader = contentReader("unreachable");
      const text = await sendCase(c, reader.handler);
      expect(text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
      expect(text.toLowerCase()).toContain("\r\nconnection: close\r\n");
      expect(text).not.toContain("unreachable");
      expect((reader.readError() as { code?: string } | undefined)?.code).toMatch(
        /^HW_(H1|SERVER)_/,
      );
    });
  }
});
