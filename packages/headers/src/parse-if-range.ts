import { err, ok, parseHttpDate, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { skipWhitespace } from "./internal/scan.js";
import { type EntityTag, parseEntityTagAt, parseETag, strongCompare } from "./parse-entity-tag.js";

/** A parsed `If-Range` value: an entity tag or a date. */
export type IfRange = { readonly etag: EntityTag } | { readonly date: Date };

/**
 * Parses an `If-Range` field value.
 *
 * ```
 * If-Range = entity-tag / HTTP-date                         RFC 9110 §13.1.5
 * ```
 *
 * Errors: `HW_HEADERS_INVALID_IF_RANGE`.
 *
 * @example
 * ```ts
 * parseIfRange('"xyzzy"'); // ok: { etag: { weak: false, opaque: "xyzzy" } }
 * parseIfRange("Sat, 29 Oct 1994 19:43:31 GMT"); // ok: { date }
 * ```
 */
export function parseIfRange(value: string): Result<IfRange, HeadersError> {
  const start = skipWhitespace(value, 0);
  const c = value.charCodeAt(start);
  if (c === 0x22 || (c === 0x57 && value.charCodeAt(start + 1) === 0x2f)) {
    const r = parseEntityTagAt(value, start);
    if (r !== null && skipWhitespace(value, r.end) === value.length) return ok({ etag: r.tag });
  } else {
    const d = parseHttpDate(value.trim());
    if (d.ok) return ok({ date: d.value });
  }
  return err(
    new HeadersError(
      "HW_HEADERS_INVALID_IF_RANGE",
      "If-Range is neither an entity-tag nor an HTTP-date",
      { offset: start },
    ),
  );
}

/** The validators of the selected representation, as a server knows them. */
export interface ResourceValidators {
  /** The current entity tag: an `ETag` field value (`'"v1"'`, `'W/"v1"'`) or a parsed tag. */
  etag?: string | EntityTag | undefined;
  /** The current modification time (`Last-Modified`). */
  lastModified?: Date | number | undefined;
  /** Whether the target resource has a current representation. Default `true`. */
  exists?: boolean | undefined;
}

/** @internal */
export function currentETag(resource: ResourceValidators): EntityTag | undefined {
  const { etag } = resource;
  if (etag === undefined) return undefined;
  if (typeof etag !== "string") return etag;
  const r = parseETag(etag);
  return r.ok ? r.value : undefined;
}

/** Seconds since the epoch, truncated: HTTP dates have one-second resolution (RFC 9110 §5.6.7). @internal */
export function toSeconds(date: Date | number): number {
  return Math.floor(+date / 1000);
}

/**
 * Evaluates `If-Range` (RFC 9110 §13.1.5): `true` when the Range field may be
 * honoured, `false` when the whole representation must be sent instead.
 *
 * - An entity-tag matches only by strong comparison with the current ETag
 *   (a weak tag never matches).
 * - An HTTP-date matches only if it equals the Last-Modified time exactly
 *   (at one-second resolution). RFC 9110 §13.1.5 step 1 also requires the
 *   date to be a strong validator (§8.8.2.2); deciding that needs the
 *   response's Date and is left to the caller.
 * - An invalid value is false: sending the whole representation is always safe.
 *
 * @example
 * ```ts
 * evaluateIfRange('"v2"', { etag: '"v2"' }); // true
 * ```
 */
export function evaluateIfRange(value: string, resource: ResourceValidators): boolean {
  const r = parseIfRange(value);
  if (!r.ok) return false;
  if ("etag" in r.value) {
    const current = currentETag(resource);
    return current !== undefined && strongCompare(r.value.etag, current);
  }
  return (
    resource.lastModified !== undefined &&
    toSeconds(r.value.date) === toSeconds(resource.lastModified)
  );
}
