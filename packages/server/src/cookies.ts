import { parseCookieRecord, type SetCookieInit, serializeSetCookie } from "@hyperwire/headers";
import { responseFields } from "./response-body.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";
import { forwardedClient } from "./trusted-proxy.js";

const JARS = new WeakMap<ServerRequest, Readonly<Record<string, string>>>();

/**
 * The cookies of a request as a name → value record (RFC 6265 §5.4: the
 * Cookie field, `name=value` pairs separated by "; "), parsed once per
 * request. Several Cookie lines (an HTTP/2 habit some proxies keep) are read
 * together. When a name repeats, the first pair wins: user agents list the
 * cookie with the longest path first (§5.4 step 2). Values are returned as
 * sent, not decoded. The record has no prototype, so a cookie named
 * `__proto__` is just a cookie.
 *
 * @example
 * ```ts
 * // Cookie: sid=31d4d96e407aad42; lang=en-US
 * getCookies(request); // { sid: "31d4d96e407aad42", lang: "en-US" }
 * ```
 */
export function getCookies(request: ServerRequest): Readonly<Record<string, string>> {
  let jar = JARS.get(request);
  if (jar === undefined) {
    jar = Object.freeze(parseCookieRecord(request.headers.getAll("cookie").join("; ")));
    JARS.set(request, jar);
  }
  return jar;
}

/**
 * One cookie of a request, or `undefined`.
 *
 * @example
 * ```ts
 * const sid = getCookie(request, "sid");
 * ```
 */
export function getCookie(request: ServerRequest, name: string): string | undefined {
  const jar = getCookies(request);
  return Object.hasOwn(jar, name) ? jar[name] : undefined;
}

/** A cookie to set: the fields of `SetCookieInit` from @hyperwire/headers, each optional but name and value. */
export type CookieInit = SetCookieInit;

/**
 * Serializes a `Set-Cookie` value for a response to `request` with secure
 * defaults, each of which `init` may override: `HttpOnly` (scripts cannot
 * read it, RFC 6265 §4.1.2.6), `SameSite=Lax` (not sent on cross-site
 * subrequests, rfc6265bis §4.1.2.7), `Path=/`, and `Secure` when the client
 * uses HTTPS (TLS on the socket or `https` from a trusted proxy).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_COOKIE_*` for a name, value or
 * attribute that cannot be sent (a `__Host-` cookie over plain HTTP, say).
 *
 * @example
 * ```ts
 * formatCookieForRequest(request, { name: "sid", value: "abc" });
 * // over TLS: "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax"
 * ```
 */
export function formatCookieForRequest(request: ServerRequest, init: CookieInit): string {
  return serializeSetCookie({
    path: "/",
    secure: forwardedClient(request).secure,
    httpOnly: true,
    sameSite: "Lax",
    ...init,
  });
}

/**
 * Returns `response` with one more `Set-Cookie` line (RFC 6265 §4.1: one
 * field line per cookie, never combined with commas) serialized by
 * {@link formatCookieForRequest}. Cookies the handler already set stay.
 *
 * @example
 * ```ts
 * let response: ServerResponse = { body: "welcome" };
 * response = setCookie(request, response, { name: "sid", value: session.id, maxAge: 3600 });
 * response = setCookie(request, response, { name: "theme", value: "dark", httpOnly: false });
 * return response;
 * ```
 */
export function setCookie(
  request: ServerRequest,
  response: ServerResponse,
  init: CookieInit,
): ServerResponse {
  const fields = responseFields(response);
  fields.append("Set-Cookie", formatCookieForRequest(request, init));
  return { ...response, headers: fields };
}

/**
 * Returns `response` with a `Set-Cookie` that removes the cookie `name`
 * (empty value, `Max-Age=0` and an `Expires` in the past, RFC 6265 §5.3
 * step 11). Give the same `path` and `domain` it was set with, or the
 * browser keeps it.
 *
 * @example
 * ```ts
 * return deleteCookie(request, { status: 303, headers: { location: "/" } }, "sid");
 * ```
 */
export function deleteCookie(
  request: ServerRequest,
  response: ServerResponse,
  name: string,
  attributes: Pick<CookieInit, "path" | "domain"> = {},
): ServerResponse {
  return setCookie(request, response, {
    name,
    value: "",
    maxAge: 0,
    expires: 0,
    ...attributes,
  });
}
