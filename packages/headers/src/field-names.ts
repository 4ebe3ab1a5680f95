import { FIELD_FACTS } from "./field-facts.js";
import { IANA_FIELD_REGISTRY } from "./field-registry.generated.js";

// The interning table: every IANA-registered name, then the widely sent
// unregistered names of the facts table. The facts table's casing wins, so
// that e.g. generated fields use the casing people expect.
const canonical: string[] = [];
const lower: string[] = [];
const indexByLower = new Map<string, number>();
{
  const factsCasing = new Map<string, string>();
  for (const facts of FIELD_FACTS) factsCasing.set(facts.name.toLowerCase(), facts.name);
  const add = (name: string) => {
    const key = name.toLowerCase();
    if (indexByLower.has(key)) return;
    indexByLower.set(key, lower.length);
    lower.push(key);
    canonical.push(factsCasing.get(key) ?? name);
  };
  for (const entry of IANA_FIELD_REGISTRY) add(entry.name);
  for (const facts of FIELD_FACTS) add(facts.name);
}

/**
 * Every known field name in lowercase, one shared string per name. The index of a
 * name here is what {@link findFieldName} returns, and the same index reads
 * {@link FIELD_NAMES_CANONICAL}.
 */
export const FIELD_NAMES_LOWER: readonly string[] = lower;

/** Every known field name in canonical casing, index-aligned with {@link FIELD_NAMES_LOWER}. */
export const FIELD_NAMES_CANONICAL: readonly string[] = canonical;

// Lowercase and canonical bytes of every name, for the byte comparisons.
const toBytes = (name: string): Uint8Array => {
  const bytes = new Uint8Array(name.length);
  for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i);
  return bytes;
};
const lowerBytes: Uint8Array[] = lower.map(toBytes);
const canonicalBytes: Uint8Array[] = canonical.map(toBytes);

// A hash index over the names, built for the HTTP/1 parser's hot path: the hash
// reads the length and three bytes (no pass over the name), and one
// comparison confirms a match.
const TABLE_BITS = 12;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

/**
 * The hash of the `length` bytes at `bytes[start]`: the length and the first,
 * middle and last bytes folded with `| 0x20` (ASCII letters to lowercase; a
 * few symbols then collide with others, harmless since every match is
 * confirmed byte by byte with exact letter-only folding).
 */
function nameHash(bytes: ArrayLike<number>, start: number, length: number): number {
  const first = bytes[start]! | 0x20;
  const middle = bytes[start + (length >> 1)]! | 0x20;
  const last = bytes[start + length - 1]! | 0x20;
  return ((length * 0x3b) ^ (first * 0x1f) ^ (middle * 0x2c5) ^ (last * 0x9e3)) & TABLE_MASK;
}

/** Slot → index + 1 (0 = empty), open addressing with linear probing. */
const table = new Int32Array(TABLE_MASK + 1);
let maxLength = 0;
for (let index = 0; index < lower.length; index++) {
  const bytes = lowerBytes[index]!;
  if (bytes.length > maxLength) maxLength = bytes.length;
  let slot = nameHash(bytes, 0, bytes.length);
  while (table[slot] !== 0) slot = (slot + 1) & TABLE_MASK;
  table[slot] = index + 1;
}
// Names longer than this cannot be known: rejected by length alone.
const MAX_LENGTH = maxLength;

// How the name last found by findFieldName was spelled, so that
// internRawFieldName for that same name (the usual next call) needs no second
// comparison. internRawFieldName drops the reference to the bytes.
const SPELLED_CANONICAL = 0;
const SPELLED_LOWER = 1;
const SPELLED_OTHER = 2;
let lastBytes: Uint8Array | null = null;
let lastStart = 0;
let lastIndex = -1;
let lastSpelling = SPELLED_OTHER;

/**
 * Finds the known field name equal to `bytes[start, end)` ignoring ASCII case,
 * without allocating: the index into {@link FIELD_NAMES_LOWER} and
 * {@link FIELD_NAMES_CANONICAL}, or -1 when the name is not known.
 *
 * Only the 26 ASCII letters fold (field names are tokens, RFC 9110 §5.1, and
 * compare case-insensitively); other bytes must match exactly, so no
 * non-ASCII byte can ever alias a known name. A hash of the length and three
 * bytes picks the candidate, so a lookup costs one pass over the name.
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode("Content-Length: 5");
 * const i = findFieldName(bytes, 0, 14);
 * FIELD_NAMES_LOWER[i]; // "content-length"
 * ```
 */
export function findFieldName(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length <= 0 || length > MAX_LENGTH) return -1;
  let slot = nameHash(bytes, start, length);
  for (;;) {
    const entry = table[slot]!;
    if (entry === 0) return -1;
    const index = entry - 1;
    const name = lowerBytes[index]!;
    if (name.length === length) {
      // Most peers spell names canonically ("Content-Type") or in lowercase
      // (HTTP/2-minded clients): try each exactly, then fold the rest.
      const canonicalName = canonicalBytes[index]!;
      let i = 0;
      while (i < length && bytes[start + i] === canonicalName[i]) i++;
      let spelling = SPELLED_CANONICAL;
      if (i < length) {
        i = 0;
        while (i < length && bytes[start + i] === name[i]) i++;
        spelling = SPELLED_LOWER;
        if (i < length) {
          spelling = SPELLED_OTHER;
          for (; i < length; i++) {
            let c = bytes[start + i]!;
            if (c >= 0x41 && c <= 0x5a) c |= 0x20;
            if (c !== name[i]) break;
          }
        }
      }
      if (i === length) {
        lastBytes = bytes;
        lastStart = start;
        lastIndex = index;
        lastSpelling = spelling;
        return index;
      }
    }
    slot = (slot + 1) & TABLE_MASK;
  }
}

/**
 * The name string to keep as the "raw" (on-the-wire) casing of a known field
 * found by {@link findFieldName}: the shared canonical or lowercase string when
 * the bytes are spelled exactly that way (no allocation, which is nearly always
 * the case), otherwise a new string with the bytes' own casing. Called right
 * after `findFieldName` on the same (unchanged) bytes, it reuses that call's
 * comparison.
 */
export function internRawFieldName(
  index: number,
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  let spelling: number;
  if (bytes === lastBytes && start === lastStart && index === lastIndex) {
    spelling = lastSpelling;
    lastBytes = null;
  } else {
    const length = end - start;
    const canonicalName = canonicalBytes[index]!;
    let i = 0;
    while (i < length && bytes[start + i] === canonicalName[i]) i++;
    spelling = SPELLED_CANONICAL;
    if (i < length) {
      const lowerName = lowerBytes[index]!;
      i = 0;
      while (i < length && bytes[start + i] === lowerName[i]) i++;
      spelling = i === length ? SPELLED_LOWER : SPELLED_OTHER;
    }
  }
  if (spelling === SPELLED_CANONICAL) return canonical[index]!;
  if (spelling === SPELLED_LOWER) return lower[index]!;
  // Field names are tokens (ASCII), so a byte-per-char decode is exact.
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/**
 * Returns the shared string for a known lowercase field name, or `lowerName`
 * itself when it is not known. Keeping one string per name makes `===`
 * comparisons in the container pointer-fast and saves memory.
 */
export function internFieldName(lowerName: string): string {
  const index = indexByLower.get(lowerName);
  return index === undefined ? lowerName : lower[index]!;
}

/** The index of a lowercase field name in {@link FIELD_NAMES_LOWER}, or -1. */
export function fieldNameIndex(lowerName: string): number {
  return indexByLower.get(lowerName) ?? -1;
}
