import {
  authenticatedUser,
  type Handler,
  type Router,
  timingSafeStringEqual,
  withBasicAuth,
  withDigestAuth,
} from "@hyperwire/server";
import { json } from "../responses.js";

const authenticated: Handler = (request) =>
  json({ authenticated: true, user: authenticatedUser(request) ?? request.params.user });

/**
 * `/basic-auth/:user/:pass` (RFC 7617) and `/digest-auth/:qop/:user/:pass`
 * (RFC 7616, SHA-256 and MD5 challenges, `qop=auth` only): the credentials
 * expected are the ones in the path, so any client can try them. A good
 * answer is 200 `{ authenticated, user }`; anything else is 401 with the
 * challenge in `WWW-Authenticate`.
 */
export function registerAuthRoutes(router: Router): void {
  const basic = withBasicAuth(authenticated, {
    realm: "hyperwire demo",
    verify: (userId, password, request) =>
      timingSafeStringEqual(userId, request.params.user ?? "") &&
      timingSafeStringEqual(password, request.params.pass ?? ""),
  });
  // One wrapper for every path: it keeps the nonces it issued and their counts.
  const digest = withDigestAuth(authenticated, {
    realm: "hyperwire demo",
    password: (username, request) =>
      username === request.params.user ? request.params.pass : undefined,
  });
  router.get("/basic-auth/:user/:pass", (request) => basic(request));
  router.get("/digest-auth/:qop/:user/:pass", (request, params) => {
    if (params.qop !== "auth") {
      return json({ error: 'only qop "auth" is offered ("auth-int" is not implemented)' }, 400);
    }
    return digest(request);
  });
}
