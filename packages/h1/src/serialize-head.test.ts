import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { serializeRequestHead } from "./serialize-request-head.js";
import { serializeResponseHead } from "./serialize-response-head.js";

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

/** Fields.fromTrusted skips validation: it stands for a value built elsewhere. */
const trusted = (name: string, value: string) =>
  Fields.fromTrusted([name.toLowerCase()], [name], [value]);

describe("serializeRequestHead", () => {
  it("writes the request line and fields in order with their casing (RFC 9112 §3, §5)", () => {
    const headers = Fields.from([
      ["Host", "example.com"],
      ["accept", "text/html"],
      ["Accept", "*/*"],
    ]);
    expect(text(serializeRequestHead({ method: "GET", target: "/a?b=c", headers }))).toBe(
      "GET /a?b=c HTTP/1.1\r\nHost: example.com\r\naccept: text/html\r\nAccept: */*\r\n\r\n",
    );
  });

  it("writes HTTP/1.0, extra fields, all four target forms and extension methods", () => {
    expect(
      text(
        serializeRequestHead({ method: "QUERY", target: "*", version: "1.0" }, [
          ["Content-Length", "3"],
        ]),
      ),
    ).toBe("QUERY * HTTP/1.0\r\nContent-Length: 3\r\n\r\n");
    expect(text(serializeRequestHead({ method: "CONNECT", target: "a.example:443" }))).toBe(
      "CONNECT a.example:443 HTTP/1.1\r\n\r\n",
    );
    expect(text(serializeRequestHead({ method: "GET", target: "http://a.example/x" }))).toBe(
      "GET http://a.example/x HTTP/1.1\r\n\r\n",
    );
  });

  it("writes obs-text in values as latin1 bytes", () => {
    const bytes = serializeRequestHead({
      method: "GET",
      target: "/",
      headers: trusted("X", "caf\u00e9"),
    });
    expect(bytes.includes(0xe9)).toBe(true);
  });

  it.each([
    ["GET\r\n", "/", "HW_H1_INVALID_METHOD"],
    ["G ET", "/", "HW_H1_INVALID_METHOD"],
    ["", "/", "HW_H1_INVALID_METHOD"],
    ["GET", "/a b", "HW_H1_INVALID_TARGET"],
    ["GET", "/a\r\nX: 1", "HW_H1_INVALID_TARGET"],
    ["GET", "/\u00e9", "HW_H1_INVALID_TARGET"],
    ["GET", "", "HW_H1_INVALID_TARGET"],
  ])("refuses method %j target %j with %s", (method, target, code) => {
    expect(() => serializeRequestHead({ method, target })).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it.each([
    ["X", "a\r\nSet-Cookie: x=1", "HW_H1_INVALID_FIELD_VALUE"],
    ["X", "a\nb", "HW_H1_INVALID_FIELD_VALUE"],
    ["X", "a\u0000b", "HW_H1_INVALID_FIELD_VALUE"],
    ["X", "\u010d\u010a", "HW_H1_INVALID_FIELD_VALUE"],
    ["X", " padded", "HW_H1_INVALID_FIELD_VALUE"],
    ["X", "padded\t", "HW_H1_INVALID_FIELD_VALUE"],
    ["X Y", "1", "HW_H1_INVALID_FIELD_NAME"],
    ["X:", "1", "HW_H1_INVALID_FIELD_NAME"],
    ["X\r\nY", "1", "HW_H1_INVALID_FIELD_NAME"],
  ])("refuses field %j: %j (no injection, RFC 9110 §5.5) with %s", (name, value, code) => {
    const head = { method: "GET", target: "/", headers: trusted(name, value) };
    expect(() => serializeRequestHead(head)).toThrow(
      expect.objectContaining({ code, side: "local" }),
    );
    expect(() => serializeRequestHead({ method: "GET", target: "/" }, [[name, value]])).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it("accepts an empty field value", () => {
    expect(text(serializeRequestHead({ method: "GET", target: "/" }, [["X-Empty", ""]]))).toBe(
      "GET / HTTP/1.1\r\nX-Empty: \r\n\r\n",
    );
  });
});

describe("serializeResponseHead", () => {
  it("takes the reason phrase from the registry (RFC 9112 §4)", () => {
    expect(text(serializeResponseHead({ status: 404 }))).toBe("HTTP/1.1 404 Not Found\r\n\r\n");
    expect(
      text(serializeResponseHead({ status: 200, headers: Fields.from({ "Content-Length": "0" }) })),
    ).toBe("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  });

  it("keeps a given reason, even empty, and writes HTTP/1.0", () => {
    expect(text(serializeResponseHead({ status: 200, reason: "Fine", version: "1.0" }))).toBe(
      "HTTP/1.0 200 Fine\r\n\r\n",
    );
    expect(text(serializeResponseHead({ status: 299, reason: "" }))).toBe("HTTP/1.1 299 \r\n\r\n");
  });

  it("uses the class reason for unregistered codes", () => {
    expect(text(serializeResponseHead({ status: 299 }))).toMatch(/^HTTP\/1\.1 299 [^\r]*\r\n\r\n$/);
  });

  it.each([[99], [600], [200.5], [Number.NaN]])("refuses status %s", (status) => {
    expect(() => serializeResponseHead({ status })).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATUS" }),
    );
  });

  it("refuses CR/LF in the reason phrase", () => {
    expect(() => serializeResponseHead({ status: 200, reason: "OK\r\nX: 1" })).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_REASON" }),
    );
  });

  it("refuses an injected value built outside Fields", () => {
    expect(() =>
      serializeResponseHead({ status: 200, headers: trusted("Location", "/a\r\n\r\n<html>") }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_INVALID_FIELD_VALUE" }));
  });
});
