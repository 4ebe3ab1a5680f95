/**
 * ServerConnection: the error response after a protocol error, full duplex
 * request content, and protocol switches the caller answers itself.
 */
import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { ServerConnection, type ServerEvent } from "../src/server-connection.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const types = (events: { type: string }[]) => events.map((e) => e.type);
const bodyOf = (events: ServerEvent[]) =>
  events.flatMap((e) => (e.type === "data" ? [dec(e.data)] : [])).join("");

/** Sends a complete response with `body`; returns all its bytes as text. */
function respond(
  server: ServerConnection,
  status: number,
  body = "",
  options: Parameters<ServerConnection["sendResponse"]>[1] = {},
  headers?: Fields,
): string {
  const bytes = enc(body);
  const parts = [
    server.sendResponse({ status, headers }, { contentLength: bytes.length, ...options }),
    ...server.sendData(bytes),
    ...server.sendEndOfMessage(),
  ];
  return parts.map(dec).join("");
}

describe("after a protocol error", () => {
  it("answers the valid request, then the error response with Connection: close, then closes", () => {
    const server = new ServerConnection();
    const events = server.receive(enc("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nGARBAGE\r\n\r\n"));
    expect(types(events)).toEqual(["request", "end-of-message", "error"]);
    const error = events.find((e) => e.type === "error");
    const statusHint = error?.type === "error" ? error.error.statusHint : undefined;
    expect(statusHint).toBe(400);
    expect(server.pendingRequests).toBe(2);

    const first = respond(server, 200, "fine");
    expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    // The error response still follows: this one must not announce the close (RFC 9112 §9.6).
    expect(first).not.toContain("Connection: close");
    expect(server.shouldClose).toBe(false);
    expect(server.responseState).toBe("send-response");
    expect(server.pendingRequests).toBe(1);

    const second = respond(server, statusHint!, "Bad Request\n");
    expect(second).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Connection: close\r\n/);
    expect(server.shouldClose).toBe(true);
    expect(server.responseState).toBe("must-close");
    expect(server.pendingRequests).toBe(0);
    expect(() => server.sendResponse({ status: 200 })).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE" }),
    );
    expect(types(server.receiveEnd())).toEqual(["connection-closed"]);
    expect(server.requestState).toBe("error");
  });

  it("answers every pipelined request before the error, in order", () => {
    const server = new ServerConnection();
    const events = server.receive(
      enc(
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n\r\n",
      ),
    );
    expect(types(events)).toEqual([
      "request",
      "end-of-message",
      "request",
      "end-of-message",
      "error",
    ]);
    expect(events.at(-1)).toMatchObject({ error: { code: "HW_H1_MISSING_HOST" } });
    expect(respond(server, 200, "1")).not.toContain("Connection: close");
    expect(respond(server, 200, "2")).not.toContain("Connection: close");
    expect(respond(server, 400)).toContain("Connection: close");
    expect(server.shouldClose).toBe(true);
  });

  it("a broken request being read is answered by the error response alone", () => {
    const server = new ServerConnection();
    const events = server.receive(
      enc("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nZZ\r\n"),
    );
    expect(types(events)).toEqual(["request", "data", "error"]);
    expect(server.pendingRequests).toBe(1);
    expect(respond(server, 400)).toContain("Connection: close");
    expect(server.shouldClose).toBe(true);
  });

  it("pipelined requests before one with Connection: close keep the connection open until its answer", () => {
    const server = new ServerConnection();
    server.receive(
      enc(
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
      ),
    );
    expect(respond(server, 200)).not.toContain("Connection: close");
    expect(server.shouldClose).toBe(false);
    expect(respond(server, 200)).toContain("Connection: close");
    expect(server.shouldClose).toBe(true);
  });
});

