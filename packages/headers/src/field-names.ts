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

// Lowercase bytes of every name, for the byte comparison.
const lowerBytes: Uint8Array[] = lower.map((name) => {
  const bytes = new Uint8Array(name.length);
  for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i);
  return bytes;
});

// Buckets keyed by (length << 7 | folded first byte): one or two candidates each.
// Names longer than MAX_LENGTH cannot be known, so they are rejected by length alone.
let maxLength = 0;
for (const name of lower) if (name.length > maxLength) maxLength = name.length;
const MAX_LENGTH = maxLength;
const buckets: (Int32Array | undefined)[] = new Array((MAX_LENGTH + 1) << 7);
{
  const lists = new Map<number, number[]>();
  lower.forEach((name, index) => {
    const key = (name.length << 7) | name.charCodeAt(0);
    const list = lists.get(key);
    if (list) list.push(index);
    else lists.set(key, [index]);
  });
  for (const [key, list] of lists) buckets[key] = Int32Array.from(list);
}

/** ASCII-only lowercase of one byte: letters fold, everything else stays. */
function foldByte(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
}

/**
 * Finds the known field name equal to `bytes[start, end)` ignoring ASCII case,
 * without allocating: the index into {@link FIELD_NAMES_LOWER} and
 * {@link FIELD_NAMES_CANONICAL}, or -1 when the name is not known.
 *
 * Only the 26 ASCII letters fold (field names are tokens, RFC 9110 §5.1, and
 * compare case-insensitively); other bytes must match exactly, so no
 * non-ASCII byte can ever alias a known name.
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
  const first = foldByte(bytes[start]!);
  if (first > 0x7f) return -1;
  const candidates = buckets[(length << 7) | first];
  if (candidates === undefined) return -1;
  outer: for (let c = 0; c < candidates.length; c++) {
    const index = candidates[c]!;
    const name = lowerBytes[index]!;
    for (let i = 1; i < length; i++) {
      if (foldByte(bytes[start + i]!) !== name[i]) continue outer;
    }
    return index;
  }
  return -1;
}

/**
 * The name string to keep as the "raw" (on-the-wire) casing of a known field
 * found by {@link findFieldName}: the shared canonical or lowercase string when
 * the bytes are spelled exactly that way (no allocation, which is nearly always
 * the case), otherwise a new string with the bytes' own casing.
 */
export function internRawFieldName(
  index: number,
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  const canonicalName = canonical[index]!;
  const lowerName = lower[index]!;
  let isCanonical = true;
  let isLower = true;
  for (let i = 0; i < canonicalName.length; i++) {
    const byte = bytes[start + i]!;
    if (byte !== canonicalName.charCodeAt(i)) isCanonical = false;
    if (byte !== lowerName.charCodeAt(i)) isLower = false;
    if (!isCanonical && !isLower) break;
  }
  if (isCanonical) return canonicalName;
  if (isLower) return lowerName;
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
