import type { Router, ServerRequest, ServerResponse } from "@hyperwire/server";
import { LIMITS } from "../limits.js";
import { badRequest, boundedInteger } from "../responses.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * The redirect target of `/redirect-to`: a path on this server, or an
 * absolute http(s) URL whose authority is this server's. Anything else is
 * refused, so the demo is no open redirector (CWE-601).
 */
function sameOriginTarget(request: ServerRequest, url: string): string | null {
  if (url.startsWith("/") && !url.startsWith("//") && !url.includes("\\")) return url;
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return parsed.host === request.url.host ? parsed.href : null;
}

/**
 * `/redirect/:n` redirects n times (302, at most `LIMITS.redirects`), then
 * lands on `/get`; `/redirect-to?url=&status=` redirects once to `url` with
 * `status` (a 3xx, default 302). curl -L follows both.
 */
export function registerRedirectRoutes(router: Router): void {
  router.get("/redirect/:n", (_request, params) => {
    const n = boundedInteger("n", params.n, { min: 1, max: LIMITS.redirects });
    if (typeof n === "string") return badRequest(n);
    return { status: 302, headers: { location: n === 1 ? "/get" : `/redirect/${n - 1}` } };
  });
  const redirectTo = (request: ServerRequest): ServerResponse => {
    const query = new URLSearchParams(request.query);
    const url = query.get("url");
    if (url === null) return badRequest("url is required");
    const status = boundedInteger("status", query.get("status"), {
      min: 300,
      max: 399,
      fallback: 302,
    });
    if (typeof status === "string") return badRequest(status);
    const location = sameOriginTarget(request, url);
    if (location === null) return badRequest("url must be a path or a URL on this server");
    return { status, headers: { location } };
  };
  for (const method of METHODS) router.on(method, "/redirect-to", redirectTo);
}
