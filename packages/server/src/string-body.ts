import { Buffer } from "node:buffer";

/** The last string body encoded, and its bytes. */
let lastText = "";
let lastBytes: Uint8Array = new Uint8Array(0);

/**
 * A string response body as UTF-8 bytes. The last one encoded is
 * remembered: a handler that answers with the same string again (a constant
 * payload, a cached rendering) costs one comparison instead of an encoding
 * and a copy. Only bodies from 1 KiB (shorter strings encode faster than
 * they compare) to 1 MiB (what the memo may keep alive) are remembered; the bytes are only ever written to
 * sockets, never changed, so sharing them between responses is safe.
 */
export function encodeStringBody(text: string): Uint8Array {
  if (text.length < 1024 || text.length > 1_048_576) return Buffer.from(text, "utf8");
  if (text === lastText) return lastBytes;
  const bytes = Buffer.from(text, "utf8");
  lastText = text;
  lastBytes = bytes;
  return bytes;
}
