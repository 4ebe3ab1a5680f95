import { FIELD_NAMES_CANONICAL, FIELD_NAMES_LOWER } from "@hyperwire/headers";

/**
 * A hash index over the field name registry of `@hyperwire/headers`, for the
 * parser's hot path. The registry and its interned strings stay the single
 * source (`FIELD_NAMES_LOWER`, `FIELD_NAMES_CANONICAL`); this only looks them up
 * faster than the general `findFieldName` + `internRawFieldName` pair
 * (measured ~160 ns per name for the pair, against ~20 ns here): the hash
 * needs no pass over the name, and one comparison both
 * confirms the match and says whether the bytes are spelled exactly in the
 * canonical or the lowercase form, so the raw name needs no decoding.
 * @internal
 */

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
/** Mask applied to the running hash. */
export const NAME_HASH_MASK = TABLE_SIZE - 1;

/**
 * The hash of a name of `length` bytes at `b[start]`, from its length and
 * three of its bytes folded with `| 0x20` (ASCII letters to lower case; a few
 * symbols collide with others, harmless since a match is always confirmed
 * byte by byte). No per-byte work: the scanner already walks the name once to
 * check it is a token.
 */
export function nameHash(b: ArrayLike<number>, start: number, length: number): number {
  const first = b[start]! | 0x20;
  const middle = b[start + (length >> 1)]! | 0x20;
  const last = b[start + length - 1]! | 0x20;
  return ((length * 0x3b) ^ (first * 0x1f) ^ (middle * 0x2c5) ^ (last * 0x9e3)) & NAME_HASH_MASK;
}

/** Slot → registry index + 1 (0 = empty), open addressing with linear probing. */
const table = new Int32Array(TABLE_SIZE);
const lowerBytes: Uint8Array[] = [];
const canonicalBytes: Uint8Array[] = [];

function toBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

for (let index = 0; index < FIELD_NAMES_LOWER.length; index++) {
  const lower = FIELD_NAMES_LOWER[index]!;
  const lb = toBytes(lower);
  lowerBytes.push(lb);
  canonicalBytes.push(toBytes(FIELD_NAMES_CANONICAL[index] ?? lower));
  let hash = nameHash(lb, 0, lb.length);
  while (table[hash] !== 0) hash = (hash + 1) & NAME_HASH_MASK;
  table[hash] = index + 1;
}

/** The bytes were spelled exactly as the canonical name. */
export const SPELLED_CANONICAL = 0;
/** The bytes were spelled exactly as the lowercase name. */
export const SPELLED_LOWER = 1;
/** Another casing: the raw name must be decoded from the input. */
export const SPELLED_OTHER = 2;

/**
 * Finds the registered name equal (ASCII case-insensitively) to
 * `b[start, end)`. Returns `index * 4 + spelling`
 * (see {@link SPELLED_CANONICAL}) or -1 when the name is not registered.
 */
export function lookupFieldName(b: Uint8Array, start: number, end: number): number {
  const length = end - start;
  let hash = nameHash(b, start, length);
  for (;;) {
    const entry = table[hash]!;
    if (entry === 0) return -1;
    const index = entry - 1;
    const lb = lowerBytes[index]!;
    if (lb.length === length) {
      // Most peers spell names canonically ("Content-Type") or in lowercase
      // (HTTP/2-minded clients): try each exactly first, one compare per byte.
      const cb = canonicalBytes[index]!;
      let i = 0;
      while (i < length && b[start + i] === cb[i]) i++;
      if (i === length) return index * 4 + SPELLED_CANONICAL;
      i = 0;
      while (i < length && b[start + i] === lb[i]) i++;
      if (i === length) return index * 4 + SPELLED_LOWER;
      for (; i < length; i++) {
        let c = b[start + i]!;
        if (c >= 0x41 && c <= 0x5a) c |= 0x20;
        if (c !== lb[i]) break;
      }
      if (i === length) return index * 4 + SPELLED_OTHER;
    }
    hash = (hash + 1) & NAME_HASH_MASK;
  }
}
