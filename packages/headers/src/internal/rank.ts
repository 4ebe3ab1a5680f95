/**
 * The ranking shared by the negotiators. For each offer, the matching
 * accepted element with the highest specificity gives the offer its weight
 * (RFC 9110 §12.5.1: "the most specific reference has precedence"); equal
 * specificity prefers the higher weight, then the later element. Offers are
 * then sorted by weight, specificity, position of the element in the field,
 * and the server's own order; weight 0 means "not acceptable" (RFC 9110 §12.4.2).
 * @internal
 */
export interface Ranking {
  /** Offer index. */
  i: number;
  /** Weight. */
  q: number;
  /** Specificity of the matching element. */
  s: number;
  /** Position of the matching element in the field. */
  o: number;
}

/**
 * How offers of equal weight are ordered: `"field"` by specificity, then the
 * position of their element in the field, then the server's order (what the
 * negotiator package does); `"offers"` by the server's order alone (RFC 9110
 * §12.5.3 leaves equal weights to the server).
 * @internal
 */
export type TieBreak = "field" | "offers";

/** @internal */
export function rank<E extends { readonly q: number }>(
  offerCount: number,
  elements: readonly E[],
  specificity: (offerIndex: number, element: E) => number,
  ties: TieBreak = "field",
): number[] {
  const ranked: Ranking[] = [];
  for (let i = 0; i < offerCount; i++) {
    let best: Ranking | undefined;
    for (let o = 0; o < elements.length; o++) {
      const element = elements[o]!;
      const s = specificity(i, element);
      if (s < 0) continue;
      if (
        best === undefined ||
        s > best.s ||
        (s === best.s && (element.q > best.q || (element.q === best.q && o > best.o)))
      ) {
        best = { i, q: element.q, s, o };
      }
    }
    if (best !== undefined && best.q > 0) ranked.push(best);
  }
  ranked.sort(ties === "field" ? compareRankings : compareByWeightThenOffer);
  const out = new Array<number>(ranked.length);
  for (let k = 0; k < ranked.length; k++) out[k] = ranked[k]!.i;
  return out;
}

/** @internal */
export function compareRankings(a: Ranking, b: Ranking): number {
  return b.q - a.q || b.s - a.s || a.o - b.o || a.i - b.i;
}

function compareByWeightThenOffer(a: Ranking, b: Ranking): number {
  return b.q - a.q || a.i - b.i;
}

/** Elements with weight above 0, best first, ties in field order. @internal */
export function sortAccepted<E extends { readonly q: number }>(elements: readonly E[]): E[] {
  const indexed = elements.map((e, o) => ({ e, o })).filter((x) => x.e.q > 0);
  indexed.sort((a, b) => b.e.q - a.e.q || a.o - b.o);
  return indexed.map((x) => x.e);
}
