/**
 * The outcome of parsing untrusted input: a value, or the reason it was refused.
 * Parsers in every hyperwire package return this instead of throwing.
 *
 * @example
 * ```ts
 * const r = parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
 * if (r.ok) console.log(r.value.toISOString());
 * else console.log(r.error.code);
 * ```
 */
export type Result<T, E = Error> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Wraps a successful value as a {@link Result}. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps a failure as a {@link Result}. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
