import { createHash } from "node:crypto";
import { formatHttpDate, parseHttpDate } from "@hyperwire/grammar";
import {
  evaluatePreconditions,
  type Fields,
  type PreconditionOutcome,
  parseETag,
  type ResourceValidators,
} from "@hyperwire/headers";
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

/** Options of {@link withConditionalRequests} and {@link applyConditionalRequest}. */
export interface ConditionalRequestOptions {
  /**
   * The validators of the target resource, known **before** the handler runs.
   * When given, preconditions are evaluated first, for every method, so a
   * failed `If-Match` on a PUT answers 412 before the PUT changes anything
   * (RFC 9110 §13.2.1: preconditions are evaluated before the method is
   * performed). Return `{ exists: false }` for a resource without a current
   * representation (`If-None-Match: *` then lets a create proceed).
   * Return `undefined` to fall back to the response's own fields.
   *
   * Without it, only GET and HEAD are evaluated, after the handler ran, from
   * the `ETag` and `Last-Modified` fields of its response: for any other
   * method that would be too late, so the handler has to check them itself.
   */
  readonly validators?: (
    request: ServerRequest,
  ) => ResourceValidators | undefined | Promise<ResourceValidators | undefined>;
  /**
   * Give a 200 response to GET/HEAD that has no `ETag` one: from a hash of
   * the content when it is a string or bytes, from size and modification time
   * for `{ file }` content (which also gets `Last-Modified`). Default true.
   */
  readonly generateETag?: boolean;
}

/**
 * Representation metadata a 304 leaves out (RFC 9110 §15.4.5: the server
 * SHOULD NOT generate representation metadata beyond the fields listed there),
 * plus the framing fields of content that is not sent.
 */
const NOT_IN_304: ReadonlySet<string> = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-range",
  "content-disposition",
  "content-digest",
  "repr-digest",
  "digest",
  "content-md5",
  "transfer-encoding",
  "trailer",
  "accept-ranges",
]);

/**
 * Turns a 2xx response into the matching `304 Not Modified`.
 *
 * RFC 9110 §15.4.5: the 304 carries the fields a 200 would have carried among
 * `Content-Location`, `Date`, `ETag`, `Vary`, `Cache-Control` and `Expires`
 * (kept, with every field that is not about the content: `Set-Cookie`,
 * security fields, CORS…); it drops the other representation metadata
 * (`Content-Type`, `Content-Length`, `Content-Encoding`…), and keeps
 * `Last-Modified` only when there is no `ETag` (the RFC's example of metadata
 * that still guides a cache update). The content is released, unsent.
 *
 * @example
 * ```ts
 * notModified({ headers: { etag: '"v1"', "content-type": "text/html", "cache-control": "max-age=60" }, body: html });
 * // { status: 304, headers: Fields { etag: '"v1"', "cache-control": "max-age=60" } }
 * ```
 */
export function notModified(response: ServerResponse): ServerResponse {
  discardBody(response.body);
  const fields = responseFields(response);
  const type = fields.get("content-type");
  const declared = fields.get("content-length");
  const size =
    bodyBytes(response.body)?.byteLength ?? (declared === null ? undefined : Number(declared));
  const hasETag = fields.has("etag");
  for (const name of fields.names()) {
    if (NOT_IN_304.has(name) || (hasETag && name === "last-modified")) fields.delete(name);
  }
  return rememberContentType({ status: 304, headers: fields }, type, size);
}

/**
 * A `412 Precondition Failed` with a short text body (RFC 9110 §15.5.13),
 * releasing the content of `response` when one is given.
 */
export function preconditionFailed(response?: ServerResponse): ServerResponse {
  if (response !== undefined) discardBody(response.body);
  return {
    status: 412,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
    body: "Precondition Failed\n",
  };
}

/**
 * An entity tag for a file from its size and modification time, the way
 * nginx and Apache build theirs: `"<size hex>-<mtime ms hex>"`. It changes
 * whenever the file is rewritten, except for a rewrite to the same size
 * within the same millisecond: strong enough for static files, and needing
 * no read of the content.
 *
 * @example
 * ```ts
 * fileETag(1234, Date.UTC(2024, 0, 1)); // '"4d2-18cc251f400"'
 * ```
 */
export function fileETag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/** A strong entity tag from the content: length and a SHA-1 digest (not a security feature, a fingerprint). */
function contentETag(bytes: Uint8Array): string {
  const digest = createHash("sha1").update(bytes).digest("base64url").slice(0, 27);
  return `"${bytes.byteLength.toString(16)}-${digest}"`;
}

/** The validators a response announces: a valid `ETag`, a valid `Last-Modified`. */
function validatorsOf(fields: Fields): ResourceValidators {
  const validators: { etag?: string; lastModified?: Date } = {};
  const etag = fields.get("etag");
  if (etag !== null && parseETag(etag).ok) validators.etag = etag;
  const lastModified = fields.get("last-modified");
  if (lastModified !== null) {
    const date = parseHttpDate(lastModified.trim());
    if (date.ok) validators.lastModified = date.value;
  }
  return validators;
}

function hasConditions(request: ServerRequest): boolean {
  const h = request.headers;
  return (
    h.has("if-match") ||
    h.has("if-none-match") ||
    h.has("if-modified-since") ||
    h.has("if-unmodified-since")
  );
}

/**
 * Adds ETag (and Last-Modified for files) to a 200 without validators. A
 * `{ file }` is opened (or its descriptor reused, opened by an inner
 * feature) and the validators come from `fstat` of that descriptor; the
 * response goes on with the body that carries it, so the server sends the
 * bytes they describe, whatever happens to the path meanwhile.
 */
