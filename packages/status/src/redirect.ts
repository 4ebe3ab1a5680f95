/** The method and body of the request that follows a redirect. */
export interface RedirectRequest {
  /** The method to use for the follow-up request. */
  readonly method: string;
  /**
   * Whether the follow-up request repeats the original content. `false` means
   * send it without content, and drop the content's header fields
   * (Content-Type, Content-Length, Content-Encoding, …) with it.
   */
  readonly keepBody: boolean;
}

// The codes a user agent follows automatically by rewriting the request to the
// Location target, as the Fetch standard's "redirect status" also lists them.
const FOLLOWED = new Set([301, 302, 303, 307, 308]);

/**
 * Whether `code` is a redirect a client follows automatically to the URI in
 * Location: 301, 302, 303, 307 and 308 (RFC 9110 §15.4).
 * Not 300 (the user chooses among representations), 304 (a cache validation
 * answer, not a redirect), 305 (deprecated; a client must not follow it through
 * a proxy it names, RFC 9110 §15.4.6) or 306 (unused).
 *
 * @example
 * ```ts
 * isRedirect(301);  // true
 * isRedirect(304);  // false
 * isRedirect(300);  // false
 * ```
 */
export function isRedirect(code: number): boolean {
  return FOLLOWED.has(code);
}

/**
 * How the request that follows a redirect is built from the original's method
 * (RFC 9110 §15.4), or `null` when `code` is not a redirect to follow
 * (see {@link isRedirect}). Method names are case-sensitive: `post` is an
 * extension method and is never rewritten.
 *
 * | code | follow-up |
 * |---|---|
 * | 301, 302 | POST becomes GET without content, as browsers do (RFC 9110 §15.4.2 and §15.4.3 notes allow it); any other method is repeated with its content |
 * | 303 | GET without content, except HEAD stays HEAD (RFC 9110 §15.4.4) |
 * | 307, 308 | same method, same content (RFC 9110 §15.4.8, §15.4.9: the method MUST NOT change) |
 *
 * @example
 * ```ts
 * redirectRequest(302, "POST");  // { method: "GET", keepBody: false }
 * redirectRequest(303, "PUT");   // { method: "GET", keepBody: false }
 * redirectRequest(303, "HEAD");  // { method: "HEAD", keepBody: false }
 * redirectRequest(307, "POST");  // { method: "POST", keepBody: true }
 * redirectRequest(304, "GET");   // null
 * ```
 */
export function redirectRequest(code: number, method: string): RedirectRequest | null {
  switch (code) {
    case 301:
    case 302:
      // RFC 9110 §15.4.2/§15.4.3 note: "For historical reasons, a user agent
      // MAY change the request method from POST to GET for the subsequent request."
      return method === "POST" ? { method: "GET", keepBody: false } : { method, keepBody: true };
    case 303:
      // RFC 9110 §15.4.4: the follow-up is a GET (or HEAD, RFC 9110 §9.3.2: HEAD
      // asks for what GET would, minus content) to the Location URI.
      return method === "HEAD"
        ? { method: "HEAD", keepBody: false }
        : { method: "GET", keepBody: false };
    case 307:
    case 308:
      return { method, keepBody: true };
    default:
      return null;
  }
}
