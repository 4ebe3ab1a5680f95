import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { ParserOptions } from "../src/parser-options.js";
import { RequestParser } from "../src/request-parser.js";
import { ResponseParser } from "../src/response-parser.js";
import { bytes } from "./collect.js";

const SEEDS = [
  "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
  "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
  'PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;e="v"\r\nabc\r\n0\r\nT: 1\r\n\r\n',
  "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
  "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
];

/** Bytes that matter to the grammar, so mutations hit interesting paths often. */
const SPECIAL = [
  0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x3d, 0x22, 0x5c, 0x00, 0x30, 0x66, 0x7f, 0x80, 0xff,
];

const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.oneof(fc.constantFrom(...SPECIAL), fc.integer({ min: 0, max: 255 })),
        fc.boolean(),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([seed, edits]) => {
    const out = [...bytes(seed)];
    for (const [at, byte, insert] of edits) {
      const i = at % (out.length + 1);
      if (insert) out.splice(i, 0, byte);
      else out[i] = byte;
    }
    return Uint8Array.from(out);
  });

const input = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated);
const options = fc.record<ParserOptions>(
  {
    allowBareLineFeed: fc.boolean(),
    allowObsoleteLineFolding: fc.boolean(),
    allowHttp09SimpleRequest: fc.boolean(),
    maxHeaderSectionBytes: fc.integer({ min: 1, max: 400 }),
    maxStartLineBytes: fc.integer({ min: 1, max: 400 }),
    maxChunkExtensionBytes: fc.integer({ min: 0, max: 50 }),
    forbiddenTrailerFields: fc.constantFrom("drop" as const, "reject" as const),
  },
  { requiredKeys: [] },
);

function feed(parser: RequestParser | ResponseParser, data: Uint8Array, cuts: number[]): void {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(cut, data.length);
    if (at < from) continue;
    parser.push(data.subarray(from, at));
    from = at;
  }
  parser.push(data.subarray(from));
  parser.finish();
}

describe("arbitrary input", () => {
  test("the request parser never throws, reports at most one error, then stays dead", () => {
    fc.assert(
      fc.property(
        input,
        options,
        fc.array(fc.nat({ max: 400 }), { maxLength: 5 }),
        (data, opts, cuts) => {
          let errors = 0;
          let afterError = 0;
          const parser = new RequestParser(
            {
              onHead: () => void (errors > 0 && afterError++),
              onBody: () => void (errors > 0 && afterError++),
              onMessageComplete: () => void (errors > 0 && afterError++),
              onError: () => void errors++,
            },
            opts,
          );
          feed(parser, data, cuts);
          expect(errors).toBeLessThanOrEqual(1);
          expect(afterError).toBe(0);
          if (errors === 1) expect(parser.keepAlive).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("the response parser never throws", () => {
    fc.assert(
      fc.property(
        input,
        options,
        fc.array(fc.constantFrom("GET", "HEAD", "CONNECT", "POST"), { maxLength: 4 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 5 }),
        (data, opts, methods, cuts) => {
          let errors = 0;
          const parser = new ResponseParser({ onHead() {}, onError: () => void errors++ }, opts);
          for (const method of methods) parser.expectResponse(method);
          feed(parser, data, cuts);
          expect(errors).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("split anywhere, mutated input gives the same events as unsplit", () => {
    fc.assert(
      fc.property(mutated, fc.array(fc.nat({ max: 200 }), { maxLength: 4 }), (data, cuts) => {
        const run = (c: number[]) => {
          const log: unknown[] = [];
          const parser = new RequestParser({
            onHead: (h) =>
              log.push(["head", h.method, h.target, [...h.headers.lines()], h.framing]),
            onBody: (b) => log.push(["body", [...b]]),
            onTrailers: (t) => log.push(["trailers", [...t.lines()]]),
            onMessageComplete: () => log.push(["complete"]),
            onError: (e) => log.push(["error", e.code, e.offset]),
          });
          feed(parser, data, c);
          // Merge body pieces: splitting may cut content differently.
          const merged: unknown[] = [];
          for (const entry of log as [string, ...unknown[]][]) {
            const last = merged[merged.length - 1] as [string, number[]] | undefined;
            if (entry[0] === "body" && last?.[0] === "body")
              last[1].push(...(entry[1] as number[]));
            else merged.push(entry);
          }
          return merged;
        };
        expect(run(cuts)).toEqual(run([]));
      }),
      { numRuns: 300 },
    );
  });
});
