import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseComment } from "./parse-comment.js";
import { parseHostAndPort } from "./parse-host-and-port.js";
import { parseHttpDate } from "./parse-http-date.js";
import { parseIpAddress } from "./parse-ip-address.js";
import { parseList } from "./parse-list.js";
import { parseParameters } from "./parse-parameters.js";
import { parseQuotedString } from "./parse-quoted-string.js";
import { parseRequestTarget } from "./parse-request-target.js";
import { parseToken } from "./parse-token.js";
import { percentDecode } from "./percent-decode.js";
import { splitList } from "./split-list.js";

/** Arbitrary text weighted towards the delimiters the parsers care about. */
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom(...'"\\()[]:;,=%/?#@*. \t\r\n\0aZ09é\u0100\ud800vGMT-'.split("")),
    maxLength: 60,
  }),
);

describe("no parser throws on arbitrary strings", () => {
  it("holds for every parser of untrusted input", () => {
    fc.assert(
      fc.property(text, fc.nat({ max: 70 }), (input, start) => {
        expect(() => {
          parseToken(input, start);
          parseQuotedString(input, start);
          parseComment(input, start);
          parseParameters(input, start);
          parseParameters(input, start, { duplicates: "last" });
          splitList(input);
          parseList(input, { minimum: 1 });
          parseHttpDate(input, { now: 0 });
          parseRequestTarget(input);
          parseHostAndPort(input);
          parseIpAddress(input);
          percentDecode(input);
        }).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
