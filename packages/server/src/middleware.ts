import type { Handler } from "./server-options.js";

/**
 * Wraps a {@link Handler} in another: the shape of every built-in feature
 * (`withConditionalRequests`, `withRanges`, `withCompression`). A middleware
 * may look at the request before calling the inner handler and rewrite the
 * response it returns; it stays a plain function of plain objects.
 *
 * @example
 * ```ts
 * const poweredBy: Middleware = (handler) => async (request) => {
 *   const response = await handler(request);
 *   return { ...response, headers: [...toPairs(response.headers), ["x-powered-by", "hyperwire"]] };
 * };
 * ```
 */
export type Middleware = (handler: Handler) => Handler;

/**
 * Composes middlewares into one. The first is the outermost: it sees the
 * request first and the response last, as in `compose(a, b)(h)` =
 * `a(b(h))`. With no middlewares the handler is returned unchanged.
 *
 * For the built-in features the useful order is compression outside, ranges
 * next, conditional requests inside: the conditional fields are evaluated (and
 * an ETag generated) first, `If-Range` then sees that ETag (RFC 9110 §13.2.2
 * puts If-Range last), and a 304 or 206 passes through compression untouched,
 * a range being cut from the identity content.
 *
 * @example
 * ```ts
 * import { compose, serve, withCompression, withConditionalRequests, withRanges } from "@hyperwire/server";
 *
 * const handler = compose(withCompression, withRanges, withConditionalRequests)(app);
 * await serve({ port: 8080, handler });
 * ```
 */
export function compose(...middlewares: readonly Middleware[]): Middleware {
  return (handler) => {
    let composed = handler;
    for (let i = middlewares.length - 1; i >= 0; i--) composed = middlewares[i]!(composed);
    return composed;
  };
}
