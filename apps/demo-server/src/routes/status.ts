import type { Router, ServerResponse } from "@hyperwire/server";
import { reasonPhrase, statusForbidsContent } from "@hyperwire/status";
import { badRequest, boundedInteger } from "../responses.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * `/status/:code` answers with that status (200–599; 1xx are interim
 * responses a handler cannot send). 3xx carry `Location: /get`, 401 a Basic
 * challenge, 407 a proxy challenge, 405 an `Allow`, 416 a `Content-Range`
 * and 429/503 a `Retry-After`, so clients have the field each status needs.
 */
export function registerStatusRoutes(router: Router): void {
  const handler = (_request: unknown, params: Readonly<Record<string, string>>): ServerResponse => {
    const code = boundedInteger("code", params.code, { min: 200, max: 599 });
    if (typeof code === "string") return badRequest(code);
    const headers: Record<string, string> = {};
    if (code >= 300 && code < 400 && code !== 304) headers.location = "/get";
    if (code === 401) headers["www-authenticate"] = 'Basic realm="hyperwire demo"';
    if (code === 407) headers["proxy-authenticate"] = 'Basic realm="hyperwire demo"';
    if (code === 405) headers.allow = "GET";
    if (code === 416) headers["content-range"] = "bytes */0";
    if (code === 429 || code === 503) headers["retry-after"] = "1";
    if (statusForbidsContent(code)) return { status: code, headers };
    headers["content-type"] = "text/plain; charset=utf-8";
    return { status: code, headers, body: `${code} ${reasonPhrase(code)}\n` };
  };
  for (const method of METHODS) router.on(method, "/status/:code", handler);
}
