import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { RequestHead } from "../src/events.js";
import { RequestParser } from "../src/request-parser.js";
import { ResponseParser } from "../src/response-parser.js";
import { bytes, parseResponses } from "./collect.js";

const request = (i: number, body = "") =>
  `GET /r${i} HTTP/1.1\r\nHost: a.example\r\nX-Index: ${i}\r\n` +
  (body === "" ? "\r\n" : `Content-Length: ${body.length}\r\n\r\n${body}`);

const pipelined = (count: number, body = (_i: number) => "") =>
  bytes(Array.from({ length: count }, (_, i) => request(i, body(i))).join(""));

/** A parser that pauses after every `every` heads (from `onHead` or `onMessageComplete`). */
function pausingParser(every: number, from: "head" | "complete") {
  const targets: string[] = [];
  const bodies: string[] = [];
  let completed = 0;
  let sinceResume = 0;
  const parser: RequestParser = new RequestParser({
    onHead(head: RequestHead) {
      targets.push(head.target);
      sinceResume++;
      if (from === "head" && sinceResume === every) parser.pause();
    },
    onBody(chunk) {
      bodies.push(new TextDecoder().decode(chunk));
    },
    onMessageComplete() {
      completed++;
      if (from === "complete" && sinceResume === every) parser.pause();
    },
    onError(error) {
      throw error;
    },
  });
  return {
    parser,
    targets,
    bodies,
    completed: () => completed,
    resume() {
      sinceResume = 0;
      parser.resume();
    },
  };
}

describe("pause() from a handler bounds pipelining", () => {
  for (const from of ["head", "complete"] as const) {
    test(`32 pipelined requests in one chunk, pause after every 4 (from on${from === "head" ? "Head" : "MessageComplete"})`, () => {
      const input = pipelined(32);
      const p = pausingParser(4, from);
      p.parser.push(input);
      expect(p.targets).toHaveLength(4);
      expect(p.completed()).toBe(4);
      expect(p.parser.paused).toBe(true);
      expect(p.parser.bufferedByteCount).toBe(
        input.length - bytes(Array.from({ length: 4 }, (_, i) => request(i)).join("")).length,
      );
      for (let round = 1; round < 8; round++) {
        p.resume();
        expect(p.targets).toHaveLength(4 * (round + 1));
        expect(p.completed()).toBe(4 * (round + 1));
      }
      expect(p.targets).toEqual(Array.from({ length: 32 }, (_, i) => `/r${i}`));
      expect(p.parser.bufferedByteCount).toBe(0);
      p.resume();
      expect(p.parser.paused).toBe(false);
      expect(p.targets).toHaveLength(32);
    });
  }

  test("pause from onHead stops after that message's content, not before", () => {
    const p = pausingParser(1, "head");
    p.parser.push(pipelined(3, (i) => `body${i}`));
    expect(p.targets).toEqual(["/r0"]);
    expect(p.bodies).toEqual(["body0"]);
    expect(p.completed()).toBe(1);
    p.resume();
    p.resume();
    expect(p.targets).toEqual(["/r0", "/r1", "/r2"]);
    expect(p.bodies).toEqual(["body0", "body1", "body2"]);
  });

  test("the held bytes are views of the pushed chunk, not copies", () => {
    const input = pipelined(2);
    const p = pausingParser(1, "complete");
    p.parser.push(input);
    const held = p.parser.takeUnparsed();
    expect(held.buffer).toBe(input.buffer);
    expect(held.byteOffset + held.length).toBe(input.length);
  });

  test("chunks pushed while paused are held in order; resume parses them all, up to the next pause", () => {
    const input = pipelined(12);
    const p = pausingParser(4, "complete");
    p.parser.push(input.subarray(0, 100));
    p.parser.push(input.subarray(100, 700));
    expect(p.targets).toHaveLength(4);
    p.parser.push(input.subarray(700, 701));
    p.parser.push(input.subarray(701));
    expect(p.targets).toHaveLength(4);
    p.resume();
    expect(p.targets).toHaveLength(8);
    p.resume();
    expect(p.targets).toEqual(Array.from({ length: 12 }, (_, i) => `/r${i}`));
    expect(p.parser.bufferedByteCount).toBe(0);
  });

  test("property: any split, any pause period: every request exactly once, in order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom("head" as const, "complete" as const),
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 12 }),
        (every, from, cuts) => {
          const input = pipelined(20, (i) => (i % 3 === 0 ? `b${i}` : ""));
          const p = pausingParser(every, from);
          let at = 0;
          for (const cut of cuts) {
            const next = Math.min(input.length, at + cut);
            p.parser.push(input.subarray(at, next));
            at = next;
          }
          p.parser.push(input.subarray(at));
          for (let guard = 0; guard < 40 && p.parser.paused; guard++) {
            const before = p.targets.length;
            p.resume();
            expect(p.targets.length - before).toBeLessThanOrEqual(every);
          }
          expect(p.targets).toEqual(Array.from({ length: 20 }, (_, i) => `/r${i}`));
          expect(p.bodies.join("")).toBe("b0b3b6b9b12b15b18");
          expect(p.parser.bufferedByteCount).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("resume() inside the handler that paused continues the same chunk", () => {
    const targets: string[] = [];
    const parser: RequestParser = new RequestParser({
      onHead(head) {
        targets.push(head.target);
      },
      onMessageComplete() {
        parser.pause();
        expect(parser.paused).toBe(true);
        parser.resume();
      },
    });
    parser.push(pipelined(5));
    expect(targets).toHaveLength(5);
    expect(parser.paused).toBe(false);
    expect(parser.bufferedByteCount).toBe(0);
  });

  test("pause() between pushes stops before the next message; finish() while paused waits for resume()", () => {
    const events: string[] = [];
    const parser = new RequestParser({
      onHead(head) {
        events.push(head.target);
      },
      onError(error) {
        events.push(error.code);
      },
    });
    parser.pause();
    expect(parser.paused).toBe(true);
    const input = pipelined(2);
    parser.push(input.subarray(0, input.length - 3));
    parser.finish();
    expect(events).toEqual([]);
    parser.resume();
    expect(events).toEqual(["/r0", "HW_H1_TRUNCATED_MESSAGE"]);
  });

  test("error offsets stay absolute across a pause", () => {
    const codes: [string, number | undefined][] = [];
    const parser: RequestParser = new RequestParser({
      onHead() {},
      onMessageComplete() {
        parser.pause();
      },
      onError(error) {
        codes.push([error.code, error.offset]);
      },
    });
    const first = bytes(request(0));
    parser.push(bytes(`${request(0)}GET / HTTP/1.1\r\nBad Name: x\r\n\r\n`));
    parser.resume();
    expect(codes).toEqual([["HW_H1_WHITESPACE_BEFORE_COLON", first.length + 19]]);
  });

  test("a message that closes the connection wins over a pause", () => {
    const parser: RequestParser = new RequestParser({
      onHead() {
        parser.pause();
      },
    });
    parser.push(bytes("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n"));
    expect(parser.paused).toBe(false);
    expect(parser.keepAlive).toBe(false);
    expect(parser.bufferedByteCount).toBe(0);
  });
});