describe("request content still arriving when the response starts", () => {
  const head = "POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n";

  it('"discard" (default): the rest is read and dropped, the connection persists', () => {
    const server = new ServerConnection();
    expect(bodyOf(server.receive(enc(`${head}hello`)))).toBe("hello");
    expect(respond(server, 200)).not.toContain("Connection: close");
    expect(server.requestBody).toBe("discarding");
    const rest = server.receive(enc("world"));
    expect(types(rest)).toEqual(["end-of-message"]);
    expect(server.shouldClose).toBe(false);
  });

  it('"deliver" per response: the rest arrives as data events, during and after the response', () => {
    const server = new ServerConnection();
    expect(bodyOf(server.receive(enc(`${head}hel`)))).toBe("hel");
    const responseHead = server.sendResponse(
      { status: 200 },
      { contentLength: null, requestBodyAfterResponse: "deliver" },
    );
    expect(dec(responseHead)).toContain("Transfer-Encoding: chunked");
    expect(server.requestBody).toBe("reading");
    // Full duplex: echo what arrives while the response streams.
    const during = server.receive(enc("lo"));
    expect(bodyOf(during)).toBe("lo");
    server.sendData(enc("lo"));
    server.sendEndOfMessage();
    expect(server.responseState).toBe("idle");
    const after = server.receive(enc("world"));
    expect(types(after)).toEqual(["data", "end-of-message"]);
    expect(bodyOf(after)).toBe("world");
    expect(server.shouldClose).toBe(false);
    // The connection carries the next request.
    const next = server.receive(enc("GET /next HTTP/1.1\r\nHost: a\r\n\r\n"));
    expect(types(next)).toEqual(["request", "end-of-message"]);
    expect(respond(server, 204)).toMatch(/^HTTP\/1\.1 204/);
  });

  it('"deliver" as the connection option, with chunked request content', () => {
    const server = new ServerConnection({ requestBodyAfterResponse: "deliver" });
    server.receive(
      enc("PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n"),
    );
    respond(server, 202);
    const rest = server.receive(enc("2\r\ncd\r\n0\r\nX-Sum: 4\r\n\r\n"));
    expect(types(rest)).toEqual(["data", "trailers", "end-of-message"]);
    expect(bodyOf(rest)).toBe("cd");
  });

  it('"deliver" with a closing response: the content is read to its end, then the connection closes', () => {
    const server = new ServerConnection();
    server.receive(enc(`${head}hello`));
    const text = respond(
      server,
      200,
      "",
      { requestBodyAfterResponse: "deliver" },
      Fields.from({ Connection: "close" }),
    );
    expect(text).toContain("Connection: close");
    expect(server.responseState).toBe("must-close");
    expect(server.shouldClose).toBe(false);
    expect(server.wantsData).toBe(true);
    // A request pipelined after it is not answered: the connection is closing.
    const rest = server.receive(enc("worldGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    expect(types(rest)).toEqual(["data", "end-of-message"]);
    expect(bodyOf(rest)).toBe("world");
    expect(server.shouldClose).toBe(true);
    expect(server.pendingRequests).toBe(0);
  });

  it('"close": the rest is not read, the response says Connection: close', () => {
    const server = new ServerConnection({ requestBodyAfterResponse: "close" });
    server.receive(enc(`${head}hello`));
    expect(respond(server, 413)).toContain("Connection: close");
    expect(server.requestBody).toBe("abandoned");
    expect(server.wantsData).toBe(false);
    expect(server.shouldClose).toBe(true);
    expect(server.receive(enc("world"))).toEqual([]);
  });

  it("a client waiting for 100 Continue follows unreadContinueBody unless the response says otherwise", () => {
    const expect100 =
      "PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
    const closing = new ServerConnection({ requestBodyAfterResponse: "deliver" });
    closing.receive(enc(expect100));
    expect(respond(closing, 417)).toContain("Connection: close");
    expect(closing.requestBody).toBe("abandoned");

    const delivering = new ServerConnection();
    delivering.receive(enc(expect100));
    respond(delivering, 401, "", { requestBodyAfterResponse: "deliver" });
    expect(delivering.requestBody).toBe("reading");
    const rest = delivering.receive(enc("abc"));
    expect(bodyOf(rest)).toBe("abc");
    expect(delivering.shouldClose).toBe(false);
  });
});

describe("acceptSwitch: the caller writes its own 101 or 2xx", () => {
  const upgrade =
    "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";

  it("hands over the bytes after the request without serializing anything", () => {
    const server = new ServerConnection();
    const events = server.receive(enc(`${upgrade}FRAME-1`));
    expect(types(events)).toEqual(["request", "end-of-message"]);
    expect(server.requestState).toBe("might-switch");
    // Bytes that arrive while the switch is pending are held, not parsed.
    expect(server.receive(enc("FRAME-2"))).toEqual([]);
    const rest = server.acceptSwitch();
    expect(dec(rest)).toBe("FRAME-1FRAME-2");
    expect(server.switchedProtocol).toBe(true);
    expect(server.wantsData).toBe(false);
    expect(server.requestState).toBe("switched");
    expect(server.responseState).toBe("switched");
    expect(server.takeUnparsed().byteLength).toBe(0);
    expect(() => server.receive(enc("x"))).toThrow(
      expect.objectContaining({ code: "HW_H1_PROTOCOL_SWITCHED" }),
    );
  });

  it("accepts CONNECT after earlier pipelined requests are answered", () => {
    const server = new ServerConnection();
    server.receive(
      enc(
        "GET / HTTP/1.1\r\nHost: a\r\n\r\nCONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\u0016\u0003",
      ),
    );
    expect(() => server.acceptSwitch()).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE" }),
    );
    respond(server, 200, "first");
    expect(dec(server.acceptSwitch())).toBe("\u0016\u0003");
    expect(server.switchedProtocol).toBe(true);
  });

  it("refuses a request that proposed no switch, or whose content is still arriving", () => {
    const plain = new ServerConnection();
    plain.receive(enc("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    expect(() => plain.acceptSwitch()).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE", side: "local" }),
    );

    const partial = new ServerConnection();
    partial.receive(
      enc(
        "POST /up HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 4\r\n\r\nab",
      ),
    );
    expect(() => partial.acceptSwitch()).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE" }),
    );
    // The same rule holds for a 101 sent through sendResponse.
    expect(() =>
      partial.sendResponse({ status: 101, headers: Fields.from({ Upgrade: "h2c" }) }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_INVALID_STATE" }));
    partial.receive(enc("cdPRI"));
    expect(dec(partial.acceptSwitch())).toBe("PRI");
  });
});

describe("ServerConnection: a head sent again from the same fields", () => {
  const request = enc("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

  it("gives the same bytes for the same unchanged container, and new bytes once it changes", () => {
    const server = new ServerConnection();
    const headers = Fields.from([["Content-Type", "text/plain"]]);
    server.receive(request);
    const first = respond(server, 200, "hi", {}, headers);
    server.receive(request);
    expect(respond(server, 200, "hi", {}, headers)).toBe(first);
    headers.set("Content-Type", "text/html");
    server.receive(request);
    expect(respond(server, 200, "hi", {}, headers)).toContain("Content-Type: text/html\r\n");
    // Same container and revision, other framing or status: written anew.
    server.receive(request);
    expect(respond(server, 200, "hello", {}, headers)).toContain("Content-Length: 5\r\n");
    server.receive(request);
    expect(respond(server, 404, "hello", {}, headers)).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
  });

  it("still frames by a Connection: close the container gained since", () => {
    const server = new ServerConnection();
    const headers = Fields.from([["Content-Type", "text/plain"]]);
    server.receive(request);
    respond(server, 200, "", {}, headers);
    expect(server.shouldClose).toBe(false);
    headers.append("Connection", "close");
    server.receive(request);
    expect(respond(server, 200, "", {}, headers)).toContain("Connection: close\r\n");
    expect(server.shouldClose).toBe(true);
  });

  it("refuses a value made invalid after a successful send", () => {
    const server = new ServerConnection();
    const headers = Fields.fromTrusted(["x-a"], ["X-A"], ["ok"]);
    server.receive(request);
    respond(server, 200, "", {}, headers);
    const invalid = Fields.fromTrusted(["x-a"], ["X-A"], ["bad\r\nInjected: 1"]);
    server.receive(request);
    expect(() => server.sendResponse({ status: 200, headers: invalid })).toThrow(/RFC 9110 §5.5/);
  });
});
