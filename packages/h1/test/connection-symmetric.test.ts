/**
 * A ClientConnection and a ServerConnection talk to each other through an
 * in-memory link: what one sends is exactly what the other receives.
 */
import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { ClientConnection, type ClientEvent } from "../src/client-connection.js";
import { ServerConnection, type ServerEvent } from "../src/server-connection.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const host = (extra: Record<string, string> = {}) => Fields.from({ Host: "example.com", ...extra });

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}

/** The link: bytes written by one side, delivered to the other on demand. */
class Link {
  toServer: Uint8Array[] = [];
  toClient: Uint8Array[] = [];
  constructor(
    readonly client: ClientConnection,
    readonly server: ServerConnection,
  ) {}
  clientWrites(...parts: (Uint8Array | Uint8Array[])[]) {
    for (const p of parts) this.toServer.push(...(Array.isArray(p) ? p : [p]));
  }
  serverWrites(...parts: (Uint8Array | Uint8Array[])[]) {
    for (const p of parts) this.toClient.push(...(Array.isArray(p) ? p : [p]));
  }
  deliverToServer(): ServerEvent[] {
    const bytes = join(this.toServer);
    this.toServer = [];
    return this.server.receive(bytes);
  }
  deliverToClient(): ClientEvent[] {
    const bytes = join(this.toClient);
    this.toClient = [];
    return this.client.receive(bytes);
  }
}

const types = (events: { type: string }[]) => events.map((e) => e.type);
const bodyOf = (events: { type: string }[]) =>
  dec(
    join(
      events
        .filter((e) => e.type === "data")
        .map((e) => (e as unknown as { data: Uint8Array }).data),
    ),
  );

function pair() {
  const client = new ClientConnection();
  const server = new ServerConnection();
  return { client, server, link: new Link(client, server) };
}

