import { isToken, ok, type Result, skipOws } from "@hyperwire/grammar";
import { framingError, parseCodingList, scanToken } from "../coding-list.js";
import { HeadersError } from "../errors.js";
import { internFieldName } from "../field-names.js";
import { readTokenOrQuotedString } from "./token-or-quoted-string.js";

/*
 * The list walks shared by the framing fields (Connection, Trailer, Expect,
 * Keep-Alive, Upgrade). Each field passes its own name and error code, so
 * every message and code stays that field's own.
 */

/**
 * Reads `#token` (RFC 9110 §5.6.1, §5.6.2) as a set: tokens lowercased and
 * interned, each kept at its first occurrence. A ";" or anything else off the
 * rule fails with `code`. The value of Connection (RFC 9110 §7.6.1) and
 * Trailer (RFC 9110 §6.6.2), whose elements are compared case-insensitively.
 * @internal
 */
export function parseTokenSet(
  value: string,
  field: string,
  code: string,
): Result<string[], HeadersError> {
  const parsed = parseCodingList(value, field, code, false);
  if (!parsed.ok) return parsed;
  const out: string[] = [];
  for (const element of parsed.value) {
    const name = internFieldName(element.name);
    if (out.indexOf(name) === -1) out.push(name);
  }
  return ok(out);
}

/**
 * Joins tokens with ", " (RFC 9110 §5.6.1). Throws `HeadersError(code)` with
 * the message `<what> "<token>" is not a token` for the first one that is not.
 * @internal
 */
export function formatTokenList(tokens: readonly string[], code: string, what: string): string {
  for (const token of tokens) {
    if (!isToken(token)) {
      throw new HeadersError(code, `${what} ${JSON.stringify(token)} is not a token`);
    }
  }
  return tokens.join(", ");
}

/**
 * Walks `#element` where every element starts with a token (RFC 9110 §5.6.1):
 * OWS and empty elements are skipped (§5.6.1.2), a token must open each
 * element, and after the element only OWS and then "," or the end may follow.
 *
 * `element(start, nameEnd)` gets the bounds of that token, reads the rest of
 * the element and returns the index just past it, or a `HeadersError`.
 * Failures of the walk itself are `framingError(code, …)` with the messages
 * `<field>: expected <expected> at index N` and `<field>: unexpected "c" at index N`.
 *
 * @returns undefined when the whole value is a valid list, else the error.
 * @internal
 */
export function walkTokenList(
  value: string,
  field: string,
  code: string,
  expected: string,
  element: (start: number, nameEnd: number) => number | HeadersError,
): HeadersError | undefined {
  const length = value.length;
  let i = 0;
  for (;;) {
    i = skipOws(value, i);
    if (i >= length) return undefined;
    if (value.charCodeAt(i) === 0x2c /* , */) {
      i++;
      continue;
    }
    const start = i;
    const nameEnd = scanToken(value, i);
    if (nameEnd === start) {
      return framingError(code, `${field}: expected ${expected} at index ${start}`, start);
    }
    const end = element(start, nameEnd);
    if (typeof end !== "number") return end;
    i = skipOws(value, end);
    if (i < length && value.charCodeAt(i) !== 0x2c) {
      return framingError(
        code,
        `${field}: unexpected ${JSON.stringify(value[i])} at index ${i}`,
        i,
      );
    }
    i++;
  }
}

/**
 * Reads the rest of `token [ "=" ( token / quoted-string ) ]` once
 * {@link walkTokenList} has found the token at `[start, nameEnd)`: the
 * element of Expect (RFC 9110 §10.1.1) and Keep-Alive (RFC 2068 §19.7.1.1).
 * The name is lowercased (both compare names case-insensitively); the value
 * is unquoted, or undefined without "=". An "=" without a valid value fails
 * with `framingError(code, …)`.
 * @internal
 */
export function readNameAndValue(
  value: string,
  start: number,
  nameEnd: number,
  field: string,
  code: string,
): { name: string; value: string | undefined; end: number } | HeadersError {
  const name = value.slice(start, nameEnd).toLowerCase();
  if (value.charCodeAt(nameEnd) !== 0x3d /* = */) return { name, value: undefined, end: nameEnd };
  const i = nameEnd + 1;
  const read = readTokenOrQuotedString(value, i);
  if (read === null) {
    return framingError(
      code,
      value.charCodeAt(i) === 0x22
        ? `${field}: malformed quoted-string at index ${i}`
        : `${field}: "${name}=" has no value`,
      i,
    );
  }
  return { name, value: read.value, end: read.end };
}
