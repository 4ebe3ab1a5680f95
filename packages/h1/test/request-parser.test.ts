import { FIELD_NAMES_LOWER } from "@hyperwire/headers";
import { describe, expect, test } from "vitest";
import type { RequestHead } from "../src/events.js";
import { RequestParser } from "../src/request-parser.js";
import { bytes, errorOf, parseRequests } from "./collect.js";

function heads(events: ReturnType<typeof parseRequests>["events"]) {
  return events
    .filter((e) => e.type === "head")
    .map((e) => (e as { head: Record<string, unknown> }).head);
}

describe("request-line", () => {
  test("RFC 9112 §2.1 example", () => {
    const { events } = parseRequests(
      "GET /hello.txt HTTP/1.1\r\nUser-Agent: curl/7.64.1\r\nHost: www.example.com\r\nAccept-Language: en, mi\r\n\r\n",
    );
    expect(events).toEqual([
      {
        type: "head",
        head: {
          method: "GET",
          target: "/hello.txt",
          version: "1.1",
          framing: { kind: "none" },
          keepAlive: true,
          upgrade: [],
          expectContinue: false,
          headers: [
            ["User-Agent", "curl/7.64.1"],
            ["Host", "www.example.com"],
            ["Accept-Language", "en, mi"],
          ],
        },
      },
      { type: "complete" },
    ]);
  });

  test.each(["QUERY", "PROPFIND", "M-SEARCH", "X_CUSTOM.1", "get", "PATCH"])(
    "any token method: %s",
    (method) => {
      const [head] = heads(parseRequests(`${method} /x HTTP/1.1\r\nHost: a\r\n\r\n`).events);
      expect(head?.method).toBe(method);
    },
  );

  test("RFC 9112 §2.2: empty lines before the request-line are ignored", () => {
    const { events } = parseRequests("\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
    expect(heads(events)).toHaveLength(1);
    expect(errorOf(events)).toBeUndefined();
  });

  test("RFC 9112 §3.2.2: absolute-form (its authority takes precedence over Host)", () => {
    const [head] = heads(
      parseRequests(
        "GET http://www.example.org/pub/WWW/TheProject.html HTTP/1.1\r\nHost: other.example\r\n\r\n",
      ).events,
    );
    expect(head?.target).toBe("http://www.example.org/pub/WWW/TheProject.html");
  });

  test("RFC 9112 §3.2.4: asterisk-form for OPTIONS", () => {
    const [head] = heads(
      parseRequests("OPTIONS * HTTP/1.1\r\nHost: www.example.org:8001\r\n\r\n").events,
    );
    expect(head?.target).toBe("*");
  });

  test("origin-form keeps the query and raw characters browsers send unescaped", () => {
    const target = "/search?q=a|b^c{d}[e]`f&x=%20";
    const [head] = heads(parseRequests(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`).events);
    expect(head?.target).toBe(target);
  });

  test("HTTP/1.0 needs no Host and does not persist by default", () => {
    const { events, parser } = parseRequests("GET / HTTP/1.0\r\n\r\n");
    expect(heads(events)[0]).toMatchObject({ version: "1.0", keepAlive: false });
    expect(parser.keepAlive).toBe(false);
  });

  test("HTTP/1.0 with an empty Host is accepted", () => {
    expect(errorOf(parseRequests("GET / HTTP/1.0\r\nHost:\r\n\r\n").events)).toBeUndefined();
  });

  test("HTTP/1.1 with an empty Host and an absolute-form target is accepted", () => {
    const { events } = parseRequests("GET http://a.example/ HTTP/1.1\r\nHost:\r\n\r\n");
    expect(errorOf(events)).toBeUndefined();
  });

  test("Host with IPv6 literal and port", () => {
    expect(
      errorOf(parseRequests("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").events),
    ).toBeUndefined();
  });

  test("HTTP/0.9 simple request under allowHttp09SimpleRequest", () => {
    const { events, parser } = parseRequests("GET /index.html\r\n", {
      allowHttp09SimpleRequest: true,
    });
    expect(events).toEqual([
      {
        type: "head",
        head: {
          method: "GET",
          target: "/index.html",
          version: "0.9",
          framing: { kind: "none" },
          keepAlive: false,
          upgrade: [],
          expectContinue: false,
          headers: [],
        },
      },
      { type: "complete" },
    ]);
    expect(parser.keepAlive).toBe(false);
  });

  test("HTTP/0.9 leniency does not cover other methods", () => {
    const error = errorOf(parseRequests("POST /x\r\n", { allowHttp09SimpleRequest: true }).events);
    expect(error?.code).toBe("HW_H1_INVALID_REQUEST_LINE");
  });
});

describe("field lines", () => {
  test("values are trimmed of OWS; empty values are kept", () => {
    const [head] = heads(
      parseRequests("GET / HTTP/1.1\r\nHost:a\r\nX-A: \t v a l \t\r\nX-Empty:\r\nX-Sp:   \r\n\r\n")
        .events,
    );
    expect(head?.headers).toEqual([
      ["Host", "a"],
      ["X-A", "v a l"],
      ["X-Empty", ""],
      ["X-Sp", ""],
    ]);
  });

  test("obs-text is decoded byte for byte (latin1)", () => {
    const [head] = heads(
      parseRequests("GET / HTTP/1.1\r\nHost: a\r\nX: caf\xe9 \x80\xff\r\n\r\n").events,
    );
    expect(head?.headers).toContainEqual(["X", "caf\u00e9 \u0080\u00ff"]);
  });

  test("known names are interned, casing on the wire kept", () => {
    let head: RequestHead | undefined;
    const parser = new RequestParser({ onHead: (h) => (head = h) });
    parser.push(
      bytes("GET / HTTP/1.1\r\nhost: a\r\nCONTENT-type: t\r\nX-Unknown-Thing: 1\r\n\r\n"),
    );
    expect([...head!.headers.lines()]).toEqual([
      ["host", "a"],
      ["CONTENT-type", "t"],
      ["X-Unknown-Thing", "1"],
    ]);
    expect(head!.headers.names()).toEqual(["host", "content-type", "x-unknown-thing"]);
    expect(FIELD_NAMES_LOWER.includes(head!.headers.names()[1]!)).toBe(true);
    expect(head!.headers.get("Content-Type")).toBe("t");
  });

  test("obs-fold is replaced by SP under allowObsoleteLineFolding", () => {
    const input = "GET / HTTP/1.1\r\nHost: a\r\nX: a \r\n \t b\r\n\tc\r\n  \r\nY: 1\r\n\r\n";
    expect(errorOf(parseRequests(input).events)?.code).toBe("HW_H1_OBSOLETE_LINE_FOLDING");
    const [head] = heads(parseRequests(input, { allowObsoleteLineFolding: true }).events);
    expect(head?.headers).toEqual([
      ["Host", "a"],
      ["X", "a b c"],
      ["Y", "1"],
    ]);
  });

  test("bare LF line endings under allowBareLineFeed", () => {
    const input = "\nGET / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n3\nabc\n0\nT: 1\n\n";
    expect(errorOf(parseRequests(input).events)?.code).toBe("HW_H1_BARE_LF");
    const { events } = parseRequests(input, { allowBareLineFeed: true });
    expect(errorOf(events)).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(["head", "body", "trailers", "complete"]);
  });

  test("allowBareLineFeed never admits a bare CR", () => {
    const error = errorOf(
      parseRequests("GET / HTTP/1.1\nHost: a\rX: 1\n\n", { allowBareLineFeed: true }).events,
    );
    expect(error?.code).toBe("HW_H1_BARE_CR");
  });
});

describe("framing", () => {
  test("Content-Length body, views into the input", () => {
    const input = bytes("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
    const views: Uint8Array[] = [];
    const parser = new RequestParser({ onHead() {}, onBody: (v) => views.push(v) });
    parser.push(input);
    expect(views).toHaveLength(1);
    expect(views[0]!.buffer).toBe(input.buffer);
    expect(new TextDecoder().decode(views[0])).toBe("hello");
  });

  test("identical repeated Content-Length values collapse", () => {
    const { events } = parseRequests(
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc",
    );
    expect(heads(events)[0]?.framing).toEqual({ kind: "length", length: 3 });
    expect(events.map((e) => e.type)).toEqual(["head", "body", "complete"]);
  });

  test("Content-Length: 0 completes at the head", () => {
    const { events } = parseRequests("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
    expect(events.map((e) => e.type)).toEqual(["head", "complete"]);
  });

  test("a request without Content-Length or Transfer-Encoding has no content (§6.3 ¶7)", () => {
    const { events } = parseRequests(
      "POST / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    );
    expect(events.map((e) => e.type)).toEqual(["head", "complete", "head", "complete"]);
  });

  test("chunked with extensions and trailers", () => {
    const { events } = parseRequests(
      'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n4 ; a = b ;c="q\\"x" ;d\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n000;last\r\nX-Checksum: x\r\nX-Sum:  42 \r\n\r\n',
    );
    expect(events).toMatchObject([
      { type: "head", head: { framing: { kind: "chunked" } } },
      { type: "body", data: "Wikipedia in\r\n\r\nchunks." },
      {
        type: "trailers",
        fields: [
          ["X-Checksum", "x"],
          ["X-Sum", "42"],
        ],
      },
      { type: "complete" },
    ]);
  });

  test("fields forbidden in trailers are dropped by default, refused on request", () => {
    const input =
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\nHost: evil\r\nX-Ok: 1\r\n\r\n";
    const dropped = parseRequests(input).events;
    expect(dropped.find((e) => e.type === "trailers")).toEqual({
      type: "trailers",
      fields: [["X-Ok", "1"]],
    });
    const rejected = errorOf(parseRequests(input, { forbiddenTrailerFields: "reject" }).events);
    expect(rejected).toMatchObject({ code: "HW_H1_FORBIDDEN_TRAILER_FIELD", statusHint: 400 });
  });

  test("a trailer section holding only forbidden fields reports no trailers", () => {
    const { events } = parseRequests(
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    expect(events.map((e) => e.type)).toEqual(["head", "complete"]);
  });
});

describe("connection management", () => {
  test("pipelined requests in one chunk come out in order", () => {
    const one = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
    const two = "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi";
    const three =
      "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n";
    const { events } = parseRequests(one + two + three);
    expect(heads(events).map((h) => h.target)).toEqual(["/1", "/2", "/3"]);
    expect(events.map((e) => e.type)).toEqual([
      "head",
      "complete",
      "head",
      "body",
      "complete",
      "head",
      "body",
      "complete",
    ]);
  });

  test("keep-alive rules of RFC 9112 §9.3", () => {
    const cases: [string, boolean][] = [
      ["GET / HTTP/1.1\r\nHost: a\r\n\r\n", true],
      ["GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false],
      ["GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", false],
      ["GET / HTTP/1.0\r\n\r\n", false],
      ["GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true],
      ["GET / HTTP/1.0\r\nConnection: foo, Keep-Alive\r\n\r\n", true],
    ];
    for (const [input, keepAlive] of cases) {
      expect(heads(parseRequests(input).events)[0]?.keepAlive, input).toBe(keepAlive);
    }
  });

  test("input after a Connection: close request is ignored (RFC 9112 §9.6)", () => {
    const { events, parser } = parseRequests(
      "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\ngarbage",
    );
    expect(events.map((e) => e.type)).toEqual(["head", "complete"]);
    expect(parser.keepAlive).toBe(false);
  });

  test("Expect: 100-continue (ignored in HTTP/1.0, RFC 9110 §10.1.1)", () => {
    expect(
      heads(
        parseRequests(
          "PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n",
        ).events,
      )[0]?.expectContinue,
    ).toBe(true);
    expect(
      heads(parseRequests("PUT / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n").events)[0]
        ?.expectContinue,
    ).toBe(false);
    expect(
      heads(parseRequests("PUT / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n").events)[0]
        ?.expectContinue,
    ).toBe(false);
  });

  test("a valid message followed by garbage yields the message, then the error", () => {
    const { events } = parseRequests("GET / HTTP/1.1\r\nHost: a\r\n\r\nNOT HTTP AT ALL\r\n\r\n");
    expect(events.map((e) => e.type)).toEqual(["head", "complete", "error"]);
    expect(errorOf(events)).toMatchObject({ code: "HW_H1_INVALID_VERSION", offset: 36 });
  });
});

describe("Upgrade and CONNECT", () => {
  test("CONNECT pauses after its head and keeps the tunnel bytes", () => {
    const { events, parser } = parseRequests([
      "CONNECT server.example.com:80 HTTP/1.1\r\nHost: server.example.com:80\r\n\r\n\x16\x03",
      "\x01more",
    ]);
    expect(events.map((e) => e.type)).toEqual(["head", "complete"]);
    expect(parser.paused).toBe(true);
    expect(new TextDecoder("latin1").decode(parser.takeUnparsed())).toBe("\x16\x03\x01more");
  });

  test("an upgrade request pauses after its content; resume() continues with HTTP", () => {
    const { events, parser, current } = parseRequests(
      "POST /chat HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket, h2c\r\nContent-Length: 2\r\n\r\nhiGET /next HTTP/1.1\r\nHost: a\r\n\r\n",
    );
    expect(heads(events)[0]?.upgrade).toEqual(["websocket", "h2c"]);
    expect(events.map((e) => e.type)).toEqual(["head", "body", "complete"]);
    expect(parser.paused).toBe(true);
    parser.resume();
    expect(parser.paused).toBe(false);
    expect(current().map((e) => e.type)).toEqual(["head", "body", "complete", "head", "complete"]);
  });

  test("Upgrade without Connection: upgrade, or in HTTP/1.0, is ignored", () => {
    const a = parseRequests("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n");
    expect(heads(a.events)[0]?.upgrade).toEqual([]);
    expect(a.parser.paused).toBe(false);
    const b = parseRequests("GET / HTTP/1.0\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n");
    expect(heads(b.events)[0]?.upgrade).toEqual([]);
  });

  test("Upgrade protocols with versions", () => {
    const { events } = parseRequests(
      "GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: HTTP/2.0, SHTTP/1.3, IRC/6.9\r\n\r\n",
    );
    expect(heads(events)[0]?.upgrade).toEqual(["HTTP/2.0", "SHTTP/1.3", "IRC/6.9"]);
  });
});

describe("limits", () => {
  test("request-line longer than maxStartLineBytes → 414", () => {
    const long = `GET /${"a".repeat(100)} HTTP/1.1\r\nHost: a\r\n\r\n`;
    expect(errorOf(parseRequests(long, { maxStartLineBytes: 50 }).events)).toMatchObject({
      code: "HW_H1_URI_TOO_LONG",
      statusHint: 414,
    });
    // Without any LF yet: refused as soon as the limit is passed.
    expect(
      errorOf(parseRequests(`GET /${"a".repeat(100)}`, { maxStartLineBytes: 50 }).events)?.code,
    ).toBe("HW_H1_URI_TOO_LONG");
    expect(errorOf(parseRequests(long, { maxStartLineBytes: 200 }).events)).toBeUndefined();
  });

  test("the default start-line limit is 8192 bytes", () => {
    const target = `/${"a".repeat(8192 - 14)}`;
    expect(
      errorOf(parseRequests(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`).events),
    ).toBeUndefined();
    expect(errorOf(parseRequests(`GET ${target}a HTTP/1.1\r\nHost: a\r\n\r\n`).events)?.code).toBe(
      "HW_H1_URI_TOO_LONG",
    );
  });

  test("header section larger than maxHeaderSectionBytes → 431", () => {
    const input = `GET / HTTP/1.1\r\nHost: a\r\nX: ${"v".repeat(200)}\r\n\r\n`;
    expect(errorOf(parseRequests(input, { maxHeaderSectionBytes: 100 }).events)).toMatchObject({
      code: "HW_H1_HEADERS_TOO_LARGE",
      statusHint: 431,
    });
    expect(
      errorOf(
        parseRequests(
          [...input].map((c) => c),
          { maxHeaderSectionBytes: 100 },
        ).events,
      )?.code,
    ).toBe("HW_H1_HEADERS_TOO_LARGE");
    expect(errorOf(parseRequests(input, { maxHeaderSectionBytes: 300 }).events)).toBeUndefined();
  });

  test("more than maxFieldCount field lines → 431", () => {
    const input = `GET / HTTP/1.1\r\nHost: a\r\n${"X: 1\r\n".repeat(10)}\r\n`;
    expect(errorOf(parseRequests(input, { maxFieldCount: 10 }).events)).toMatchObject({
      code: "HW_H1_TOO_MANY_FIELDS",
      statusHint: 431,
    });
    expect(errorOf(parseRequests(input, { maxFieldCount: 11 }).events)).toBeUndefined();
  });

  test("chunk extensions are bounded per message (CVE-2024-22019) → 413", () => {
    const chunk = `1;${"e".repeat(50)}\r\nx\r\n`;
    const input = `POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.repeat(5)}0\r\n\r\n`;
    expect(errorOf(parseRequests(input, { maxChunkExtensionBytes: 200 }).events)).toMatchObject({
      code: "HW_H1_CHUNK_EXTENSIONS_TOO_LARGE",
      statusHint: 413,
    });
    expect(errorOf(parseRequests(input, { maxChunkExtensionBytes: 300 }).events)).toBeUndefined();
  });

  test("maxChunkSizeDigits", () => {
    const input =
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0001\r\nx\r\n0\r\n\r\n";
    expect(errorOf(parseRequests(input, { maxChunkSizeDigits: 3 }).events)?.code).toBe(
      "HW_H1_CHUNK_SIZE_TOO_LARGE",
    );
    expect(errorOf(parseRequests(input, { maxChunkSizeDigits: 4 }).events)).toBeUndefined();
  });

  test("trailer section larger than maxTrailerSectionBytes → 431", () => {
    const input = `POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: ${"t".repeat(100)}\r\n\r\n`;
    expect(errorOf(parseRequests(input, { maxTrailerSectionBytes: 50 }).events)).toMatchObject({
      code: "HW_H1_TRAILERS_TOO_LARGE",
      statusHint: 431,
    });
    expect(errorOf(parseRequests(input, { maxTrailerSectionBytes: 200 }).events)).toBeUndefined();
  });

  test("content larger than maxBodyBytes → 413 (Content-Length and chunked)", () => {
    const byLength = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world";
    const lengthResult = parseRequests(byLength, { maxBodyBytes: 10 }).events;
    expect(lengthResult.map((e) => e.type)).toEqual(["error"]);
    expect(errorOf(lengthResult)).toMatchObject({
      code: "HW_H1_CONTENT_TOO_LARGE",
      statusHint: 413,
    });
    const chunked =
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n";
    const chunkedResult = parseRequests(chunked, { maxBodyBytes: 10 }).events;
    expect(chunkedResult.map((e) => e.type)).toEqual(["head", "body", "error"]);
    expect(errorOf(chunkedResult)?.code).toBe("HW_H1_CONTENT_TOO_LARGE");
    expect(errorOf(parseRequests(chunked, { maxBodyBytes: 11 }).events)).toBeUndefined();
  });
});

