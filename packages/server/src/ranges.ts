import { randomBytes } from "node:crypto";
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
import { openedFileOf, openFileBody } from "./opened-file-body.js";
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

/**
 * Where the representation's bytes are: in memory, or in a file already open
 * (whose descriptor the 206 body then owns), with the path it was opened
 * from when its media type should name the parts (no Content-Type given).
 * @internal
 */
export type RangeSource =
  | { readonly bytes: Uint8Array }
  | { readonly file: OpenFile; readonly path?: string };

/**
 * Builds a `206 Partial Content` for `ranges` of a representation of `size`
 * bytes held in `bytes` or in the open `file` (of which only the ranges are
 * read).
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
  const path = "file" in source ? source.path : undefined;
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
      body: source.file.stream(start, end),
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
    body: source.file.pieces([...parts.flatMap((part) => [part.head, part.range]), closing]),
  });
}

/**
 * Answers the `Range` field of a GET for a response the handler produced.
 *
 * Only a `200` whose content has a known length qualifies: a string, bytes,
 * or `{ file }` (of which only the requested ranges are read from disk).
 * Streams are returned unchanged (their length is unknown until sent).
 * A `{ file }` is opened here, once: its size and the bytes of a 206 come
 * from that one descriptor, which a 200 passes on to the server (and to the
 * other features) so that they send those same bytes, even if the path is
 * replaced meanwhile, and which the server closes, sent or not; a path that
 * holds no file is left to the server (404).
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
  if (bytes !== undefined) {
    return rangeResponse(request, response, bytes.byteLength, { bytes }, options);
  }
  if (!isFileBody(body)) return response;
  // Opened once (or reused, opened by an inner feature): the size announced
  // and the bytes sent come from this descriptor, whatever happens to the path.
  const opened = await openFileBody(body);
  if (typeof opened !== "object") return response; // the server answers 404
  const file = openedFileOf(opened);
  // The body keeps the descriptor: a 206 hands it to its stream, a 416
  // closes it (discardBody), and a 200 carries it on to the server.
  return rangeResponse(
    request,
    { ...response, body: opened },
    file.size,
    { file, path: opened.file },
    options,
  );
}

/**
 * {@link applyRanges} for a representation whose size is known. With an open
 * `file` source, only a 206 reads from (and closes) the file; on any other
 * outcome the caller still owns it, unless the body of `response` carries it
 * (`OpenedFileBody`): a 416 then closes it with the content it drops, and the
 * other outcomes keep that body. @internal
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
