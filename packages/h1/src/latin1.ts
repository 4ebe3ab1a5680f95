/**
 * Decoding bytes of a message head to JavaScript strings, one char per byte
 * (ISO-8859-1), which is how field values are kept (RFC 9110 §5.5: obs-text
 * bytes are opaque data, not UTF-8).
 *
 * Measured on Node 20 for a 500-byte browser request head (decode everything,
 * then take each value as a substring): `Buffer.prototype.latin1Slice` 150 ns,
 * `TextDecoder("utf-8")` 335 ns (wrong for bytes ≥ 0x80), one
 * `String.fromCharCode.apply` 2.3 µs; decoding each value apart costs 3×
 * more than one decode plus `slice` (V8 makes sliced strings without copying).
 * `TextDecoder("latin1")` is not an option: the Encoding Standard maps that
 * label to windows-1252, which changes 0x80–0x9F.
 *
 * So the parsers decode a whole head once with the fastest exact decoder the
 * runtime has, and cut strings out of it. `latin1Slice` is looked up on
 * `globalThis.Buffer` (no `node:` import: Node, Bun and Deno's Node mode have
 * it) and checked once; elsewhere an ASCII-only range goes through
 * `TextDecoder` and anything else through `String.fromCharCode`.
 * @internal
 */

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

function findNativeLatin1Slice(): Latin1Slice | undefined {
  const buffer = (globalThis as { Buffer?: { prototype?: { latin1Slice?: unknown } } }).Buffer;
  const candidate = buffer?.prototype?.latin1Slice;
  if (typeof candidate !== "function") return undefined;
  try {
    const fn = candidate as Latin1Slice;
    const probe = new Uint8Array([0x41, 0x80, 0xff, 0x20]);
    return fn.call(probe, 1, 3) === "\u0080\u00ff" ? fn : undefined;
  } catch {
    return undefined;
  }
}

const nativeLatin1Slice = findNativeLatin1Slice();
const asciiDecoder = new TextDecoder("utf-8");

function portableLatin1(bytes: Uint8Array, start: number, end: number): string {
  let high = false;
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) {
      high = true;
      break;
    }
  }
  if (!high) return asciiDecoder.decode(bytes.subarray(start, end));
  let out = "";
  // fromCharCode.apply takes at most ~65k arguments on some engines.
  for (let i = start; i < end; i += 8192) {
    const stop = Math.min(end, i + 8192);
    out += String.fromCharCode.apply(null, bytes.subarray(i, stop) as unknown as number[]);
  }
  return out;
}

/**
 * `bytes[start, end)` as a string with one char per byte.
 * @internal
 */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (end <= start) return "";
  if (nativeLatin1Slice !== undefined) return nativeLatin1Slice.call(bytes, start, end);
  return portableLatin1(bytes, start, end);
}

/** The portable decoder, exported for tests on runtimes without `Buffer`. @internal */
export const latin1Portable: (bytes: Uint8Array, start: number, end: number) => string =
  portableLatin1;
