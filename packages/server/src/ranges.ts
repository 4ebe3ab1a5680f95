import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { parseHttpDate } from "@hyperwire/grammar";
import {
  type ByteRange,
  evaluateIfRange,
  type Fields,
  formatContentRange,
  parseIfRange,
  parseRange,
  type RangeOptions,
  type ResourceValidators,
} from "@hyperwire/headers";
import { mediaTypeForPath } from "./media-types.js";
import type { OpenFile } from "./open-file.js";
import {
  bodyBytes,
  discardBody,
  isFileBody,
  rememberContentType,
  responseFields,
  statusOf,
} from "./response-body.js";
import type { Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";

/**
 * Options of {@link withRanges} and {@link applyRanges}: the limits of
 * `parseRange` from @hyperwire/headers (at most `maxRanges` ranges, default
 * 100; overlapping ranges coalesced by default), and the boundary of
 * `multipart/byteranges` responses.
 */
export interface RangeRequestOptions extends RangeOptions {
  /**
   * Makes the boundary of a `multipart/byteranges` response (RFC 2046 §5.1.1:
   * 1 to 70 of `0-9 A-Z a-z '()+_,-./:=?`). Default: 24 random hex digits,
   * which no content can guess.
   */
  readonly boundary?: () => string;
}

const ENCODER = new TextEncoder();
const CRLF = "\r\n";

function randomBoundary(): string {
  return randomBytes(12).toString("hex");
}

/** One part of a multipart/byteranges body: its header block and its range. */
interface Part {
  readonly head: Uint8Array;
  readonly range: ByteRange;
}

/** The validators a response announces, for If-Range. */
function validatorsOf(fields: Fields): ResourceValidators {
  const etag = fields.get("etag") ?? undefined;
  const lastModifiedText = fields.get("last-modified");
  const parsed = lastModifiedText === null ? undefined : parseHttpDate(lastModifiedText.trim());
  return { etag, lastModified: parsed?.ok ? parsed.value : undefined };
}

/**
 * RFC 9110 §13.1.5: If-Range is true only with a strong validator. An
 * entity-tag is compared strongly by `evaluateIfRange`; a date is strong only
 * when Last-Modified is at least one second before the response's Date
 * (§8.8.2.2), which the server sets to now.
 */
function ifRangeHolds(value: string, fields: Fields): boolean {
  const validators = validatorsOf(fields);
  if (!evaluateIfRange(value, validators)) return false;
  const parsed = parseIfRange(value);
  if (parsed.ok && "date" in parsed.value) {
    const lastModified = +(validators.lastModified ?? 0);
    if (Math.floor(lastModified / 1000) > Math.floor(Date.now() / 1000) - 1) return false;
  }
  return true;
}

/**
 * `416 Range Not Satisfiable` with `Content-Range: bytes * / size`
 * (RFC 9110 §15.5.17, §14.4), releasing the content of `response`.
 */
function notSatisfiable(response: ServerResponse, size: number): ServerResponse {
  discardBody(response.body);
  return {
    status: 416,
    headers: {
      "Accept-Ranges": "bytes",
      "Content-Range": formatContentRange({ unsatisfied: true, size }),
      "Content-Type": "text/plain; charset=utf-8",
    },
    body: "Range Not Satisfiable\n",
  };
}

/** Streams `ranges` of a file, each preceded by its part head, then the closing delimiter. */
async function* fileParts(
  path: string,
  parts: readonly Part[],
  closing: Uint8Array,
): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    yield part.head;
    // Only the bytes of the range are read from disk.
    const stream = createReadStream(path, { start: part.range.start, end: part.range.end });
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } finally {
      stream.destroy();
    }
  }
  yield closing;
}

/**
 * Where the representation's bytes are: in memory, in the file at a path, or
 * in a file already open (whose descriptor the 206 body then owns). @internal
 */
export type RangeSource =
  | { readonly bytes: Uint8Array }
  | { readonly path: string }
  | { readonly file: OpenFile };

