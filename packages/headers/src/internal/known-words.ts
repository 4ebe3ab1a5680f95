import { BYTE_CLASS, ByteClass } from "@hyperwire/grammar";

/**
 * Recognising a known case-insensitive token (a media type, a parameter or
 * cookie attribute name, a charset) where it stands in the field value,
 * without slicing or lower-casing it first: the parsers then use one shared
 * lower-case string, so a hit costs no allocation, and comparing costs about
 * what scanning the token would.
 *
 * Folding is ASCII-only (A–Z to a–z), the case-insensitivity of the ABNF
 * (RFC 5234 §2.3): a non-ASCII character such as U+212A KELVIN SIGN never
 * matches "k", so no Unicode case mapping can alias a known word.
 */

/** A set of lower-case tokens, indexed by first character; built by {@link knownWords}. */
export interface KnownWords {
  /** The words, in the order given (the index {@link matchKnownWord} returns). */
  readonly words: readonly string[];
  /** The character codes of each word: read from here, comparing costs one charCodeAt per character. */
  readonly codes: readonly Uint8Array[];
  /** For each lower-case first character code, the indexes of the words starting with it. */
  readonly byFirstCode: readonly (readonly number[] | undefined)[];
}

/**
 * tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA      RFC 9110 §5.6.2
 */
function isTcharCode(code: number): boolean {
  return code < 0x80 && (BYTE_CLASS[code]! & ByteClass.TCHAR) !== 0;
}

/**
 * Indexes `words` (lower-case tokens, most frequent first) for
 * {@link matchKnownWord}.
 */
export function knownWords(words: readonly string[]): KnownWords {
  const byFirstCode: number[][] = [];
  words.forEach((word, index) => {
    for (let j = 0; j < word.length; j++) {
      const code = word.charCodeAt(j);
      if (!isTcharCode(code) || (code >= 0x41 && code <= 0x5a))
        throw new Error(`a known word must be a lower-case token: ${JSON.stringify(word)}`);
    }
    (byFirstCode[word.charCodeAt(0)] ??= []).push(index);
  });
  const codes = words.map((word) => Uint8Array.from(word, (c) => c.charCodeAt(0)));
  return { words, codes, byFirstCode };
}

/** For {@link matchKnownWord}: the word may end at the end of the text or before any non-tchar. */
export const ANY_DELIMITER = -1;

/**
 * The index in `known.words` of the word that `text` spells from `start`,
 * ignoring ASCII case, and that `delimiter` (a character code) follows; with
 * {@link ANY_DELIMITER}, the token must simply end there (the end of `text`
 * or a character that is not a tchar). -1 when there is no such word.
 */
export function matchKnownWord(
  known: KnownWords,
  text: string,
  start: number,
  delimiter: number,
): number {
  const length = text.length;
  if (start >= length) return -1;
  let first = text.charCodeAt(start);
  if (first >= 0x41 && first <= 0x5a) first |= 0x20;
  const candidates = first < 0x80 ? known.byFirstCode[first] : undefined;
  if (candidates === undefined) return -1;
  next: for (let k = 0; k < candidates.length; k++) {
    const index = candidates[k]!;
    const word = known.codes[index]!;
    const end = start + word.length;
    if (end > length) continue;
    for (let i = start + 1, j = 1; i < end; i++, j++) {
      let code = text.charCodeAt(i);
      if (code >= 0x41 && code <= 0x5a) code |= 0x20;
      if (code !== word[j]) continue next;
    }
    if (delimiter === ANY_DELIMITER) {
      if (end === length || !isTcharCode(text.charCodeAt(end))) return index;
    } else if (end < length && text.charCodeAt(end) === delimiter) {
      return index;
    }
  }
  return -1;
}

/**
 * The index in `known.words` of the word that `text[start, end)` is, whole,
 * ignoring ASCII case; -1 when it is none of them.
 */
export function findKnownWord(known: KnownWords, text: string, start: number, end: number): number {
  if (start >= end) return -1;
  let first = text.charCodeAt(start);
  if (first >= 0x41 && first <= 0x5a) first |= 0x20;
  const candidates = first < 0x80 ? known.byFirstCode[first] : undefined;
  if (candidates === undefined) return -1;
  next: for (let k = 0; k < candidates.length; k++) {
    const index = candidates[k]!;
    const word = known.codes[index]!;
    if (word.length !== end - start) continue;
    for (let i = start + 1, j = 1; i < end; i++, j++) {
      let code = text.charCodeAt(i);
      if (code >= 0x41 && code <= 0x5a) code |= 0x20;
      if (code !== word[j]) continue next;
    }
    return index;
  }
  return -1;
}
