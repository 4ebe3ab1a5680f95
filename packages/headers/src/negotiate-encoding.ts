import { rank, sortAccepted } from "./internal/rank.js";
import { type AcceptedEncoding, parseAcceptEncoding } from "./parse-accept-encoding.js";

/**
 * RFC 9110 §8.4.1.1 and §8.4.1.3: a recipient SHOULD consider "x-compress"
 * and "x-gzip" equivalent to "compress" and "gzip".
 */
function canonicalCoding(coding: string): string {
  return coding === "x-gzip" ? "gzip" : coding === "x-compress" ? "compress" : coding;
}

function acceptedCodings(accept: string): AcceptedEncoding[] {
  const r = parseAcceptEncoding(accept, { skipInvalidElements: true });
  const list = r.ok ? r.value.map((e) => ({ coding: canonicalCoding(e.coding), q: e.q })) : [];
  // RFC 9110 §12.5.3: identity is acceptable unless excluded by "identity;q=0",
  // or by "*;q=0" without a more specific entry for identity. When the field
  // does not mention it, give it the lowest weight the field uses, so that a
  // listed coding wins (an empty field leaves identity alone, at 1).
  let mentioned = false;
  let lowest = 1;
  for (const e of list) {
    if (e.coding === "identity" || e.coding === "*") mentioned = true;
    if (e.q > 0 && e.q < lowest) lowest = e.q;
  }
  return mentioned ? list : [...list, { coding: "identity", q: lowest }];
}

/**
 * The offered content codings the `Accept-Encoding` field allows, best first
 * (RFC 9110 §12.5.3). Without `offers`, the acceptable codings themselves.
 *
 * - An absent field (`undefined`/`null`) makes every coding acceptable: the
 *   offers come back in the server's order.
 * - An empty field means "identity only".
 * - "identity" is acceptable unless excluded (see above); "*" matches any
 *   coding not listed.
 * - "x-gzip" and "x-compress" match "gzip" and "compress" (RFC 9110 §8.4.1).
 *
 * @example
 * ```ts
 * preferredEncodings("gzip;q=0.8, br", ["gzip", "br", "identity"]); // ["br", "gzip", "identity"]
 * ```
 */
export function preferredEncodings(
  accept: string | null | undefined,
  offers?: readonly string[],
  options: EncodingNegotiationOptions = {},
): string[] {
  if (accept === undefined || accept === null) {
    // RFC 9110 §12.5.3: "If no Accept-Encoding header field is in the request,
    // any content coding is considered acceptable by the user agent."
    return offers === undefined ? ["*"] : [...offers];
  }
  const list = acceptedCodings(accept);
  if (offers === undefined) return sortAccepted(list).map((e) => e.coding);
  const lower = offers.map((o) => canonicalCoding(o.toLowerCase()));
  return rank(
    offers.length,
    list,
    (i, e) => (e.coding === lower[i] ? 1 : e.coding === "*" ? 0 : -1),
    options.ties ?? "field",
  ).map((i) => offers[i]!);
}

/** Options of {@link preferredEncodings} and {@link negotiateEncoding}. */
export interface EncodingNegotiationOptions {
  /**
   * How offers the field weighs equally are ordered. `"field"` (default, as
   * the `negotiator` package): an offer named in the field before one matched
   * by "*", then the order of the field. `"offers"`: the order of `offers`,
   * the server's preference (RFC 9110 §12.5.3 leaves equal weights to the
   * server; curl's `--compressed` sends `deflate, gzip, br, zstd` without
   * meaning deflate is best).
   */
  readonly ties?: "field" | "offers";
}

/**
 * Picks the best offered content coding for an `Accept-Encoding` field value,
 * or `undefined` when none is acceptable (RFC 9110 §12.5.3). Include
 * `"identity"` among the offers when the unencoded representation is an option.
 *
 * @example
 * ```ts
 * negotiateEncoding("gzip, br;q=0.9", ["br", "gzip", "identity"]); // "gzip"
 * negotiateEncoding("*;q=0", ["gzip", "identity"]); // undefined
 * negotiateEncoding("deflate, gzip, br", ["br", "gzip", "identity"], { ties: "offers" }); // "br"
 * ```
 */
export function negotiateEncoding(
  accept: string | null | undefined,
  offers: readonly string[],
  options: EncodingNegotiationOptions = {},
): string | undefined {
  return preferredEncodings(accept, offers, options)[0];
}
