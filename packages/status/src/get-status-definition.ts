import { statusClass } from "./status-class.js";
import { STATUS_CODES, type StatusDefinition } from "./status-registry.js";

/** A {@link StatusDefinition} as a recipient understands a code (RFC 9110 §15). */
export interface ResolvedStatusDefinition extends StatusDefinition {
  /**
   * `true` when the row is the code's own. `false` when the code is not
   * registered, or registered as "(Unused)", and this is the definition of the
   * x00 code of its class that it is understood as.
   */
  readonly recognized: boolean;
}

const RECOGNIZED = new Map<number, ResolvedStatusDefinition>();
for (const definition of STATUS_CODES) {
  if (definition.registration !== "unused") {
    RECOGNIZED.set(definition.code, Object.freeze({ ...definition, recognized: true }));
  }
}

// RFC 9110 §15: a recipient treats an unrecognized code as the x00 of its class.
const CLASS_FALLBACK = new Map<number, ResolvedStatusDefinition>();
for (const base of [100, 200, 300, 400, 500]) {
  // Every x00 code is registered; the registry test checks it.
  const definition = RECOGNIZED.get(base)!;
  CLASS_FALLBACK.set(base / 100, Object.freeze({ ...definition, recognized: false }));
}

/**
 * How a recipient understands `code`: its own registry row when it has one,
 * else the row of the x00 code of its class with `recognized: false`
 * (RFC 9110 §15: "treat an unrecognized status code as being equivalent to
 * the x00 status code of that class"). `undefined` when `code` is not a valid
 * status code (not an integer in 100–599).
 *
 * The codes registered as "(Unused)", 306 and 418, have no semantics, so they
 * resolve like unrecognised codes: to 300 and 400. Resolution lends an
 * unrecognised code the x00's meaning, not its cacheability:
 * `isHeuristicallyCacheable` is false for it.
 *
 * @example
 * ```ts
 * getStatusDefinition(404);  // { code: 404, reason: "Not Found", recognized: true, … }
 * getStatusDefinition(299);  // { code: 200, reason: "OK", recognized: false, … }
 * getStatusDefinition(418);  // { code: 400, reason: "Bad Request", recognized: false, … }
 * getStatusDefinition(600);  // undefined
 * ```
 */
export function getStatusDefinition(code: number): ResolvedStatusDefinition | undefined {
  const own = RECOGNIZED.get(code);
  if (own !== undefined) return own;
  const cls = statusClass(code);
  return cls === undefined ? undefined : CLASS_FALLBACK.get(cls);
}

/**
 * The reason phrase to send with `code` (RFC 9112 §4): the registry's
 * description for a recognised code, the x00 code's phrase for any other
 * valid code (the unused 306 and 418 included), and `""` for an invalid code.
 * It never throws. The phrase is advisory: a client ignores it (RFC 9112 §4),
 * and an empty one is valid on the wire.
 *
 * @example
 * ```ts
 * reasonPhrase(200);  // "OK"
 * reasonPhrase(413);  // "Content Too Large"
 * reasonPhrase(499);  // "Bad Request"
 * reasonPhrase(99);   // ""
 * ```
 */
export function reasonPhrase(code: number): string {
  return getStatusDefinition(code)?.reason ?? "";
}
