/**
 * ClientConnection: request content cut short by an early final response,
 * against a ServerConnection through an in-memory link.
 */
import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { ClientConnection, type ClientConnectionOptions } from "../src/client-connection.js";
import { ServerConnection, type ServerConnectionOptions } from "../src/server-connection.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const types = (events: { type: string }[]) => events.map((e) => e.type);
const host = (extra: Record<string, string> = {}) => Fields.from({ Host: "example.com", ...extra });

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function pair(client: ClientConnectionOptions = {}, server: ServerConnectionOptions = {}) {
  const c = new ClientConnection(client);
  const s = new ServerConnection(server);
  return {
    client: c,
    server: s,
    toServer: (...parts: (Uint8Array | Uint8Array[])[]) => s.receive(join(parts.flat())),
    toClient: (...parts: (Uint8Array | Uint8Array[])[]) => c.receive(join(parts.flat())),
  };
}

const early = { endChunkedContentOnErrorResponse: true };

describe("request content cut short by an early final response", () => {
  it("chunked content after an error response that keeps the connection: ended with the last chunk", () => {
    const { client, server, toServer, toClient } = pair(early);
    toServer(
      client.sendRequest(
        { method: "POST", target: "/up", headers: host() },
        { contentLength: null },
      ),
      client.sendData(enc("part-1")),
    );
    toClient(server.sendResponse({ status: 413 }, { contentLength: 0 }));
    expect(client.bodyDecision()).toBe("end");
    expect(() => client.sendData(enc("part-2"))).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE" }),
    );
    const last = client.sendEndOfMessage();
    expect(dec(join(last))).toBe("0\r\n\r\n");
    expect(types(toServer(last))).toEqual(["end-of-message"]);
    expect(client.shouldClose).toBe(false);
    expect(server.shouldClose).toBe(false);
    expect(client.requestState).toBe("idle");
    // The connection carries the next exchange.
    expect(client.canSendRequest("GET")).toBe(true);
    expect(
      types(toServer(client.sendRequest({ method: "GET", target: "/next", headers: host() }))),
    ).toEqual(["request", "end-of-message"]);
    toClient(server.sendResponse({ status: 204 }));
    expect(client.inFlight).toBe(0);
  });

  it("with 100-continue refused: the held-back content is ended at once and the connection kept", () => {
    const { client, server, toServer, toClient } = pair(early, { unreadContinueBody: "discard" });
    toServer(
      client.sendRequest(
        { method: "PUT", target: "/f", headers: host({ Expect: "100-continue" }) },
        { contentLength: null },
      ),
    );
    expect(client.bodyDecision()).toBe("wait");
    const response = server.sendResponse({ status: 401 }, { contentLength: 0 });
    expect(dec(response)).not.toContain("Connection: close");
    expect(types(toClient(response))).toEqual(["response", "end-of-message"]);
    expect(client.bodyDecision()).toBe("end");
    expect(client.canSendRequest("GET")).toBe(false);
    expect(types(toServer(client.sendEndOfMessage()))).toEqual(["end-of-message"]);
    expect(client.canSendRequest("GET")).toBe(true);
    expect(client.shouldClose).toBe(false);
    expect(server.shouldClose).toBe(false);
  });

  it("trailers cannot describe content ended early", () => {
    const { client, server, toServer, toClient } = pair(early);
    toServer(
      client.sendRequest({ method: "POST", target: "/", headers: host() }, { contentLength: null }),
    );
    toClient(server.sendResponse({ status: 400 }, { contentLength: 0 }));
    expect(() => client.sendEndOfMessage(Fields.from({ "X-Checksum": "1" }))).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE" }),
    );
  });

  it.each([
    ["the option is off", {}, { status: 413 }, null],
    ["the content has a Content-Length", early, { status: 413 }, 100],
    ["the response is 2xx (the server may still be reading it)", early, { status: 200 }, null],
    [
      "the response closes the connection",
      early,
      { status: 413, headers: Fields.from({ Connection: "close" }) },
      null,
    ],
  ] as const)("abandons the content and closes when %s", (_, options, response, contentLength) => {
    const { client, server, toServer, toClient } = pair(options);
    toServer(
      client.sendRequest({ method: "POST", target: "/", headers: host() }, { contentLength }),
      client.sendData(enc("x")),
    );
    toClient(server.sendResponse(response, { contentLength: 0 }));
    expect(client.bodyDecision()).toBe("abandon");
    expect(client.requestState).toBe("must-close");
    expect(client.shouldClose).toBe(true);
    expect(client.canSendRequest("GET")).toBe(false);
  });
});
