import { rank, sortAccepted } from "./internal/rank.js";
import { type MediaRange, parseAccept } from "./parse-accept.js";
import { type MediaType, parseMediaType } from "./parse-media-type.js";

const ANY: MediaRange[] = [{ type: "*", subtype: "*", parameters: Object.create(null), q: 1 }];

function acceptedRanges(accept: string | null | undefined): MediaRange[] {
  // RFC 9110 §12.5.1: "A request without any Accept header field implies that
  // the user agent will accept any media type in response."
  if (accept === undefined || accept === null) return ANY;
  const r = parseAccept(accept, { skipInvalidElements: true });
  return r.ok ? r.value : [];
}

function specificity(offer: MediaType, range: MediaRange): number {
  let s = 0;
  if (range.type === offer.type) s += 40;
  else if (range.type !== "*") return -1;
  if (range.subtype === offer.subtype) s += 20;
  else if (range.subtype !== "*") return -1;
  // A range with parameters only matches offers carrying the same values, and
  // is more specific than one without (RFC 9110 §12.5.1 example).
  let count = 0;
  for (const name in range.parameters) {
    const want = range.parameters[name]!;
    const have = offer.parameters[name];
    if (have === undefined || have.toLowerCase() !== want.toLowerCase()) return -1;
    count++;
  }
  return s + Math.min(count, 19);
}

/**
 * The offers the `Accept` field allows, best first (RFC 9110 §12.5.1).
 * Without `offers`, the acceptable ranges themselves as `type/subtype`,
 * best first. An absent field (`undefined`/`null`) accepts everything; an
 * empty one accepts nothing. Elements that do not parse are disregarded.
 * Offers that are not valid media types are never chosen.
 *
 * @example
 * ```ts
 * preferredMediaTypes("text/html;q=0.9, application/json", ["text/html", "application/json"]);
 * // ["application/json", "text/html"]
 * ```
 */
export function preferredMediaTypes(
  accept: string | null | undefined,
  offers?: readonly string[],
): string[] {
  const ranges = acceptedRanges(accept);
  if (offers === undefined) return sortAccepted(ranges).map((r) => `${r.type}/${r.subtype}`);
  const parsed: (MediaType | undefined)[] = offers.map((offer) => {
    const r = parseMediaType(offer);
    return r.ok ? r.value : undefined;
  });
  return rank(offers.length, ranges, (i, range) => {
    const offer = parsed[i];
    return offer === undefined ? -1 : specificity(offer, range);
  }).map((i) => offers[i]!);
}

/**
 * Picks the best of the server's `offers` for an `Accept` field value, or
 * `undefined` when none is acceptable (the server may then answer 406 or
 * disregard the field, RFC 9110 §12.5.1). More specific ranges override less
 * specific ones; `q=0` excludes; ties go to the client's order, then the
 * server's.
 *
 * @example
 * ```ts
 * negotiateMediaType("text/*;q=0.5, text/html", ["text/plain", "text/html"]); // "text/html"
 * negotiateMediaType("image/*", ["text/html"]); // undefined
 * ```
 */
export function negotiateMediaType(
  accept: string | null | undefined,
  offers: readonly string[],
): string | undefined {
  return preferredMediaTypes(accept, offers)[0];
}
