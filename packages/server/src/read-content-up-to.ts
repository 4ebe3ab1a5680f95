import { joinBytes } from "./join-bytes.js";
import type { ServerRequest } from "./server-request.js";

const EMPTY = new Uint8Array(0);

/**
 * Reads the whole content of `request` when it holds at most `limit` bytes,
 * else returns `null` (internal). A Content-Length above the limit is refused
 * before the content is asked for (a client waiting for `100 Continue` is
 * never told to send it, RFC 9110 §10.1.1); chunked content is refused as soon
 * as it passes the limit, and the rest is dropped as it arrives. Either way no
 * more than `limit` bytes are held. A request without content reads as empty.
 *
 * @throws whatever reading the content throws (the client went away, the
 * server's `maxBodyBytes` was exceeded).
 */
export async function readContentUpTo(
  request: ServerRequest,
  limit: number,
): Promise<Uint8Array | null> {
  if (!request.hasBody) return EMPTY;
  const framing = request.head.framing;
  if (framing.kind === "length" && framing.length > limit) return null;
  const reader = request.body!.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  reader.releaseLock();
  return parts.length === 0 ? EMPTY : joinBytes(parts, total);
}
