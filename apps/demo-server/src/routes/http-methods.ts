import type { RouteHandler, Router } from "@hyperwire/server";
import { describeRequest } from "../echo.js";
import { json } from "../responses.js";

/**
 * `/get` echoes the request without content; `/post`, `/put`, `/patch` and
 * `/delete` echo it with its content (form fields, files, JSON or text).
 * Each answers only its own method: another method gets 405 with `Allow`
 * from the router (RFC 9110 §15.5.6).
 */
export function registerHttpMethodRoutes(router: Router): void {
  router.get("/get", async (request) => json(await describeRequest(request, { content: false })));
  const withContent: RouteHandler = async (request) =>
    json(await describeRequest(request, { content: true }));
  router.post("/post", withContent);
  router.put("/put", withContent);
  router.patch("/patch", withContent);
  router.delete("/delete", withContent);
}
