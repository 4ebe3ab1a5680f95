import { Fields, type FieldsInit } from "@hyperwire/headers";
import { redirectRequest } from "@hyperwire/status";
import { ClientError, ClientErrorCode } from "./errors.js";

/** One request of a redirect chain. */
export interface RedirectHop {
  readonly method: string;
  /** The absolute URL requested, fragment included. */
  readonly url: string;
}

/** The request that received a redirect, as the policy sees it. */
export interface RedirectSourceRequest<Body = unknown> {
  readonly method: string;
  readonly url: string | URL;
  readonly headers?: FieldsInit;
  /** The request content, passed through untouched when it is kept. */
  readonly body?: Body;
  /**
   * false when the body cannot be sent a second time (a stream already
   * consumed). A 307/308 that must resend it then ends the chain with
   * `HW_CLIENT_REDIRECT_BODY_NOT_REPLAYABLE`. Default true.
   */
  readonly bodyReplayable?: boolean;
}

/** The request to send next. */
export interface RedirectedRequest<Body = unknown> {
  readonly method: string;
  /** The absolute URL, fragment inherited when Location had none (RFC 9110 §10.2.2). */
  readonly url: string;
  readonly headers: Fields;
  /** The body, or undefined when the method change dropped it. */
  readonly body: Body | undefined;
}

/** What {@link RedirectPolicy.next} decided. */
export type RedirectDecision<Body = unknown> =
  | {
      /** Send `request` next. */
      readonly action: "follow";
      readonly request: RedirectedRequest<Body>;
      /** The chain so far, this new hop last: pass it to the next call. */
      readonly history: readonly RedirectHop[];
      /** true when the request content and its header fields were dropped. */
      readonly bodyDropped: boolean;
      /** true when the hop changes origin, so credentials were removed. */
      readonly crossOrigin: boolean;
    }
  | {
      /** Hand the response to the caller as it is. */
      readonly action: "return";
      /** Not a status that is followed (see `isRedirect`), or a redirect without Location. */
      readonly reason: "not-redirect" | "no-location";
    }
  | {
      /** Stop with this error; it carries the redirect history. */
      readonly action: "error";
      readonly error: ClientError;
    };

/** Options of a {@link RedirectPolicy}. */
export interface RedirectPolicyOptions {
  /** Most redirects followed in one chain (the Fetch standard's limit is 20). Default 20. */
  maxRedirects?: number;
  /** Follow a redirect from https to http. Default false: it would expose the request, cookies included, in clear text. */
  allowInsecureRedirects?: boolean;
  /**
   * Stop when a redirect leads to a request (method and URL) already made in
   * this chain. Default true. A login flow that bounces through a page that
   * sets a cookie and back can legitimately revisit a URL: turn this off for
   * it and rely on `maxRedirects`.
   */
  detectLoops?: boolean;
  /** URL schemes a redirect may lead to, with the colon. Default `["http:", "https:"]`. */
  allowedProtocols?: readonly string[];
  /**
   * Header fields removed when a hop changes origin (scheme, host or port), in
   * addition to Authorization, Cookie, Proxy-Authorization and Host: they
   * belong to the origin they were written for.
   */
  crossOriginStrippedHeaders?: readonly string[];
}

// Fields that travel with credentials and must not follow the request to another origin.
const CROSS_ORIGIN_STRIPPED = ["authorization", "cookie", "proxy-authorization", "host"];

// Fields that describe the request content; they go when the content goes (the
// Fetch standard's "request-body-header names", plus the framing fields).
const CONTENT_FIELDS = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
  "transfer-encoding",
  "expect",
];

/**
 * Turns a redirect response into the next request, or a reason to stop. It
 * holds no state: pass the returned `history` into the next call.
 *
 * - Statuses followed and method rewriting come from `@hyperwire/status`'s
 *   `redirectRequest` (RFC 9110 §15.4): 301/302 turn POST into GET, 303
 *   turns everything but HEAD into GET, 307/308 keep method and body.
 * - Location is resolved against the current URL (RFC 9110 §10.2.2) and
 *   inherits the current fragment when it has none.
 * - When the method changes the body and its Content-* fields are dropped.
 * - A hop to another origin drops Authorization, Cookie, Proxy-Authorization
 *   and Host (a cookie jar adds the new origin's cookies).
 * - https → http is refused unless `allowInsecureRedirects`; schemes other
 *   than http and https are refused; loops and chains longer than
 *   `maxRedirects` end with an error carrying the history.
 *
 * @example
 * ```ts
 * const policy = new RedirectPolicy();
 * const d = policy.next(
 *   { status: 303, headers: { location: "/done" } },
 *   { method: "POST", url: "https://example.com/form", headers: { "content-type": "text/plain" }, body: "x" },
 * );
 * // d.action === "follow"; d.request: { method: "GET", url: "https://example.com/done", body: undefined, headers: {} }
 * ```
 */
export class RedirectPolicy {
  readonly #maxRedirects: number;
  readonly #allowInsecure: boolean;
  readonly #detectLoops: boolean;
  readonly #protocols: ReadonlySet<string>;
  readonly #stripped: readonly string[];

