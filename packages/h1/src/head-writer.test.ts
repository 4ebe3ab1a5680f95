/**
 * The single-pass head builder: heads share a slab, so each must stay intact
 * whatever is built after it (slab boundaries, a head larger than a slab, a
 * head abandoned by a throw), and the Connection options found without
 * splitting must match the split-trim-lowercase reading.
 */
import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { serializeRequestHead } from "./serialize-request-head.js";
import { serializeResponseHead } from "./serialize-response-head.js";
import { ServerConnection } from "./server-connection.js";

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const trusted = (pairs: [string, string][]) =>
  Fields.fromTrusted(
    pairs.map(([name]) => name.toLowerCase()),
    pairs.map(([name]) => name),
    pairs.map(([, value]) => value),
  );

describe("head builder", () => {
  it("keeps every head intact across slab boundaries", () => {
    const heads: [Uint8Array, string][] = [];
    for (let i = 0; i < 600; i++) {
      const value = "v".repeat(i % 97);
      const bytes = serializeResponseHead(
        { status: 200, headers: trusted([["X-Index", String(i)]]) },
        [["X-Pad", value]],
      );
      heads.push([bytes, `HTTP/1.1 200 OK\r\nX-Index: ${i}\r\nX-Pad: ${value}\r\n\r\n`]);
    }
    for (const [bytes, expected] of heads) expect(text(bytes)).toBe(expected);
  });

  it("writes a head larger than a slab, and the heads around it", () => {
    const before = serializeRequestHead({ method: "GET", target: "/a" });
    const big = "b".repeat(70_000);
    const huge = serializeRequestHead({ method: "GET", target: "/b" }, [["X-Big", big]]);
    const after = serializeRequestHead({ method: "GET", target: "/c" });
    expect(text(before)).toBe("GET /a HTTP/1.1\r\n\r\n");
    expect(text(huge)).toBe(`GET /b HTTP/1.1\r\nX-Big: ${big}\r\n\r\n`);
    expect(text(after)).toBe("GET /c HTTP/1.1\r\n\r\n");
  });

  it("a head abandoned by a throw changes no other head", () => {
    const first = serializeResponseHead({ status: 204 });
    expect(() =>
      serializeResponseHead({
        status: 200,
        headers: trusted([
          ["X-Ok", "y".repeat(5000)],
          ["X-Bad", "a\r\nInjected: 1"],
        ]),
      }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_INVALID_FIELD_VALUE" }));
    const next = serializeResponseHead({ status: 404, headers: trusted([["X", "1"]]) });
    expect(text(first)).toBe("HTTP/1.1 204 No Content\r\n\r\n");
    expect(text(next)).toBe("HTTP/1.1 404 Not Found\r\nX: 1\r\n\r\n");
  });

  it("writes Content-Length digits for 0, 9, 10 and the largest safe integer", () => {
    for (const length of [0, 9, 10, 12345, Number.MAX_SAFE_INTEGER]) {
      const server = new ServerConnection();
      server.receive(new TextEncoder().encode("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"));
      const head = text(server.sendResponse({ status: 200 }, { contentLength: length }));
      // RFC 9110 §8.6 ¶7: a HEAD response carries the length the GET would have had, 0 included.
      expect(head).toBe(`HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\n\r\n`);
    }
  });

  it("sends no Content-Length to HEAD or in a 304 when no length is given", () => {
    const head = new ServerConnection();
    head.receive(new TextEncoder().encode("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"));
    expect(text(head.sendResponse({ status: 200 }))).toBe("HTTP/1.1 200 OK\r\n\r\n");
    const notModified = new ServerConnection();
    notModified.receive(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    expect(text(notModified.sendResponse({ status: 304 }))).toBe(
      "HTTP/1.1 304 Not Modified\r\n\r\n",
    );
  });
});

describe("Connection options read without splitting (RFC 9110 §7.6.1)", () => {
  it.each([
    ["close", true],
    ["CLOSE", true],
    ["foo, Close", true],
    ["foo ,\tclose\t, bar", true],
    // String#trim also drops NBSP; the split reading saw "close" here.
    ["x,\u00a0close\u00a0", true],
    ["closed", false],
    ["cl ose", false],
    ["keep-alive", false],
    [",,", false],
  ])("Connection: %j closes: %s", (value, closes) => {
    const server = new ServerConnection();
    server.receive(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    const head = text(
      server.sendResponse({ status: 200, headers: trusted([["Connection", value]]) }),
    );
    expect(server.shouldClose).toBe(closes);
    // The connection adds its own "close" only when the caller's field lacks it.
    expect(head.split("\r\nConnection: ").length - 1).toBe(1);
  });

  it("a 1.0 keep-alive exchange adds Connection: keep-alive unless the caller listed it", () => {
    const request = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    for (const [value, added] of [
      ["foo", true],
      ["foo, Keep-Alive", false],
    ] as const) {
      const server = new ServerConnection();
      server.receive(new TextEncoder().encode(request));
      const head = text(
        server.sendResponse({ status: 200, headers: trusted([["Connection", value]]) }),
      );
      expect(head.includes("Connection: keep-alive\r\n")).toBe(added);
      expect(server.shouldClose).toBe(false);
    }
  });
});
