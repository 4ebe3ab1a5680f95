import { getMethodDefinition, isMethodToken } from "./get-method-definition.js";
import type { RequestContentSemantics } from "./method-registry.js";

/**
 * Whether `name` is a safe method (RFC 9110 §9.2.1): one whose defined
 * semantics are read-only. Only the registry can say so: an extension method
 * that the registry does not list is treated as unsafe, as is anything that is
 * not a token. Case-sensitive: `get` is not safe.
 *
 * @example
 * ```ts
 * isSafeMethod("GET");    // true
 * isSafeMethod("POST");   // false
 * isSafeMethod("get");    // false (extension method)
 * ```
 */
export function isSafeMethod(name: string): boolean {
  return getMethodDefinition(name)?.safe ?? false;
}

/**
 * Whether `name` is an idempotent method (RFC 9110 §9.2.2): sending the
 * request N times has the same intended effect as sending it once. Safe
 * methods, PUT, DELETE and most WebDAV methods are; POST, PATCH, LOCK and
 * CONNECT are not. Unregistered names are treated as non-idempotent.
 *
 * @example
 * ```ts
 * isIdempotentMethod("PUT");    // true
 * isIdempotentMethod("PATCH");  // false
 * isIdempotentMethod("Put");    // false (extension method)
 * ```
 */
export function isIdempotentMethod(name: string): boolean {
  return getMethodDefinition(name)?.idempotent ?? false;
}

/**
 * Whether responses to `name` may be stored by a cache (RFC 9110 §9.2.3):
 * GET, HEAD, POST and QUERY. For POST and QUERY that holds only under the
 * conditions in the row's `cacheableCondition` (RFC 9110 §9.3.3, RFC 10008 §2),
 * which a cache must check; this function answers for the method alone.
 *
 * @example
 * ```ts
 * isCacheableMethod("GET");     // true
 * isCacheableMethod("POST");    // true, see getMethodDefinition("POST").cacheableCondition
 * isCacheableMethod("PUT");     // false
 * ```
 */
export function isCacheableMethod(name: string): boolean {
  return getMethodDefinition(name)?.cacheable ?? false;
}

/**
 * What content in a request with method `name` means.
 *
 * - `"forbidden"`: TRACE (RFC 9110 §9.3.8: a client MUST NOT send content)
 *   and CONNECT (RFC 9110 §9.3.6: a CONNECT request does not have content).
 * - `"undefined-semantics"`: GET, HEAD, DELETE (RFC 9110 §9.3.1, §9.3.2,
 *   §9.3.5), and registered methods whose specification defines no body
 *   (COPY, MOVE, UNLOCK, LINK, UNLINK, PRI). Content there cannot change the
 *   request's meaning, and a server may reject it.
 * - `"defined"`: every other registered method, and every extension method:
 *   hyperwire does not know an extension's semantics, so it frames its
 *   content normally and leaves the meaning to the application.
 *
 * Returns `"forbidden"` for a name that is not a token or is the reserved `*`,
 * since no such request can be valid.
 *
 * @example
 * ```ts
 * requestContentSemantics("POST");   // "defined"
 * requestContentSemantics("GET");    // "undefined-semantics"
 * requestContentSemantics("TRACE");  // "forbidden"
 * ```
 */
export function requestContentSemantics(name: string): RequestContentSemantics {
  const definition = getMethodDefinition(name);
  if (definition !== undefined)
    return definition.reserved ? "forbidden" : definition.requestContent;
  return isMethodToken(name) ? "defined" : "forbidden";
}