  constructor(options: RedirectPolicyOptions = {}) {
    this.#maxRedirects = options.maxRedirects ?? 20;
    if (!Number.isInteger(this.#maxRedirects) || this.#maxRedirects < 0) {
      throw new ClientError(
        ClientErrorCode.INVALID_OPTION,
        `maxRedirects must be a non-negative integer`,
      );
    }
    this.#allowInsecure = options.allowInsecureRedirects ?? false;
    this.#detectLoops = options.detectLoops ?? true;
    this.#protocols = new Set(options.allowedProtocols ?? ["http:", "https:"]);
    this.#stripped = [
      ...CROSS_ORIGIN_STRIPPED,
      ...(options.crossOriginStrippedHeaders ?? []).map((n) => n.toLowerCase()),
    ];
  }

  /**
   * Decides what follows `response` to `request`. `history` is the chain so
   * far (the `history` of the previous decision); empty or absent on the
   * first response, where it is taken to be the request itself. Throws
   * `ClientError` (`HW_CLIENT_INVALID_URL`) only when `request.url` is not an
   * absolute URL; every problem with the response is an `error` decision.
   */
  next<Body>(
    response: { readonly status: number; readonly headers: FieldsInit },
    request: RedirectSourceRequest<Body>,
    history: readonly RedirectHop[] = [],
  ): RedirectDecision<Body> {
    let current: URL;
    try {
      current = new URL(request.url);
    } catch (cause) {
      throw new ClientError(
        ClientErrorCode.INVALID_URL,
        `not an absolute URL: ${String(request.url)}`,
        { cause },
      );
    }
    const hops: RedirectHop[] =
      history.length > 0 ? [...history] : [{ method: request.method, url: current.href }];
    const fail = (
      code: ClientErrorCode,
      message: string,
      cause?: unknown,
    ): RedirectDecision<Body> => ({
      action: "error",
      error: new ClientError(code, message, {
        redirectHistory: hops.map((h) => h.url),
        ...(cause === undefined ? {} : { cause }),
      }),
    });

    const rewrite = redirectRequest(response.status, request.method);
    if (rewrite === null) return { action: "return", reason: "not-redirect" };
    const responseFields =
      response.headers instanceof Fields ? response.headers : new Fields(response.headers);
    const locations = [...new Set(responseFields.getAll("location").map((l) => l.trim()))];
    if (locations.length === 0) return { action: "return", reason: "no-location" };
    if (locations.length > 1 || locations[0] === "") {
      return fail(
        ClientErrorCode.INVALID_LOCATION,
        `ambiguous or empty Location: ${JSON.stringify(locations)}`,
      );
    }
    const location = locations[0]!;
    let target: URL;
    try {
      // RFC 9110 §10.2.2: a relative reference resolves against the target URI.
      target = new URL(location, current);
    } catch (cause) {
      return fail(
        ClientErrorCode.INVALID_LOCATION,
        `Location is not a URI reference: ${JSON.stringify(location)}`,
        cause,
      );
    }
    // RFC 9110 §10.2.2: without a fragment of its own, the target inherits the current one.
    if (!location.includes("#") && current.hash !== "") target.hash = current.hash;

    if (!this.#protocols.has(target.protocol)) {
      return fail(
        ClientErrorCode.UNSUPPORTED_REDIRECT_SCHEME,
        `redirect to unsupported scheme ${target.protocol}`,
      );
    }
    if (current.protocol === "https:" && target.protocol === "http:" && !this.#allowInsecure) {
      return fail(
        ClientErrorCode.INSECURE_REDIRECT,
        `redirect from https to http refused: ${target.href}`,
      );
    }
    if (hops.length - 1 >= this.#maxRedirects) {
      return fail(ClientErrorCode.TOO_MANY_REDIRECTS, `more than ${this.#maxRedirects} redirects`);
    }
    const withoutHash = (u: string) => u.split("#", 1)[0];
    if (
      this.#detectLoops &&
      hops.some(
        (h) => h.method === rewrite.method && withoutHash(h.url) === withoutHash(target.href),
      )
    ) {
      hops.push({ method: rewrite.method, url: target.href });
      return fail(
        ClientErrorCode.REDIRECT_LOOP,
        `redirect loop back to ${rewrite.method} ${target.href}`,
      );
    }

    const headers = new Fields(request.headers);
    let body: Body | undefined = request.body;
    let bodyDropped = false;
    if (!rewrite.keepBody) {
      bodyDropped = body !== undefined || CONTENT_FIELDS.some((name) => headers.has(name));
      for (const name of CONTENT_FIELDS) headers.delete(name);
      body = undefined;
    } else if (body !== undefined && request.bodyReplayable === false) {
      return fail(
        ClientErrorCode.REDIRECT_BODY_NOT_REPLAYABLE,
        `${response.status} requires resending a body that cannot be replayed`,
      );
    }
    const crossOrigin = target.origin !== current.origin;
    if (crossOrigin) for (const name of this.#stripped) headers.delete(name);

    hops.push({ method: rewrite.method, url: target.href });
    return {
      action: "follow",
      request: { method: rewrite.method, url: target.href, headers, body },
      history: hops,
      bodyDropped,
      crossOrigin,
    };
  }
}
