import { rank, sortAccepted } from "./internal/rank.js";
import { type AcceptedLanguage, parseAcceptLanguage } from "./parse-accept-language.js";

/**
 * Basic filtering (RFC 4647 §3.3.1): a language range matches a language tag
 * if it equals the tag, or if it equals a prefix of the tag such that the
 * first character after the prefix is "-"; "*" matches every tag. Both
 * compared case-insensitively. Returns the specificity of the match or -1:
 * a longer range is more specific, and for one range an exact match ranks
 * above a prefix match.
 */
function specificity(lowerTag: string, range: string): number {
  if (range === "*") return 0;
  if (range === lowerTag) return range.length * 2 + 1;
  if (
    lowerTag.length > range.length &&
    lowerTag.startsWith(range) &&
    lowerTag.charCodeAt(range.length) === 0x2d
  ) {
    return range.length * 2;
  }
  return -1;
}

/**
 * The offered language tags the `Accept-Language` field allows, best first,
 * matching with RFC 4647 basic filtering (RFC 9110 §12.5.4). The longest
 * matching range gives a tag its weight. Without `offers`, the acceptable
 * ranges themselves. An absent field accepts every language.
 *
 * @example
 * ```ts
 * preferredLanguages("da, en-gb;q=0.8, en;q=0.7", ["en-US", "en-GB", "da"]); // ["da", "en-GB", "en-US"]
 * ```
 */
export function preferredLanguages(
  accept: string | null | undefined,
  offers?: readonly string[],
): string[] {
  let list: AcceptedLanguage[];
  if (accept === undefined || accept === null) list = [{ range: "*", q: 1 }];
  else {
    const r = parseAcceptLanguage(accept, { skipInvalidElements: true });
    list = r.ok ? r.value : [];
  }
  if (offers === undefined) return sortAccepted(list).map((e) => e.range);
  const lower = offers.map((o) => o.toLowerCase());
  return rank(offers.length, list, (i, e) => specificity(lower[i]!, e.range)).map(
    (i) => offers[i]!,
  );
}

/**
 * Picks the best offered language tag for an `Accept-Language` field value,
 * or `undefined` when none is acceptable.
 *
 * @example
 * ```ts
 * negotiateLanguage("fr-CH, fr;q=0.9, en;q=0.8", ["en", "fr"]); // "fr"
 * negotiateLanguage("en-US", ["en"]); // undefined: "en-us" does not match the tag "en"
 * ```
 */
export function negotiateLanguage(
  accept: string | null | undefined,
  offers: readonly string[],
): string | undefined {
  return preferredLanguages(accept, offers)[0];
}
