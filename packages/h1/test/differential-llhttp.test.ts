/**
 * Differential test against llhttp (Node's parser, through its internal
 * binding): on the hand-written corpus and on generated valid requests, both
 * parsers accept or both reject; where both accept they agree on method,
 * target, version, fields, body and keep-alive. Every deliberate difference is
 * an explicit expectation here and is listed in README.md ("Differences from
 * llhttp") with its RFC section.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { request } from "./arbitraries.js";
import { CORPUS, type CorpusCase } from "./corpus.js";
import { encodeRequest } from "./encode-generated.js";
import { type ParsedMessage, parseWithLlhttp } from "./llhttp-oracle.js";
import { type OurMessage, parseWithOurs } from "./our-parse.js";

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/**
 * What both parsers must agree on. Field values are compared after OWS
 * trimming (RFC 9110 §5.5: OWS around a value is not part of it; llhttp keeps
 * trailing whitespace, which node:http then ignores).
 */
function comparable(m: ParsedMessage) {
  return {
    method: m.method,
    target: m.target,
    status: m.status,
    version: m.version,
    fields: m.fields.map(([n, v]) => [n, v.replace(/^[ \t]+|[ \t]+$/g, "")]),
    body: m.body,
    keepAlive: m.keepAlive,
    upgrade: m.upgrade,
  };
}

/**
 * Our head's keepAlive says whether the message *alone* lets the connection
 * persist; llhttp's also folds in framing (a close-delimited response ends the
 * connection). Compare like with like.
 */
function ourComparable(m: OurMessage) {
  return comparable({ ...m, keepAlive: m.keepAlive && m.framing !== "close" });
}

function run(c: CorpusCase) {
  const input = [bytes(c.input)];
  return {
    ours: parseWithOurs(c.kind, input, c.methods),
    theirs: parseWithLlhttp(c.kind, input, c.methods),
  };
}

describe("differential against llhttp: corpus", () => {
  const agreeing = CORPUS.filter((c) => c.difference === undefined);
  const differing = CORPUS.filter((c) => c.difference !== undefined);

  it.each(agreeing.map((c) => [c.name, c] as const))(
    "%s: same verdict and same messages",
    (_name, c) => {
      const { ours, theirs } = run(c);
      expect(ours.error === null, `ours: ${ours.error}, llhttp: ${theirs.error}`).toBe(
        theirs.error === null,
      );
      // Messages before an error (a valid message followed by garbage) must be the same too.
      expect(ours.messages.map(ourComparable)).toEqual(theirs.messages.map(comparable));
    },
  );

  it.each(differing.map((c) => [c.name, c] as const))("%s: deliberate difference", (_name, c) => {
    const { ours, theirs } = run(c);
    const verdict = (error: string | null) => (error === null ? "accept" : "reject");
    const difference = c.difference!;
    if (difference.ours !== "differ") expect(verdict(ours.error)).toBe(difference.ours);
    if (difference.llhttp !== "differ") expect(verdict(theirs.error)).toBe(difference.llhttp);
    expect(difference.reason).toMatch(/RFC \d+/);
  });

  it("the corpus is large enough and names each case once", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
  });
});

describe("differential against llhttp: generated valid requests", () => {
  it("agree on method, target, version, fields, body and keep-alive", () => {
    fc.assert(
      fc.property(request, (r) => {
        const encoded = encodeRequest(r).bytes;
        const ours = parseWithOurs("request", [encoded]);
        const theirs = parseWithLlhttp("request", [encoded]);
        expect(ours.error).toBeNull();
        expect(theirs.error).toBeNull();
        expect(ours.messages.map(ourComparable)).toEqual(theirs.messages.map(comparable));
      }),
      { numRuns: 300 },
    );
  });
});
