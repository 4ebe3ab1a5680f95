/**
 * Field names reach the parser three ways: predicted from the previous
 * message on the connection, recognized a word at a time as a registered name
 * (first message, input of 64 bytes or more), or parsed byte by byte. Whatever
 * the path, the names, values and errors reported must be the same: checked
 * here against llhttp and against the same bytes split elsewhere.
 */
import { FIELD_NAMES_CANONICAL } from "@hyperwire/headers";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bytes, errorOf, parseRequests } from "./collect.js";
import { parseWithLlhttp } from "./llhttp-oracle.js";
import { parseWithOurs } from "./our-parse.js";

/** Fields whose meaning the codec acts on (framing, routing, persistence): left out. */
const INTERPRETED = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "proxy-connection",
  "keep-alive",
  "upgrade",
  "expect",
  "te",
  "trailer",
]);
const REGISTERED = FIELD_NAMES_CANONICAL.filter(
  (name) => !INTERPRETED.has(name.toLowerCase()) && name !== "*",
);

/** A registered name as registered, in lowercase, in uppercase or in a random case; or an unknown one. */
const name = fc.oneof(
  fc
    .tuple(fc.constantFrom(...REGISTERED), fc.nat({ max: 3 }), fc.array(fc.boolean()))
    .map(([registered, spelling, flips]) => {
      if (spelling === 0) return registered;
      if (spelling === 1) return registered.toLowerCase();
      if (spelling === 2) return registered.toUpperCase();
      return [...registered]
        .map((c, i) => (flips[i % Math.max(1, flips.length)] ? c.toUpperCase() : c.toLowerCase()))
        .join("");
    }),
  fc.constantFrom(
    "X-Request-Id",
    "x-forwarded-proto",
    "Sec-CH-UA-Platform",
    "Accept-Charsets",
    "X",
    // Around the longest name predicted (35 bytes and its colon).
    "X-Thirty-Five-Bytes-Long-Field-Nam",
    "X-Thirty-Five-Bytes-Long-Field-Name",
    "X-Thirty-Five-Bytes-Long-Field-Names",
  ),
);
const value = fc.constantFrom("", "1", "a b", "text/html, */*;q=0.8", "x".repeat(40));
const lines = fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 16 });

const head = (fields: [string, string][]) =>
  `GET /path HTTP/1.1\r\nHost: example.com\r\n${fields.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`;

describe("field names on every path", () => {
  test("agree with llhttp on the first messages of a connection", () => {
    fc.assert(
      fc.property(lines, lines, lines, (first, second, third) => {
        const input = bytes(head(first) + head(second) + head(third));
        const ours = parseWithOurs("request", [input]);
        const theirs = parseWithLlhttp("request", [input]);
        expect(ours.error).toBeNull();
        expect(theirs.error).toBeNull();
        expect(ours.messages.map((m) => m.fields)).toEqual(theirs.messages.map((m) => m.fields));
      }),
      { numRuns: 300 },
    );
  });

  test("agree with the same bytes split anywhere, errors included", () => {
    // Mutations put invalid bytes in and around names (SP before the colon,
    // CTLs, a missing colon): the error and its offset must not depend on
    // the path either.
    const mutated = fc
      .tuple(
        lines,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x20, 0x3a, 0x0d, 0x00, 0x7f, 0x41, 0x61))),
      )
      .map(([fields, edits]) => {
        const out = [...bytes(head(fields))];
        for (const [at, byte] of edits.slice(0, 3)) out[40 + (at % (out.length - 40))] = byte;
        return Uint8Array.from(out);
      });
    fc.assert(
      fc.property(mutated, fc.nat(), (input, cut) => {
        const whole = parseRequests([input]).events;
        const at = 1 + (cut % (input.length - 1));
        expect(parseRequests([input.subarray(0, at), input.subarray(at)]).events).toEqual(whole);
        // A copy of exactly the bytes given: nothing past the end to read.
        expect(parseRequests([input.slice(0, at), input.slice(at)]).events).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  test("a name spelled differently on the next message is reported as sent", () => {
    const pad = `X-Pad: ${"p".repeat(64)}\r\n`;
    const input =
      `GET / HTTP/1.1\r\nHost: a\r\n${pad}Content-Type: t\r\nAccept: */*\r\n\r\n` +
      `GET / HTTP/1.1\r\nHost: a\r\n${pad}content-type: t\r\nACCEPT: */*\r\n\r\n`;
    const { events } = parseRequests(input);
    expect(errorOf(events)).toBeUndefined();
    const heads = events.flatMap((e) => (e.type === "head" ? [e.head.headers] : []));
    expect(heads).toEqual([
      [
        ["Host", "a"],
        ["X-Pad", "p".repeat(64)],
        ["Content-Type", "t"],
        ["Accept", "*/*"],
      ],
      [
        ["Host", "a"],
        ["X-Pad", "p".repeat(64)],
        ["content-type", "t"],
        ["ACCEPT", "*/*"],
      ],
    ]);
  });
});
