import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { request, response } from "./arbitraries.js";
import { encodeRequest, encodeResponse, latin1 } from "./encode-generated.js";
import { parseWithOurs } from "./our-parse.js";

/** Splits `bytes` at the given fractions so the parser sees arbitrary chunk boundaries. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.byteLength)))].sort(
    (a, b) => a - b,
  );
  const out: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    if (p > start) out.push(bytes.subarray(start, p));
    start = Math.max(start, p);
  }
  out.push(bytes.subarray(start));
  return out;
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 });

describe("round trip: serialize then parse gives back the message", () => {
  it("requests", () => {
    fc.assert(
      fc.property(request, cuts, (r, c) => {
        const encoded = encodeRequest(r);
        const outcome = parseWithOurs("request", split(encoded.bytes, c));
        expect(outcome.error).toBeNull();
        expect(outcome.messages).toHaveLength(1);
        const m = outcome.messages[0]!;
        expect(m.method).toBe(r.method);
        expect(m.target).toBe(r.target);
        expect(m.version).toBe(r.version);
        expect(m.fields).toEqual(encoded.lines);
        expect(m.body).toBe(latin1(r.body));
        expect(m.trailers).toEqual(r.trailers);
        expect(m.keepAlive).toBe(encoded.keepAlive);
      }),
      { numRuns: 300 },
    );
  });

  it("responses", () => {
    fc.assert(
      fc.property(response, cuts, (r, c) => {
        const encoded = encodeResponse(r);
        const outcome = parseWithOurs("response", split(encoded.bytes, c));
        expect(outcome.error).toBeNull();
        expect(outcome.messages).toHaveLength(1);
        const m = outcome.messages[0]!;
        expect(m.status).toBe(r.status);
        expect(m.reason).toBe(r.reason);
        expect(m.version).toBe(r.version);
        expect(m.fields).toEqual(encoded.lines);
        expect(m.body).toBe(latin1(r.body));
        expect(m.trailers).toEqual(r.trailers);
      }),
      { numRuns: 300 },
    );
  });
});
