import { err, isToken, ok, type Result, splitList } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/**
 * Parses Content-Encoding, RFC 9110 §8.4: `Content-Encoding = #content-coding`,
 * content-coding = token, case-insensitive (returned lowercase), in the order
 * they were applied (RFC 9110 §8.4 ¶2). Fails with `HW_HEADERS_INVALID_CONTENT_ENCODING`.
 *
 * @example
 * ```ts
 * parseContentEncoding("gzip, BR"); // ok: ["gzip", "br"]
 * ```
 */
export function parseContentEncoding(value: string): Result<string[], HeadersError> {
  const codings = splitList(value);
  for (const c of codings) {
    if (!isToken(c)) {
      return err(
        new HeadersError(
          "HW_HEADERS_INVALID_CONTENT_ENCODING",
          `${JSON.stringify(c)} is not a content-coding`,
          { statusHint: 400 },
        ),
      );
    }
  }
  return ok(codings.map((c) => c.toLowerCase()));
}

/**
 * Serializes Content-Encoding (RFC 9110 §8.4).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_CONTENT_ENCODING` for a name that is not a token, or an empty list.
 */
export function formatContentEncoding(codings: readonly string[]): string {
  if (codings.length === 0)
    throw new HeadersError("HW_HEADERS_INVALID_CONTENT_ENCODING", "no content-coding");
  for (const c of codings) {
    if (!isToken(c))
      throw new HeadersError(
        "HW_HEADERS_INVALID_CONTENT_ENCODING",
        `${JSON.stringify(c)} is not a token`,
      );
  }
  return codings.map((c) => c.toLowerCase()).join(", ");
}
