import type { Fields } from "@hyperwire/headers";
import { H1Error } from "./errors.js";
import {
  addFieldLines,
  addFields,
  beginRequestHead,
  type FieldLine,
  finishHead,
} from "./head-writer.js";

/** A request head to serialize. */
export interface OutgoingRequestHead {
  /** The method token, sent as given (methods are case-sensitive, RFC 9110 §9.1). */
  readonly method: string;
  /** The request-target in any of the four forms, already percent-encoded (RFC 9112 §3.2). */
  readonly target: string;
  /** The version to announce; default "1.1". HTTP/0.9 has no head to serialize. */
  readonly version?: "1.0" | "1.1";
  /** The header section, written in insertion order with the original name casing. */
  readonly headers?: Fields;
}

/**
 * Serializes a request line and header section into one `Uint8Array`
 * (latin1), ending with the empty line. Like Node's pooled `Buffer`s, the
 * result is a view into a buffer shared with other heads (`byteOffset` need
 * not be 0): write it as is, and copy it before transferring its `buffer`.
 *
 * request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3).
 * Every name and value is checked while it is copied, even when it came from a
 * validated `Fields`, so no CR or LF can be injected by a value built elsewhere.
 * `extraFields` are written after `headers`: the connection uses them for the
 * framing and connection fields it decides on.
 *
 * @throws H1Error (side "local") with code `HW_H1_INVALID_METHOD`,
 *   `HW_H1_INVALID_TARGET`, `HW_H1_INVALID_FIELD_NAME` or `HW_H1_INVALID_FIELD_VALUE`.
 *
 * @example
 * ```ts
 * const headers = Fields.from({ Host: "example.com" });
 * const bytes = serializeRequestHead({ method: "GET", target: "/", headers });
 * // "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
 * ```
 */
export function serializeRequestHead(
  head: OutgoingRequestHead,
  extraFields?: readonly FieldLine[],
): Uint8Array {
  const version = head.version ?? "1.1";
  if (version !== "1.1" && version !== "1.0") {
    throw new H1Error("HW_H1_INVALID_VERSION", `cannot serialize HTTP/${String(version)}`, {
      side: "local",
    });
  }
  beginRequestHead(head.method, head.target, version);
  addFields(head.headers);
  addFieldLines(extraFields);
  return finishHead();
}
