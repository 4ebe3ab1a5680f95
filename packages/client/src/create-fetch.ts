import { Fields } from "@hyperwire/headers";
import { isRedirect } from "@hyperwire/status";
import type { ClientResponse } from "./client-response.js";
import { ClientError } from "./errors.js";
import type { RequestBodyInit } from "./request-body.js";
import { RequestErrorCode } from "./request-error-codes.js";
import type { RequestOptions } from "./request-options.js";

/**
 * A `RequestInit` plus the client's own options that have no WHATWG
 * counterpart: `proxy`, `auth`, `cache`, `onUploadProgress`,
 * `onDownloadProgress`, `connectTimeout` (as for `request()`).
 *
 * @example
 * ```ts
 * await fetch("https://example.com/", { proxy: "env", cache: true, onDownloadProgress: console.log });
 * ```
 */
export type FetchInit = RequestInit &
  Pick<
    RequestOptions,
    "proxy" | "auth" | "cache" | "onUploadProgress" | "onDownloadProgress" | "connectTimeout"
  >;

/** A WHATWG `fetch()`: `Request`/`RequestInit` in, `Response` out. */
export type FetchFunction = (input: string | URL | Request, init?: FetchInit) => Promise<Response>;

/** Something that sends requests: an `Agent` (internal). */
export interface RequestSender {
  request(url: string | URL, options?: RequestOptions): Promise<ClientResponse>;
}

// Fetch standard §2.2.3: statuses whose response has a null body.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

async function bodyOf(
  request: Request,
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<RequestBodyInit | undefined> {
  if (request.body === null) return undefined;
  const given = init?.body;
  // A stream stays a stream (sent chunked); anything else is in memory already
  // and goes out with Content-Length.
  if (given instanceof ReadableStream || (given === undefined && input instanceof Request)) {
    return request.body as ReadableStream<Uint8Array>;
  }
  return new Uint8Array(await request.arrayBuffer());
}

const EXTRAS = [
  "proxy",
  "auth",
  "cache",
  "onUploadProgress",
  "onDownloadProgress",
  "connectTimeout",
] as const;

/** The client's own options found in a fetch init. */
function extrasOf(init: FetchInit | undefined): Partial<RequestOptions> {
  const out: Record<string, unknown> = {};
  if (init === undefined) return out;
  for (const name of EXTRAS) if (init[name] !== undefined) out[name] = init[name];
  return out as Partial<RequestOptions>;
}

/**
 * Makes a `fetch()` that sends through `sender` (an `Agent`): same pools,
 * keep-alive and timeouts as `request()`. Redirects follow the Fetch modes
 * (`follow`: at most 20, through the redirect policy; `manual`: the 3xx
 * response itself is returned; `error`: a redirect rejects). Content is
 * decompressed. Network failures reject with a `TypeError` whose `cause` is
 * the typed `ClientError` (code, phase, reused, attempts); an abort rejects
 * with the signal's reason, as the standard says.
 *
 * @example
 * ```ts
 * const fetch = createFetch(new Agent({ connections: 4 }));
 * const res = await fetch("http://127.0.0.1:8080/items", { method: "POST", body: JSON.stringify({ a: 1 }) });
 * console.log(res.status, await res.json());
 * ```
 */
export function createFetch(sender: RequestSender): FetchFunction {
  return async function fetch(input, init) {
    const request = new Request(input as RequestInfo, init);
    const signal = request.signal;
    if (signal.aborted) throw signal.reason;
    const mode = request.redirect;
    let result: ClientResponse;
    try {
      result = await sender.request(request.url, {
        method: request.method,
        headers: new Fields(request.headers),
        body: (await bodyOf(request, input, init)) ?? null,
        signal,
        redirect: mode === "follow" ? { max: 20 } : false,
        decompress: true,
        ...extrasOf(init),
      });
    } catch (error) {
      if (error instanceof ClientError && error.code === RequestErrorCode.ABORTED) {
        throw signal.reason ?? error;
      }
      const detail =
        error instanceof ClientError ? `${error.code}: ${error.message}` : String(error);
      throw new TypeError(`fetch to ${request.url} failed (${detail})`, { cause: error });
    }
    if (mode === "error" && isRedirect(result.status) && result.headers.has("location")) {
      await result.body.cancel();
      throw new TypeError(`fetch to ${request.url} was redirected with redirect: "error"`);
    }
    const nullBody = NULL_BODY_STATUSES.has(result.status) || request.method === "HEAD";
    if (nullBody) await result.body.dump();
    const response = new Response(nullBody ? null : result.body.stream(), {
      status: result.status,
      statusText: result.statusText,
      headers: result.headers.toHeaders(),
    });
    Object.defineProperty(response, "url", { value: result.url });
    Object.defineProperty(response, "redirected", { value: result.redirects.length > 0 });
    return response;
  };
}
