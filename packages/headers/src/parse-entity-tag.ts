import { err, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { skipWhitespace } from "./internal/scan.js";

/** An entity tag (RFC 9110 §8.8.3): the opaque string without quotes, and whether it is weak. */
export interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

/**
 * etagc = %x21 / %x23-7E / obs-text                          RFC 9110 §8.8.3
 */
function isEtagc(code: number): boolean {
  return code === 0x21 || (code >= 0x23 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}

/**
 * Reads one entity-tag at `start`; returns it and the index after it, or null.
 * @internal
 */
export function parseEntityTagAt(
  text: string,
  start: number,
): { tag: EntityTag; end: number } | null {
  // entity-tag = [ weak ] opaque-tag
  // weak       = %s"W/"          (case-sensitive)
  // opaque-tag = DQUOTE *etagc DQUOTE                         RFC 9110 §8.8.3
  let i = start;
  let weak = false;
  if (text.charCodeAt(i) === 0x57 /* W */ && text.charCodeAt(i + 1) === 0x2f /* / */) {
    weak = true;
    i += 2;
  }
  if (text.charCodeAt(i) !== 0x22) return null;
  const open = ++i;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === 0x22) break;
    if (!isEtagc(code)) return null; // also NaN at the end
    i++;
  }
  return { tag: { weak, opaque: text.slice(open, i) }, end: i + 1 };
}

function invalid(message: string, offset: number): HeadersError {
  return new HeadersError("HW_HEADERS_INVALID_ENTITY_TAG", message, { offset, statusHint: 400 });
}

/**
 * Parses an `ETag` field value (RFC 9110 §8.8.3): one entity-tag.
 *
 * The weakness indicator is the case-sensitive `W/`; the opaque part is
 * quoted and may not contain DQUOTE, SP or CTLs (no escaping exists).
 * Errors: `HW_HEADERS_INVALID_ENTITY_TAG`.
 *
 * @example
 * ```ts
 * parseETag('W/"xyzzy"'); // ok: { weak: true, opaque: "xyzzy" }
 * parseETag("xyzzy"); // error: entity tags are quoted
 * ```
 */
export function parseETag(value: string): Result<EntityTag, HeadersError> {
  const start = skipWhitespace(value, 0);
  const r = parseEntityTagAt(value, start);
  if (r === null) return err(invalid("not an entity-tag", start));
  const end = skipWhitespace(value, r.end);
  if (end !== value.length) return err(invalid("unexpected text after the entity-tag", end));
  return ok(r.tag);
}

/**
 * Formats an entity tag: `"opaque"` or `W/"opaque"`. Throws `HeadersError`
 * (`HW_HEADERS_INVALID_ENTITY_TAG`) when `opaque` holds a character outside
 * etagc (DQUOTE, SP, CTLs, or beyond U+00FF).
 *
 * @example
 * ```ts
 * formatETag({ weak: true, opaque: "v1" }); // 'W/"v1"'
 * ```
 */
export function formatETag(tag: EntityTag): string {
  const { opaque } = tag;
  for (let i = 0; i < opaque.length; i++) {
    if (!isEtagc(opaque.charCodeAt(i))) {
      throw invalid(`character ${JSON.stringify(opaque[i])} cannot appear in an entity-tag`, i);
    }
  }
  return tag.weak ? `W/"${opaque}"` : `"${opaque}"`;
}

/** Parsed `If-Match` / `If-None-Match` value: `"*"` or the listed entity tags. */
export type EntityTagList = "*" | EntityTag[];

/**
 * Parses an `If-Match` (RFC 9110 §13.1.1) or `If-None-Match` (§13.1.2) value.
 *
 * ```
 * If-Match = "*" / #entity-tag                              RFC 9110 §13.1.1
 * ```
 *
 * Errors: `HW_HEADERS_INVALID_ENTITY_TAG` (an empty list is one too: the
 * field would be meaningless).
 *
 * @example
 * ```ts
 * parseETagList('"xyzzy", "r2d2xxxx"'); // ok: [{weak:false,opaque:"xyzzy"}, {weak:false,opaque:"r2d2xxxx"}]
 * parseETagList("*"); // ok: "*"
 * ```
 */
export function parseETagList(value: string): Result<EntityTagList, HeadersError> {
  const length = value.length;
  let i = skipWhitespace(value, 0);
  if (value.charCodeAt(i) === 0x2a /* * */ && skipWhitespace(value, i + 1) === length)
    return ok("*");
  const tags: EntityTag[] = [];
  while (i < length) {
    i = skipWhitespace(value, i);
    if (i >= length) break;
    if (value.charCodeAt(i) === 0x2c) {
      i++;
      continue;
    }
    const r = parseEntityTagAt(value, i);
    if (r === null) return err(invalid("not an entity-tag", i));
    tags.push(r.tag);
    i = skipWhitespace(value, r.end);
    if (i < length && value.charCodeAt(i) !== 0x2c)
      return err(invalid('expected "," between entity-tags', i));
    i++;
  }
  if (tags.length === 0) return err(invalid("empty entity-tag list", 0));
  return ok(tags);
}

/**
 * Formats an `If-Match`/`If-None-Match` value.
 */
export function formatETagList(list: EntityTagList): string {
  return list === "*" ? "*" : list.map(formatETag).join(", ");
}

/**
 * Strong comparison (RFC 9110 §8.8.3.2): both tags are not weak and their
 * opaque-tags match character by character.
 *
 * | ETag 1 | ETag 2 | strong | weak |
 * |--------|--------|--------|------|
 * | W/"1"  | W/"1"  | no     | yes  |
 * | W/"1"  | W/"2"  | no     | no   |
 * | W/"1"  | "1"    | no     | yes  |
 * | "1"    | "1"    | yes    | yes  |
 */
export function strongCompare(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/**
 * Weak comparison (RFC 9110 §8.8.3.2): the opaque-tags match character by
 * character, whether either or both are tagged weak.
 */
export function weakCompare(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}
