import {
  authenticatedUser,
  type DigestAuthQop,
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
 * (RFC 7616, SHA-256 and MD5 challenges offering the one `qop` of the path,
 * `auth` or `auth-int`, as httpbin does; any other qop is 400): the
 * credentials expected are the ones in the path, so any client can try them.
 * A good answer is 200 `{ authenticated, user }`; anything else is 401 with
 * the challenge in `WWW-Authenticate`.
 */
export function registerAuthRoutes(router: Router): void {
  const basic = withBasicAuth(authenticated, {
    realm: "hyperwire demo",
    verify: (userId, password, request) =>
      timingSafeStringEqual(userId, request.params.user ?? "") &&
      timingSafeStringEqual(password, request.params.pass ?? ""),
  });
  // One wrapper per qop for every path: each keeps the nonces it issued and their counts.
  const digest = (qop: DigestAuthQop) =>
    withDigestAuth(authenticated, {
      realm: "hyperwire demo",
      qop: [qop],
      password: (username, request) =>
        username === request.params.user ? request.params.pass : undefined,
    });
  const digests = new Map<string, Handler>([
    ["auth", digest("auth")],
    ["auth-int", digest("auth-int")],
  ]);
  router.get("/basic-auth/:user/:pass", (request) => basic(request));
  router.get("/digest-auth/:qop/:user/:pass", (request, params) => {
    const wrapped = digests.get(params.qop ?? "");
    if (wrapped === undefined) {
      return json({ error: 'qop must be "auth" or "auth-int" (RFC 7616 §3.3)' }, 400);
    }
    return wrapped(request);
  });
}
