import {
  formatOrigin,
  parseAccessControlRequestHeaders,
  parseAccessControlRequestMethod,
  parseOrigin,
} from "@hyperwire/headers";
import { appendVary } from "./edit-response.js";
import { ServerError, ServerErrorCode } from "./errors.js";
import { responseFields } from "./response-body.js";
import type { Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";

/*
 * Cross-Origin Resource Sharing as the WHATWG Fetch standard defines it
 * (§3.2 "CORS protocol", §4.8 "CORS-preflight fetch", §4.9 "CORS check").
 * The browser enforces; the server only says which origins may read which
 * responses. A request without Origin is not a CORS request and passes
 * through untouched.
 */

/** Which origins may read responses. */
export type CorsOrigin =
  /** Any origin, without credentials: `Access-Control-Allow-Origin: *`. */
  | "*"
  /** Serialized origins ("https://app.example", "http://localhost:5173"), compared after normalisation. */
  | readonly string[]
  /** Decides per request; the origin is the serialized Origin field value (or "null"). */
  | ((origin: string, request: ServerRequest) => boolean | Promise<boolean>);

/** Options of {@link withCors}. */
export interface CorsOptions {
  /** The origins allowed. Required: there is no "allow everything with cookies" default. */
  readonly origin: CorsOrigin;
  /**
   * Let the browser send cookies and HTTP authentication and read the
   * response (`Access-Control-Allow-Credentials: true`). Never combined with
   * `origin: "*"` (Fetch §3.2.5: a wildcard is not honoured with credentials,
   * and reflecting any origin instead would let every site read users' data).
   * Default false.
   */
  readonly credentials?: boolean;
  /** Methods a preflight allows. Default GET, HEAD, POST, PUT, PATCH, DELETE. */
  readonly methods?: readonly string[];
  /**
   * Request fields a preflight allows. Default: the ones the preflight asks
   * for (`Access-Control-Request-Headers` echoed back, with
   * `Vary: Access-Control-Request-Headers`).
   */
  readonly allowedHeaders?: readonly string[];
  /** Response fields scripts may read beyond the CORS-safelisted ones (`Access-Control-Expose-Headers`). */
  readonly exposedHeaders?: readonly string[];
  /** Seconds a browser may cache a preflight answer (`Access-Control-Max-Age`). Default 600. */
  readonly maxAge?: number;
}

const DEFAULT_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

function normalizeOrigin(text: string): string | null {
  const parsed = parseOrigin(text);
  if (!parsed.ok) return null;
  if (parsed.value.kind === "null") return "null";
  // Fetch sends exactly one origin; a list is not a browser's CORS request.
  if (parsed.value.origins.length !== 1) return null;
  return formatOrigin(parsed.value.origins[0]!);
}

/**
 * Wraps a handler with CORS. Preflights (OPTIONS with `Origin` and
 * `Access-Control-Request-Method`, Fetch §4.8) are answered here with 204
 * and `Access-Control-Allow-Methods`/`-Headers`/`-Max-Age`, without calling
 * the handler; other requests from an allowed origin reach the handler and
 * get `Access-Control-Allow-Origin` (and `-Credentials`, `-Expose-Headers`)
 * on the way out. Whenever the answer depends on Origin, `Vary: Origin` says
 * so (Fetch §3.2.5 ¶"CORS protocol and HTTP caches"), so a shared cache never
 * hands one origin's answer to another. Fields the handler set are kept.
 *
 * @throws ServerError `HW_SERVER_INVALID_OPTIONS` for `origin: "*"` with
 * `credentials: true`, or an origin in the list that does not parse.
 *
 * @example
 * ```ts
 * const api = withCors((request) => ({ headers: { "content-type": "application/json" }, body: "{}" }), {
 *   origin: ["https://app.example"],
 *   credentials: true,
 *   exposedHeaders: ["ETag"],
 * });
 * await serve({ port: 8080, handler: api });
 * ```
 */
export function withCors(handler: Handler, options: CorsOptions): Handler {
  const credentials = options.credentials === true;
  const origin = options.origin;
  if (origin === "*" && credentials) {
    throw new ServerError(
      ServerErrorCode.INVALID_OPTIONS,
      'CORS with credentials needs a list of origins, not "*" (Fetch §3.2.5)',
    );
  }
  let allowed: ReadonlySet<string> | undefined;
  if (Array.isArray(origin)) {
    allowed = new Set(
      (origin as readonly string[]).map((entry) => {
        const normal = normalizeOrigin(entry);
        if (normal === null) {
          throw new ServerError(
            ServerErrorCode.INVALID_OPTIONS,
            `${JSON.stringify(entry)} is not a serialized origin (scheme://host[:port])`,
          );
        }
        return normal;
      }),
    );
  }
  const methods = (options.methods ?? DEFAULT_METHODS).join(", ");
  const allowHeaders = options.allowedHeaders?.join(", ");
  const exposed =
    options.exposedHeaders === undefined || options.exposedHeaders.length === 0
      ? undefined
      : options.exposedHeaders.join(", ");
  const maxAge = String(options.maxAge ?? 600);
  const wildcard = origin === "*";

  const isAllowed = async (value: string, request: ServerRequest): Promise<boolean> => {
    if (wildcard) return true;
    if (allowed !== undefined) return allowed.has(value);
    return (origin as (o: string, r: ServerRequest) => boolean | Promise<boolean>)(value, request);
  };

  /** The fields every CORS answer to an allowed origin carries. */
  const grant = (fields: ReturnType<typeof responseFields>, value: string): void => {
    if (!fields.has("access-control-allow-origin"))
      fields.append("Access-Control-Allow-Origin", wildcard ? "*" : value);
    if (credentials && !fields.has("access-control-allow-credentials"))
      fields.append("Access-Control-Allow-Credentials", "true");
  };

  return async (request) => {
    const raw = request.headers.get("origin");
    if (raw === null) return handler(request);
    const value = normalizeOrigin(raw);
    const requestMethod = request.headers.get("access-control-request-method");
    if (request.method === "OPTIONS" && requestMethod !== null) {
      // Fetch §4.8: a CORS-preflight request. Answer it here; the handler never sees it.
      const fields = responseFields({});
      if (!wildcard) appendVary(fields, "Origin");
      const asked = request.headers.get("access-control-request-headers");
      if (allowHeaders === undefined) appendVary(fields, "Access-Control-Request-Headers");
      const method = parseAccessControlRequestMethod(requestMethod);
      const headers = asked === null ? null : parseAccessControlRequestHeaders(asked);
      if (
        value !== null &&
        method.ok &&
        (headers === null || headers.ok) &&
        (await isAllowed(value, request))
      ) {
        grant(fields, value);
        fields.append("Access-Control-Allow-Methods", methods);
        const list = allowHeaders ?? (headers?.ok ? headers.value.join(", ") : "");
        if (list !== "") fields.append("Access-Control-Allow-Headers", list);
        fields.append("Access-Control-Max-Age", maxAge);
      }
      // Without Access-Control-Allow-Origin the browser fails the preflight (Fetch §4.9).
      return { status: 204, headers: fields };
    }
    const response: ServerResponse = await handler(request);
    const fields = responseFields(response);
    if (!wildcard) appendVary(fields, "Origin");
    if (value !== null && (await isAllowed(value, request))) {
      grant(fields, value);
      if (exposed !== undefined && !fields.has("access-control-expose-headers"))
        fields.append("Access-Control-Expose-Headers", exposed);
    }
    return { ...response, headers: fields };
  };
}
