import { isToken } from "@hyperwire/grammar";
import { METHODS, type MethodDefinition } from "./method-registry.js";

// Exact-match lookup: RFC 9110 §9.1 makes the method token case-sensitive,
// so "get" is an extension method, not GET.
const BY_NAME: ReadonlyMap<string, MethodDefinition> = new Map(
  METHODS.map((definition) => [definition.name, definition]),
);

/**
 * The registry row for `name`, or `undefined` when `name` is not registered
 * (an extension method, or not a token at all). The comparison is exact:
 * method names are case-sensitive (RFC 9110 §9.1).
 *
 * @example
 * ```ts
 * getMethodDefinition("PUT");  // { name: "PUT", safe: false, idempotent: true, … }
 * getMethodDefinition("put");  // undefined: "put" is an extension method
 * getMethodDefinition("*");    // the reserved row, with reserved: true
 * ```
 */
export function getMethodDefinition(name: string): MethodDefinition | undefined {
  return BY_NAME.get(name);
}

/**
 * Whether `name` is syntactically a method: `method = token` (RFC 9110 §9.1,
 * RFC 9112 §3.1). Registered or not does not matter; case does not matter.
 *
 * @example
 * ```ts
 * isMethodToken("GET");        // true
 * isMethodToken("x-custom");   // true  (an extension method)
 * isMethodToken("GET /");      // false (SP is not a tchar)
 * isMethodToken("");           // false
 * ```
 */
export function isMethodToken(name: string): boolean {
  return typeof name === "string" && isToken(name);
}
