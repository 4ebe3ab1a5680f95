import { Fields } from "@hyperwire/headers";
import { isRedirect } from "@hyperwire/status";
import type { ClientResponse } from "./client-response.js";
import { ClientError } from "./errors.js";
import { RedirectPolicy } from "./redirect-policy.js";
import type { RequestBodyInit } from "./request-body.js";
import { RequestErrorCode } from "./request-error-codes.js";
import type { RequestOptions } from "./request-options.js";

/**
 * A `RequestInit` plus the client's own options that have no WHATWG
 * counterpart: `proxy`, `auth`, `cache`, `onUploadProgress`,
 * `onDownloadProgress`, `connectTimeout`, `trace` (as for `request()`).
 *
 * @example
 * ```ts
 * await fetch("https://example.com/", { proxy: "env", cache: true, onDownloadProgress: console.log });
 * ```
 */
export type FetchInit = RequestInit &
  Pick<
    RequestOptions,
    | "proxy"
    | "auth"
    | "cache"
    | "onUploadProgress"
    | "onDownloadProgress"
    | "connectTimeout"
    | "trace"
  >;

/** A WHATWG `fetch()`: `Request`/`RequestInit` in, `Response` out. */
export type FetchFunction = (input: string | URL | Request, init?: FetchInit) => Promise<Response>;

/** Something that sends requests: an `Agent` (internal). */
export interface RequestSender {
  request(url: string | URL, options?: RequestOptions): Promise<ClientResponse>;
}

/** Fetch's `redirect: "follow"` (at most 20, the Fetch standard's limit): one policy for every call, it holds no state. */
const FOLLOW_REDIRECTS = new RedirectPolicy({ maxRedirects: 20 });

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
  "trace",
] as const;

/** Copies the client's own options found in a fetch init into `out`. */
function addExtras(out: Record<string, unknown>, init: FetchInit | undefined): void {
  if (init === undefined) return;
  for (const name of EXTRAS) if (init[name] !== undefined) out[name] = init[name];
}

/** What one fetch() call sends, read from a `Request` or straight from the init. */
interface FetchCall {
  /** The URL as `Request.url` serializes it. */
  readonly href: string;
  readonly method: string;
  readonly mode: RequestRedirect;
  /** The signal that ends the call; undefined when none was given (fast path only). */
  readonly signal: AbortSignal | undefined;
  readonly options: RequestOptions;
  /** What `sender.request` is given: the URL itself when this call parsed it. */
  readonly target: string | URL;
}

/**
 * Fetch standard §2.2.1 (normalize a method): DELETE, GET, HEAD, OPTIONS,
 * POST and PUT are uppercased whatever their case; PATCH stays as given.
 * Only these spellings take the fast path; any other goes through `new Request`.
 */
const NORMALIZED_METHODS: ReadonlyMap<unknown, string> = new Map([
  ["GET", "GET"],
  ["get", "GET"],
  ["HEAD", "HEAD"],
  ["head", "HEAD"],
  ["POST", "POST"],
  ["post", "POST"],
  ["PUT", "PUT"],
  ["put", "PUT"],
  ["DELETE", "DELETE"],
  ["delete", "DELETE"],
  ["OPTIONS", "OPTIONS"],
  ["options", "OPTIONS"],
  ["PATCH", "PATCH"],
]);

/** Init members the fast path reads itself; any other member goes through `new Request`. */
const FAST_INIT_MEMBERS = new Set<string>([
  "method",
  "headers",
  "body",
  "redirect",
  "signal",
  "proxy",
  "auth",
  "onUploadProgress",
  "onDownloadProgress",
  "connectTimeout",
  "trace",
  // Read by the top-level fetch() to pick the agent; a Request ignores it too.
  "agent",
]);

/**
 * The common call — a string or URL and a plain init with a method, headers
 * and an in-memory body — read without building a WHATWG `Request` (and its
 * AbortSignal). Returns null whenever `new Request` could disagree (other
 * init members, a body it would reject or stream, a URL with credentials, a
 * method it would normalize or refuse differently): the caller then takes
 * the `Request` path, so both give the same result.
 */
