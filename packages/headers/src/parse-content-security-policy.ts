import { HeadersError } from "./errors.js";

/** One serialized policy: directive name (lowercase) → its value tokens, in order of appearance. */
export interface ContentSecurityPolicy {
  directives: Map<string, string[]>;
}

// ASCII whitespace per the Infra standard: TAB, LF, FF, CR, SP.
const ASCII_WS = /[\t\n\f\r ]+/;
// directive-name = 1*( ALPHA / DIGIT / "-" )   CSP3 §2.2.1
const DIRECTIVE_NAME = /^[A-Za-z0-9-]+$/;
// directive-value = *( required-ascii-whitespace / ( %x21-%x2B / %x2D-%x3A / %x3C-%x7E ) )   CSP3 §2.2.1
const DIRECTIVE_VALUE_TOKEN = /^[\x21-\x2b\x2d-\x3a\x3c-\x7e]+$/;

function trimAsciiWhitespace(text: string): string {
  return text.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
}

/**
 * Parses one serialized CSP, following CSP3 §2.2.1 "parse a serialized CSP":
 * split on ";", drop empty tokens, the directive name is everything up to the
 * first ASCII whitespace (lowercased), a repeated directive is ignored (the
 * first wins), and the value is the rest split on ASCII whitespace. Tokens
 * with non-ASCII text or an invalid name are skipped, as the algorithm says.
 * Never fails: an unusable policy just has no directives.
 *
 * @example
 * ```ts
 * parseSerializedCsp("script-src 'self' https://cdn.example; object-src 'none'").directives.get("script-src");
 * // ["'self'", "https://cdn.example"]
 * ```
 */
export function parseSerializedCsp(serialized: string): ContentSecurityPolicy {
  const directives = new Map<string, string[]>();
  for (const raw of serialized.split(";")) {
    const token = trimAsciiWhitespace(raw);
    if (token === "") continue;
    // The algorithm skips tokens that are not ASCII.
    if (!/^[\x00-\x7f]*$/.test(token)) continue;
    const ws = token.search(ASCII_WS);
    const name = (ws < 0 ? token : token.slice(0, ws)).toLowerCase();
    if (!DIRECTIVE_NAME.test(name)) continue;
    if (directives.has(name)) continue; // CSP3 §2.2.1 step 2.4: duplicates are ignored, first wins
    const rest = ws < 0 ? "" : token.slice(ws);
    directives.set(
      name,
      rest.split(ASCII_WS).filter((v) => v !== ""),
    );
  }
  return { directives };
}

/**
 * Parses a Content-Security-Policy (or -Report-Only) field value: one policy
 * per comma-separated element (CSP3 §2.2.2 "parse a response's Content
 * Security Policies"), each read by {@link parseSerializedCsp}. Empty policies
 * are dropped. Never fails.
 */
export function parseContentSecurityPolicy(value: string): ContentSecurityPolicy[] {
  return value
    .split(",")
    .map(parseSerializedCsp)
    .filter((p) => p.directives.size > 0);
}

/**
 * Builds a serialized CSP from directives (`Map` or object of name → source
 * list). Keyword sources must carry their quotes (`"'self'"`).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_CSP` for a directive name that is
 * not `1*( ALPHA / DIGIT / "-" )`, a repeated name (case-insensitively), or a
 * value token holding whitespace, ",", ";" or a non-ASCII/control character.
 *
 * @example
 * ```ts
 * formatContentSecurityPolicy({ "default-src": ["'self'"], "img-src": ["*"], "upgrade-insecure-requests": [] });
 * // "default-src 'self'; img-src *; upgrade-insecure-requests"
 * ```
 */
export function formatContentSecurityPolicy(
  directives: Map<string, readonly string[]> | Record<string, readonly string[]>,
): string {
  const entries = directives instanceof Map ? [...directives] : Object.entries(directives);
  const seen = new Set<string>();
  return entries
    .map(([name, values]) => {
      const lower = name.toLowerCase();
      if (!DIRECTIVE_NAME.test(name) || seen.has(lower)) {
        throw new HeadersError(
          "HW_HEADERS_INVALID_CSP",
          `invalid or repeated directive name ${JSON.stringify(name)}`,
        );
      }
      seen.add(lower);
      for (const v of values) {
        if (!DIRECTIVE_VALUE_TOKEN.test(v)) {
          throw new HeadersError(
            "HW_HEADERS_INVALID_CSP",
            `invalid value ${JSON.stringify(v)} for ${name}`,
          );
        }
      }
      return values.length === 0 ? name : `${name} ${values.join(" ")}`;
    })
    .join("; ");
}
