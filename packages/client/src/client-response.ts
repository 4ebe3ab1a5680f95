import type { Fields } from "@hyperwire/headers";
import type { CacheStatus } from "./http-cache.js";
import type { ResponseBody } from "./response-body.js";

/**
 * An interim (1xx) response, handed to the `onInformational` option as it
 * arrives: 103 Early Hints (RFC 8297), 100 Continue (also when none was asked
 * for: RFC 9110 §15.2 requires a client to parse and ignore an unexpected
 * one), 102 Processing and unknown 1xx codes. 101 is final and never appears here.
 *
 * @example
 * ```ts
 * await request(url, {
 *   onInformational(info) {
 *     if (info.status === 103) for (const link of info.headers.getAll("link")) preload(link);
 *   },
 * });
 * ```
 */
export interface InformationalResponse {
  /** The status code, 100–199 but 101. */
  readonly status: number;
  /** The reason phrase as received (may be empty). */
  readonly statusText: string;
  /** The fields of the interim response. */
  readonly headers: Fields;
}

/**
 * The response `request()` resolves with as soon as the final head arrives;
 * the body streams after it.
 *
 * @example
 * ```ts
 * const res = await request("http://127.0.0.1:8080/");
 * console.log(res.status, res.headers.get("content-type"), await res.body.text());
 * ```
 */
export interface ClientResponse {
  /** The final status code (RFC 9110 §15). */
  readonly status: number;
  /** The reason phrase as received; never interpreted (RFC 9112 §4). */
  readonly statusText: string;
  /** The HTTP version the server answered with. */
  readonly version: "1.0" | "1.1";
  /**
   * The response fields, obs-folds already replaced with SP (RFC 9112 §5.2).
   * When the body was decompressed, Content-Encoding and Content-Length still
   * describe the bytes on the wire, as in `fetch()`.
   */
  readonly headers: Fields;
  /** The body; read it once (see {@link ResponseBody}). */
  readonly body: ResponseBody;
  /** The trailer fields of a chunked response, once the body has been read (empty otherwise). */
  readonly trailers: Promise<Fields>;
  /** The URL of the response: the request URL, or the last one after redirects. */
  readonly url: string;
  /** Whether the exchange used a connection that had served an earlier request. */
  readonly reused: boolean;
  /** Attempts made for the last request of the chain, the first included (2 after a transparent retry). */
  readonly attempts: number;
  /** Every URL requested before this one in a redirect chain, first first (empty without redirects). */
  readonly redirects: readonly string[];
  /** With the `cache` option: `"hit"`, `"revalidated"` or `"miss"`; undefined without it. */
  readonly cache?: CacheStatus;
}
