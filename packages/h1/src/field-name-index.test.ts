import { FIELD_NAMES_CANONICAL, FIELD_NAMES_LOWER } from "@hyperwire/headers";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  lookupFieldName,
  SPELLED_CANONICAL,
  SPELLED_LOWER,
  SPELLED_OTHER,
} from "./field-name-index.js";
import { latin1, latin1Portable } from "./latin1.js";

const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe("lookupFieldName", () => {
  test("finds every registered name in canonical, lowercase and other casings", () => {
    FIELD_NAMES_LOWER.forEach((lower, index) => {
      const canonical = FIELD_NAMES_CANONICAL[index]!;
      const upper = lower.toUpperCase();
      const at = (text: string) => lookupFieldName(bytesOf(`x${text}:`), 1, text.length + 1);
      expect(at(canonical)).toBe(index * 4 + SPELLED_CANONICAL);
      if (lower !== canonical) expect(at(lower)).toBe(index * 4 + SPELLED_LOWER);
      if (upper !== canonical && /[a-z]/.test(lower))
        expect(at(upper)).toBe(index * 4 + SPELLED_OTHER);
    });
  });

  test("the fields the parser interprets are registered", () => {
    for (const name of [
      "host",
      "content-length",
      "transfer-encoding",
      "connection",
      "upgrade",
      "expect",
    ]) {
      expect(FIELD_NAMES_LOWER).toContain(name);
    }
  });

  test("unknown names are not found; only ASCII letters fold", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,30}$/), (name) => {
        const found = lookupFieldName(bytesOf(name), 0, name.length);
        const index = FIELD_NAMES_LOWER.indexOf(name.toLowerCase());
        expect(found >> 2).toBe(index);
      }),
      { numRuns: 300 },
    );
    // "^" | 0x20 is "~": such names share hashes, never matches.
    expect(lookupFieldName(bytesOf("x^y"), 0, 3)).toBe(-1);
  });
});

describe("latin1", () => {
  test("native and portable decoders agree on every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const expected = String.fromCharCode(...all);
    expect(latin1(all, 0, 256)).toBe(expected);
    expect(latin1Portable(all, 0, 256)).toBe(expected);
    expect(latin1Portable(bytesOf("plain ascii"), 6, 11)).toBe("ascii");
    expect(latin1(all, 5, 5)).toBe("");
  });
});
