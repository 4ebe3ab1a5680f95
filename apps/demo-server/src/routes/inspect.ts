import type { Router } from "@hyperwire/server";
import { headerRecord } from "../echo.js";
import { json } from "../responses.js";

/** `/headers`, `/ip` and `/user-agent`: one part of the request each. */
export function registerInspectionRoutes(router: Router): void {
  router.get("/headers", (request) => json({ headers: headerRecord(request) }));
  router.get("/ip", (request) => json({ origin: request.remoteAddress }));
  router.get("/user-agent", (request) => json({ "user-agent": request.headers.get("user-agent") }));
}
