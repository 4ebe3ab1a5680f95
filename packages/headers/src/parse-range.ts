import { err, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { skipWhitespace, tokenEnd } from "./internal/scan.js";

/** One byte range spec as written: `first-last`, `first-`, or `-suffix` (RFC 9110 §14.1.1). */
export type ByteRangeSpec =
  | { readonly kind: "int"; readonly first: number; readonly last: number | undefined }
  | { readonly kind: "suffix"; readonly length: number };

/** A resolved, satisfiable byte range: offsets `start` to `end`, both inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Limits and policies of {@link parseRange}. */
export interface RangeOptions {
  /**
   * Most range-specs accepted in one field; more fail with
   * `HW_HEADERS_TOO_MANY_RANGES`. Default 100. Many small ranges are a known
   * denial-of-service (CVE-2011-3192, RFC 9110 §17.15).
   */
  maxRanges?: number;
  /**
   * What to do with satisfiable ranges that overlap (share a byte):
   * `"coalesce"` (default) merges them, `"reject"` fails with
   * `HW_HEADERS_OVERLAPPING_RANGES`, `"allow"` keeps them as sent.
   * RFC 9110 §14.2 lets a server ignore or reject "more than two overlapping
   * ranges"; merging keeps the total bytes sent at most the representation size.
   */
  overlapping?: "coalesce" | "reject" | "allow";
  /**
   * Also merge ranges that are merely adjacent (`0-4,5-9` → `0-9`), like
   * range-parser's `combine`. Default false.
   */
  combine?: boolean;
}

/** The default {@link RangeOptions.maxRanges}. */
export const DEFAULT_MAX_RANGES = 100;

/** Reads 1*DIGIT at `i`, saturating at Number.MAX_SAFE_INTEGER; returns [value, end]. */
function digits(text: string, i: number): [number, number] {
  let n = 0;
  const start = i;
  for (;;) {
    const d = text.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) break;
    n = n * 10 + d;
    i++;
  }
  if (n > Number.MAX_SAFE_INTEGER) n = Number.MAX_SAFE_INTEGER;
  return i === start ? [-1, i] : [n, i];
}

function invalid(message: string, offset: number): HeadersError {
  return new HeadersError("HW_HEADERS_INVALID_RANGE", message, { offset });
}

/**
 * Parses a `Range` field value without resolving it against a length.
 *
 * ```
 * Range            = ranges-specifier
 * ranges-specifier = range-unit "=" range-set
 * range-set        = 1#range-spec
 * range-spec       = int-range / suffix-range / other-range
 * int-range        = first-pos "-" [ last-pos ]
 * suffix-range     = "-" suffix-length                       RFC 9110 §14.1.1, §14.2
 * ```
 *
 * Only the "bytes" unit is understood (compared case-insensitively, §14.1);
 * others fail with `HW_HEADERS_UNSUPPORTED_RANGE_UNIT`, which a server must
 * answer by ignoring the field (§14.2). An int-range whose last-pos is below
 * its first-pos is invalid (§14.1.1): `HW_HEADERS_INVALID_RANGE`.
 *
 * @example
 * ```ts
 * parseRangeSpecifier("bytes=0-499, -500");
 * // ok: { unit: "bytes", specs: [{kind:"int",first:0,last:499},{kind:"suffix",length:500}] }
 * ```
 */
