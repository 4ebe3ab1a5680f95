import type { Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";

/** Parameters captured by a route pattern: `/users/:id` gives `{ id }`, a trailing `*` gives `{ "*": rest }`. */
export type RouteParams = Readonly<Record<string, string>>;

/**
 * A route's handler: the request, and the parameters its pattern captured
 * (also on `request.params`).
 */
export type RouteHandler = (
  request: ServerRequest,
  params: RouteParams,
) => ServerResponse | Promise<ServerResponse>;

const SEGMENT_LITERAL = 0;
const SEGMENT_PARAM = 1;
const SEGMENT_REST = 2;

interface Segment {
  readonly kind: number;
  /** The literal text, or the parameter's name. */
  readonly text: string;
}

/** The method of a route added with {@link Router.all}: it matches every method. */
const ANY_METHOD = null;

interface Route {
  /** The method token, or {@link ANY_METHOD}. */
  readonly method: string | typeof ANY_METHOD;
  readonly pattern: string;
  readonly segments: readonly Segment[];
  readonly handler: RouteHandler;
}

function compile(pattern: string): Segment[] {
  if (!pattern.startsWith("/")) {
    throw new TypeError(`route pattern ${JSON.stringify(pattern)} must start with "/"`);
  }
  const parts = pattern.split("/").slice(1);
  return parts.map((part, index) => {
    if (part === "*") {
      if (index !== parts.length - 1)
        throw new TypeError(`"*" must end the pattern ${JSON.stringify(pattern)}`);
      return { kind: SEGMENT_REST, text: "*" };
    }
    if (part.startsWith(":")) {
      if (part.length === 1) throw new TypeError(`unnamed parameter in ${JSON.stringify(pattern)}`);
      return { kind: SEGMENT_PARAM, text: part.slice(1) };
    }
    return { kind: SEGMENT_LITERAL, text: part };
  });
}

function decode(text: string): string | null {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Matches `pathSegments` against a route; returns the parameters or null. */
function match(route: Route, pathSegments: readonly string[]): Record<string, string> | null {
  const segments = route.segments;
  let params: Record<string, string> | null = null;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === SEGMENT_REST) {
      const rest = decode(pathSegments.slice(i).join("/"));
      if (rest === null) return null;
      params ??= {};
      params["*"] = rest;
      return params;
    }
    const actual = pathSegments[i];
    if (actual === undefined) return null;
    if (segment.kind === SEGMENT_LITERAL) {
      if (actual !== segment.text) return null;
    } else {
      if (actual === "") return null;
      const value = decode(actual);
      if (value === null) return null;
      params ??= {};
      params[segment.text] = value;
    }
  }
  return pathSegments.length === segments.length ? (params ?? {}) : null;
}

const NOT_FOUND: ServerResponse = {
  status: 404,
  headers: { "Content-Type": "text/plain" },
  body: "Not Found\n",
};

/**
 * A small router: method and path patterns with named parameters.
 *
 * - `/users/:id` captures one non-empty segment (percent-decoded) as `id`;
 *   `/static/*` captures the rest of the path as `*`. Literal segments are
 *   compared exactly (paths are case-sensitive, RFC 3986 §6.2.2.1).
 * - Routes are tried in the order they were added; the first whose pattern
 *   matches and whose method is the request's (or that was added with
 *   {@link Router.all}, which takes every method) answers.
 * - HEAD uses a HEAD route when one matches, else the first matching GET or
 *   `all` route, in order (RFC 9110 §9.3.2: same head as GET, no content;
 *   the server drops the content). So `all` after `get` for one path leaves
 *   HEAD to the GET route.
 * - A path that matches only under other methods is answered 405 with
 *   `Allow` listing them (RFC 9110 §15.5.6); `OPTIONS` on it, when no route
 *   handles OPTIONS (an `all` route does), is answered 204 with `Allow`
 *   (RFC 9110 §9.3.7); `OPTIONS *` lists every method the router names.
 *   Anything else is 404.
 *
 * @example
 * ```ts
 * const router = new Router()
 *   .get("/users/:id", (request, { id }) => ({ body: `user ${id}` }))
 *   .post("/users", async (request) => ({ status: 201, body: await request.text() }))
 *   .get("/static/*", (request, params) => ({ body: { file: resolveSafely(params["*"]) } }));
 * await serve({ port: 8080, handler: router.handler });
 * ```
 */
