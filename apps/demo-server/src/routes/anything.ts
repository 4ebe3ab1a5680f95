import type { Handler } from "@hyperwire/server";
import { describeRequest } from "../echo.js";
import { json } from "../responses.js";

/** Whether `path` is `/anything` or below it (`/anything/a/b`). */
export function isAnythingPath(path: string): boolean {
  return path === "/anything" || path.startsWith("/anything/");
}

/**
 * `/anything` and every path below it, with any method token (RFC 9110 §9.1:
 * the method set is open; `FOO /anything` reaches the handler too): the
 * request echoed with its content. HEAD gets the GET head without content;
 * TRACE and CONNECT never get here (the server answers them, 405 and 501).
 */
export const anythingHandler: Handler = async (request) =>
  json(await describeRequest(request, { content: request.method !== "HEAD" }));