/**
 * Builds a `206 Partial Content` for `ranges` of a representation of `size`
 * bytes held in `bytes`, in the file at `path` or in the open `file`.
 */
function partialContent(
  response: ServerResponse,
  fields: Fields,
  ranges: readonly ByteRange[],
  size: number,
  source: RangeSource,
  options: RangeRequestOptions,
): ServerResponse {
  fields.delete("content-length");
  fields.delete("transfer-encoding");
  const path = "path" in source ? source.path : undefined;
  const type = fields.get("content-type") ?? (path === undefined ? null : mediaTypeForPath(path));
  if (ranges.length === 1) {
    // RFC 9110 §14.4, §15.3.7.1: one range, described by Content-Range; the
    // fields a 200 would carry (ETag, Cache-Control, Vary…) stay.
    const { start, end } = ranges[0]!;
    fields.set("Content-Range", formatContentRange({ start, end, size }));
    if (type !== null && type !== undefined) fields.set("Content-Type", type);
    if ("bytes" in source) {
      return {
        ...response,
        status: 206,
        headers: fields,
        body: source.bytes.subarray(start, end + 1),
      };
    }
    fields.set("Content-Length", String(end - start + 1));
    return {
      ...response,
      status: 206,
      headers: fields,
      body:
        "file" in source
          ? source.file.stream(start, end)
          : createReadStream(source.path, { start, end }),
    };
  }
  // RFC 9110 §14.6, §15.3.7.2: several ranges as multipart/byteranges, each
  // part with its own Content-Range (and the Content-Type the whole would
  // have); the CRLF before each delimiter belongs to it (RFC 2046 §5.1.1).
  const boundary = (options.boundary ?? randomBoundary)();
  let total = 0;
  const parts: Part[] = ranges.map((range, index) => {
    let head = `${index === 0 ? "" : CRLF}--${boundary}${CRLF}`;
    if (type !== null && type !== undefined) head += `Content-Type: ${type}${CRLF}`;
    head += `Content-Range: ${formatContentRange({ start: range.start, end: range.end, size })}${CRLF}${CRLF}`;
    const bytes = ENCODER.encode(head);
    total += bytes.byteLength + (range.end - range.start + 1);
    return { head: bytes, range };
  });
  const closing = ENCODER.encode(`${CRLF}--${boundary}--${CRLF}`);
  total += closing.byteLength;
  fields.set("Content-Type", `multipart/byteranges; boundary=${boundary}`);
  const multipart = (result: ServerResponse): ServerResponse => rememberContentType(result, type);
  if ("bytes" in source) {
    const body = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      body.set(part.head, offset);
      offset += part.head.byteLength;
      const slice = source.bytes.subarray(part.range.start, part.range.end + 1);
      body.set(slice, offset);
      offset += slice.byteLength;
    }
    body.set(closing, offset);
    return multipart({ ...response, status: 206, headers: fields, body });
  }
  fields.set("Content-Length", String(total));
  return multipart({
    ...response,
    status: 206,
    headers: fields,
    body:
      "file" in source
        ? source.file.pieces([...parts.flatMap((part) => [part.head, part.range]), closing])
        : fileParts(source.path, parts, closing),
  });
}