describe("client ↔ server through an in-memory link", () => {
  it("keep-alive: several exchanges on one connection, with known and unknown lengths", () => {
    const { client, server, link } = pair();
    for (let i = 0; i < 3; i++) {
      link.clientWrites(
        client.sendRequest(
          { method: "POST", target: `/r${i}`, headers: host() },
          { contentLength: null },
        ),
      );
      link.clientWrites(client.sendData(enc(`body${i}`)), client.sendEndOfMessage());
      const events = link.deliverToServer();
      expect(types(events)).toEqual(["request", "data", "end-of-message"]);
      expect(bodyOf(events)).toBe(`body${i}`);
      const reply = enc(`reply${i}`);
      link.serverWrites(
        server.sendResponse({ status: 200 }, { contentLength: i === 1 ? null : reply.length }),
      );
      link.serverWrites(server.sendData(reply), server.sendEndOfMessage());
      const got = link.deliverToClient();
      expect(types(got)).toEqual(["response", "data", "end-of-message"]);
      expect(bodyOf(got)).toBe(`reply${i}`);
      expect(server.shouldClose).toBe(false);
      expect(client.shouldClose).toBe(false);
      expect(client.requestState).toBe("idle");
      expect(server.responseState).toBe("idle");
    }
  });

  it("pipelining: the server answers in request order", () => {
    const { client, server, link } = pair();
    for (const path of ["/a", "/b", "/c"]) {
      expect(client.canSendRequest("GET")).toBe(true);
      link.clientWrites(client.sendRequest({ method: "GET", target: path, headers: host() }));
    }
    expect(client.inFlight).toBe(3);
    // A POST is not pipelined behind outstanding requests (RFC 9112 §9.3.2).
    expect(client.canSendRequest("POST")).toBe(false);
    expect(() => client.sendRequest({ method: "POST", target: "/", headers: host() })).toThrow(
      expect.objectContaining({ code: "HW_H1_CANNOT_SEND" }),
    );
    const events = link.deliverToServer();
    const targets = events.flatMap((e) => (e.type === "request" ? [e.head.target] : []));
    expect(targets).toEqual(["/a", "/b", "/c"]);
    expect(server.pendingRequests).toBe(3);
    for (const path of targets) {
      const body = enc(path);
      link.serverWrites(server.sendResponse({ status: 200 }, { contentLength: body.length }));
      link.serverWrites(server.sendData(body), server.sendEndOfMessage());
    }
    const got = link.deliverToClient();
    expect(got.filter((e) => e.type === "response")).toHaveLength(3);
    expect(bodyOf(got)).toBe("/a/b/c");
    expect(client.inFlight).toBe(0);
    expect(client.canSendRequest("POST")).toBe(true);
  });

  it("the server's pipelining queue is bounded: input waits until a response completes", () => {
    const client = new ClientConnection({ maxPipelinedRequests: 8 });
    const server = new ServerConnection({ maxPendingRequests: 2 });
    const link = new Link(client, server);
    for (const path of ["/1", "/2", "/3"]) {
      link.clientWrites(client.sendRequest({ method: "GET", target: path, headers: host() }));
      link.deliverToServer();
    }
    expect(server.pendingRequests).toBe(2);
    expect(server.wantsData).toBe(false);
    link.serverWrites(server.sendResponse({ status: 204 }));
    const later = server.takeEvents();
    expect(later.flatMap((e) => (e.type === "request" ? [e.head.target] : []))).toEqual(["/3"]);
  });

  it("100-continue: the server asks for the content, the client sends it after the 100", () => {
    const { client, server, link } = pair();
    const headers = host({ Expect: "100-continue" });
    link.clientWrites(
      client.sendRequest(
        { method: "PUT", target: "/f", headers },
        { contentLength: 5, now: 0, continueTimeout: 1000 },
      ),
    );
    expect(client.bodyDecision(10)).toBe("wait");
    expect(client.continueDeadline).toBe(1000);
    const events = link.deliverToServer();
    expect(types(events)).toEqual(["request"]);
    expect(server.shouldSendContinue()).toBe(true);
    link.serverWrites(server.sendContinue());
    expect(server.shouldSendContinue()).toBe(false);
    const interim = link.deliverToClient();
    expect(interim).toMatchObject([{ type: "informational", head: { status: 100 } }]);
    expect(client.bodyDecision(20)).toBe("send");
    link.clientWrites(client.sendData(enc("hello")), client.sendEndOfMessage());
    expect(bodyOf(link.deliverToServer())).toBe("hello");
    link.serverWrites(server.sendResponse({ status: 201 }));
    expect(types(link.deliverToClient())).toEqual(["response", "end-of-message"]);
    expect(client.shouldClose).toBe(false);
  });

  it("100-continue: the client sends anyway once its timeout passes", () => {
    const { client } = pair();
    client.sendRequest(
      { method: "PUT", target: "/f", headers: host({ Expect: "100-continue" }) },
      { contentLength: 1, now: 100, continueTimeout: 50 },
    );
    expect(client.bodyDecision(149)).toBe("wait");
    expect(client.bodyDecision(150)).toBe("send");
  });

  it("100-continue refused: a final status first, the content is never read and the connection closes", () => {
    const { client, server, link } = pair();
    link.clientWrites(
      client.sendRequest(
        { method: "PUT", target: "/big", headers: host({ Expect: "100-continue" }) },
        { contentLength: 1_000_000 },
      ),
    );
    link.deliverToServer();
    expect(server.shouldSendContinue()).toBe(true);
    const head = server.sendResponse({ status: 413 });
    expect(dec(head)).toContain("Connection: close\r\n");
    // The content is not read: no more input is wanted, and the connection closes.
    expect(server.wantsData).toBe(false);
    expect(server.shouldClose).toBe(true);
    link.serverWrites(head);
    const got = link.deliverToClient();
    expect(got).toMatchObject([
      { type: "response", head: { status: 413 } },
      { type: "end-of-message" },
    ]);
    expect(client.bodyDecision()).toBe("abandon");
    expect(client.shouldClose).toBe(true);
  });

  it("100-continue refused with unreadContinueBody 'discard': the content is read and dropped", () => {
    const client = new ClientConnection();
    const server = new ServerConnection({ unreadContinueBody: "discard" });
    const link = new Link(client, server);
    link.clientWrites(
      client.sendRequest(
        { method: "PUT", target: "/x", headers: host({ Expect: "100-continue" }) },
        { contentLength: 3 },
      ),
    );
    link.deliverToServer();
    link.serverWrites(server.sendResponse({ status: 403 }));
    expect(server.requestBody).toBe("discarding");
    expect(server.shouldClose).toBe(false);
    // This client sends the content anyway; the server drops it.
    const events = server.receive(enc("abc"));
    expect(types(events)).toEqual(["end-of-message"]);
  });

  it("interim 103 Early Hints reach the client before the final response", () => {
    const { client, server, link } = pair();
    link.clientWrites(client.sendRequest({ method: "GET", target: "/", headers: host() }));
    link.deliverToServer();
    link.serverWrites(
      server.sendInformational(103, Fields.from({ Link: "</style.css>; rel=preload" })),
    );
    link.serverWrites(server.sendResponse({ status: 200 }, { contentLength: 0 }));
    const got = link.deliverToClient();
    expect(got).toMatchObject([
      { type: "informational", head: { status: 103 } },
      { type: "response", head: { status: 200 } },
      { type: "end-of-message" },
    ]);
  });

  it("Upgrade: after 101 both sides leave HTTP and the bytes past the head are handed over", () => {
    const { client, server, link } = pair();
    const headers = host({ Upgrade: "websocket", Connection: "Upgrade" });
    link.clientWrites(client.sendRequest({ method: "GET", target: "/chat", headers }));
    // The client's first frame travels in the same packet as the request head.
    link.clientWrites(enc("CLIENT-FRAME"));
    const events = link.deliverToServer();
    expect(types(events)).toEqual(["request", "end-of-message"]);
    expect(server.wantsData).toBe(false);
    link.serverWrites(
      server.sendResponse({
        status: 101,
        headers: Fields.from({ Upgrade: "websocket", Connection: "Upgrade" }),
      }),
    );
    expect(server.switchedProtocol).toBe(true);
    expect(dec(server.takeUnparsed())).toBe("CLIENT-FRAME");
    link.serverWrites(enc("SERVER-FRAME"));
    const got = link.deliverToClient();
    const switched = got.find((e) => e.type === "switched");
    expect(switched).toMatchObject({ type: "switched", head: { status: 101 } });
    expect(dec((switched as { rest: Uint8Array }).rest)).toBe("SERVER-FRAME");
    expect(client.switchedProtocol).toBe(true);
  });

  it("Upgrade declined: HTTP goes on", () => {
    const { client, server, link } = pair();
    const headers = host({ Upgrade: "h2c", Connection: "Upgrade" });
    link.clientWrites(client.sendRequest({ method: "GET", target: "/", headers }));
    link.deliverToServer();
    link.serverWrites(server.sendResponse({ status: 200 }, { contentLength: 0 }));
    expect(types(link.deliverToClient())).toEqual(["response", "end-of-message"]);
    expect(client.canSendRequest("GET")).toBe(true);
    link.clientWrites(client.sendRequest({ method: "GET", target: "/2", headers: host() }));
    expect(types(link.deliverToServer())).toEqual(["request", "end-of-message"]);
  });

  it("CONNECT: a 2xx makes a tunnel", () => {
    const { client, server, link } = pair();
    link.clientWrites(
      client.sendRequest({
        method: "CONNECT",
        target: "example.com:443",
        headers: Fields.from({ Host: "example.com:443" }),
      }),
    );
    link.clientWrites(enc("\u0016\u0003\u0001TLS"));
    link.deliverToServer();
    link.serverWrites(server.sendResponse({ status: 200 }));
    expect(dec(server.takeUnparsed())).toBe("\u0016\u0003\u0001TLS");
    const got = link.deliverToClient();
    expect(got.at(-1)).toMatchObject({ type: "switched", head: { status: 200 } });
  });

  it("Connection: close from the client closes after the response", () => {
    const { client, server, link } = pair();
    link.clientWrites(
      client.sendRequest({ method: "GET", target: "/", headers: host({ Connection: "close" }) }),
    );
    expect(client.canSendRequest("GET")).toBe(false);
    link.deliverToServer();
    const head = server.sendResponse({ status: 200 }, { contentLength: 0 });
    expect(dec(head)).toContain("Connection: close");
    expect(server.shouldClose).toBe(true);
    link.serverWrites(head);
    link.deliverToClient();
    expect(client.shouldClose).toBe(true);
  });

  it("Connection: close from the server closes after the response", () => {
    const { client, server, link } = pair();
    link.clientWrites(client.sendRequest({ method: "GET", target: "/", headers: host() }));
    link.deliverToServer();
    link.serverWrites(
      server.sendResponse(
        { status: 200, headers: Fields.from({ Connection: "close" }) },
        { contentLength: 0 },
      ),
    );
    expect(server.shouldClose).toBe(true);
    link.deliverToClient();
    expect(client.shouldClose).toBe(true);
    expect(client.canSendRequest("GET")).toBe(false);
  });

  it("HTTP/1.0 client: close-delimited content without keep-alive, persistent with it", () => {
    const { client, server, link } = pair();
    link.clientWrites(client.sendRequest({ method: "GET", target: "/", version: "1.0" }));
    link.deliverToServer();
    const head = server.sendResponse({ status: 200 }, { contentLength: null });
    expect(dec(head)).not.toContain("Transfer-Encoding");
    link.serverWrites(head, server.sendData(enc("streamed")), server.sendEndOfMessage());
    expect(server.shouldClose).toBe(true);
    const got = [...link.deliverToClient(), ...client.receiveEnd()];
    expect(types(got)).toEqual(["response", "data", "end-of-message", "connection-closed"]);
    expect(bodyOf(got)).toBe("streamed");

    const again = pair();
    again.link.clientWrites(
      again.client.sendRequest({
        method: "GET",
        target: "/",
        version: "1.0",
        headers: Fields.from({ Connection: "keep-alive" }),
      }),
    );
    again.link.deliverToServer();
    const kept = again.server.sendResponse({ status: 200 }, { contentLength: 0 });
    expect(dec(kept)).toContain("Connection: keep-alive\r\n");
    expect(again.server.shouldClose).toBe(false);
  });

  it("a protocol error: the server answers with the error's status and closes", () => {
    const server = new ServerConnection();
    const events = server.receive(enc("GET / HTTP/1.1\r\nHost: a\r\nBad Header: 1\r\n\r\n"));
    const error = events.find((e) => e.type === "error");
    expect(error).toMatchObject({ type: "error", error: { statusHint: 400 } });
    const statusHint = (error as { error: { statusHint: number } }).error.statusHint;
    const head = server.sendResponse({ status: statusHint });
    expect(dec(head)).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Connection: close\r\n/);
    expect(server.shouldClose).toBe(true);
  });

  it("refuses what the state machine forbids", () => {
    const server = new ServerConnection();
    expect(() => server.sendResponse({ status: 200 })).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE" }),
    );
    const client = new ClientConnection();
    expect(() => client.sendRequest({ method: "GET", target: "/" })).toThrow(
      expect.objectContaining({ code: "HW_H1_MISSING_HOST" }),
    );
    expect(() => client.sendData(enc("x"))).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE" }),
    );
    client.sendRequest({ method: "POST", target: "/", headers: host() }, { contentLength: 2 });
    expect(() => client.sendData(enc("abc"))).toThrow(
      expect.objectContaining({ code: "HW_H1_CONTENT_LENGTH_MISMATCH" }),
    );
    expect(() => client.sendEndOfMessage()).toThrow(
      expect.objectContaining({ code: "HW_H1_CONTENT_LENGTH_MISMATCH" }),
    );
  });
});
