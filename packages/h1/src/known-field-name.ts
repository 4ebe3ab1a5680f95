import { FIELD_NAMES_CANONICAL, FIELD_NAMES_LOWER } from "@hyperwire/headers";

/**
 * Recognizing a known field name and its colon a word at a time, for the
 * first message on a connection (later ones are matched against the names
 * the previous message sent, see FieldLineScanner).
 *
 * A name spelled exactly as the registry spells it (canonically, as browsers
 * and curl send them) or in lowercase (as HTTP/2-minded peers do) is found
 * by: the colon, searched four bytes at a time; a hash of the length and the
 * first and last words; one comparison of the bytes, colon included, with the
 * name's precomputed words. Equal bytes are a registered name, hence a token
 * (RFC 9110 §5.1), so no byte needs checking on its own. Any other spelling,
 * and every unknown name, is left to the byte-by-byte path.
 * @internal
 */

const COLON = 0x3a;

/** Names of fewer bytes than this are left to the byte-by-byte path (their last word would start before them). */
const MIN_LENGTH = 3;

const names = FIELD_NAMES_LOWER.length;
let maxLength = 0;
for (const name of FIELD_NAMES_LOWER) if (name.length > maxLength) maxLength = name.length;
/** No known name is longer: the colon search stops here. */
const MAX_LENGTH = maxLength;

/** The name and its colon as little-endian words, the last one zero-padded, into `out` from `at`. */
function wordsOf(text: string, out: Int32Array, at: number): void {
  for (let k = 0; k <= text.length; k++) {
    const c = k < text.length ? text.charCodeAt(k) : COLON;
    out[at + (k >> 2)] = out[at + (k >> 2)]! | (c << ((k & 3) << 3));
  }
}

/** Words of a name of `length` bytes with its colon. */
const wordCount = (length: number): number => (length >> 2) + 1;

/**
 * Per name, its canonical spelling and then its lowercase spelling, each
 * with its colon as little-endian words, the last one zero-padded; where
 * they start is in WORDS_AT (and TABLE).
 * @internal
 */
export const KNOWN_NAME_WORDS: Int32Array = new Int32Array(
  FIELD_NAMES_LOWER.reduce((total, name) => total + 2 * wordCount(name.length), 0),
);
const NAME_WORDS = KNOWN_NAME_WORDS;
/** Per name: where its words start in NAME_WORDS. */
const WORDS_AT = new Int32Array(names);

// Open addressing over the hash of (length, first word, last word), both
// words with ASCII letters folded to lowercase so that either spelling of a
// name lands on its slot.
const TABLE_BITS = 10;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const FOLD = 0x20202020;

function hash(length: number, first: number, last: number): number {
  const h = Math.imul(first ^ Math.imul(last, 0x9e3779b1) ^ length, 0x85ebca6b);
  return h >>> (32 - TABLE_BITS);
}

/** The little-endian word of the 4 bytes of `text` (a name and its colon) from `start`. */
function wordAt(text: string, start: number): number {
  let word = 0;
  for (let k = 0; k < 4; k++) word |= text.charCodeAt(start + k) << (k << 3);
  return word;
}

/**
 * Two numbers per slot: the name's length in the low byte and its index + 1
 * above it (0: an empty slot), then where its words start in NAME_WORDS.
 */
const TABLE = new Int32Array(2 << TABLE_BITS);
{
  let at = 0;
  for (let i = 0; i < names; i++) {
    const lower = FIELD_NAMES_LOWER[i]!;
    const length = lower.length;
    const count = wordCount(length);
    WORDS_AT[i] = at;
    wordsOf(FIELD_NAMES_CANONICAL[i]!, NAME_WORDS, at);
    wordsOf(lower, NAME_WORDS, at + count);
    if (length >= MIN_LENGTH) {
      const withColon = `${lower}:`;
      let slot = hash(length, wordAt(withColon, 0) | FOLD, wordAt(withColon, length - 3) | FOLD);
      while (TABLE[slot << 1] !== 0) slot = (slot + 1) & TABLE_MASK;
      TABLE[slot << 1] = ((i + 1) << 8) | length;
      TABLE[(slot << 1) + 1] = at;
    }
    at += 2 * count;
  }
}

/** By the colon's position in its word: the mask of that word's bytes up to the colon. */
const TAIL_MASK = Int32Array.of(0xff, 0xffff, 0xffffff, -1);

/**
 * Looks for a known field name, spelled canonically or in lowercase and
 * followed by its colon, at byte `at` of `view`, reading no byte at or after
 * `limit`. Returns `index * 2` (canonical) or `index * 2 + 1` (lowercase),
 * `index` being the registry index ({@link FIELD_NAMES_LOWER}); -1 when it
 * is not such a name (the caller parses the bytes one by one).
 * @internal
 */
export function matchKnownFieldName(view: DataView, at: number, limit: number): number {
  // The colon: the lowest zero byte of x ^ 0x3a3a3a3a (exact for the lowest;
  // only bytes above it can be flagged wrongly).
  let k = 0;
  let colon = -1;
  while (at + k + 4 <= limit) {
    const y = view.getInt32(at + k, true) ^ 0x3a3a3a3a;
    const zero = (y - 0x01010101) & ~y & 0x80808080;
    if (zero !== 0) {
      colon = k + ((31 - Math.clz32(zero & -zero)) >> 3);
      break;
    }
    k += 4;
    if (k > MAX_LENGTH) return -1;
  }
  if (colon < MIN_LENGTH || colon > MAX_LENGTH) return -1;
  const first = view.getInt32(at, true);
  const last = view.getInt32(at + colon - 3, true);
  const count = wordCount(colon);
  const tail = TAIL_MASK[colon & 3]!;
  let slot = hash(colon, first | FOLD, last | FOLD);
  for (;;) {
    const entry = TABLE[slot << 1]!;
    if (entry === 0) return -1;
    if ((entry & 0xff) === colon) {
      const words = TABLE[(slot << 1) + 1]!;
      if (sameWords(view, at, count, tail, words)) return ((entry >> 8) - 1) * 2;
      if (sameWords(view, at, count, tail, words + count)) return ((entry >> 8) - 1) * 2 + 1;
    }
    slot = (slot + 1) & TABLE_MASK;
  }
}

/** Whether the `count` words at `view[at]` (the last one masked by `tail`) are those at NAME_WORDS[from]. */
function sameWords(view: DataView, at: number, count: number, tail: number, from: number): boolean {
  const lastWord = count - 1;
  for (let w = 0; w < lastWord; w++) {
    if (view.getInt32(at + (w << 2), true) !== NAME_WORDS[from + w]) return false;
  }
  return (view.getInt32(at + (lastWord << 2), true) & tail) === NAME_WORDS[from + lastWord];
}

/**
 * Where the words of the registered name `index` and its colon start in
 * {@link KNOWN_NAME_WORDS}, as `name` spells it; -1 unless `name` is its
 * canonical or lowercase spelling.
 * @internal
 */
export function knownFieldNameWords(index: number, name: string): number {
  if (name === FIELD_NAMES_CANONICAL[index]) return WORDS_AT[index]!;
  if (name === FIELD_NAMES_LOWER[index]) return WORDS_AT[index]! + wordCount(name.length);
  return -1;
}
