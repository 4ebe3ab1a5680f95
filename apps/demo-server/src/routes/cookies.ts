import {
  deleteCookie,
  getCookies,
  type Router,
  type ServerResponse,
  setCookie,
} from "@hyperwire/server";
import { badRequest, json } from "../responses.js";

/**
 * `/cookies` shows the Cookie field as a record; `/cookies/set?a=1&b=2` sets
 * each pair and `/cookies/delete?a&b` expires each name, both answering 302
 * to `/cookies` (as httpbin does) so a browser or `curl -L -b -c` shows the
 * result. Cookies are set with `Path=/` and `SameSite=Lax` but without
 * `HttpOnly`, so the home page's script could read them too.
 */
export function registerCookieRoutes(router: Router): void {
  router.get("/cookies", (request) => json({ cookies: { ...getCookies(request) } }));
  router.get("/cookies/set", (request) => {
    let response: ServerResponse = { status: 302, headers: { location: "/cookies" } };
    try {
      for (const [name, value] of new URLSearchParams(request.query)) {
        response = setCookie(request, response, { name, value, httpOnly: false });
      }
    } catch (error) {
      return badRequest(`cannot set that cookie: ${(error as Error).message}`);
    }
    return response;
  });
  router.get("/cookies/delete", (request) => {
    let response: ServerResponse = { status: 302, headers: { location: "/cookies" } };
    try {
      for (const name of new URLSearchParams(request.query).keys()) {
        response = deleteCookie(request, response, name);
      }
    } catch (error) {
      return badRequest(`cannot delete that cookie: ${(error as Error).message}`);
    }
    return response;
  });
}
