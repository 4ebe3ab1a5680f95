import {
  type Challenge,
  computeDigestAuthorization,
  type DigestAlgorithm,
  type DigestChallenge,
  formatBasicCredentials,
  parseChallenges,
  parseDigestChallenge,
} from "@hyperwire/headers";

/**
 * Credentials for the `auth` option of `request()`: answered to a 401
 * challenge of the request's origin with the strongest scheme offered
 * (Digest SHA-512-256 > SHA-256 > MD5, RFC 7616; then Basic, RFC 7617).
 * Reusing the same object across requests lets the client send credentials
 * ahead of the challenge once an origin accepted them (Basic), or reuse the
 * Digest nonce with a growing nonce count (RFC 7616 §3.4).
 *
 * @example
 * ```ts
 * const auth = { username: "Mufasa", password: "Circle of Life" };
 * const res = await request("http://127.0.0.1:8080/dir/index.html", { auth });
 * ```
 */
export interface AuthCredentials {
  readonly username: string;
  readonly password: string;
}

/** What an origin accepted last, per credentials object (internal). */
interface OriginAuth {
  scheme: "basic" | "digest";
  digest?: { challenge: DigestChallenge; nc: number };
}

// Keyed by the caller's credentials object, so two users never share a nonce or a cached scheme.
const accepted = new WeakMap<AuthCredentials, Map<string, OriginAuth>>();

// RFC 7616 §3.7 (and §6.1): prefer the strongest algorithm the server offers; Basic last.
const STRENGTH: Record<DigestAlgorithm, number> = {
  "SHA-512-256": 4,
  "SHA-512-256-sess": 4,
  "SHA-256": 3,
  "SHA-256-sess": 3,
  MD5: 2,
  "MD5-sess": 2,
};

/** What the request being answered looks like (internal). */
export interface AuthRequest {
  readonly method: string;
  /** The request-target sent, which Digest signs as `uri` (RFC 7616 §3.4). */
  readonly uri: string;
  /** The content when it is in memory (for qop=auth-int), else undefined. */
  readonly body: Uint8Array | undefined;
}

function cnonce(): string {
  // RFC 7616 §3.4: an unpredictable client nonce; 16 random bytes in hex.
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

function digestValue(
  credentials: AuthCredentials,
  challenge: DigestChallenge,
  nc: number,
  request: AuthRequest,
): string | null {
  // qop=auth signs the request line; auth-int also the content, which must be in memory.
  const qop = challenge.qop.includes("auth")
    ? "auth"
    : challenge.qop.includes("auth-int") && request.body !== undefined
      ? "auth-int"
      : null;
  if (qop === null) return null;
  try {
    return computeDigestAuthorization(challenge, {
      username: credentials.username,
      password: credentials.password,
      method: request.method,
      uri: request.uri,
      cnonce: cnonce(),
      nc,
      qop,
      ...(qop === "auth-int" ? { body: request.body! } : {}),
    });
  } catch {
    return null;
  }
}

/**
 * The Authorization value to send before any challenge, when `origin`
 * accepted these credentials earlier (internal): Basic again, or Digest with
 * the same nonce and the next nonce count (RFC 7616 §3.4).
 */
export function preemptiveAuthorization(
  credentials: AuthCredentials,
  origin: string,
  request: AuthRequest,
): string | undefined {
  const state = accepted.get(credentials)?.get(origin);
  if (state === undefined) return undefined;
  if (state.scheme === "basic") return basic(credentials) ?? undefined;
  const digest = state.digest!;
  digest.nc++;
  return digestValue(credentials, digest.challenge, digest.nc, request) ?? undefined;
}

function basic(credentials: AuthCredentials): string | null {
  try {
    return formatBasicCredentials(credentials.username, credentials.password);
  } catch {
    return null;
  }
}

/** The answer to a 401 (internal). */
export interface AuthAnswer {
  readonly authorization: string;
  /** The challenge was Digest with stale=true: the credentials were fine, the nonce was old. */
  readonly stale: boolean;
}

/**
 * Answers the WWW-Authenticate challenges of a 401 (RFC 9110 §11.6.1) with
 * the strongest scheme this client supports, or null when none is usable
 * (internal). Remembers the choice for `origin` so later requests may send
 * credentials ahead of the challenge.
 */
export function answerChallenge(
  credentials: AuthCredentials,
  origin: string,
  challengeLines: readonly string[],
  request: AuthRequest,
): AuthAnswer | null {
  const challenges: Challenge[] = [];
  for (const line of challengeLines) {
    const parsed = parseChallenges(line);
    if (parsed.ok) challenges.push(...parsed.value);
  }
  let best: { rank: number; answer: AuthAnswer; state: OriginAuth } | null = null;
  for (const challenge of challenges) {
    const scheme = challenge.scheme.toLowerCase();
    if (scheme === "digest") {
      const parsed = parseDigestChallenge(challenge);
      if (!parsed.ok) continue;
      const rank = STRENGTH[parsed.value.algorithm];
      if (best !== null && best.rank >= rank) continue;
      const value = digestValue(credentials, parsed.value, 1, request);
      if (value === null) continue;
      best = {
        rank,
        answer: { authorization: value, stale: parsed.value.stale },
        state: { scheme: "digest", digest: { challenge: parsed.value, nc: 1 } },
      };
    } else if (scheme === "basic" && (best === null || best.rank < 1)) {
      const value = basic(credentials);
      if (value === null) continue;
      best = {
        rank: 1,
        answer: { authorization: value, stale: false },
        state: { scheme: "basic" },
      };
    }
  }
  if (best === null) return null;
  let origins = accepted.get(credentials);
  if (origins === undefined) {
    origins = new Map();
    accepted.set(credentials, origins);
  }
  origins.set(origin, best.state);
  return best.answer;
}

/** The origin refused these credentials: stop sending them ahead of a challenge (internal). */
export function forgetAuthorization(credentials: AuthCredentials, origin: string): void {
  accepted.get(credentials)?.delete(origin);
}

/**
 * Splits credentials out of a URL's userinfo (RFC 3986 §3.2.1,
 * percent-decoded), returning the URL without them (internal). The
 * userinfo never reaches the wire: RFC 9110 §4.2.4 deprecates it in the
 * target and Host never carries it.
 */
export function takeUrlCredentials(url: URL): { url: URL; credentials: AuthCredentials | null } {
  if (url.username === "" && url.password === "") return { url, credentials: null };
  const clean = new URL(url.href);
  const credentials = { username: decode(url.username), password: decode(url.password) };
  clean.username = "";
  clean.password = "";
  return { url: clean, credentials };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