/**
 * Answers the `Range` field of a GET for a response the handler produced.
 *
 * Only a `200` whose content has a known length qualifies: a string, bytes,
 * or `{ file }` (of which only the requested ranges are read from disk).
 * Streams are returned unchanged (their length is unknown until sent).
 * Such a 200 gets `Accept-Ranges: bytes` (RFC 9110 §14.3) unless it already
 * has an `Accept-Ranges` field; `Accept-Ranges: none` turns ranges off.
 *
 * - Range on GET only: RFC 9110 §14.2 defines range handling for no other
 *   method, and a server MUST ignore it there (HEAD included).
 * - `If-Range` that does not hold (a weak or different entity-tag, a date
 *   that is not Last-Modified or not a strong validator) → the whole 200
 *   (RFC 9110 §13.1.5), evaluated by `evaluateIfRange` of @hyperwire/headers.
 * - One range → `206` with `Content-Range: bytes first-last/size`.
 * - Several → `206` `multipart/byteranges` (RFC 9110 §14.6), overlapping
 *   ranges coalesced first so no byte is sent twice.
 * - None satisfiable → `416` with `Content-Range: bytes *∕size`.
 * - A malformed field, another unit, or more than `maxRanges` ranges → the
 *   whole 200 (RFC 9110 §14.2 lets a server ignore Range; many tiny ranges
 *   are the denial of service of CVE-2011-3192).
 *
 * @example
 * ```ts
 * // GET with Range: bytes=0-4
 * await applyRanges(request, { headers: { "content-type": "text/plain" }, body: "hello world" });
 * // { status: 206, headers: { content-range: "bytes 0-4/11", accept-ranges: "bytes", … }, body: "hello" bytes }
 * ```
 */
export async function applyRanges(
  request: ServerRequest,
  response: ServerResponse,
  options: RangeRequestOptions = {},
): Promise<ServerResponse> {
  if (statusOf(response) !== 200) return response;
  const body = response.body;
  const bytes = bodyBytes(body);
  let size: number;
  let source: RangeSource;
  if (bytes !== undefined) {
    size = bytes.byteLength;
    source = { bytes };
  } else if (isFileBody(body)) {
    try {
      const info = await stat(body.file);
      if (!info.isFile()) return response;
      size = info.size;
    } catch {
      return response; // the server answers 404 for a missing file
    }
    source = { path: body.file };
  } else {
    return response;
  }
  return rangeResponse(request, response, size, source, options);
}

/**
 * {@link applyRanges} for a representation whose size is known. With an open
 * `file` source, only a 206 reads from (and closes) the file; on any other
 * outcome the caller still owns it. @internal
 */
export function rangeResponse(
  request: ServerRequest,
  response: ServerResponse,
  size: number,
  source: RangeSource,
  options: RangeRequestOptions = {},
): ServerResponse {
  const fields = responseFields(response);
  if (fields.has("content-range")) return response;
  const acceptRanges = fields.get("accept-ranges");
  if (acceptRanges === null) fields.set("Accept-Ranges", "bytes");
  else if (!/(^|,)\s*bytes\s*(,|$)/i.test(acceptRanges)) return response;
  const rangeValue = request.method === "GET" ? request.headers.get("range") : null;
  if (rangeValue === null) return { ...response, headers: fields };
  const ifRange = request.headers.get("if-range");
  if (ifRange !== null && !ifRangeHolds(ifRange, fields)) return { ...response, headers: fields };
  const parsed = parseRange(rangeValue, size, options);
  if (!parsed.ok) {
    const code = parsed.error.code;
    if (code === "HW_HEADERS_UNSATISFIABLE_RANGE" || code === "HW_HEADERS_OVERLAPPING_RANGES") {
      return notSatisfiable(response, size);
    }
    // RFC 9110 §14.2: an invalid or unsupported Range field is ignored.
    return { ...response, headers: fields };
  }
  return partialContent(response, fields, parsed.value.ranges, size, source, options);
}

/**
 * Wraps a handler so that its GET responses answer `Range` requests
 * (RFC 9110 §14): see {@link applyRanges} for the rules.
 *
 * @example
 * ```ts
 * import { serve, withRanges } from "@hyperwire/server";
 *
 * await serve({
 *   port: 8080,
 *   handler: withRanges(() => ({ headers: { "content-type": "video/mp4" }, body: { file: "/srv/clip.mp4" } })),
 * });
 * // curl -r 0-1023 http://localhost:8080/ → 206, Content-Range: bytes 0-1023/48213
 * ```
 */
export function withRanges(handler: Handler, options: RangeRequestOptions = {}): Handler {
  return async (request) => applyRanges(request, await handler(request), options);
}
