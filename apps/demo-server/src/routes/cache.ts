import {
  type Router,
  type ServerRequest,
  type ServerResponse,
  withConditionalRequests,
} from "@hyperwire/server";
import { describeRequest } from "../echo.js";
import { badRequest, boundedInteger, json } from "../responses.js";

/** The Last-Modified of `/cache`: when this process started, to the second (RFC 9110 §8.8.2). */
const STARTED = new Date(Math.floor(Date.now() / 1000) * 1000);

/** Most seconds `/cache/:n` puts in `max-age` (one day). */
export const MAX_CACHE_SECONDS = 86_400;

/**
 * Conditional requests (RFC 9110 §13), evaluated by `withConditionalRequests`:
 * - `/cache` has `Last-Modified` (server start) and a strong `ETag`; a
 *   matching `If-None-Match` or an `If-Modified-Since` not older gets 304.
 * - `/etag/:etag` has `ETag: "<etag>"`: `If-None-Match` with it → 304,
 *   `If-Match` without it → 412.
 * - `/cache/:n` answers with `Cache-Control: public, max-age=n`.
 */
export function registerCacheRoutes(router: Router): void {
  const cached = withConditionalRequests(
    async (request: ServerRequest): Promise<ServerResponse> => {
      const echo = await describeRequest(request, { content: false });
      // The echo without the request's fields: the representation must not change
      // with If-None-Match, or its ETag would never match again.
      return json({ url: echo.url, args: echo.args, lastModified: STARTED.toUTCString() }, 200, {
        "last-modified": STARTED.toUTCString(),
        "cache-control": "no-cache",
      });
    },
  );
  router.get("/cache", (request) => cached(request));
  router.get("/cache/:n", (_request, params) => {
    const n = boundedInteger("n", params.n, { min: 0, max: MAX_CACHE_SECONDS });
    if (typeof n === "string") return badRequest(n);
    return json({ maxAge: n }, 200, { "cache-control": `public, max-age=${n}` });
  });
  const tagged = withConditionalRequests((request: ServerRequest): ServerResponse => {
    const etag = request.params.etag ?? "";
    return json({ etag }, 200, { etag: `"${etag}"` });
  });
  router.get("/etag/:etag", (request, params) => {
    // RFC 9110 §8.8.3: etagc = %x21 / %x23-7E / obs-text — no DQUOTE, no spaces.
    if (!/^[\x21\x23-\x7e]{1,128}$/.test(params.etag ?? "")) {
      return badRequest("etag must be 1 to 128 visible characters without a double quote");
    }
    return tagged(request);
  });
}
