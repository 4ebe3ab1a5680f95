import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { encodeChunk, encodeLastChunk } from "./chunked-encoder.js";

const text = (parts: Uint8Array | Uint8Array[]) =>
  Buffer.concat((Array.isArray(parts) ? parts : [parts]).map((p) => Buffer.from(p))).toString(
    "latin1",
  );

describe("encodeChunk (RFC 9112 §7.1)", () => {
  it("returns size line, the data itself (not a copy) and CRLF", () => {
    const data = new TextEncoder().encode("hello");
    const parts = encodeChunk(data);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toBe(data);
    expect(text(parts)).toBe("5\r\nhello\r\n");
  });

  it("writes the size in lowercase hex", () => {
    expect(text(encodeChunk(new Uint8Array(255))[0]!)).toBe("ff\r\n");
    expect(text(encodeChunk(new Uint8Array(65536))[0]!)).toBe("10000\r\n");
    expect(text(encodeChunk(new Uint8Array(16))[0]!)).toBe("10\r\n");
  });

  it("returns nothing for empty data (a zero chunk would end the message)", () => {
    expect(encodeChunk(new Uint8Array(0))).toEqual([]);
  });
});

describe("encodeLastChunk (RFC 9112 §7.1, §7.1.2)", () => {
  it("writes the last chunk without trailers", () => {
    expect(text(encodeLastChunk())).toBe("0\r\n\r\n");
    expect(text(encodeLastChunk(new Fields()))).toBe("0\r\n\r\n");
  });

  it("writes trailer fields", () => {
    expect(
      text(encodeLastChunk(Fields.from({ "Server-Timing": "db;dur=53", "X-Checksum": "abc" }))),
    ).toBe("0\r\nServer-Timing: db;dur=53\r\nX-Checksum: abc\r\n\r\n");
  });

  it.each([["Content-Length"], ["Transfer-Encoding"], ["Host"]])(
    "refuses %s in a trailer (RFC 9110 §6.5.1)",
    (name) => {
      expect(() => encodeLastChunk(Fields.from({ [name]: "1" }))).toThrow(
        expect.objectContaining({ code: "HW_H1_FORBIDDEN_TRAILER" }),
      );
    },
  );
});
