import {
  err,
  formatTokenOrQuotedString,
  isToken,
  ok,
  parseQuotedString,
  type Result,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { nullRecord, skipWhitespace, tokenEnd } from "./internal/scan.js";
import { parseDeltaSeconds } from "./parse-delta-seconds.js";

/** A Cache-Control directive this module does not know, kept as received. */
export interface CacheDirectiveExtension {
  /** Lower-cased name (directive names are case-insensitive, RFC 9111 §5.2). */
  readonly name: string;
  /** The argument, unquoted, or `undefined` when the directive had none. */
  readonly value: string | undefined;
}

/**
 * The directives of a `Cache-Control` field (RFC 9111 §5.2), request and
 * response ones together; which apply depends on the message. Absent
 * directives are absent properties.
 */
export interface CacheControl {
  /** max-age (§5.2.1.1 request, §5.2.2.1 response), seconds. */
  maxAge?: number;
  /** s-maxage (§5.2.2.10), seconds. */
  sMaxAge?: number;
  /** max-stale (§5.2.1.2), seconds; `Infinity` when given without an argument ("any staleness"). */
  maxStale?: number;
  /** min-fresh (§5.2.1.3), seconds. */
  minFresh?: number;
  /** stale-while-revalidate (RFC 5861 §3), seconds. */
  staleWhileRevalidate?: number;
  /** stale-if-error (RFC 5861 §4), seconds. */
  staleIfError?: number;
  /** no-cache (§5.2.1.4, §5.2.2.4). */
  noCache?: boolean;
  /** Field names of the qualified response form no-cache="a, b" (§5.2.2.4), lower-cased. */
  noCacheFields?: string[];
  /** no-store (§5.2.1.5, §5.2.2.5). */
  noStore?: boolean;
  /** no-transform (§5.2.1.6, §5.2.2.6). */
  noTransform?: boolean;
  /** only-if-cached (§5.2.1.7). */
  onlyIfCached?: boolean;
  /** must-revalidate (§5.2.2.2). */
  mustRevalidate?: boolean;
  /** must-understand (§5.2.2.3). */
  mustUnderstand?: boolean;
  /** proxy-revalidate (§5.2.2.8). */
  proxyRevalidate?: boolean;
  /** public (§5.2.2.9). */
  public?: boolean;
  /** private (§5.2.2.7). */
  private?: boolean;
  /** Field names of the qualified form private="a, b" (§5.2.2.7), lower-cased. */
  privateFields?: string[];
  /** immutable (RFC 8246). */
  immutable?: boolean;
  /** Unknown directives, in field order (RFC 9111 §5.2.3: caches MUST ignore what they do not understand; kept for proxies). */
  extensions: CacheDirectiveExtension[];
  /**
   * Names of known directives whose argument was invalid. RFC 9111 §4.2.1
   * encourages treating invalid freshness information as stale, so an invalid
   * max-age or s-maxage reads as 0; other invalid arguments are dropped.
   */
  invalid: string[];
}

type NumberKey =
  | "maxAge"
  | "sMaxAge"
  | "maxStale"
  | "minFresh"
  | "staleWhileRevalidate"
  | "staleIfError";
type FlagKey =
  | "noStore"
  | "noTransform"
  | "onlyIfCached"
  | "mustRevalidate"
  | "mustUnderstand"
  | "proxyRevalidate"
  | "public"
  | "immutable";

const NUMBERS: Record<string, NumberKey | undefined> = Object.assign(nullRecord<NumberKey>(), {
  "max-age": "maxAge",
  "s-maxage": "sMaxAge",
  "max-stale": "maxStale",
  "min-fresh": "minFresh",
  "stale-while-revalidate": "staleWhileRevalidate",
  "stale-if-error": "staleIfError",
} as const);
const FLAGS: Record<string, FlagKey | undefined> = Object.assign(nullRecord<FlagKey>(), {
  "no-store": "noStore",
  "no-transform": "noTransform",
  "only-if-cached": "onlyIfCached",
  "must-revalidate": "mustRevalidate",
  "must-understand": "mustUnderstand",
  "proxy-revalidate": "proxyRevalidate",
  public: "public",
  immutable: "immutable",
} as const);

function fieldNames(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

/**
 * Reads `#( token [ "=" ( token / quoted-string ) ] )`, the shape of
 * Cache-Control and Pragma. Names lower-cased.
 * @internal
 */
export function parseDirectiveList(
  value: string,
  code: string,
  field: string,
): Result<{ name: string; value: string | undefined }[], HeadersError> {
  const out: { name: string; value: string | undefined }[] = [];
  const length = value.length;
  let i = 0;
  const fail = (message: string, offset: number) =>
    err(new HeadersError(code, `${field}: ${message}`, { offset, statusHint: 400 }));
  while (i < length) {
    i = skipWhitespace(value, i);
    if (i >= length) break;
    if (value.charCodeAt(i) === 0x2c) {
      i++; // RFC 9110 §5.6.1.2: empty list elements are ignored
      continue;
    }
    const nameEnd = tokenEnd(value, i);
    if (nameEnd === i)
      return fail(`expected a directive name, found ${JSON.stringify(value[i])}`, i);
    const name = value.slice(i, nameEnd).toLowerCase();
    i = nameEnd;
    let argument: string | undefined;
    if (value.charCodeAt(i) === 0x3d /* = */) {
      i++;
      if (value.charCodeAt(i) === 0x22) {
        const quoted = parseQuotedString(value, i);
        if (quoted === null) return fail(`malformed quoted-string in ${name}`, i);
        argument = quoted.value;
        i = quoted.end;
      } else {
        const end = tokenEnd(value, i);
        if (end === i) return fail(`${name}= needs a token or quoted-string`, i);
        argument = value.slice(i, end);
        i = end;
      }
    }
    i = skipWhitespace(value, i);
    if (i < length && value.charCodeAt(i) !== 0x2c) {
      return fail(`unexpected character ${JSON.stringify(value[i])}`, i);
    }
    out.push({ name, value: argument });
    i++;
  }
  return ok(out);
}

/**
 * Parses a `Cache-Control` field value (RFC 9111 §5.2).
 *
 * ```
 * Cache-Control   = #cache-directive
 * cache-directive = token [ "=" ( token / quoted-string ) ]  RFC 9111 §5.2
 * ```
 *
 * - Names are case-insensitive; arguments in token or quoted form are both
 *   accepted (RFC 9111 §5.2: recipients SHOULD accept both forms).
 * - delta-seconds saturate at 2147483648 (RFC 9111 §1.2.2).
 * - A repeated directive keeps its first occurrence (RFC 9111 §4.2.1).
 * - Unknown directives are kept in `extensions`.
 *
 * Errors (field syntax only): `HW_HEADERS_INVALID_CACHE_CONTROL`.
 *
 * @example
 * ```ts
 * parseCacheControl('max-age=3600, private="set-cookie", community="UCI"');
 * // ok: { maxAge: 3600, private: true, privateFields: ["set-cookie"],
 * //       extensions: [{ name: "community", value: "UCI" }], invalid: [] }
 * ```
 */
export function parseCacheControl(value: string): Result<CacheControl, HeadersError> {
  const list = parseDirectiveList(value, "HW_HEADERS_INVALID_CACHE_CONTROL", "Cache-Control");
  if (!list.ok) return list;
  const cc: CacheControl = { extensions: [], invalid: [] };
  const seen = nullRecord<true>();
  for (const { name, value: argument } of list.value) {
    if (seen[name] === true && NUMBERS[name] !== undefined) continue; // RFC 9111 §4.2.1: first occurrence
    seen[name] = true;
    const numberKey = NUMBERS[name];
    if (numberKey !== undefined) {
      if (argument === undefined && name === "max-stale") {
        cc.maxStale = Number.POSITIVE_INFINITY; // §5.2.1.2: no value means any staleness
        continue;
      }
      const seconds = argument === undefined ? undefined : parseDeltaSeconds(argument);
      if (seconds === undefined) {
        cc.invalid.push(name);
        // RFC 9111 §4.2.1: invalid freshness information is best treated as stale.
        if (numberKey === "maxAge" || numberKey === "sMaxAge") cc[numberKey] = 0;
        continue;
      }
      cc[numberKey] = seconds;
      continue;
    }
    const flagKey = FLAGS[name];
    if (flagKey !== undefined) {
      // §5.2: these directives take no argument; an argument is ignored but noted.
      if (argument !== undefined) cc.invalid.push(name);
      cc[flagKey] = true;
      continue;
    }
    if (name === "no-cache" || name === "private") {
      if (name === "no-cache") cc.noCache = true;
      else cc.private = true;
      if (argument !== undefined) {
        const names = fieldNames(argument);
        const key = name === "no-cache" ? "noCacheFields" : "privateFields";
        cc[key] = [...(cc[key] ?? []), ...names];
      }
      continue;
    }
    cc.extensions.push({ name, value: argument });
  }
  return ok(cc);
}

function formatDirective(name: string, argument: string | undefined): string {
  if (!isToken(name)) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_CACHE_CONTROL",
      `directive name must be a token: ${JSON.stringify(name)}`,
    );
  }
  if (argument === undefined) return name;
  try {
    return `${name}=${formatTokenOrQuotedString(argument)}`;
  } catch (cause) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_CACHE_CONTROL",
      `argument of ${name} cannot be quoted`,
      { cause },
    );
  }
}

