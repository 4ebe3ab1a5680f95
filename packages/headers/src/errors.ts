import { HyperwireError } from "@hyperwire/grammar";

/**
 * The error class of `@hyperwire/headers`. Parsers return it inside a
 * `Result`; the container's `append`/`set` and the serializers throw it when
 * given invalid input by a programmer.
 *
 * Codes are stable strings `HW_HEADERS_<WHAT>`, e.g.
 * `HW_HEADERS_INVALID_FIELD_NAME`, `HW_HEADERS_INVALID_CONTENT_LENGTH`.
 *
 * @example
 * ```ts
 * try {
 *   new Fields().append("X-Bad\r\nInjected", "1");
 * } catch (e) {
 *   if (isHyperwireError(e)) console.log(e.code); // "HW_HEADERS_INVALID_FIELD_NAME"
 * }
 * ```
 */
export class HeadersError extends HyperwireError {}
