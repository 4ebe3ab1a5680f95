import { getStatusDefinition } from "./get-status-definition.js";
import { statusClass } from "./status-class.js";

/**
 * Whether a response with `code` never has content, whatever its header
 * fields say: 1xx, 204 and 304. RFC 9112 §6.3 (first rule) ends such a
 * response at the empty line after the header section; RFC 9110 §15.2,
 * §15.3.5 and §15.4.5 forbid the content. This is the framing rule, so it
 * covers unregistered 1xx codes too. `false` for invalid codes.
 *
 * 205 is not in this list: a server MUST NOT generate content in it
 * (RFC 9110 §15.3.6), but a 205 is framed by its header fields like any other
 * response; see {@link serverMustNotGenerateContent}.
 *
 * @example
 * ```ts
 * statusForbidsContent(204);  // true
 * statusForbidsContent(304);  // true
 * statusForbidsContent(199);  // true
 * statusForbidsContent(205);  // false
 * statusForbidsContent(200);  // false
 * ```
 */
export function statusForbidsContent(code: number): boolean {
  return statusClass(code) === 1 || code === 204 || code === 304;
}

/**
 * Whether a server MUST NOT generate content in a response with `code`: the
 * codes of {@link statusForbidsContent} plus 205 Reset Content (RFC 9110 §15.3.6).
 * A server should send 205 with `Content-Length: 0` (or close the connection),
 * since RFC 9112 does not frame it as empty.
 *
 * @example
 * ```ts
 * serverMustNotGenerateContent(205);  // true
 * serverMustNotGenerateContent(200);  // false
 * ```
 */
export function serverMustNotGenerateContent(code: number): boolean {
  return statusForbidsContent(code) || code === 205;
}

/**
 * Whether a response with `code` may be reused by a cache under a heuristic
 * freshness lifetime when it carries no explicit expiration: 200, 203, 204,
 * 206, 300, 301, 308, 404, 405, 410, 414 and 501 (RFC 9110 §15.1), and 451
 * (RFC 7725 §3). `false` for every other code, and always for an unrecognised
 * one: only a code defined as heuristically cacheable qualifies (RFC 9111
 * §4.2.2), and a cache cannot know that of a code it does not recognise
 * (RFC 7231 §6 said outright that a recipient MUST NOT cache such a response).
 *
 * @example
 * ```ts
 * isHeuristicallyCacheable(200);  // true
 * isHeuristicallyCacheable(302);  // false
 * isHeuristicallyCacheable(299);  // false: unrecognised, even though 200 is
 * ```
 */
export function isHeuristicallyCacheable(code: number): boolean {
  const definition = getStatusDefinition(code);
  return definition?.recognized === true && definition.heuristicallyCacheable;
}
