import { describe, expect, test } from "vitest";
import { ResponseParser } from "../src/response-parser.js";
import { bytes, errorOf, parseResponses } from "./collect.js";

type Events = ReturnType<typeof parseResponses>["events"];
const types = (events: Events) => events.map((e) => e.type);
const heads = (events: Events) =>
  events.filter((e) => e.type === "head").map((e) => (e as { head: Record<string, unknown> }).head);

describe("status-line and fields", () => {
  test("RFC 9112 §2.1 example response", () => {
    const { events } = parseResponses(
      'HTTP/1.1 200 OK\r\nDate: Mon, 27 Jul 2009 12:28:53 GMT\r\nServer: Apache\r\nLast-Modified: Wed, 22 Jul 2009 19:15:56 GMT\r\nETag: "34aa387-d-1568eb00"\r\nAccept-Ranges: bytes\r\nContent-Length: 51\r\nVary: Accept-Encoding\r\nContent-Type: text/plain\r\n\r\nHello World! My content includes a trailing CRLF.\r\n',
    );
    expect(events).toMatchObject([
      {
        type: "head",
        head: {
          status: 200,
          reason: "OK",
          version: "1.1",
          framing: { kind: "length", length: 51 },
          keepAlive: true,
        },
      },
      { type: "body", data: "Hello World! My content includes a trailing CRLF.\r\n" },
      { type: "complete" },
    ]);
  });

  test("reason-phrase may be empty, absent, or hold obs-text", () => {
    expect(
      heads(parseResponses("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n").events)[0]?.reason,
    ).toBe("");
    expect(
      heads(parseResponses("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").events)[0]?.reason,
    ).toBe("");
    expect(
      heads(parseResponses("HTTP/1.1 404 Nicht \xe9\tda\r\nContent-Length: 0\r\n\r\n").events)[0]
        ?.reason,
    ).toBe("Nicht \u00e9\tda");
  });

  test("status codes 600–999 are accepted (RFC 9110 §15: treat as 5xx)", () => {
    expect(
      heads(parseResponses("HTTP/1.1 999 X\r\nContent-Length: 0\r\n\r\n").events)[0]?.status,
    ).toBe(999);
  });

  test("obs-fold is always replaced by SP in responses (RFC 9112 §5.2)", () => {
    const { events } = parseResponses("HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n");
    expect(heads(events)[0]?.headers).toContainEqual(["X", "a b"]);
  });

  test.each([
    ["HTTP/1.1 20 OK\r\n\r\n", "HW_H1_INVALID_STATUS_CODE"],
    ["HTTP/1.1 20\r\n\r\n", "HW_H1_INVALID_STATUS_LINE"],
    ["HTTP/1.1 2000 OK\r\n\r\n", "HW_H1_INVALID_STATUS_CODE"],
    ["HTTP/1.1 099 X\r\n\r\n", "HW_H1_INVALID_STATUS_CODE"],
    ["HTTP/1.1 abc OK\r\n\r\n", "HW_H1_INVALID_STATUS_CODE"],
    ["HTTP/1.1  200 OK\r\n\r\n", "HW_H1_INVALID_STATUS_CODE"],
    ["HTTP/1.1 200 O\x01K\r\n\r\n", "HW_H1_INVALID_STATUS_LINE"],
    ["HTTP/1.1 200 O\rK\r\n\r\n", "HW_H1_BARE_CR"],
    ["HTTP/2.0 200 OK\r\n\r\n", "HW_H1_UNSUPPORTED_VERSION"],
    ["HTTP/1.x 200 OK\r\n\r\n", "HW_H1_INVALID_VERSION"],
    ["ICY 200 OK\r\n\r\n", "HW_H1_INVALID_STATUS_LINE"],
    ["HTTP/1.1 200 OK\r\nX : y\r\n\r\n", "HW_H1_WHITESPACE_BEFORE_COLON"],
    ["HTTP/1.1 200 OK\r\nX: \x00\r\n\r\n", "HW_H1_INVALID_FIELD_VALUE"],
    [
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "HW_H1_INVALID_CONTENT_LENGTH",
    ],
    ["HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HW_H1_INVALID_CONTENT_LENGTH"],
    ["HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "HW_H1_TRANSFER_ENCODING_IN_HTTP10"],
    [
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
      "HW_H1_INVALID_TRANSFER_ENCODING",
    ],
  ])("%j is refused with %s and statusHint 502", (input, code) => {
    const { events, parser } = parseResponses(input);
    expect(errorOf(events)).toMatchObject({ code, statusHint: 502 });
    expect(parser.keepAlive).toBe(false);
  });

  test("a status-line longer than maxStartLineBytes", () => {
    const error = errorOf(
      parseResponses(`HTTP/1.1 200 ${"x".repeat(100)}\r\n\r\n`, ["GET"], { maxStartLineBytes: 50 })
        .events,
    );
    expect(error).toMatchObject({ code: "HW_H1_STATUS_LINE_TOO_LONG", statusHint: 502 });
  });

  test("a response while no request is pending", () => {
    const { events } = parseResponses(
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
      ["GET"],
    );
    expect(types(events)).toEqual(["head", "complete", "error"]);
    expect(errorOf(events)?.code).toBe("HW_H1_UNSOLICITED_RESPONSE");
  });
});

describe("framing (RFC 9112 §6.3)", () => {
  test("¶1: responses to HEAD have no content, whatever Content-Length says", () => {
    const { events } = parseResponses(
      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
      ["HEAD", "GET"],
    );
    expect(types(events)).toEqual(["head", "complete", "head", "body", "complete"]);
    expect(heads(events)[0]?.framing).toEqual({ kind: "none" });
  });

  test.each([204, 304])("¶1: %i has no content", (status) => {
    const { events } = parseResponses(
      `HTTP/1.1 ${status} X\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n`,
      ["GET", "GET"],
    );
    expect(types(events)).toEqual(["head", "complete", "head", "complete"]);
  });

  test("¶1: interim responses come through onInformational; the final one follows", () => {
    const { events, parser } = parseResponses(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
      ["POST"],
    );
    expect(types(events)).toEqual(["informational", "informational", "head", "complete"]);
    expect(events[1]).toMatchObject({
      head: { status: 103, headers: [["Link", "</style.css>; rel=preload"]] },
    });
    expect(parser.keepAlive).toBe(true);
  });

  test("101 Switching Protocols is final: the parser pauses and keeps the new protocol's bytes", () => {
    const { events, parser } = parseResponses(
      "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x02hi",
    );
    expect(types(events)).toEqual(["head", "complete"]);
    expect(heads(events)[0]).toMatchObject({
      status: 101,
      framing: { kind: "tunnel" },
      keepAlive: false,
    });
    expect(parser.paused).toBe(true);
    expect([...parser.takeUnparsed()]).toEqual([0x81, 0x02, 0x68, 0x69]);
  });

  test("¶2: a 2xx to CONNECT is a tunnel; other statuses are ordinary responses", () => {
    const tunnel = parseResponses(
      "HTTP/1.1 200 Connection established\r\nContent-Length: 99\r\n\r\nraw",
      ["CONNECT"],
    );
    expect(heads(tunnel.events)[0]?.framing).toEqual({ kind: "tunnel" });
    expect(tunnel.parser.paused).toBe(true);
    expect(new TextDecoder().decode(tunnel.parser.takeUnparsed())).toBe("raw");
    const refused = parseResponses("HTTP/1.1 407 Proxy Auth\r\nContent-Length: 2\r\n\r\nno", [
      "CONNECT",
    ]);
    expect(types(refused.events)).toEqual(["head", "body", "complete"]);
    expect(refused.parser.paused).toBe(false);
  });

  test("¶3: Transfer-Encoding overrides Content-Length; the connection is not reused", () => {
    const { events, parser } = parseResponses(
      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
    );
    expect(types(events)).toEqual(["head", "body", "complete"]);
    expect(heads(events)[0]).toMatchObject({ framing: { kind: "chunked" }, keepAlive: false });
    expect(parser.keepAlive).toBe(false);
  });

  test("¶4: a final coding other than chunked reads until close", () => {
    const { events } = parseResponses(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8bdata",
      ["GET"],
      undefined,
      true,
    );
    expect(heads(events)[0]?.framing).toEqual({ kind: "close" });
    expect(types(events)).toEqual(["head", "body", "complete"]);
  });

  test("¶4: codings before chunked are left to the caller", () => {
    const { events } = parseResponses(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
    );
    expect(heads(events)[0]?.framing).toEqual({ kind: "chunked" });
  });

  test("¶8: no length means until close; finish() completes it", () => {
    const { events, parser } = parseResponses(
      ["HTTP/1.1 200 OK\r\n\r\nsome", " data"],
      ["GET"],
      undefined,
      true,
    );
    expect(events).toMatchObject([
      { type: "head", head: { framing: { kind: "close" }, keepAlive: false } },
      { type: "body", data: "some data" },
      { type: "complete" },
    ]);
    expect(parser.keepAlive).toBe(false);
  });

  test("chunked response with trailers", () => {
    const { events } = parseResponses(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Server-Timing\r\n\r\n5\r\nhello\r\n0\r\nServer-Timing: db;dur=53\r\n\r\n",
    );
    expect(events).toMatchObject([
      { type: "head" },
      { type: "body", data: "hello" },
      { type: "trailers", fields: [["Server-Timing", "db;dur=53"]] },
      { type: "complete" },
    ]);
  });

  test("a truncated Content-Length body is an error at finish()", () => {
    const { events } = parseResponses(
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
      ["GET"],
      undefined,
      true,
    );
    expect(errorOf(events)).toMatchObject({ code: "HW_H1_TRUNCATED_MESSAGE", statusHint: 502 });
  });

  test("maxBodyBytes applies to close-delimited content", () => {
    const { events } = parseResponses("HTTP/1.1 200 OK\r\n\r\n0123456789", ["GET"], {
      maxBodyBytes: 5,
    });
    expect(errorOf(events)?.code).toBe("HW_H1_CONTENT_TOO_LARGE");
  });
});

describe("keep-alive", () => {
  test.each([
    ["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true],
    ["HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false],
    ["HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false],
    ["HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true],
    ["HTTP/1.1 200 OK\r\n\r\n", false],
  ])("%j → %s", (input, keepAlive) => {
    expect(heads(parseResponses(input).events)[0]?.keepAlive).toBe(keepAlive);
  });

  test("responses are matched to requests in order", () => {
    const parser = new ResponseParser({ onHead: (h) => statuses.push(h.status) });
    const statuses: number[] = [];
    parser.expectResponse("GET");
    parser.expectResponse("HEAD");
    parser.push(
      bytes(
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
      ),
    );
    parser.expectResponse("GET");
    parser.push(bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
    expect(statuses).toEqual([200, 200, 404]);
    expect(parser.keepAlive).toBe(true);
  });
});
