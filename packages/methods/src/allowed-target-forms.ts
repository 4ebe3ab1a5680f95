import { getMethodDefinition, isMethodToken } from "./get-method-definition.js";
import { Method } from "./method.js";

/** The four forms of request-target (RFC 9112 §3.2). */
export type TargetForm = "origin" | "absolute" | "authority" | "asterisk";

const NONE: ReadonlySet<TargetForm> = Object.freeze(new Set<TargetForm>());
// RFC 9112 §3.2.3: authority-form is only used for CONNECT, and a CONNECT
// request sends only the authority of the tunnel's destination.
const AUTHORITY_ONLY: ReadonlySet<TargetForm> = Object.freeze(new Set<TargetForm>(["authority"]));
// RFC 9112 §3.2.4: asterisk-form is only used for a server-wide OPTIONS.
const OPTIONS_FORMS: ReadonlySet<TargetForm> = Object.freeze(
  new Set<TargetForm>(["origin", "absolute", "asterisk"]),
);
// RFC 9112 §3.2.1–3.2.2: origin-form to an origin server, absolute-form to a
// proxy; a server MUST accept absolute-form in requests (§3.2.2).
const ORIGIN_OR_ABSOLUTE: ReadonlySet<TargetForm> = Object.freeze(
  new Set<TargetForm>(["origin", "absolute"]),
);

/**
 * The request-target forms a request with method `name` may use (RFC 9112 §3.2):
 *
 * | method | forms |
 * |---|---|
 * | CONNECT | authority (§3.2.3) |
 * | OPTIONS | origin, absolute, asterisk (§3.2.4) |
 * | any other token | origin, absolute |
 * | `*` (reserved) or not a token | none |
 *
 * The comparison is case-sensitive: `connect` is an extension method and may
 * not use authority-form. The returned sets are shared and frozen; do not
 * cast them to `Set` to change them.
 *
 * @example
 * ```ts
 * allowedTargetForms("CONNECT").has("authority");  // true
 * allowedTargetForms("GET").has("asterisk");       // false
 * allowedTargetForms("OPTIONS").has("asterisk");   // true
 * ```
 */
export function allowedTargetForms(name: string): ReadonlySet<TargetForm> {
  if (name === Method.CONNECT) return AUTHORITY_ONLY;
  if (name === Method.OPTIONS) return OPTIONS_FORMS;
  if (!isMethodToken(name) || getMethodDefinition(name)?.reserved === true) return NONE;
  return ORIGIN_OR_ABSOLUTE;
}