export function parseRangeSpecifier(
  value: string,
  options?: Pick<RangeOptions, "maxRanges">,
): Result<{ unit: "bytes"; specs: ByteRangeSpec[] }, HeadersError> {
  const maxRanges = options?.maxRanges ?? DEFAULT_MAX_RANGES;
  const length = value.length;
  let i = skipWhitespace(value, 0);
  const unitEnd = tokenEnd(value, i);
  if (unitEnd === i || value.charCodeAt(unitEnd) !== 0x3d /* = */) {
    return err(invalid('Range needs range-unit "=" range-set', unitEnd));
  }
  const unit = value.slice(i, unitEnd).toLowerCase();
  if (unit !== "bytes") {
    return err(
      new HeadersError(
        "HW_HEADERS_UNSUPPORTED_RANGE_UNIT",
        `range unit ${JSON.stringify(unit)} is not supported`,
        {
          offset: i,
        },
      ),
    );
  }
  i = unitEnd + 1;
  const specs: ByteRangeSpec[] = [];
  while (i < length) {
    i = skipWhitespace(value, i);
    if (i >= length) break;
    if (value.charCodeAt(i) === 0x2c) {
      i++; // RFC 9110 §5.6.1.2: empty list elements are ignored
      continue;
    }
    const specStart = i;
    let spec: ByteRangeSpec;
    if (value.charCodeAt(i) === 0x2d /* - */) {
      const [suffix, end] = digits(value, i + 1);
      if (suffix < 0) return err(invalid("suffix-range needs a length", i + 1));
      spec = { kind: "suffix", length: suffix };
      i = end;
    } else {
      const [first, afterFirst] = digits(value, i);
      if (first < 0 || value.charCodeAt(afterFirst) !== 0x2d)
        return err(invalid("invalid range-spec", i));
      const [last, end] = digits(value, afterFirst + 1);
      if (last >= 0 && last < first)
        return err(invalid("last-pos is less than first-pos", specStart));
      spec = { kind: "int", first, last: last < 0 ? undefined : last };
      i = end;
    }
    i = skipWhitespace(value, i);
    if (i < length && value.charCodeAt(i) !== 0x2c) {
      return err(invalid(`unexpected character ${JSON.stringify(value[i])} in range-set`, i));
    }
    if (specs.length === maxRanges) {
      return err(
        new HeadersError("HW_HEADERS_TOO_MANY_RANGES", `more than ${maxRanges} ranges`, {
          offset: specStart,
          statusHint: 416,
        }),
      );
    }
    specs.push(spec);
    i++;
  }
  if (specs.length === 0) return err(invalid("range-set needs at least one range-spec", length));
  return ok({ unit: "bytes", specs });
}

/**
 * Resolves parsed range specs against a representation of `size` bytes
 * (RFC 9110 §14.1.1, §14.1.2): drops the unsatisfiable ones, clamps last-pos
 * to `size - 1`, turns suffixes into offsets, then applies the overlap policy.
 * Fails with `HW_HEADERS_UNSATISFIABLE_RANGE` (status hint 416) when nothing is
 * left. A zero-length representation satisfies nothing here (RFC 9110 allows
 * a non-zero suffix-range, but it would select zero bytes).
 */
export function resolveByteRanges(
  specs: readonly ByteRangeSpec[],
  size: number,
  options?: RangeOptions,
): Result<ByteRange[], HeadersError> {
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    if (spec.kind === "suffix") {
      // §14.1.1: a suffix-range is satisfiable if its length is non-zero.
      if (spec.length === 0 || size === 0) continue;
      ranges.push({ start: Math.max(0, size - spec.length), end: size - 1 });
    } else {
      // §14.1.1: an int-range is satisfiable if first-pos < length.
      if (spec.first >= size) continue;
      const end = spec.last === undefined || spec.last >= size ? size - 1 : spec.last;
      ranges.push({ start: spec.first, end });
    }
  }
  if (ranges.length === 0) {
    return err(
      new HeadersError("HW_HEADERS_UNSATISFIABLE_RANGE", "no range is satisfiable", {
        statusHint: 416,
      }),
    );
  }
  const policy = options?.overlapping ?? "coalesce";
  const combine = options?.combine === true;
  if (ranges.length === 1 || (policy === "allow" && !combine)) return ok(ranges);
  return coalesce(ranges, policy, combine);
}