function seconds(name: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_CACHE_CONTROL",
      `${name} must be a non-negative integer, got ${n}`,
    );
  }
  return `${name}=${Math.min(n, 2147483648)}`;
}

/**
 * Serializes Cache-Control directives: known ones in a fixed order, then the
 * extensions. delta-seconds in token form, field-name lists quoted (RFC 9111
 * §5.2.2.4 and §5.2.2.7 require the quoted-string form). Throws `HeadersError`
 * (`HW_HEADERS_INVALID_CACHE_CONTROL`) for negative or fractional seconds and
 * names that are not tokens.
 *
 * @example
 * ```ts
 * formatCacheControl({ public: true, maxAge: 600 }); // "max-age=600, public"
 * ```
 */
export function formatCacheControl(cc: Partial<CacheControl>): string {
  const parts: string[] = [];
  if (cc.maxAge !== undefined) parts.push(seconds("max-age", cc.maxAge));
  if (cc.sMaxAge !== undefined) parts.push(seconds("s-maxage", cc.sMaxAge));
  if (cc.maxStale !== undefined) {
    parts.push(
      cc.maxStale === Number.POSITIVE_INFINITY ? "max-stale" : seconds("max-stale", cc.maxStale),
    );
  }
  if (cc.minFresh !== undefined) parts.push(seconds("min-fresh", cc.minFresh));
  if (cc.noCache === true || cc.noCacheFields !== undefined) {
    parts.push(
      cc.noCacheFields?.length ? `no-cache="${formatNames(cc.noCacheFields)}"` : "no-cache",
    );
  }
  for (const [name, key] of Object.entries(FLAGS)) {
    if (key !== undefined && cc[key] === true && name !== "public" && name !== "immutable")
      parts.push(name);
  }
  if (cc.public === true) parts.push("public");
  if (cc.private === true || cc.privateFields !== undefined) {
    parts.push(cc.privateFields?.length ? `private="${formatNames(cc.privateFields)}"` : "private");
  }
  if (cc.immutable === true) parts.push("immutable");
  if (cc.staleWhileRevalidate !== undefined)
    parts.push(seconds("stale-while-revalidate", cc.staleWhileRevalidate));
  if (cc.staleIfError !== undefined) parts.push(seconds("stale-if-error", cc.staleIfError));
  for (const e of cc.extensions ?? []) parts.push(formatDirective(e.name, e.value));
  return parts.join(", ");
}

function formatNames(names: readonly string[]): string {
  for (const n of names) {
    if (!isToken(n)) {
      throw new HeadersError(
        "HW_HEADERS_INVALID_CACHE_CONTROL",
        `not a field name: ${JSON.stringify(n)}`,
      );
    }
  }
  return names.join(", ");
}
