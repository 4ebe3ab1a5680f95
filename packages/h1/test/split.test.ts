import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bytes, parseRequests, parseResponses } from "./collect.js";

const REQUESTS = [
  "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
  "\r\nPOST /upload?x=1 HTTP/1.1\r\nHost: a.example\r\nContent-Length: 11\r\nX-Custom: v\r\n\r\nhello worldGET /next HTTP/1.1\r\nHost: a.example\r\nUser-Agent: test\r\n\r\n",
  'PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;name=val;q="a\\"b"\r\nhello\r\n000A\r\n0123456789\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n',
  "GET /keep HTTP/1.0\r\nConnection: keep-alive\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n\rX",
  "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nokGARBAGE GARBAGE\r\n\r\n",
  "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03\x01tunnel bytes",
  "GET /chat HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x05hello",
  "GET / HTTP/1.1\r\nHost: h\r\nFolded: a\r\n  b\r\n\r\n",
];

const RESPONSES: [string, string[]][] = [
  [
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 204 No Content\r\n\r\n",
    ["GET", "GET"],
  ],
  [
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nTrailer-X: y\r\n\r\n",
    ["POST"],
  ],
  [
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.0 200 OK\r\n\r\nuntil close",
    ["HEAD", "GET"],
  ],
  [
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x00",
    ["GET"],
  ],
  ["HTTP/1.1 200 OK\r\nFolded: a\r\n\tb\r\n c\r\nContent-Length: 0\r\n\r\n", ["GET"]],
];

function splitAt(text: string, cuts: number[]): Uint8Array[] {
  const all = bytes(text);
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < all.length).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of sorted) {
    out.push(all.subarray(from, cut));
    from = cut;
  }
  out.push(all.subarray(from));
  return out;
}

function splitResults<T>(parse: (chunks: Uint8Array[]) => T, text: string) {
  const whole = parse([bytes(text)]);
  for (let cut = 1; cut < text.length; cut++) {
    expect(parse(splitAt(text, [cut])), `split at ${cut}`).toEqual(whole);
  }
  expect(parse(splitAt(text, [...Array(text.length).keys()])), "one byte at a time").toEqual(whole);
  fc.assert(
    fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 8 }), (cuts) => {
      expect(parse(splitAt(text, cuts))).toEqual(whole);
    }),
    { numRuns: 100 },
  );
}

describe("split invariance", () => {
  test.each(REQUESTS.map((r, i) => [i, r] as const))("request corpus #%i", (_, text) => {
    splitResults((chunks) => {
      const { events, parser } = parseRequests(chunks, undefined, true);
      return { events, unparsed: [...parser.takeUnparsed()], paused: parser.paused };
    }, text);
  });
  test.each(RESPONSES.map(([r, m], i) => [i, r, m] as const))(
    "response corpus #%i",
    (_, text, methods) => {
      splitResults((chunks) => {
        const { events, parser } = parseResponses(chunks, methods, undefined, true);
        return { events, unparsed: [...parser.takeUnparsed()], paused: parser.paused };
      }, text);
    },
  );
});
