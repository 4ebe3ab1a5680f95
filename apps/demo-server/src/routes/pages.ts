import { fileURLToPath } from "node:url";
import { type Router, serveStatic, withConditionalRequests } from "@hyperwire/server";
import { renderHomePage } from "../home-page.js";

/** The folder served under `/static/`: apps/demo-server/public. */
export const PUBLIC_DIR = fileURLToPath(new URL("../../public/", import.meta.url));

/** Paths answered by {@link registerPageRoutes} (they get the security headers, not CORS). */
export function isPagePath(path: string): boolean {
  return (
    path === "/" ||
    path === "/upload" ||
    path === "/sse.html" ||
    path === "/cors.html" ||
    path === "/favicon.ico" ||
    path.startsWith("/static/")
  );
}

/**
 * The pages a browser opens: `/` (rendered from the endpoint table),
 * `/upload`, `/sse.html`, `/cors.html` (files in public/) and `/static/*`.
 * Scripts and styles live in /static files, so the pages run under a
 * Content-Security-Policy without `'unsafe-inline'`.
 */
export function registerPageRoutes(router: Router, options: { tls: boolean }): void {
  const home = withConditionalRequests(() => ({
    headers: { "content-type": "text/html; charset=utf-8" },
    body: renderHomePage({ tls: options.tls }),
  }));
  router.get("/", (request) => home(request));
  const page = (name: string) =>
    withConditionalRequests(() => ({
      headers: { "content-type": "text/html; charset=utf-8" },
      body: { file: `${PUBLIC_DIR}${name}` },
    }));
  router.get("/upload", page("upload.html"));
  router.get("/sse.html", page("sse.html"));
  router.get("/cors.html", page("cors.html"));
  router.get("/favicon.ico", () => ({ status: 204 }));
  router.get("/static/*", serveStatic(PUBLIC_DIR, { prefix: "/static/" }));
}