describe("ResponseParser: unsolicited bytes and bufferedByteCount", () => {
  test("bytes while no request is outstanding fail at the first byte", () => {
    const { events } = parseResponses("H", []);
    expect(events).toEqual([
      { type: "error", code: "HW_H1_UNSOLICITED_RESPONSE", offset: 0, statusHint: 502 },
    ]);
  });

  test("after the last expected response, the first extra byte fails, with its offset", () => {
    const first = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
    const { events } = parseResponses([first, "X"], ["GET"]);
    expect(events.map((e) => e.type)).toEqual(["head", "body", "complete", "error"]);
    expect(events[3]).toMatchObject({ code: "HW_H1_UNSOLICITED_RESPONSE", offset: first.length });
  });

  test("a stray CRLF after a response is still ignored, even with nothing outstanding", () => {
    const { events, parser } = parseResponses("HTTP/1.1 204 No Content\r\n\r\n\r\n", ["GET"]);
    expect(events.map((e) => e.type)).toEqual(["head", "complete"]);
    expect(parser.keepAlive).toBe(true);
    expect(parser.bufferedByteCount).toBe(0);
  });

  test("interim responses do not use up the outstanding request", () => {
    const { events } = parseResponses(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
      ["POST"],
    );
    expect(events.map((e) => e.type)).toEqual(["informational", "head", "complete"]);
  });

  test("bufferedByteCount counts a head split across chunks and is 0 at a clean boundary", () => {
    const completes: number[] = [];
    const parser: ResponseParser = new ResponseParser({
      onHead() {},
      onMessageComplete() {
        completes.push(parser.bufferedByteCount);
      },
    });
    parser.expectResponse("GET");
    parser.expectResponse("GET");
    expect(parser.bufferedByteCount).toBe(0);
    parser.push(bytes("HTTP/1.1 200 OK\r\nContent-"));
    expect(parser.bufferedByteCount).toBe(25);
    parser.push(bytes("Length: 1\r\n\r\nxHTTP/1.1 2"));
    expect(completes).toEqual([0]);
    expect(parser.bufferedByteCount).toBe(10);
    parser.push(bytes("04 No Content\r\n\r\n"));
    expect(completes).toEqual([0, 0]);
    expect(parser.bufferedByteCount).toBe(0);
  });

  test("pause() on a response parser holds the next response", () => {
    const statuses: number[] = [];
    const parser: ResponseParser = new ResponseParser({
      onHead(head) {
        statuses.push(head.status);
        parser.pause();
      },
    });
    parser.expectResponse("GET");
    parser.expectResponse("GET");
    const second = "HTTP/1.1 204 No Content\r\n\r\n";
    parser.push(bytes(`HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n${second}`));
    expect(statuses).toEqual([200]);
    expect(parser.bufferedByteCount).toBe(second.length);
    parser.resume();
    expect(statuses).toEqual([200, 204]);
  });
});
