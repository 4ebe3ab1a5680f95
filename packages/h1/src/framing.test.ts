import { Fields } from "@hyperwire/headers";
import { describe, expect, test } from "vitest";
import { decideRequestFraming, decideResponseFraming, hasConflictingFraming } from "./framing.js";

const f = (init: Record<string, string>) => Fields.from(init);

describe("decideRequestFraming (RFC 9112 §6.3)", () => {
  test.each([
    [{}, { kind: "none" }],
    [{ "content-length": "0" }, { kind: "length", length: 0 }],
    [{ "content-length": "42, 42" }, { kind: "length", length: 42 }],
    [{ "transfer-encoding": "chunked" }, { kind: "chunked" }],
    [{ "transfer-encoding": "CHUNKED" }, { kind: "chunked" }],
  ])("%j → %j", (headers, framing) => {
    expect(decideRequestFraming("1.1", f(headers))).toEqual({ ok: true, value: framing });
  });

  test.each([
    [
      { "transfer-encoding": "chunked", "content-length": "1" },
      "1.1",
      "HW_H1_CONFLICTING_FRAMING",
      400,
    ],
    [{ "transfer-encoding": "gzip" }, "1.1", "HW_H1_INVALID_TRANSFER_ENCODING", 400],
    [{ "transfer-encoding": "gzip, chunked" }, "1.1", "HW_H1_UNSUPPORTED_TRANSFER_CODING", 501],
    [{ "transfer-encoding": "chunked" }, "1.0", "HW_H1_TRANSFER_ENCODING_IN_HTTP10", 400],
    [{ "content-length": "1, 2" }, "1.1", "HW_H1_INVALID_CONTENT_LENGTH", 400],
  ] as const)("%j in HTTP/%s → %s", (headers, version, code, statusHint) => {
    const result = decideRequestFraming(version, f(headers));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, statusHint });
  });
});

describe("decideResponseFraming (RFC 9112 §6.3)", () => {
  test.each([
    ["HEAD", 200, { "content-length": "10" }, { kind: "none" }],
    ["GET", 100, {}, { kind: "none" }],
    ["GET", 204, { "content-length": "10" }, { kind: "none" }],
    ["GET", 304, { "transfer-encoding": "chunked" }, { kind: "none" }],
    ["GET", 101, {}, { kind: "tunnel" }],
    ["CONNECT", 200, { "content-length": "10" }, { kind: "tunnel" }],
    ["CONNECT", 407, { "content-length": "10" }, { kind: "length", length: 10 }],
    ["GET", 200, { "transfer-encoding": "chunked", "content-length": "10" }, { kind: "chunked" }],
    ["GET", 200, { "transfer-encoding": "gzip" }, { kind: "close" }],
    ["GET", 200, { "content-length": "10" }, { kind: "length", length: 10 }],
    ["GET", 200, {}, { kind: "close" }],
    ["POST", 500, {}, { kind: "close" }],
  ] as const)("%s → %i %j → %j", (method, status, headers, framing) => {
    expect(decideResponseFraming(method, status, "1.1", f(headers))).toEqual({
      ok: true,
      value: framing,
    });
  });

  test("errors carry statusHint 502", () => {
    const result = decideResponseFraming("GET", 200, "1.1", f({ "content-length": "x" }));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatchObject({ code: "HW_H1_INVALID_CONTENT_LENGTH", statusHint: 502 });
  });

  test("hasConflictingFraming", () => {
    expect(
      hasConflictingFraming(f({ "transfer-encoding": "chunked", "content-length": "1" })),
    ).toBe(true);
    expect(hasConflictingFraming(f({ "transfer-encoding": "chunked" }))).toBe(false);
  });
});
