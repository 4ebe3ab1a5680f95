import { FIELD_NAMES_CANONICAL, FIELD_NAMES_LOWER, findFieldName } from "@hyperwire/headers";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { matchKnownFieldName } from "./known-field-name.js";

const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/**
 * Matches `text` placed at `shift` in a buffer that ends right after it, so
 * that reading a byte beyond the limit throws (DataView is bounds-checked).
 */
function match(text: string, shift = 0): number {
  const buffer = new Uint8Array(shift + text.length);
  buffer.set(bytesOf(text), shift);
  return matchKnownFieldName(new DataView(buffer.buffer), shift, buffer.length);
}

/** Swaps the case of the first letter that has one. */
function oddCase(name: string): string {
  const i = name.search(/[a-z]/i);
  if (i < 0) return name;
  const c = name[i]!;
  const swapped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  return name.slice(0, i) + swapped + name.slice(i + 1);
}

describe("matchKnownFieldName", () => {
  test("every registered name of 3 bytes or more, canonical or lowercase, at any alignment", () => {
    for (let index = 0; index < FIELD_NAMES_LOWER.length; index++) {
      const canonical = FIELD_NAMES_CANONICAL[index]!;
      const lower = FIELD_NAMES_LOWER[index]!;
      const expectCanonical = lower.length < 3 ? -1 : index * 2;
      const expectLower = lower.length < 3 ? -1 : canonical === lower ? index * 2 : index * 2 + 1;
      for (let shift = 0; shift < 4; shift++) {
        expect(match(`${canonical}: v\r\n`, shift), canonical).toBe(expectCanonical);
        expect(match(`${lower}: v\r\n`, shift), lower).toBe(expectLower);
      }
    }
  });

  test("other spellings and near misses are left to the byte-by-byte path", () => {
    for (const name of FIELD_NAMES_CANONICAL) {
      const odd = oddCase(name);
      if (odd !== name && odd !== name.toLowerCase()) expect(match(`${odd}: v`), odd).toBe(-1);
    }
    for (const text of [
      "Hos: a",
      "Hostt: a",
      "XHost: a",
      "Host : a",
      "Host\r\n",
      "Accept-: a",
      "Accept-Encodin: a",
      "Content-Length",
      "Content-Length\r\nHost: a",
      `${"X".repeat(60)}: a`,
      ": a",
    ]) {
      expect(match(text), text).toBe(-1);
    }
  });

  test("no byte at or beyond the limit is read", () => {
    for (const name of ["Host", "Content-Length", "Accept-Language", "Sec-Fetch-Mode", "Via"]) {
      const text = `${name}: value\r\n`;
      const found = findFieldName(bytesOf(name), 0, name.length) * 2;
      for (let limit = 0; limit <= text.length; limit++) {
        const result = match(text.slice(0, limit));
        // Short of the colon the name is not there (yet); near the end of the
        // input the byte-by-byte path may be left to find it.
        if (limit <= name.length) expect(result).toBe(-1);
        else if (limit >= name.length + 4) expect(result).toBe(found);
        else expect([-1, found]).toContain(result);
      }
    }
  });

  test("whatever is matched is the registered name, exactly, followed by its colon", () => {
    const letters = fc.constantFrom(..."aAcCeEhHkKnNoOsStT-:x \r".split(""));
    const text = fc.oneof(
      fc.array(letters, { maxLength: 24 }).map((chars) => chars.join("")),
      fc
        .tuple(fc.constantFrom(...FIELD_NAMES_CANONICAL), fc.string({ maxLength: 6 }))
        .map(([name, rest]) => `${name}${rest}`),
    );
    fc.assert(
      fc.property(text, fc.nat({ max: 3 }), (value, shift) => {
        const found = match(value, shift);
        if (found < 0) return;
        const index = found >> 1;
        const name = (found & 1) === 0 ? FIELD_NAMES_CANONICAL[index]! : FIELD_NAMES_LOWER[index]!;
        expect(value.startsWith(`${name}:`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