describe("end of input", () => {
  test("finish() between requests is quiet", () => {
    const { events, parser } = parseRequests(
      "GET / HTTP/1.1\r\nHost: a\r\n\r\n\r\n",
      undefined,
      true,
    );
    expect(events.map((e) => e.type)).toEqual(["head", "complete"]);
    expect(parser.keepAlive).toBe(false);
  });

  test.each([
    ["inside the request-line", "GET / HT"],
    ["inside the head", "GET / HTTP/1.1\r\nHost: a\r\n"],
    ["inside Content-Length content", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhel"],
    [
      "inside chunked content",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
    ],
    [
      "inside the trailer section",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\r\n",
    ],
  ])("finish() %s reports a truncated message", (_, input) => {
    const { events } = parseRequests(input, undefined, true);
    expect(errorOf(events)).toMatchObject({
      code: "HW_H1_TRUNCATED_MESSAGE",
      statusHint: 400,
      offset: input.length,
    });
  });
});

describe("field value validation at every position and alignment", () => {
  // The value scan reads four bytes at a time: a bad byte must be found
  // wherever it sits relative to the word boundaries of the input buffer.
  test("CTLs and DEL are found anywhere in a long value; HTAB and obs-text pass", () => {
    const prefix = "GET / HTTP/1.1\r\nHost: a\r\nX-Long: ";
    for (let shift = 0; shift < 4; shift++) {
      for (let at = 0; at < 40; at++) {
        for (const [byte, code] of [
          [0x00, "HW_H1_INVALID_FIELD_VALUE"],
          [0x1f, "HW_H1_INVALID_FIELD_VALUE"],
          [0x7f, "HW_H1_INVALID_FIELD_VALUE"],
          [0x0d, "HW_H1_BARE_CR"],
          [0x09, undefined],
          [0x80, undefined],
          [0xff, undefined],
        ] as const) {
          const value = `${"v".repeat(at)}${String.fromCharCode(byte)}${"w".repeat(40)}`;
          const text = `${prefix}${value}\r\n${"Y: 1\r\n".repeat(10)}\r\n`;
          const backing = new Uint8Array(text.length + shift);
          backing.set(bytes(text), shift);
          const { events } = parseRequests([backing.subarray(shift)]);
          const error = errorOf(events);
          expect(error?.code, `byte ${byte} at ${at}, shift ${shift}`).toBe(code);
          if (code !== undefined) expect(error?.offset).toBe(prefix.length + at);
        }
      }
    }
  });
});
