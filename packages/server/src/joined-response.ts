import { Buffer } from "node:buffer";

/**
 * Joining copies the content; past this size a miss (a head that changed, so
 * nothing to reuse) would copy more than `writev` of the two parts costs.
 */
const MAX_JOINED_BYTES = 64 * 1024;

let lastHead: Uint8Array | null = null;
let lastContent: Uint8Array | null = null;
let lastJoined: Uint8Array = new Uint8Array(0);

/**
 * A small response's head and content copied into one buffer, so that the
 * response goes out in one `write()` (one syscall, no `writev`). The last
 * pair joined is remembered by identity: a server answering the same small
 * response again and again (a health check, a constant payload) finds the
 * head it serialized before (the codec reuses it while the fields and the
 * `Date` second do not change) and the string body it encoded before, and
 * writes the same joined bytes without copying them again.
 *
 * Only for parts nobody changes after the fact: heads from the codec and
 * content the server encoded itself from a string. A handler's own
 * `Uint8Array` may be changed and returned again, so it is never passed here.
 * Returns null for a pair not remembered whose joining would copy more than
 * 64 KiB: such a response goes out as two parts of one `writev`.
 *
 * @internal
 */
export function joinHeadAndContent(head: Uint8Array, content: Uint8Array): Uint8Array | null {
  if (head === lastHead && content === lastContent) return lastJoined;
  if (head.byteLength + content.byteLength > MAX_JOINED_BYTES) return null;
  const joined = Buffer.allocUnsafe(head.byteLength + content.byteLength);
  joined.set(head, 0);
  joined.set(content, head.byteLength);
  lastHead = head;
  lastContent = content;
  lastJoined = joined;
  return joined;
}
