import { negotiateEncoding } from "@hyperwire/headers";

/**
 * Picks the content coding to apply from `offers` (the server's order of
 * preference, best first) for an `Accept-Encoding` value, or `undefined` for
 * identity: `negotiateEncoding` of @hyperwire/headers with identity as the
 * last offer and ties going to the server's order (RFC 9110 §12.5.3 leaves
 * equal weights to the server, and the order a client lists codings in says
 * nothing: curl's `--compressed` sends `deflate, gzip, br, zstd`, which must
 * not get deflate over br). Identity wins only when the client weighs it
 * above every acceptable coding.
 *
 * @internal Used by `withCompression` and `serveStatic`'s precompressed files.
 */
export function chooseContentCoding<T extends string>(
  accept: string,
  offers: readonly T[],
): T | undefined {
  const best = negotiateEncoding(accept, [...offers, "identity"], { ties: "offers" });
  return best === undefined || best === "identity" ? undefined : (best as T);
}
