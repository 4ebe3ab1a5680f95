import { parseAcceptEncoding, preferredEncodings } from "@hyperwire/headers";

/** RFC 9110 §8.4.1.1, §8.4.1.3: "x-gzip" and "x-compress" are "gzip" and "compress". */
function canonicalCoding(coding: string): string {
  return coding === "x-gzip" ? "gzip" : coding === "x-compress" ? "compress" : coding;
}

/**
 * The weight `Accept-Encoding` gives `coding`: its own element if listed (the
 * highest, should it be listed twice), else that of "*", else 0 (RFC 9110
 * §12.5.3; §12.5.1: the most specific reference has precedence).
 */
function weightOf(elements: readonly { coding: string; q: number }[], coding: string): number {
  let exact = -1;
  let wildcard = 0;
  for (const element of elements) {
    const name = canonicalCoding(element.coding);
    if (name === coding) exact = Math.max(exact, element.q);
    else if (name === "*") wildcard = Math.max(wildcard, element.q);
  }
  return exact >= 0 ? exact : wildcard;
}

/**
 * Picks the content coding to apply from `offers` (the server's order of
 * preference, best first) for an `Accept-Encoding` value, or `undefined` for
 * identity.
 *
 * Which codings are acceptable is decided by `preferredEncodings` of
 * @hyperwire/headers (q=0, "*", "identity;q=0", "x-gzip"). Among them the
 * client's highest weight wins, and a tie goes to the server's order: RFC
 * 9110 §12.5.3 leaves equal weights to the server, and the order a client
 * lists codings in says nothing (curl's `--compressed` sends
 * `deflate, gzip, br, zstd`, which must not get deflate over br). Identity
 * wins only when the client weighs it above every acceptable coding.
 *
 * @internal Used by `withCompression` and `serveStatic`'s precompressed files.
 */
export function chooseContentCoding<T extends string>(
  accept: string,
  offers: readonly T[],
): T | undefined {
  const acceptable = new Set(preferredEncodings(accept, [...offers, "identity"]));
  const parsed = parseAcceptEncoding(accept, { skipInvalidElements: true });
  const elements = parsed.ok ? parsed.value : [];
  let best: T | undefined;
  let bestWeight = 0;
  for (const offer of offers) {
    if (!acceptable.has(offer)) continue;
    const weight = weightOf(elements, canonicalCoding(offer.toLowerCase()));
    // Strictly greater: an equal weight keeps the offer the server listed first.
    if (weight > bestWeight) {
      best = offer;
      bestWeight = weight;
    }
  }
  if (best === undefined) return undefined;
  // Unlisted identity weighs what "*" does, or nothing: it then never beats a coding.
  if (acceptable.has("identity") && weightOf(elements, "identity") > bestWeight) return undefined;
  return best;
}