async function withGeneratedValidators(
  response: ServerResponse,
  fields: Fields,
): Promise<ServerResponse> {
  if (fields.has("etag")) return response;
  const body = response.body;
  const bytes = bodyBytes(body);
  if (bytes !== undefined) {
    fields.set("ETag", contentETag(bytes));
    return { ...response, headers: fields };
  }
  if (!isFileBody(body)) return response;
  const opened = await openFileBody(body);
  if (typeof opened !== "object") return response; // the server answers 404
  const info = openedFileOf(opened).info;
  fields.set("ETag", fileETag(info.size, info.mtimeMs));
  if (!fields.has("last-modified")) {
    // RFC 9110 §8.8.2.1: never a Last-Modified later than the response's Date.
    fields.set("Last-Modified", formatHttpDate(Math.min(info.mtimeMs, Date.now())));
  }
  return { ...response, headers: fields, body: opened };
}

/**
 * Applies the outcome of `evaluatePreconditions` to a response.
 * RFC 9110 §13.2.1: preconditions only matter when the response would
 * otherwise be a 2xx (or 412); a 404 or a 500 is returned as is.
 */
function settle(outcome: PreconditionOutcome, response: ServerResponse): ServerResponse {
  const status = statusOf(response);
  if (status < 200 || status > 299) return response;
  if (outcome === "not-modified") return notModified(response);
  if (outcome === "precondition-failed") return preconditionFailed(response);
  return response;
}

/**
 * Evaluates the conditional fields of a GET or HEAD request against the
 * validators of the response the handler produced (its `ETag` and
 * `Last-Modified`), and answers `304 Not Modified` or `412 Precondition
 * Failed` instead when a condition says so. The evaluation itself is
 * `evaluatePreconditions` of @hyperwire/headers, in the order of
 * RFC 9110 §13.2.2. Other methods, and responses other than 2xx, are
 * returned unchanged (see {@link ConditionalRequestOptions.validators} for
 * unsafe methods).
 *
 * A 200 without an `ETag` gets one first (option `generateETag`). For
 * `{ file }` content the file is opened to read its size and modification
 * time, and the response comes back carrying that open file, so the server
 * sends the very bytes the validators describe (and closes it, sent or not).
 *
 * @example
 * ```ts
 * const response = await applyConditionalRequest(request, {
 *   headers: { etag: '"v7"', "cache-control": "no-cache" },
 *   body: page,
 * });
 * // with If-None-Match: "v7" → { status: 304, headers: { etag, cache-control } }
 * ```
 */
export async function applyConditionalRequest(
  request: ServerRequest,
  response: ServerResponse,
  options: Pick<ConditionalRequestOptions, "generateETag"> = {},
): Promise<ServerResponse> {
  const method = request.method;
  if (method !== "GET" && method !== "HEAD") return response;
  const status = statusOf(response);
  if (status < 200 || status > 299) return response;
  const fields = responseFields(response);
  if (status === 200 && options.generateETag !== false) {
    response = await withGeneratedValidators(response, fields);
  }
  if (!hasConditions(request)) return response;
  return settle(evaluatePreconditions(request, validatorsOf(fields)), response);
}

/**
 * Wraps a handler so that conditional requests are answered for it:
 * `If-None-Match` and `If-Modified-Since` turn a 200 into `304 Not Modified`
 * (RFC 9110 §13.1.2, §13.1.3), a failed `If-Match` or `If-Unmodified-Since`
 * into `412 Precondition Failed` (§13.1.1, §13.1.4). `If-Range` belongs to
 * {@link withRanges}.
 *
 * The 304 keeps the fields RFC 9110 §15.4.5 requires (see {@link notModified}).
 * Dates compare at one-second resolution; malformed fields are treated as the
 * evaluator of @hyperwire/headers documents (a malformed If-None-Match never
 * yields a 304, a malformed If-Match always fails).
 *
 * @example
 * ```ts
 * import { serve, withConditionalRequests } from "@hyperwire/server";
 *
 * // GET: the response's ETag (or one generated from the content) decides.
 * await serve({ port: 8080, handler: withConditionalRequests(() => ({ body: render() })) });
 *
 * // PUT: validators known up front, so a stale If-Match fails before the write.
 * const handler = withConditionalRequests(saveDocument, {
 *   validators: async (request) => {
 *     const doc = await db.find(request.path);
 *     return doc === undefined ? { exists: false } : { etag: `"${doc.version}"`, lastModified: doc.updatedAt };
 *   },
 * });
 * ```
 */
export function withConditionalRequests(
  handler: Handler,
  options: ConditionalRequestOptions = {},
): Handler {
  const early = options.validators;
  return async (request) => {
    if (early !== undefined && hasConditions(request)) {
      const validators = await early(request);
      if (validators !== undefined) {
        const outcome = evaluatePreconditions(request, validators);
        // RFC 9110 §13.2.1: a failed precondition stops the method before it is performed.
        if (outcome === "precondition-failed") return preconditionFailed();
        const response = await handler(request);
        if (outcome !== "not-modified") return applyConditionalRequest(request, response, options);
        const status = statusOf(response);
        if (status < 200 || status > 299) return response;
        const fields = responseFields(response);
        // RFC 9110 §15.4.5: the 304 names the validator that matched.
        if (!fields.has("etag") && typeof validators.etag === "string") {
          fields.set("ETag", validators.etag);
        }
        return notModified({ ...response, headers: fields });
      }
    }
    return applyConditionalRequest(request, await handler(request), options);
  };
}