export class Router {
  readonly #routes: Route[] = [];

  /** Adds a route for `method` (any token, case-sensitive, RFC 9110 §9.1). */
  on(method: string, pattern: string, handler: RouteHandler): this {
    this.#routes.push({ method, pattern, segments: compile(pattern), handler });
    return this;
  }

  /** Adds a GET route (HEAD is answered by it too). */
  get(pattern: string, handler: RouteHandler): this {
    return this.on("GET", pattern, handler);
  }

  /** Adds a POST route. */
  post(pattern: string, handler: RouteHandler): this {
    return this.on("POST", pattern, handler);
  }

  /** Adds a PUT route. */
  put(pattern: string, handler: RouteHandler): this {
    return this.on("PUT", pattern, handler);
  }

  /** Adds a PATCH route. */
  patch(pattern: string, handler: RouteHandler): this {
    return this.on("PATCH", pattern, handler);
  }

  /** Adds a DELETE route. */
  delete(pattern: string, handler: RouteHandler): this {
    return this.on("DELETE", pattern, handler);
  }

  /** Adds an OPTIONS route (otherwise OPTIONS is answered automatically). */
  options(pattern: string, handler: RouteHandler): this {
    return this.on("OPTIONS", pattern, handler);
  }

  /**
   * Adds a route for every method: GET, POST, OPTIONS, extension methods
   * alike. It competes with the other routes in the order added, so put it
   * after the specific routes of the same path to make it the fallback (a
   * custom 405, a proxy, a method-agnostic handler). A path it matches is
   * never answered 405, and OPTIONS on it reaches the handler.
   *
   * @example
   * ```ts
   * const router = new Router()
   *   .get("/items", list)
   *   .post("/items", create)
   *   .all("/items", (request) => ({ status: 405, headers: { Allow: "GET, HEAD, POST" }, body: `no ${request.method} here\n` }))
   *   .all("/proxy/*", (request, params) => forward(request, params["*"]));
   * ```
   */
  all(pattern: string, handler: RouteHandler): this {
    this.#routes.push({ method: ANY_METHOD, pattern, segments: compile(pattern), handler });
    return this;
  }

  /** The router as a server {@link Handler}: `serve({ handler: router.handler })`. */
  readonly handler: Handler = (request) => this.handle(request);

  /** Routes one request. */
  handle(request: ServerRequest): ServerResponse | Promise<ServerResponse> {
    const method = request.method;
    if (request.target === "*") {
      if (method === "OPTIONS") return { status: 204, headers: { Allow: this.#allMethods() } };
      return NOT_FOUND;
    }
    const path = request.path;
    if (path.charCodeAt(0) !== 0x2f) return NOT_FOUND;
    const segments = path.split("/").slice(1);
    let allowed: Set<string> | null = null;
    let headFallback: { route: Route; params: Record<string, string> } | null = null;
    for (const route of this.#routes) {
      const params = match(route, segments);
      if (params === null) continue;
      const routeMethod = route.method;
      if (routeMethod === method || (routeMethod === ANY_METHOD && method !== "HEAD")) {
        request.params = params;
        return route.handler(request, params);
      }
      if (routeMethod === ANY_METHOD || routeMethod === "GET") {
        // HEAD: an explicit HEAD route further on still wins over this one.
        if (method === "HEAD") headFallback ??= { route, params };
        if (routeMethod === ANY_METHOD) continue;
      }
      allowed ??= new Set();
      allowed.add(routeMethod);
    }
    if (headFallback !== null) {
      request.params = headFallback.params;
      return headFallback.route.handler(request, headFallback.params);
    }
    if (allowed === null) return NOT_FOUND;
    if (allowed.has("GET")) allowed.add("HEAD");
    const allow = [...allowed].join(", ");
    if (method === "OPTIONS") return { status: 204, headers: { Allow: `${allow}, OPTIONS` } };
    return {
      status: 405,
      headers: { Allow: allow, "Content-Type": "text/plain" },
      body: "Method Not Allowed\n",
    };
  }

  #allMethods(): string {
    const methods = new Set<string>();
    for (const route of this.#routes) if (route.method !== ANY_METHOD) methods.add(route.method);
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    return [...methods].join(", ");
  }
}

/**
 * Creates a {@link Router}.
 *
 * @example
 * ```ts
 * const router = createRouter().get("/", () => ({ body: "home" }));
 * ```
 */
export function createRouter(): Router {
  return new Router();
}
