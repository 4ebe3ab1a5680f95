import { STATUS_CODES } from "./status-registry.js";

/** The shape of {@link Status}: one constant per assigned code. */
export type StatusConstants = {
  readonly [R in (typeof STATUS_CODES)[number] as R["constant"] extends string
    ? R["constant"]
    : never]: R["code"];
};

/**
 * One constant per code in the registry, derived from {@link STATUS_CODES}:
 * the name is the reason phrase in upper snake case, the value the number.
 * The unused codes 306 and 418 have no constant.
 *
 * @example
 * ```ts
 * import { Status } from "@hyperwire/status";
 * Status.OK;                 // 200
 * Status.CONTENT_TOO_LARGE;  // 413
 * Status.PERMANENT_REDIRECT; // 308
 * ```
 */
export const Status: StatusConstants = Object.freeze(
  Object.fromEntries(
    STATUS_CODES.filter((definition) => definition.constant !== null).map((definition) => [
      definition.constant,
      definition.code,
    ]),
  ),
) as StatusConstants;