function coalesce(
  ranges: ByteRange[],
  policy: "coalesce" | "reject" | "allow",
  combine: boolean,
): Result<ByteRange[], HeadersError> {
  const ordered = ranges.map((r, index) => ({ start: r.start, end: r.end, index }));
  ordered.sort((a, b) => a.start - b.start || a.index - b.index);
  let j = 0;
  let merged = false;
  for (let k = 1; k < ordered.length; k++) {
    const next = ordered[k]!;
    const current = ordered[j]!;
    const overlaps = next.start <= current.end;
    if (overlaps && policy === "reject") {
      return err(
        new HeadersError("HW_HEADERS_OVERLAPPING_RANGES", "ranges overlap", { statusHint: 416 }),
      );
    }
    const joins = policy === "allow" ? false : overlaps;
    if (joins || (combine && next.start <= current.end + 1)) {
      merged = true;
      if (next.end > current.end) current.end = next.end;
      if (next.index < current.index) current.index = next.index;
    } else ordered[++j] = next;
  }
  if (!merged) return ok(ranges);
  ordered.length = j + 1;
  ordered.sort((a, b) => a.index - b.index);
  return ok(ordered.map(({ start, end }) => ({ start, end })));
}

/**
 * Parses a `Range` field value and resolves it against a representation of
 * `size` bytes: typed results in place of range-parser's -1/-2.
 *
 * Error codes and what a server does with them (RFC 9110 §14.2):
 * - `HW_HEADERS_INVALID_RANGE`, `HW_HEADERS_UNSUPPORTED_RANGE_UNIT`: ignore the
 *   Range field and send the whole representation (200).
 * - `HW_HEADERS_UNSATISFIABLE_RANGE`: 416 with `Content-Range: bytes *∕size`.
 * - `HW_HEADERS_TOO_MANY_RANGES`, `HW_HEADERS_OVERLAPPING_RANGES`: the server
 *   may ignore the field (200) or reject it (416); the status hint says 416.
 *
 * Defaults: at most 100 ranges, overlapping ranges coalesced, adjacent ones
 * kept apart (see {@link RangeOptions}).
 *
 * @example
 * ```ts
 * parseRange("bytes=0-499", 10000); // ok: { unit: "bytes", ranges: [{ start: 0, end: 499 }] }
 * parseRange("bytes=-500", 10000); // ok: ranges [{ start: 9500, end: 9999 }]
 * parseRange("bytes=9500-", 10000); // ok: ranges [{ start: 9500, end: 9999 }]
 * parseRange("bytes=10000-", 10000); // error HW_HEADERS_UNSATISFIABLE_RANGE
 * ```
 */
export function parseRange(
  value: string,
  size: number,
  options?: RangeOptions,
): Result<{ unit: "bytes"; ranges: ByteRange[] }, HeadersError> {
  const parsed = parseRangeSpecifier(value, options);
  if (!parsed.ok) return parsed;
  const resolved = resolveByteRanges(parsed.value.specs, size, options);
  if (!resolved.ok) return resolved;
  return ok({ unit: "bytes", ranges: resolved.value });
}

/**
 * Formats a `Range` field value from range specs.
 *
 * @example
 * ```ts
 * formatRange([{ kind: "int", first: 0, last: 99 }, { kind: "suffix", length: 10 }]); // "bytes=0-99, -10"
 * ```
 */
export function formatRange(specs: readonly ByteRangeSpec[]): string {
  if (specs.length === 0)
    throw new HeadersError("HW_HEADERS_INVALID_RANGE", "a Range needs at least one range-spec");
  const parts = specs.map((s) => {
    const check = (n: number) => {
      if (!Number.isSafeInteger(n) || n < 0)
        throw new HeadersError("HW_HEADERS_INVALID_RANGE", `invalid position ${n}`);
      return n;
    };
    if (s.kind === "suffix") return `-${check(s.length)}`;
    if (s.last !== undefined && check(s.last) < check(s.first)) {
      throw new HeadersError("HW_HEADERS_INVALID_RANGE", "last-pos is less than first-pos");
    }
    return s.last === undefined ? `${check(s.first)}-` : `${s.first}-${s.last}`;
  });
  return `bytes=${parts.join(", ")}`;
}
