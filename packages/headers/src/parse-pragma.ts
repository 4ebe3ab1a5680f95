import type { Result } from "@hyperwire/grammar";
import type { HeadersError } from "./errors.js";
import { type CacheDirectiveExtension, parseDirectiveList } from "./parse-cache-control.js";

/** A parsed `Pragma` field. */
export interface Pragma {
  /** Whether "no-cache" is present: the same as `Cache-Control: no-cache` (RFC 9111 §5.4). */
  noCache: boolean;
  /** Other pragma directives, in field order. */
  extensions: CacheDirectiveExtension[];
}

/**
 * Parses a `Pragma` field value (RFC 9111 §5.4, deprecated but still sent).
 *
 * ```
 * Pragma           = #pragma-directive
 * pragma-directive = "no-cache" / extension-pragma
 * extension-pragma = token [ "=" ( token / quoted-string ) ]   RFC 9111 §5.4
 * ```
 *
 * RFC 9111 §5.4: when Cache-Control is present, caches ignore Pragma; that
 * choice is the caller's. Errors: `HW_HEADERS_INVALID_PRAGMA`.
 *
 * @example
 * ```ts
 * parsePragma("no-cache"); // ok: { noCache: true, extensions: [] }
 * ```
 */
export function parsePragma(value: string): Result<Pragma, HeadersError> {
  const list = parseDirectiveList(value, "HW_HEADERS_INVALID_PRAGMA", "Pragma");
  if (!list.ok) return list;
  const pragma: Pragma = { noCache: false, extensions: [] };
  for (const d of list.value) {
    // "no-cache" with an argument is an extension-pragma, not the directive.
    if (d.name === "no-cache" && d.value === undefined) pragma.noCache = true;
    else pragma.extensions.push(d);
  }
  return { ok: true, value: pragma };
}
