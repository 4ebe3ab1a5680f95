/**
 * Internal: the content writer both connection roles share. It frames data
 * by the decision of {@link decideOutgoingFraming} and refuses to send more or
 * fewer bytes than announced, because a wrong length desynchronises every
 * later message on the connection (RFC 9112 §6.3 ¶6, §8).
 */
import type { Fields } from "@hyperwire/headers";
import { encodeChunk, encodeLastChunk } from "./chunked-encoder.js";
import { H1Error } from "./errors.js";
import type { BodyFraming } from "./events.js";

export class OutgoingBody {
  #remaining: number;
  constructor(readonly framing: BodyFraming) {
    this.#remaining = framing.kind === "length" ? framing.length : 0;
  }

  /** Bytes still owed under Content-Length framing. */
  get remaining(): number {
    return this.#remaining;
  }

  data(data: Uint8Array): Uint8Array[] {
    if (data.byteLength === 0) return [];
    switch (this.framing.kind) {
      case "length":
        if (data.byteLength > this.#remaining) {
          throw new H1Error(
            "HW_H1_CONTENT_LENGTH_MISMATCH",
            `${data.byteLength} bytes exceed the ${this.#remaining} still announced by Content-Length`,
            { side: "local" },
          );
        }
        this.#remaining -= data.byteLength;
        return [data];
      case "chunked":
        return encodeChunk(data);
      case "close":
        return [data];
      default:
        throw new H1Error("HW_H1_CONTENT_FORBIDDEN", "this message has no content", {
          side: "local",
        });
    }
  }

  end(trailers?: Fields): Uint8Array[] {
    if (trailers !== undefined && trailers.size > 0 && this.framing.kind !== "chunked") {
      // RFC 9112 §7.1.2: only the chunked coding can carry a trailer section.
      throw new H1Error("HW_H1_TRAILERS_NEED_CHUNKED", "trailers need chunked framing", {
        side: "local",
      });
    }
    if (this.framing.kind === "length" && this.#remaining !== 0) {
      throw new H1Error(
        "HW_H1_CONTENT_LENGTH_MISMATCH",
        `message ended ${this.#remaining} bytes short of its Content-Length`,
        { side: "local" },
      );
    }
    return this.framing.kind === "chunked" ? [encodeLastChunk(trailers)] : [];
  }
}

/** Whether the Connection field of `headers` lists `token` (lowercase), RFC 9110 §7.6.1. */
export function hasConnectionOption(headers: Fields | undefined, token: string): boolean {
  const value = headers?.get("connection");
  if (value === null || value === undefined) return false;
  for (const part of value.split(",")) {
    if (part.trim().toLowerCase() === token) return true;
  }
  return false;
}

/**
 * Returns `chunk` itself when it is a view into `input` (valid as long as the
 * caller keeps its input unchanged), else a copy: a parser may hand out views
 * into its own scratch memory that it reuses after the callback.
 */
export function keepChunk(chunk: Uint8Array, input: Uint8Array | undefined): Uint8Array {
  return input !== undefined && chunk.buffer === input.buffer ? chunk : chunk.slice();
}

/** Concatenates byte arrays (used once per protocol switch). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}

/** Whether no content can follow a head with this framing. */
export function isEmptyFraming(framing: BodyFraming): boolean {
  return framing.kind === "none" || (framing.kind === "length" && framing.length === 0);
}
