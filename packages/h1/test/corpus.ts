/**
 * The hand-written corpus of the differential test against llhttp: valid and
 * malformed requests and responses, with an emphasis on what has been used to
 * smuggle requests (CL/TE confusion, obs-fold, bare LF/CR, whitespace before
 * colon, odd chunk sizes). `difference` marks a deliberate divergence; each
 * one is also listed in the package README under "Differences from llhttp".
 */

export interface CorpusCase {
  readonly name: string;
  readonly kind: "request" | "response";
  /** The bytes, written as a latin1 string. */
  readonly input: string;
  /** For responses: the methods of the requests answered, in order (default GET). */
  readonly methods?: string[];
  /** A deliberate difference: what each side does, and why. */
  readonly difference?: {
    readonly ours: "accept" | "reject" | "differ";
    readonly llhttp: "accept" | "reject" | "differ";
    readonly reason: string;
  };
}

const H = "Host: example.com\r\n";

export const CORPUS: readonly CorpusCase[] = [
  // --- Valid requests -------------------------------------------------------
  { name: "simple GET", kind: "request", input: `GET / HTTP/1.1\r\n${H}\r\n` },
  { name: "GET with query", kind: "request", input: `GET /a/b?c=d&e=%20f HTTP/1.1\r\n${H}\r\n` },
  {
    name: "browser GET",
    kind: "request",
    input: `GET /index.html HTTP/1.1\r\n${H}User-Agent: Mozilla/5.0\r\nAccept: text/html,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: keep-alive\r\nCookie: a=1; b=2\r\n\r\n`,
  },
  {
    name: "POST with Content-Length",
    kind: "request",
    input: `POST /f HTTP/1.1\r\n${H}Content-Length: 5\r\n\r\nhello`,
  },
  {
    name: "POST Content-Length 0",
    kind: "request",
    input: `POST /f HTTP/1.1\r\n${H}Content-Length: 0\r\n\r\n`,
  },
  {
    name: "chunked POST",
    kind: "request",
    input: `POST /f HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n`,
  },
  {
    name: "chunked with uppercase hex and leading zeros",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n00A\r\n0123456789\r\n0\r\n\r\n`,
  },
  {
    name: "chunked with extensions",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3;name=value\r\nabc\r\n3;a;b="q s"\r\ndef\r\n0;last\r\n\r\n`,
  },
  {
    name: "chunked with trailers",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Checksum: 1\r\n\r\n`,
  },
  {
    name: "Transfer-Encoding chunked in mixed case",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: ChUnKeD\r\n\r\n1\r\na\r\n0\r\n\r\n`,
  },
  {
    name: "pipelined GETs",
    kind: "request",
    input: `GET /1 HTTP/1.1\r\n${H}\r\nGET /2 HTTP/1.1\r\n${H}\r\nGET /3 HTTP/1.1\r\n${H}\r\n`,
  },
  {
    name: "pipelined POST then GET",
    kind: "request",
    input: `POST /1 HTTP/1.1\r\n${H}Content-Length: 3\r\n\r\nabcGET /2 HTTP/1.1\r\n${H}\r\n`,
  },
  { name: "HTTP/1.0 without Host", kind: "request", input: "GET / HTTP/1.0\r\n\r\n" },
  {
    name: "HTTP/1.0 keep-alive",
    kind: "request",
    input: "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
  },
  {
    name: "HTTP/1.0 keep-alive pipelined",
    kind: "request",
    input:
      "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
  },
  {
    name: "HTTP/1.1 Connection: close",
    kind: "request",
    input: `GET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n`,
  },
  {
    name: "Connection list with close",
    kind: "request",
    input: `GET / HTTP/1.1\r\n${H}Connection: foo, close\r\n\r\n`,
  },
  { name: "OPTIONS asterisk", kind: "request", input: `OPTIONS * HTTP/1.1\r\n${H}\r\n` },
  {
    name: "absolute-form",
    kind: "request",
    input: `GET http://example.com/x HTTP/1.1\r\n${H}\r\n`,
  },
  {
    name: "CONNECT authority-form",
    kind: "request",
    input: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
  },
  {
    name: "Upgrade websocket",
    kind: "request",
    input: `GET /chat HTTP/1.1\r\n${H}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  },
  { name: "leading empty line", kind: "request", input: `\r\nGET / HTTP/1.1\r\n${H}\r\n` },
  { name: "empty field value", kind: "request", input: `GET / HTTP/1.1\r\n${H}X-Empty:\r\n\r\n` },
  {
    name: "OWS around value",
    kind: "request",
    input: `GET / HTTP/1.1\r\n${H}X-A: \t spaced \t\r\n\r\n`,
  },
  {
    name: "obs-text in value",
    kind: "request",
    input: `GET / HTTP/1.1\r\n${H}X-A: caf\u00e9\r\n\r\n`,
  },
  {
    name: "repeated fields",
    kind: "request",
    input: `GET / HTTP/1.1\r\n${H}Accept: a\r\nAccept: b\r\n\r\n`,
  },
  {
    name: "PATCH method",
    kind: "request",
    input: `PATCH /r HTTP/1.1\r\n${H}Content-Length: 2\r\n\r\n{}`,
  },
  {
    name: "QUERY method",
    kind: "request",
    input: `QUERY /q HTTP/1.1\r\n${H}Content-Length: 1\r\n\r\nx`,
  },
  {
    name: "Expect 100-continue",
    kind: "request",
    input: `PUT /u HTTP/1.1\r\n${H}Expect: 100-continue\r\nContent-Length: 1\r\n\r\nx`,
  },
  {
    name: "Content-Length with leading zeros",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: 003\r\n\r\nabc`,
  },

  // --- Malformed or smuggling-prone requests ---------------------------------
  {
    name: "CL and TE together (CL.TE)",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
  },
  {
    name: "TE and CL together (TE.CL)",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n`,
  },
  {
    name: "two different Content-Length",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`,
  },
  {
    name: "two identical Content-Length lines",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: 2\r\nContent-Length: 2\r\n\r\nab`,
    difference: {
      ours: "accept",
      llhttp: "reject",
      reason: "RFC 9112 §6.3 ¶5 / RFC 9110 §8.6: identical repeated values may be collapsed",
    },
  },
  {
    name: "Content-Length list of identical values",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: 2, 2\r\n\r\nab`,
    difference: {
      ours: "accept",
      llhttp: "reject",
      reason: "RFC 9110 §8.6: a list of identical values may be collapsed",
    },
  },
  {
    name: "negative Content-Length",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n`,
  },
  {
    name: "Content-Length with plus",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: +1\r\n\r\na`,
  },
  {
    name: "Content-Length hex",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: 0x1\r\n\r\na`,
  },
  {
    name: "Content-Length overflow",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999999\r\n\r\n`,
  },
  {
    name: "TE not ending in chunked",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, gzip\r\n\r\n`,
  },
  {
    name: "TE gzip only",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip\r\n\r\n`,
  },
  {
    name: "TE gzip, chunked",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`,
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason: "RFC 9112 §6.1: a server that does not decode a transfer coding answers 501",
    },
  },
  {
    name: "TE chunked twice",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n`,
  },
  {
    name: "TE with trailing garbage",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunkedx\r\n\r\n0\r\n\r\n`,
  },
  {
    name: "TE in HTTP/1.0",
    kind: "request",
    input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason: "RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message is faulty framing",
    },
  },
  { name: "space before colon", kind: "request", input: `GET / HTTP/1.1\r\n${H}X-A : 1\r\n\r\n` },
  { name: "tab before colon", kind: "request", input: `GET / HTTP/1.1\r\n${H}X-A\t: 1\r\n\r\n` },
  { name: "space in field name", kind: "request", input: `GET / HTTP/1.1\r\n${H}X A: 1\r\n\r\n` },
  { name: "empty field name", kind: "request", input: `GET / HTTP/1.1\r\n${H}: 1\r\n\r\n` },
  {
    name: "field line without colon",
    kind: "request",
    input: `GET / HTTP/1.1\r\n${H}NoColon\r\n\r\n`,
  },
  {
    name: "obs-fold in request",
    kind: "request",
    input: `GET / HTTP/1.1\r\n${H}X-A: 1\r\n 2\r\n\r\n`,
  },
  { name: "whitespace before first field", kind: "request", input: `GET / HTTP/1.1\r\n ${H}\r\n` },
  { name: "bare LF line endings", kind: "request", input: "GET / HTTP/1.1\nHost: example.com\n\n" },
  {
    name: "bare LF after field",
    kind: "request",
    input: `GET / HTTP/1.1\r\nHost: example.com\nX: 1\r\n\r\n`,
  },
  { name: "bare CR in value", kind: "request", input: `GET / HTTP/1.1\r\n${H}X-A: a\rb\r\n\r\n` },
  { name: "bare CR after head", kind: "request", input: `GET / HTTP/1.1\r\n${H}\rX\r\n\r\n` },
  { name: "NUL in value", kind: "request", input: `GET / HTTP/1.1\r\n${H}X-A: a\u0000b\r\n\r\n` },
  { name: "CTL in value", kind: "request", input: `GET / HTTP/1.1\r\n${H}X-A: a\u0001b\r\n\r\n` },
  {
    name: "lowercase method",
    kind: "request",
    input: `get / HTTP/1.1\r\n${H}\r\n`,
    difference: {
      ours: "accept",
      llhttp: "reject",
      reason:
        'RFC 9110 §9.1: methods are case-sensitive tokens; "get" is a valid extension method, not GET',
    },
  },
  {
    name: "extension method",
    kind: "request",
    input: `FOO / HTTP/1.1\r\n${H}\r\n`,
    difference: {
      ours: "accept",
      llhttp: "reject",
      reason: "RFC 9110 §9.1: any token is a method; llhttp knows a fixed list",
    },
  },
  {
    name: "two spaces in request line",
    kind: "request",
    input: `GET  / HTTP/1.1\r\n${H}\r\n`,
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason:
        "RFC 9112 §3: request-line = method SP request-target SP HTTP-version, exactly one SP each",
    },
  },
  { name: "tab in request line", kind: "request", input: `GET\t/ HTTP/1.1\r\n${H}\r\n` },
  {
    name: "missing version",
    kind: "request",
    input: `GET /\r\n${H}\r\n`,
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason:
        "RFC 9112 Appendix C.1: HTTP/0.9 simple requests only under allowHttp09SimpleRequest (llhttp reads it as 0.9)",
    },
  },
  { name: "lowercase version", kind: "request", input: `GET / http/1.1\r\n${H}\r\n` },
  { name: "HTTP/1.2", kind: "request", input: `GET / HTTP/1.2\r\n${H}\r\n` },
  { name: "HTTP/2 preface", kind: "request", input: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" },
  { name: "space in target", kind: "request", input: `GET /a b HTTP/1.1\r\n${H}\r\n` },
  {
    name: "HTTP/1.1 without Host",
    kind: "request",
    input: "GET / HTTP/1.1\r\n\r\n",
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason: "RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host",
    },
  },
  {
    name: "two Host fields",
    kind: "request",
    input: "GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n",
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason: "RFC 9112 §3.2: more than one Host field line is answered with 400",
    },
  },
  {
    name: "Host list",
    kind: "request",
    input: "GET / HTTP/1.1\r\nHost: a.example, b.example\r\n\r\n",
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason: "RFC 9112 §3.2 / RFC 9110 §7.2: Host is a single uri-host [:port]",
    },
  },
  {
    name: "userinfo in Host",
    kind: "request",
    input: "GET / HTTP/1.1\r\nHost: user@a.example\r\n\r\n",
    difference: { ours: "reject", llhttp: "accept", reason: "RFC 9110 §7.2: Host has no userinfo" },
  },
  {
    name: "CONNECT with origin-form",
    kind: "request",
    input: `CONNECT / HTTP/1.1\r\n${H}\r\n`,
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason: "RFC 9112 §3.2.3: CONNECT uses authority-form only",
    },
  },
  {
    name: "asterisk-form for GET",
    kind: "request",
    input: `GET * HTTP/1.1\r\n${H}\r\n`,
    difference: {
      ours: "reject",
      llhttp: "accept",
      reason: "RFC 9112 §3.2.4: asterisk-form only for OPTIONS",
    },
  },
  {
    name: "invalid chunk size",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
  },
  {
    name: "negative chunk size",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n-1\r\na\r\n0\r\n\r\n`,
  },
  {
    name: "chunk size overflow",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\na\r\n0\r\n\r\n`,
  },
  {
    name: "space after chunk size",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n`,
  },
  {
    name: "chunk data without CRLF",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n`,
  },
  {
    name: "chunk size with bare LF",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n`,
  },
  {
    name: "chunk extension with bad char",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3;a=\u0001\r\nabc\r\n0\r\n\r\n`,
  },
  {
    name: "truncated body",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\nabc`,
  },
  {
    name: "truncated chunked body",
    kind: "request",
    input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nab`,
  },
  {
    name: "valid then garbage",
    kind: "request",
    input: `GET / HTTP/1.1\r\n${H}\r\nGARBAGE\r\n\r\n`,
  },

  // --- Responses -------------------------------------------------------------
  {
    name: "200 with Content-Length",
    kind: "response",
    input: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
  },
  {
    name: "200 chunked",
    kind: "response",
    input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
  },
  { name: "200 close-delimited", kind: "response", input: "HTTP/1.1 200 OK\r\n\r\nuntil close" },
  {
    name: "HTTP/1.0 response",
    kind: "response",
    input: "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
  },
  {
    name: "HTTP/1.0 keep-alive response",
    kind: "response",
    input: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
  },
  { name: "204 ignores framing", kind: "response", input: "HTTP/1.1 204 No Content\r\n\r\n" },
  {
    name: "304 with Content-Length",
    kind: "response",
    input: "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
  },
  {
    name: "response to HEAD",
    kind: "response",
    methods: ["HEAD"],
    input: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
  },
  {
    name: "empty reason phrase",
    kind: "response",
    input: "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n",
  },
  {
    name: "pipelined responses",
    kind: "response",
    input:
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
  },
  {
    name: "response obs-fold",
    kind: "response",
    input: "HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\nContent-Length: 0\r\n\r\n",
    difference: {
      ours: "accept",
      llhttp: "reject",
      reason: "RFC 9112 §5.2: a user agent replaces obs-fold in a response with SP",
    },
  },
  {
    name: "response TE and CL",
    kind: "response",
    input: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    difference: {
      ours: "accept",
      llhttp: "reject",
      reason:
        "RFC 9112 §6.3 ¶3: in a response Transfer-Encoding overrides Content-Length (and the connection is not reused)",
    },
  },
  { name: "response invalid status", kind: "response", input: "HTTP/1.1 20 OK\r\n\r\n" },
  {
    name: "response status 600",
    kind: "response",
    input: "HTTP/1.1 600 Odd\r\nContent-Length: 0\r\n\r\n",
  },
  {
    name: "response space before colon",
    kind: "response",
    input: "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n",
  },
  {
    name: "response invalid Content-Length",
    kind: "response",
    input: "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
  },
  {
    name: "response with trailers",
    kind: "response",
    input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-T: 1\r\n\r\n",
  },
];
