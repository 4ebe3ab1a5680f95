import { rank, sortAccepted } from "./internal/rank.js";
import { type AcceptedCharset, parseAcceptCharset } from "./parse-accept-charset.js";

/**
 * The offered charsets the `Accept-Charset` field allows, best first
 * (RFC 9110 §12.5.2): names compare case-insensitively, "*" matches any
 * charset not mentioned elsewhere in the field. Without `offers`, the
 * acceptable charsets themselves. An absent field accepts every charset.
 *
 * @example
 * ```ts
 * preferredCharsets("utf-8, iso-8859-1;q=0.5", ["ISO-8859-1", "UTF-8"]); // ["UTF-8", "ISO-8859-1"]
 * ```
 */
export function preferredCharsets(
  accept: string | null | undefined,
  offers?: readonly string[],
): string[] {
  let list: AcceptedCharset[];
  if (accept === undefined || accept === null) list = [{ charset: "*", q: 1 }];
  else {
    const r = parseAcceptCharset(accept, { skipInvalidElements: true });
    list = r.ok ? r.value : [];
  }
  if (offers === undefined) return sortAccepted(list).map((e) => e.charset);
  const lower = offers.map((o) => o.toLowerCase());
  return rank(offers.length, list, (i, e) =>
    e.charset === lower[i] ? 1 : e.charset === "*" ? 0 : -1,
  ).map((i) => offers[i]!);
}

/**
 * Picks the best offered charset for an `Accept-Charset` field value, or
 * `undefined` when none is acceptable.
 *
 * @example
 * ```ts
 * negotiateCharset("utf-8;q=0, *", ["utf-8", "iso-8859-1"]); // "iso-8859-1"
 * ```
 */
export function negotiateCharset(
  accept: string | null | undefined,
  offers: readonly string[],
): string | undefined {
  return preferredCharsets(accept, offers)[0];
}
