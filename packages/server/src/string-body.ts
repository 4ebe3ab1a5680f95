import { Buffer } from "node:buffer";

/** The last string body encoded, and its bytes. */
let lastText = "";
let lastBytes: Uint8Array = new Uint8Array(0);

/**
 * A string response body as UTF-8 bytes. The last one encoded is
 * remembered: a handler that answers with the same string again (a constant
 * payload, a cached rendering) costs one comparison instead of an encoding
 * and a copy. The same string object compares at once; an equal one built
 * afresh compares in one pass, never slower than encoding it would be; a
 * different one usually differs in length or first characters. Bodies
 * beyond 1 MiB are not remembered (the memo would keep them alive). The
 * bytes are only ever written to sockets, never changed, so sharing them
 * between responses is safe.
 */
export function encodeStringBody(text: string): Uint8Array {
  if (text === lastText) return lastBytes;
  const bytes = Buffer.from(text, "utf8");
  if (text.length <= 1_048_576) {
    lastText = text;
    lastBytes = bytes;
  }
  return bytes;
}
