import {
  err,
  isToken,
  ok,
  parseComment,
  parseToken,
  type Result,
  skipOws,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { formatComment } from "./parse-via.js";

/** A product token or a comment of Server / User-Agent (RFC 9110 §10.1.5, §10.2.4). */
export type ProductElement =
  | { kind: "product"; name: string; version?: string }
  | { kind: "comment"; comment: string };

/**
 * Parses User-Agent or Server, RFC 9110 §10.1.5 and §10.2.4:
 * ```abnf
 * User-Agent      = product *( RWS ( product / comment ) )
 * product         = token [ "/" product-version ]
 * product-version = token
 * ```
 * The first element must be a product. Comments keep nested parentheses
 * and lose their quoted-pair escapes. Fails with `HW_HEADERS_INVALID_PRODUCTS`.
 *
 * @example
 * ```ts
 * parseProducts("CERN-LineMode/2.15 libwww/2.17b3 (X11; Linux)");
 * ```
 */
export function parseProducts(value: string): Result<ProductElement[], HeadersError> {
  const out: ProductElement[] = [];
  const fail = (m: string, offset: number) =>
    err(new HeadersError("HW_HEADERS_INVALID_PRODUCTS", m, { offset }));
  let i = skipOws(value, 0);
  while (i < value.length) {
    if (out.length > 0) {
      const j = skipOws(value, i);
      if (j === i) return fail("expected whitespace between elements", i);
      i = j;
      if (i >= value.length) break;
    }
    if (value.charCodeAt(i) === 0x28) {
      if (out.length === 0) return fail("the first element must be a product", i);
      const c = parseComment(value, i);
      if (c === null) return fail("malformed comment", i);
      out.push({ kind: "comment", comment: c.value });
      i = c.end;
      continue;
    }
    const name = parseToken(value, i);
    if (name === null) return fail("expected a product", i);
    i = name.end;
    if (value.charCodeAt(i) === 0x2f) {
      const version = parseToken(value, i + 1);
      if (version === null) return fail("expected product-version", i + 1);
      out.push({ kind: "product", name: name.value, version: version.value });
      i = version.end;
    } else out.push({ kind: "product", name: name.value });
  }
  if (out.length === 0) return fail("a product is required", 0);
  return ok(out);
}

/**
 * Serializes products and comments for User-Agent / Server.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_PRODUCTS` for non-token names or
 * versions, a leading comment, or an empty list.
 *
 * @example
 * ```ts
 * formatProducts([{ kind: "product", name: "hyperwire", version: "1.0" }, { kind: "comment", comment: "+https://example.com" }]);
 * // "hyperwire/1.0 (+https://example.com)"
 * ```
 */
export function formatProducts(elements: readonly ProductElement[]): string {
  const bad = (m: string) => new HeadersError("HW_HEADERS_INVALID_PRODUCTS", m);
  if (elements[0]?.kind !== "product") throw bad("the first element must be a product");
  return elements
    .map((e) => {
      if (e.kind === "comment") return formatComment(e.comment, bad);
      if (!isToken(e.name) || (e.version !== undefined && !isToken(e.version)))
        throw bad("product name and version are tokens");
      return e.version === undefined ? e.name : `${e.name}/${e.version}`;
    })
    .join(" ");
}