function fastCall(input: string | URL | Request, init: FetchInit | undefined): FetchCall | null {
  if (typeof input !== "string" && !(input instanceof URL)) return null;
  if (init !== undefined && init !== null) {
    if (typeof init !== "object") return null;
    const proto = Object.getPrototypeOf(init);
    if (proto !== Object.prototype && proto !== null) return null;
    for (const key in init) if (!FAST_INIT_MEMBERS.has(key)) return null;
  }
  const method = init?.method === undefined ? "GET" : NORMALIZED_METHODS.get(init.method);
  if (method === undefined) return null;
  const mode = init?.redirect ?? "follow";
  if (mode !== "follow" && mode !== "manual" && mode !== "error") return null;
  const signal = init?.signal ?? undefined;
  if (signal !== undefined && !(signal instanceof AbortSignal)) return null;
  let url: URL;
  try {
    url = typeof input === "string" ? new URL(input) : new URL(input.href);
  } catch {
    return null;
  }
  if (url.username !== "" || url.password !== "") return null;
  const given = init?.body ?? null;
  let body: RequestBodyInit | null = null;
  // Fetch standard §5.2 (extract a body): the Content-Type each kind implies.
  let contentType: string | undefined;
  if (given !== null) {
    // Fetch standard §5.4 (Request constructor): GET and HEAD have no body.
    if (method === "GET" || method === "HEAD") return null;
    if (typeof given === "string") {
      body = given;
      contentType = "text/plain;charset=UTF-8";
    } else if (given instanceof URLSearchParams) {
      body = given.toString();
      contentType = "application/x-www-form-urlencoded;charset=UTF-8";
    } else if (ArrayBuffer.isView(given) && given.buffer instanceof ArrayBuffer) {
      // A Request copies the bytes when it is made: later writes by the caller do not go out.
      body = new Uint8Array(given.buffer, given.byteOffset, given.byteLength).slice();
    } else if (given instanceof ArrayBuffer) {
      body = new Uint8Array(given.slice(0));
    } else {
      return null;
    }
  }
  let headers: Fields | undefined;
  if (init?.headers === undefined && contentType === undefined) {
    headers = undefined;
  } else {
    // Through Headers, as a Request does: its validation, lowercase names in sorted order.
    const whatwg = new Headers(init?.headers);
    if (contentType !== undefined && !whatwg.has("content-type")) {
      whatwg.set("content-type", contentType);
    }
    headers = new Fields(whatwg);
  }
  const options: Record<string, unknown> = {
    method,
    headers,
    body,
    redirect: mode === "follow" ? FOLLOW_REDIRECTS : false,
    decompress: true,
  };
  if (signal !== undefined) options.signal = signal;
  addExtras(options, init);
  return { href: url.href, method, mode, signal, options: options as RequestOptions, target: url };
}

/** The general case: whatever `new Request` accepts, read back from it. */
async function requestCall(
  input: string | URL | Request,
  init: FetchInit | undefined,
): Promise<FetchCall> {
  const request = new Request(input as RequestInfo, init);
  const signal = request.signal;
  if (signal.aborted) throw signal.reason;
  const mode = request.redirect;
  const options: Record<string, unknown> = {
    method: request.method,
    headers: new Fields(request.headers),
    body: (await bodyOf(request, input, init)) ?? null,
    signal,
    redirect: mode === "follow" ? FOLLOW_REDIRECTS : false,
    decompress: true,
  };
  addExtras(options, init);
  return {
    href: request.url,
    method: request.method,
    mode,
    signal,
    options: options as RequestOptions,
    target: request.url,
  };
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
    const call = fastCall(input, init) ?? (await requestCall(input, init));
    const { signal, mode } = call;
    if (signal?.aborted) throw signal.reason;
    let result: ClientResponse;
    try {
      result = await sender.request(call.target, call.options);
    } catch (error) {
      if (error instanceof ClientError && error.code === RequestErrorCode.ABORTED) {
        throw signal?.reason ?? error;
      }
      const detail =
        error instanceof ClientError ? `${error.code}: ${error.message}` : String(error);
      throw new TypeError(`fetch to ${call.href} failed (${detail})`, { cause: error });
    }
    if (mode === "error" && isRedirect(result.status) && result.headers.has("location")) {
      await result.body.cancel();
      throw new TypeError(`fetch to ${call.href} was redirected with redirect: "error"`);
    }
    const nullBody = NULL_BODY_STATUSES.has(result.status) || call.method === "HEAD";
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
