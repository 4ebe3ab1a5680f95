import { METHODS, type RegisteredMethodName } from "./method-registry.js";

/**
 * The name of a method's constant in {@link Method}: hyphens become underscores.
 *
 * @example
 * ```ts
 * type T = MethodConstantName<"BASELINE-CONTROL">; // "BASELINE_CONTROL"
 * ```
 */
export type MethodConstantName<N extends string> = N extends `${infer Head}-${infer Tail}`
  ? `${Head}_${MethodConstantName<Tail>}`
  : N;

/** The registered method names that are methods (every name but the reserved `*`). */
export type StandardMethodName = Exclude<RegisteredMethodName, "*">;

/** The shape of {@link Method}: one constant per registered method. */
export type MethodConstants = { readonly [N in StandardMethodName as MethodConstantName<N>]: N };

/**
 * One constant per method in the IANA registry, derived from {@link METHODS}
 * (the reserved name `*` is left out: it is not a method). Hyphens become
 * underscores in the constant's name; the value is the exact, case-sensitive token.
 *
 * @example
 * ```ts
 * import { Method } from "@hyperwire/methods";
 * Method.GET;              // "GET"
 * Method.VERSION_CONTROL;  // "VERSION-CONTROL"
 * ```
 */
export const Method: MethodConstants = Object.freeze(
  Object.fromEntries(
    METHODS.filter((definition) => !definition.reserved).map((definition) => [
      definition.name.replaceAll("-", "_"),
      definition.name,
    ]),
  ),
) as MethodConstants;
