import {
  type Handler,
  type HttpServer,
  Router,
  type ServerRequest,
  serve,
  type TlsOptions,
  withCompression,
  withCors,
  withSecurityHeaders,
} from "@hyperwire/server";
import { LIMITS } from "./limits.js";
import { anythingHandler, isAnythingPath } from "./routes/anything.js";
import { registerAuthRoutes } from "./routes/auth.js";
import { registerCacheRoutes } from "./routes/cache.js";
import { registerCookieRoutes } from "./routes/cookies.js";
import { registerDynamicRoutes } from "./routes/dynamic.js";
import { registerEncodingRoutes } from "./routes/encoding.js";
import { registerHttpMethodRoutes } from "./routes/http-methods.js";
import { registerInspectionRoutes } from "./routes/inspect.js";
import { isPagePath, registerPageRoutes } from "./routes/pages.js";
import { registerRedirectRoutes } from "./routes/redirects.js";
import { registerSseRoutes } from "./routes/sse.js";
import { registerStatusRoutes } from "./routes/status.js";

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  readonly port?: number;
  /** Address to listen on. Default 127.0.0.1 (loopback only). */
  readonly hostname?: string;
  /** Serve HTTPS with this certificate (see `createSelfSignedCertificate`). */
  readonly tls?: TlsOptions;
  /** How TRACE is answered: "off" (405, the default) or "echo" (the request head as message/http). */
  readonly trace?: "off" | "echo";
  /** Where the access log goes, one line per response. Default: nowhere. */
  readonly accessLog?: (line: string) => void;
}

/** A running demo server. */
export interface DemoServer {
  /** The server of @hyperwire/server (address, connectionCount…). */
  readonly server: HttpServer;
  /** Its base URL, `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** The TCP port it listens on (the one picked when asked for 0). */
  readonly port: number;
  /** Stops accepting, lets requests in flight finish, cuts what is left after `deadline` ms. */
  close(deadline?: number): Promise<void>;
}

/**
 * The demo's handler: page routes (with security headers) and API routes
 * (with CORS for any origin, no credentials), all behind compression.
 *
 * - Pages (`/`, `/upload`, `/sse.html`, `/cors.html`, `/static/*`) get the
 *   security headers; their CSP allows only same-origin scripts and styles,
 *   and `connect-src` admits the loopback origins for the CORS demo.
 * - API routes get `Access-Control-Allow-Origin: *`: they show public data
 *   about the request, and without credentials no cookie rides along.
 */
export function createDemoHandler(options: { tls: boolean }): Handler {
  const pages = new Router();
  registerPageRoutes(pages, options);

  const api = new Router();
  registerHttpMethodRoutes(api);
  registerInspectionRoutes(api);
  registerStatusRoutes(api);
  registerRedirectRoutes(api);
  registerCookieRoutes(api);
  registerAuthRoutes(api);
  registerCacheRoutes(api);
  registerDynamicRoutes(api);
  registerEncodingRoutes(api);
  registerSseRoutes(api);

  const pageHandler = withSecurityHeaders(pages.handler, {
    contentSecurityPolicy: {
      "connect-src": [
        "'self'",
        "http://127.0.0.1:*",
        "http://localhost:*",
        "https://127.0.0.1:*",
        "https://localhost:*",
      ],
      "img-src": ["'self'", "data:"],
    },
  });
  const apiHandler = withCors(
    (request: ServerRequest) =>
      isAnythingPath(request.path) ? anythingHandler(request) : api.handler(request),
    { origin: "*", exposedHeaders: ["ETag", "Content-Range", "Location"] },
  );
  return withCompression((request) =>
    isPagePath(request.path) ? pageHandler(request) : apiHandler(request),
  );
}

/**
 * Starts the demo server (loopback only by default) and resolves once it
 * listens. `main.ts` uses it; tests start it with `{ port: 0 }`.
 *
 * @example
 * ```ts
 * const demo = await startDemoServer({ port: 0 });
 * await fetch(`${demo.url}get`);
 * await demo.close();
 * ```
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const tls = options.tls;
  const server = await serve({
    port: options.port ?? 8080,
    hostname: options.hostname ?? "127.0.0.1",
    ...(tls === undefined ? {} : { tls }),
    trace: options.trace ?? "off",
    maxBodyBytes: LIMITS.bodyBytes,
    multipart: { maxTotalBytes: LIMITS.bodyBytes, maxFileBytes: LIMITS.bodyBytes },
    ...(options.accessLog === undefined ? {} : { accessLog: options.accessLog }),
    handler: createDemoHandler({ tls: tls !== undefined }),
  });
  return {
    server,
    url: server.url.href,
    port: (server.address as { port: number }).port,
    close: (deadline = 3_000) => server.close({ deadline }),
  };
}
