import { describe, expect, test } from "vitest";
import { RequestParser } from "../src/request-parser.js";
import { bytes } from "./collect.js";

describe("chunk extensions (RFC 9112 §7.1.1)", () => {
  const body =
    '5;name=value; flag ;q="a \\"b\\""\r\nhello\r\n' +
    "3\r\nabc\r\n" +
    "0;last=1\r\nX-T: 1\r\n\r\n";
  const head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

  test("reported before the chunk's data when onChunkExtension is set, at any split", () => {
    const input = bytes(head + body);
    for (let cut = 1; cut < input.length; cut++) {
      const events: string[] = [];
      const parser = new RequestParser({
        onHead() {},
        onBody(chunk) {
          events.push(`body:${new TextDecoder().decode(chunk)}`);
        },
        onChunkExtension(name, value) {
          events.push(value === undefined ? `ext:${name}` : `ext:${name}=${value}`);
        },
        onTrailers() {
          events.push("trailers");
        },
        onMessageComplete() {
          events.push("complete");
        },
        onError(error) {
          throw error;
        },
      });
      parser.push(input.subarray(0, cut));
      parser.push(input.subarray(cut));
      expect(events.filter((e) => e.startsWith("ext:"))).toEqual([
        "ext:name=value",
        "ext:flag",
        'ext:q=a "b"',
        "ext:last=1",
      ]);
      expect(events.indexOf('ext:q=a "b"')).toBeLessThan(
        events.findIndex((e) => e.startsWith("body:")),
      );
      expect(events.indexOf("ext:last=1")).toBeLessThan(events.indexOf("trailers"));
      expect(events.at(-1)).toBe("complete");
    }
  });

  test("without the handler, extensions are validated and skipped", () => {
    const events: string[] = [];
    const parser = new RequestParser({
      onHead() {},
      onMessageComplete() {
        events.push("complete");
      },
      onError(error) {
        events.push(error.code);
      },
    });
    parser.push(bytes(head + body));
    expect(events).toEqual(["complete"]);
    parser.push(bytes(`${head}5;=x\r\nhello\r\n0\r\n\r\n`));
    expect(events).toEqual(["complete", "HW_H1_INVALID_CHUNK_EXTENSION"]);
  });
});
