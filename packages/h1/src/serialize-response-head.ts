import type { Fields } from "@hyperwire/headers";
import { isValidStatusCode, reasonPhrase } from "@hyperwire/status";
import { H1Error } from "./errors.js";
import {
  collectLines,
  type FieldLine,
  writeAscii,
  writeLines,
  writeReason,
} from "./head-writer.js";

/** A response head to serialize. */
export interface OutgoingResponseHead {
  /** Status code, 100–599 (RFC 9110 §15). */
  readonly status: number;
  /** Reason phrase; default: the registry's phrase for `status` (RFC 9112 §4 says it is never interpreted). */
  readonly reason?: string;
  /** The version to announce; default "1.1" (RFC 9110 §6.2: send the highest version supported). */
  readonly version?: "1.0" | "1.1";
  /** The header section, written in insertion order with the original name casing. */
  readonly headers?: Fields;
}

/**
 * Serializes a status line and header section into one `Uint8Array`
 * (latin1, one allocation), ending with the empty line.
 *
 * status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF (RFC 9112 §4).
 * The reason phrase defaults to `reasonPhrase(status)` from `@hyperwire/status`.
 * Names and values are validated while copied (no CR/LF injection, RFC 9110 §5.5);
 * `extraFields` are written after `headers`.
 *
 * @throws H1Error (side "local") with code `HW_H1_INVALID_STATUS`, `HW_H1_INVALID_REASON`,
 *   `HW_H1_INVALID_FIELD_NAME` or `HW_H1_INVALID_FIELD_VALUE`.
 *
 * @example
 * ```ts
 * const bytes = serializeResponseHead({ status: 404, headers: Fields.from({ "Content-Length": "0" }) });
 * // "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
 * ```
 */
export function serializeResponseHead(
  head: OutgoingResponseHead,
  extraFields?: readonly FieldLine[],
): Uint8Array {
  const { status } = head;
  if (!isValidStatusCode(status)) {
    throw new H1Error(
      "HW_H1_INVALID_STATUS",
      `status ${String(status)} is not in 100–599 (RFC 9110 §15)`,
      {
        side: "local",
      },
    );
  }
  const version = head.version ?? "1.1";
  if (version !== "1.1" && version !== "1.0") {
    throw new H1Error("HW_H1_INVALID_VERSION", `cannot serialize HTTP/${String(version)}`, {
      side: "local",
    });
  }
  const reason = head.reason ?? reasonPhrase(status);
  const lines: string[] = [];
  const fieldBytes = collectLines(head.headers, extraFields, lines);
  // "HTTP/1.1 200 " reason CRLF, fields, CRLF
  const out = new Uint8Array(13 + reason.length + 2 + fieldBytes + 2);
  let pos = writeAscii(out, 0, version === "1.1" ? "HTTP/1.1 " : "HTTP/1.0 ");
  pos = writeAscii(out, pos, String(status));
  out[pos++] = 0x20;
  pos = writeReason(out, pos, reason);
  out[pos++] = 0x0d;
  out[pos++] = 0x0a;
  writeLines(out, pos, lines);
  return out;
}
