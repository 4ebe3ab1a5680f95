import { Method } from "./method.js";

/**
 * Whether a response to a request with method `name` can carry content.
 * False only for HEAD: RFC 9110 §9.3.2, the server MUST NOT send content in
 * the response, and RFC 9112 §6.3 (first rule) frames any response to HEAD as ending at
 * the header section whatever Content-Length or Transfer-Encoding says.
 *
 * The status code matters too (1xx, 204 and 304 never carry content; ask
 * `@hyperwire/status`), and so does CONNECT: see {@link successfulResponseIsTunnel}.
 *
 * @example
 * ```ts
 * responseMayHaveContent("GET");   // true
 * responseMayHaveContent("HEAD");  // false
 * responseMayHaveContent("head");  // true: an extension method, not HEAD
 * ```
 */
export function responseMayHaveContent(name: string): boolean {
  return name !== Method.HEAD;
}

/**
 * Whether a 2xx (Successful) response to `name` turns the connection into a
 * tunnel. True only for CONNECT: RFC 9110 §9.3.6 and RFC 9112 §6.3 (second rule): the
 * connection becomes a tunnel right after the header section of any 2xx
 * response, which therefore has no content, and Content-Length or
 * Transfer-Encoding in it must be ignored.
 *
 * @example
 * ```ts
 * successfulResponseIsTunnel("CONNECT");  // true
 * successfulResponseIsTunnel("GET");      // false
 * ```
 */
export function successfulResponseIsTunnel(name: string): boolean {
  return name === Method.CONNECT;
}
