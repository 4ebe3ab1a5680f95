import type { Transform } from "node:stream";
import zlib from "node:zlib";
import { exchangeError, RequestErrorCode } from "./request-error-codes.js";
import {
  type BodySink,
  type BodySource,
  createResponseBody,
  type ResponseBody,
} from "./response-body.js";

/** The `Accept-Encoding` sent when decompression is on (RFC 9110 §12.5.3). */
export const DEFAULT_ACCEPT_ENCODING = "gzip, deflate, br";

type DecoderFactory = (firstBytes: Uint8Array) => Transform;

// RFC 9110 §8.4.1: the registered content codings; "x-gzip" is gzip's alias (§8.4.1.3).
const DECODERS: Record<string, DecoderFactory> = {
  gzip: () => zlib.createGunzip(),
  "x-gzip": () => zlib.createGunzip(),
  // RFC 9110 §8.4.1.2: "deflate" is the zlib format (RFC 1950); some servers
  // send a raw deflate stream (RFC 1951) instead, recognised by its missing zlib header.
  deflate: (first) => (looksLikeZlib(first) ? zlib.createInflate() : zlib.createInflateRaw()),
  br: () => zlib.createBrotliDecompress(),
};

function looksLikeZlib(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 2) return true;
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  // RFC 1950 §2.2: CM = 8 in the low nibble and (CMF*256 + FLG) a multiple of 31.
  return (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
}

/**
 * The content codings to undo for a `Content-Encoding` value, in the order
 * they were applied (RFC 9110 §8.4), or `null` when there is nothing to do or
 * a coding is unknown (the body is then handed over as received).
 */
export function decodableCodings(contentEncoding: string | null): string[] | null {
  if (contentEncoding === null) return null;
  const codings = contentEncoding
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0 || !codings.every((coding) => coding in DECODERS)) return null;
  return codings;
}

/**
 * A response body whose content is decoded through node:zlib as it arrives
 * (internal). The decoders are created on the first byte, so an empty body
 * (HEAD, 204, 304) with a Content-Encoding is simply empty.
 */
export function createDecodedBody(
  codings: readonly string[],
  source: BodySource,
): { body: ResponseBody; sink: BodySink } {
  let first: Transform | null = null;
  let last: Transform | null = null;
  let failed = false;
  const { body, sink: inner } = createResponseBody({
    pause: source.pause,
    resume: () => {
      last?.resume();
      source.resume();
    },
    cancel: (reason) => {
      first?.destroy();
      source.cancel(reason);
    },
  });
  const fail = (cause: unknown): void => {
    if (failed) return;
    failed = true;
    inner.fail(
      exchangeError(
        RequestErrorCode.DECOMPRESSION_FAILED,
        `the response body does not decode as ${codings.join(", ")}`,
        "body",
        { cause },
      ),
    );
    source.cancel(cause);
  };
  const start = (firstBytes: Uint8Array): void => {
    // Codings are undone in the reverse order of their application (RFC 9110 §8.4).
    const chain = [...codings].reverse().map((coding) => DECODERS[coding]!(firstBytes));
    for (let i = 0; i + 1 < chain.length; i++) chain[i]!.pipe(chain[i + 1]!);
    for (const stream of chain) stream.on("error", fail);
    first = chain[0]!;
    last = chain.at(-1)!;
    last.on("data", (chunk: Buffer) => {
      if (!inner.push(chunk)) {
        last?.pause();
        source.pause();
      }
    });
    last.on("end", () => {
      if (!failed) inner.end();
    });
  };
  const sink: BodySink = {
    push(chunk) {
      if (failed) return true;
      if (first === null) start(chunk);
      first!.write(chunk);
      return true;
    },
    end() {
      if (failed) return;
      if (first === null) inner.end();
      else first.end();
    },
    fail(error) {
      failed = true;
      first?.destroy();
      inner.fail(error);
    },
  };
  return { body, sink };
}
