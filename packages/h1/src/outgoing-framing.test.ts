import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { decideOutgoingFraming } from "./outgoing-framing.js";

describe("decideOutgoingFraming: responses (RFC 9112 §6)", () => {
  it("known length → Content-Length", () => {
    expect(
      decideOutgoingFraming({ role: "response", method: "GET", status: 200, contentLength: 5 }),
    ).toEqual({
      framing: { kind: "length", length: 5 },
      fields: [["Content-Length", "5"]],
      mustClose: false,
    });
  });

  it("empty content defaults to Content-Length: 0", () => {
    expect(decideOutgoingFraming({ role: "response", method: "GET", status: 200 }).fields).toEqual([
      ["Content-Length", "0"],
    ]);
  });

  it("unknown length → chunked to HTTP/1.1, close-delimited to HTTP/1.0 (RFC 9112 §6.3 ¶8)", () => {
    expect(
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status: 200,
        contentLength: null,
        peerVersion: "1.1",
      }),
    ).toEqual({
      framing: { kind: "chunked" },
      fields: [["Transfer-Encoding", "chunked"]],
      mustClose: false,
    });
    expect(
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status: 200,
        contentLength: null,
        peerVersion: "1.0",
      }),
    ).toEqual({ framing: { kind: "close" }, fields: [], mustClose: true });
    expect(
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status: 200,
        contentLength: null,
        version: "1.0",
      }),
    ).toEqual({ framing: { kind: "close" }, fields: [], mustClose: true });
  });

  it("HEAD: no content but the GET's Content-Length is kept (RFC 9110 §9.3.2)", () => {
    expect(
      decideOutgoingFraming({ role: "response", method: "HEAD", status: 200, contentLength: 42 }),
    ).toEqual({
      framing: { kind: "none" },
      fields: [["Content-Length", "42"]],
      mustClose: false,
    });
    const headers = Fields.from({ "Content-Length": "42" });
    expect(
      decideOutgoingFraming({ role: "response", method: "HEAD", status: 200, headers }),
    ).toEqual({
      framing: { kind: "none" },
      fields: [],
      mustClose: false,
    });
    expect(
      decideOutgoingFraming({ role: "response", method: "HEAD", status: 200, contentLength: null })
        .framing,
    ).toEqual({
      kind: "none",
    });
  });

  it("304 has no content, may keep Content-Length (RFC 9110 §8.6)", () => {
    const headers = Fields.from({ "Content-Length": "42" });
    expect(
      decideOutgoingFraming({ role: "response", method: "GET", status: 304, headers }).framing,
    ).toEqual({
      kind: "none",
    });
  });

  it.each([[100], [103], [204]])("%s has no content and no framing fields", (status) => {
    expect(decideOutgoingFraming({ role: "response", method: "GET", status }).framing).toEqual({
      kind: "none",
    });
    expect(() =>
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status,
        headers: Fields.from({ "Content-Length": "0" }),
      }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_CONTENT_FORBIDDEN" }));
    expect(() =>
      decideOutgoingFraming({ role: "response", method: "GET", status, contentLength: 3 }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_CONTENT_FORBIDDEN" }));
  });

  it("101 and 2xx to CONNECT are tunnels without framing fields (RFC 9110 §9.3.6)", () => {
    expect(decideOutgoingFraming({ role: "response", method: "GET", status: 101 }).framing).toEqual(
      { kind: "tunnel" },
    );
    expect(
      decideOutgoingFraming({ role: "response", method: "CONNECT", status: 200 }).framing,
    ).toEqual({
      kind: "tunnel",
    });
    expect(
      decideOutgoingFraming({ role: "response", method: "CONNECT", status: 407 }).framing,
    ).toEqual({
      kind: "length",
      length: 0,
    });
    expect(() =>
      decideOutgoingFraming({
        role: "response",
        method: "CONNECT",
        status: 200,
        headers: Fields.from({ "Content-Length": "0" }),
      }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_CONTENT_FORBIDDEN" }));
  });

  it("honours the caller's Content-Length and Transfer-Encoding", () => {
    expect(
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status: 200,
        headers: Fields.from({ "content-length": "7" }),
      }),
    ).toEqual({ framing: { kind: "length", length: 7 }, fields: [], mustClose: false });
    expect(
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status: 200,
        headers: Fields.from({ "Transfer-Encoding": "gzip, chunked" }),
      }),
    ).toEqual({ framing: { kind: "chunked" }, fields: [], mustClose: false });
    expect(
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status: 200,
        headers: Fields.from({ "Transfer-Encoding": "gzip" }),
      }),
    ).toEqual({ framing: { kind: "close" }, fields: [], mustClose: true });
  });

  it("refuses contradictions", () => {
    const both = Fields.from({ "Content-Length": "1", "Transfer-Encoding": "chunked" });
    expect(() =>
      decideOutgoingFraming({ role: "response", method: "GET", status: 200, headers: both }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_FRAMING_CONFLICT" }));
    const cl = Fields.from({ "Content-Length": "1" });
    expect(() =>
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status: 200,
        headers: cl,
        contentLength: 2,
      }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_FRAMING_CONFLICT" }));
    const te = Fields.from({ "Transfer-Encoding": "chunked" });
    expect(() =>
      decideOutgoingFraming({
        role: "response",
        method: "GET",
        status: 200,
        headers: te,
        peerVersion: "1.0",
      }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_FRAMING_CONFLICT" }));
    expect(() =>
      decideOutgoingFraming({ role: "response", method: "GET", status: 200, contentLength: -1 }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_INVALID_CONTENT_LENGTH" }));
  });
});

describe("decideOutgoingFraming: requests", () => {
  it("known length → Content-Length; unknown → chunked on HTTP/1.1", () => {
    expect(
      decideOutgoingFraming({ role: "request", method: "POST", contentLength: 3 }).fields,
    ).toEqual([["Content-Length", "3"]]);
    expect(decideOutgoingFraming({ role: "request", method: "POST", contentLength: null })).toEqual(
      {
        framing: { kind: "chunked" },
        fields: [["Transfer-Encoding", "chunked"]],
        mustClose: false,
      },
    );
  });

  it("no content: no field for GET, Content-Length: 0 for POST (RFC 9110 §8.6 ¶5)", () => {
    expect(decideOutgoingFraming({ role: "request", method: "GET" })).toEqual({
      framing: { kind: "none" },
      fields: [],
      mustClose: false,
    });
    expect(decideOutgoingFraming({ role: "request", method: "POST" }).fields).toEqual([
      ["Content-Length", "0"],
    ]);
  });

  it("unknown length over HTTP/1.0 is an error: requests are never close-delimited", () => {
    expect(() =>
      decideOutgoingFraming({
        role: "request",
        method: "POST",
        contentLength: null,
        version: "1.0",
      }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_UNFRAMEABLE_REQUEST", side: "local" }));
    expect(() =>
      decideOutgoingFraming({
        role: "request",
        method: "POST",
        contentLength: null,
        peerVersion: "1.0",
      }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_UNFRAMEABLE_REQUEST" }));
  });

  it("a request Transfer-Encoding must end in chunked (RFC 9112 §6.3 ¶7)", () => {
    expect(() =>
      decideOutgoingFraming({
        role: "request",
        method: "POST",
        headers: Fields.from({ "Transfer-Encoding": "gzip" }),
      }),
    ).toThrow(expect.objectContaining({ code: "HW_H1_UNFRAMEABLE_REQUEST" }));
  });
});
