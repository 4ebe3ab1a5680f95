import { err, isToken, ok, type Result, splitList } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/**
 * Parses Allow, RFC 9110 §10.2.1: `Allow = #method`. Method names are
 * case-sensitive tokens and are kept as written. An empty value is valid and
 * means the resource allows no methods.
 *
 * @example
 * ```ts
 * parseAllow("GET, HEAD, PUT"); // ok: ["GET", "HEAD", "PUT"]
 * ```
 */
export function parseAllow(value: string): Result<string[], HeadersError> {
  const methods = splitList(value);
  for (const m of methods) {
    if (!isToken(m))
      return err(
        new HeadersError("HW_HEADERS_INVALID_ALLOW", `${JSON.stringify(m)} is not a method token`),
      );
  }
  return ok(methods);
}

/**
 * Serializes Allow (RFC 9110 §10.2.1), dropping repeats.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_ALLOW` for a name that is not a token.
 */
export function formatAllow(methods: Iterable<string>): string {
  const out = new Set<string>();
  for (const m of methods) {
    if (!isToken(m))
      throw new HeadersError(
        "HW_HEADERS_INVALID_ALLOW",
        `${JSON.stringify(m)} is not a method token`,
      );
    out.add(m);
  }
  return [...out].join(", ");
}
