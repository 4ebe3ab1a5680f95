import { Buffer } from "node:buffer";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import {
  type DigestAlgorithm,
  formatBasicChallenge,
  formatDigestChallenge,
  parseBasicCredentials,
  parseCredentials,
  parseDigestCredentials,
  verifyDigestCredentials,
} from "@hyperwire/headers";
import { ServerError, ServerErrorCode } from "./errors.js";
import { readContentUpTo } from "./read-content-up-to.js";
import type { Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";

/*
 * HTTP authentication (RFC 9110 §11): a request without acceptable
 * credentials gets 401 and a WWW-Authenticate challenge (§11.6.1, §15.5.2);
 * the client repeats it with an Authorization field. Basic (RFC 7617) sends
 * the password itself, so use it over TLS only; Digest (RFC 7616) sends a
 * hash bound to a server nonce, the method and the target.
 */

const USERS = new WeakMap<ServerRequest, string>();

/**
 * The user name that {@link withBasicAuth} or {@link withDigestAuth} accepted for
 * this request, or `undefined`. The access log writes it in its user field.
 *
 * @example
 * ```ts
 * const app = withBasicAuth((request) => ({ body: `hello ${authenticatedUser(request)}` }), {
 *   realm: "admin",
 *   users: { ada: "secret" },
 * });
 * ```
 */
export function authenticatedUser(request: ServerRequest): string | undefined {
  return USERS.get(request);
}

const COMPARE_KEY = randomBytes(32);

/**
 * Compares two strings in time that depends on neither their contents nor
 * where they first differ, nor (beyond hashing) their lengths: both are
 * HMAC-SHA-256'd under a per-process random key and the digests compared
 * with `crypto.timingSafeEqual`. For passwords and tokens.
 *
 * @example
 * ```ts
 * timingSafeStringEqual(given, expected); // true when equal
 * ```
 */
export function timingSafeStringEqual(a: string, b: string): boolean {
  const ha = createHmac("sha256", COMPARE_KEY).update(a, "utf8").digest();
  const hb = createHmac("sha256", COMPARE_KEY).update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}

function unauthorized(challenges: string[]): ServerResponse {
  return {
    status: 401,
    headers: [
      ...challenges.map((challenge) => ["WWW-Authenticate", challenge] as const),
      ["Content-Type", "text/plain"],
    ],
    body: "Unauthorized\n",
  };
}

const BAD_REQUEST: ServerResponse = {
  status: 400,
  headers: { "Content-Type": "text/plain" },
  body: "Bad Request\n",
};

// RFC 9110 §15.5.14: the content is larger than the server is willing to process.
const CONTENT_TOO_LARGE: ServerResponse = {
  status: 413,
  headers: { "Content-Type": "text/plain" },
  body: "Content Too Large\n",
};

/** Options of {@link withBasicAuth}. */
export interface BasicAuthOptions {
  /** The protection space shown to the user (RFC 9110 §11.5). */
  readonly realm: string;
  /** Users and their passwords, compared in constant time. Give this or `verify`. */
  readonly users?: Readonly<Record<string, string>>;
  /**
   * Decides whether a user-id and password are good. Compare secrets with
   * {@link timingSafeStringEqual} (or check a slow password hash), never `===`.
   */
  readonly verify?: (
    userId: string,
    password: string,
    request: ServerRequest,
  ) => boolean | Promise<boolean>;
}

/**
 * Wraps a handler with Basic authentication (RFC 7617): requests without
 * good credentials get 401 with `WWW-Authenticate: Basic realm="…",
 * charset="UTF-8"` (§2.1: user-id and password are UTF-8) and never reach the
 * handler. Basic sends the password in the clear: serve it over TLS.
 *
 * @throws ServerError `HW_SERVER_INVALID_OPTIONS` without `users` or `verify`,
 * or with a realm that cannot be quoted.
 *
 * @example
 * ```ts
 * const admin = withBasicAuth(handler, { realm: "admin", users: { ada: process.env.ADMIN_PASSWORD! } });
 * // curl -u ada:… https://localhost:8443/
 * ```
 */
export function withBasicAuth(handler: Handler, options: BasicAuthOptions): Handler {
  const users = options.users;
  const verify =
    options.verify ??
    (users === undefined
      ? undefined
      : (userId: string, password: string) => {
          const known = Object.hasOwn(users, userId);
          // Compare against something even for an unknown user, so timing does not tell.
          const good = timingSafeStringEqual(password, known ? users[userId]! : "\u0000");
          return known && good;
        });
  if (verify === undefined) {
    throw new ServerError(
      ServerErrorCode.INVALID_OPTIONS,
      "withBasicAuth needs `users` or `verify`",
    );
  }
  let challenge: string;
  try {
    challenge = formatBasicChallenge(options.realm);
  } catch (cause) {
    throw new ServerError(ServerErrorCode.INVALID_OPTIONS, "the realm cannot be quoted", { cause });
  }
  const refuse = unauthorized([challenge]);
  return async (request) => {
    const header = request.headers.get("authorization");
    if (header === null) return refuse;
    const credentials = parseBasicCredentials(header);
    if (!credentials.ok) return refuse;
    const { userId, password } = credentials.value;
    if (!(await verify(userId, password, request))) return refuse;
    USERS.set(request, userId);
    return handler(request);
  };
}

/** The Digest algorithms offered: SHA-256 (RFC 7616 §3.3) and MD5 for older clients. */
export type DigestAuthAlgorithm = "SHA-256" | "MD5";

/**
 * A Digest quality of protection (RFC 7616 §3.3): `auth` signs the method and
 * the target; `auth-int` also the content (A2 = method ":" request-uri ":"
 * H(entity-body), §3.4.3).
 */
export type DigestAuthQop = "auth" | "auth-int";

/** Options of {@link withDigestAuth}. */
export interface DigestAuthOptions {
  /** The protection space; part of every hash (RFC 7616 §3.3). */
  readonly realm: string;
  /**
   * The user's password, or `undefined` for an unknown user. Give this or
   * `ha1`.
   */
  readonly password?: (
    username: string,
    request: ServerRequest,
  ) => string | undefined | Promise<string | undefined>;
  /**
   * The stored H(username ":" realm ":" password) for `algorithm` (see
   * `computeDigestHA1` of @hyperwire/headers), so the server need not keep
   * passwords; `undefined` for an unknown user.
   */
  readonly ha1?: (
    username: string,
    algorithm: DigestAuthAlgorithm,
    request: ServerRequest,
  ) => string | undefined | Promise<string | undefined>;
  /**
   * Algorithms offered, one challenge each, in order of preference (RFC 7616
   * §3.7: the client uses the first it supports). Default ["SHA-256", "MD5"].
   */
  readonly algorithms?: readonly DigestAuthAlgorithm[];
  /**
   * The qop-options offered in each challenge, in this order (RFC 7616 §3.3);
   * credentials with any of them are accepted. Default ["auth"]. With
   * "auth-int" the content of such a request is read (up to
   * `maxAuthIntContentBytes`) and hashed before the handler runs, and the
   * handler then reads the same bytes again.
   */
  readonly qop?: readonly DigestAuthQop[];
  /**
   * The most content read and held in memory to check a `qop=auth-int`
   * answer; a larger one is answered 413 without reaching the handler (a
   * Content-Length above it before any content is read). The server's
   * `maxBodyBytes` still applies. Default 1 MiB.
   */
  readonly maxAuthIntContentBytes?: number;
  /** Key that signs nonces. Default: 32 random bytes per wrapper (nonces die with the process). */
  readonly secret?: Uint8Array;
  /** How long a nonce is good for; an older one gets `stale=true`. Default 300 000 ms. */
  readonly nonceLifetimeMs?: number;
  /**
   * Nonces whose nonce count is remembered (for replay protection); the least
   * recently used are forgotten beyond it and answered `stale=true`. Default 10 000.
   */
  readonly maxTrackedNonces?: number;
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/**
 * Wraps a handler with Digest authentication (RFC 7616) using `qop=auth`, or
 * `auth-int` when the `qop` option offers it.
 *
 * - Nonces are `base64url(issued-at ‖ 16 random bytes) "." base64url(HMAC-SHA-256)`:
 *   the server recognises its own nonces and their age without storing them
 *   (RFC 7616 §5.4 suggests a timestamp and a private key in the nonce).
 * - A nonce older than `nonceLifetimeMs` with an otherwise correct response is
 *   answered 401 with `stale=true` (§3.3), so the client retries with the new
 *   nonce without asking the user again.
 * - The nonce count (`nc`) must grow with each request on a nonce (§3.4, §5.4:
 *   replay protection); counts are remembered for `maxTrackedNonces` nonces.
 * - `uri` must be the request-target (§3.4.6), else 400; `userhash` is not
 *   offered.
 * - `qop=auth-int` (§3.4.3) hashes the content too: once the rest of the
 *   credentials passed the checks that need no content, the wrapper reads the
 *   content into memory (at most `maxAuthIntContentBytes`, else 413), checks
 *   the response against it, and hands the handler the request with the same
 *   content to read again (`bodyUsed` false, any way of reading works).
 *
 * @throws ServerError `HW_SERVER_INVALID_OPTIONS` without `password` or `ha1`,
 * with an empty or unknown algorithm or qop list, a bad
 * `maxAuthIntContentBytes`, or a realm that cannot be quoted.
 *
 * @example
 * ```ts
 * const app = withDigestAuth(handler, { realm: "api@example.org", password: (user) => passwords.get(user) });
 * // curl --digest -u ada:secret http://localhost:8080/
 * const signed = withDigestAuth(handler, {
 *   realm: "api@example.org",
 *   password: (user) => passwords.get(user),
 *   qop: ["auth-int", "auth"], // the content is signed by clients that can
 * });
 * ```
 */
export function withDigestAuth(handler: Handler, options: DigestAuthOptions): Handler {
  const { realm } = options;
  const algorithms = options.algorithms ?? ["SHA-256", "MD5"];
  if (options.password === undefined && options.ha1 === undefined) {
    throw new ServerError(
      ServerErrorCode.INVALID_OPTIONS,
      "withDigestAuth needs `password` or `ha1`",
    );
  }
  if (algorithms.length === 0) {
    throw new ServerError(ServerErrorCode.INVALID_OPTIONS, "withDigestAuth needs an algorithm");
  }
  const qops = options.qop ?? ["auth"];
  if (qops.length === 0 || qops.some((qop) => qop !== "auth" && qop !== "auth-int")) {
    throw new ServerError(
      ServerErrorCode.INVALID_OPTIONS,
      'withDigestAuth needs a qop list of "auth" and/or "auth-int"',
    );
  }
  const maxContent = options.maxAuthIntContentBytes ?? 1024 * 1024;
  if (!Number.isSafeInteger(maxContent) || maxContent < 0) {
    throw new ServerError(
      ServerErrorCode.INVALID_OPTIONS,
      "maxAuthIntContentBytes must be a non-negative integer",
    );
  }
  const secret = options.secret ?? randomBytes(32);
  const lifetime = options.nonceLifetimeMs ?? 300_000;
  const maxTracked = options.maxTrackedNonces ?? 10_000;
  /** nonce → highest nonce count accepted (0: issued, not used). Insertion order = recency. */
  const counts = new Map<string, number>();

  const sign = (payload: Uint8Array): Buffer =>
    createHmac("sha256", secret).update(payload).digest().subarray(0, 16);

  const issue = (): string => {
    const payload = new Uint8Array(24);
    new DataView(payload.buffer).setBigUint64(0, BigInt(Date.now()));
    payload.set(randomBytes(16), 8);
    const nonce = `${base64url(payload)}.${base64url(sign(payload))}`;
    counts.set(nonce, 0);
    if (counts.size > maxTracked) counts.delete(counts.keys().next().value!);
    return nonce;
  };

  /** "fresh", "stale" (ours but too old or forgotten), or "forged". */
  const check = (nonce: string): "fresh" | "stale" | "forged" => {
    const dot = nonce.indexOf(".");
    if (dot < 0) return "forged";
    const payload = Buffer.from(nonce.slice(0, dot), "base64url");
    const mac = Buffer.from(nonce.slice(dot + 1), "base64url");
    if (payload.byteLength !== 24 || mac.byteLength !== 16) return "forged";
    if (!timingSafeEqual(mac, sign(payload))) return "forged";
    const issuedAt = Number(payload.readBigUInt64BE(0));
    if (Date.now() - issuedAt > lifetime || !counts.has(nonce)) return "stale";
    return "fresh";
  };

  const challenge = (stale: boolean): ServerResponse => {
    const nonce = issue();
    try {
      return unauthorized(
        algorithms.map((algorithm) =>
          formatDigestChallenge({ realm, nonce, algorithm, qop: [...qops], stale }),
        ),
      );
    } catch (cause) {
      throw new ServerError(ServerErrorCode.INVALID_OPTIONS, "the realm cannot be quoted", {
        cause,
      });
    }
  };
  challenge(false); // fail at wrap time on an unquotable realm
  counts.clear();

  return async (request) => {
    const header = request.headers.get("authorization");
    if (header === null) return challenge(false);
    const parsed = parseCredentials(header);
    if (!parsed.ok || parsed.value.scheme.toLowerCase() !== "digest") return challenge(false);
    const digest = parseDigestCredentials(parsed.value);
    if (!digest.ok) return BAD_REQUEST;
    const credentials = digest.value;
    // RFC 7616 §3.4.6: the uri must name this request's target (a captured header
    // cannot be replayed against another resource).
    if (credentials.uri !== request.target) return BAD_REQUEST;
    if (
      credentials.realm !== realm ||
      !qops.includes(credentials.qop) ||
      credentials.userhash ||
      !(algorithms as readonly string[]).includes(credentials.algorithm)
    ) {
      return challenge(false);
    }
    if (check(credentials.nonce) === "forged") return challenge(false);
    const algorithm = credentials.algorithm as DigestAlgorithm as DigestAuthAlgorithm;
    const secretFor =
      options.ha1 !== undefined
        ? { ha1: await options.ha1(credentials.username, algorithm, request) }
        : { password: await options.password!(credentials.username, request) };
    if (secretFor.ha1 === undefined && secretFor.password === undefined) return challenge(false);
    // §3.4.3: auth-int signs H(entity-body) too. The content is read only now, after every
    // check that needs none, so a request that fails them never makes the server buffer.
    let content: Uint8Array | undefined;
    if (credentials.qop === "auth-int") {
      const read = await readContentUpTo(request, maxContent);
      if (read === null) return CONTENT_TOO_LARGE;
      content = read;
    }
    // Judged after the awaits: the nonce may have aged or been forgotten meanwhile.
    const state = check(credentials.nonce);
    const good = verifyDigestCredentials(credentials, {
      method: request.method,
      username: credentials.username,
      realm,
      ...(secretFor.ha1 !== undefined ? { ha1: secretFor.ha1 } : { password: secretFor.password! }),
      ...(state === "fresh" ? { previousNonceCount: counts.get(credentials.nonce)! } : {}),
      ...(content !== undefined ? { body: content } : {}),
    });
    if (!good) return challenge(false);
    // §3.3: stale=true only for a response that was right but for an old nonce.
    if (state === "stale") return challenge(true);
    counts.delete(credentials.nonce);
    counts.set(credentials.nonce, credentials.nc);
    USERS.set(request, credentials.username);
    // The handler reads the content as if nobody had (a request without content has nothing to replay).
    if (content !== undefined && request.hasBody) request.replayBody(content);
    return handler(request);
  };
}
