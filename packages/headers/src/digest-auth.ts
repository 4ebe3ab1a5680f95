import { err, formatQuotedString, ok, type Result } from "@hyperwire/grammar";
import { toHex } from "./digest/hex.js";
import { md5 } from "./digest/md5.js";
import { sha256 } from "./digest/sha256.js";
import { sha512_256 } from "./digest/sha512-256.js";
import { HeadersError } from "./errors.js";
import { decodeExtValue, encodeExtValue } from "./ext-value.js";
import {
  type Challenge,
  type Credentials,
  getAuthParam,
  parseChallenges,
  parseCredentials,
} from "./parse-challenges.js";
import { isWellFormedUnicode, utf8Encode } from "./structured/utf8.js";

/** The algorithms of the IANA "HTTP Digest Hash Algorithms" registry (RFC 7616 §6.1). */
export type DigestAlgorithm =
  | "MD5"
  | "MD5-sess"
  | "SHA-256"
  | "SHA-256-sess"
  | "SHA-512-256"
  | "SHA-512-256-sess";

/** The quality of protection values of RFC 7616 §3.3. */
export type DigestQop = "auth" | "auth-int";

const HASHES: Record<string, (data: Uint8Array) => Uint8Array> = {
  md5,
  "sha-256": sha256,
  "sha-512-256": sha512_256,
};
const CANONICAL: Record<string, DigestAlgorithm> = {
  md5: "MD5",
  "md5-sess": "MD5-sess",
  "sha-256": "SHA-256",
  "sha-256-sess": "SHA-256-sess",
  "sha-512-256": "SHA-512-256",
  "sha-512-256-sess": "SHA-512-256-sess",
};

function hashOf(algorithm: DigestAlgorithm): (text: string) => string {
  const base = algorithm.toLowerCase().replace(/-sess$/, "");
  const h = HASHES[base]!;
  // RFC 7616 §3.4.1: strings are hashed as UTF-8 (the charset="UTF-8" case) and written in lowercase hex.
  return (text) => toHex(h(utf8Encode(text)));
}

/** A Digest challenge (WWW-Authenticate / Proxy-Authenticate), RFC 7616 §3.3. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  /** Canonical spelling; "MD5" when the challenge names none (RFC 7616 §3.3). */
  algorithm: DigestAlgorithm;
  /** The qop-options offered, e.g. ["auth", "auth-int"]. */
  qop: string[];
  stale: boolean;
  userhash: boolean;
  /** The protection space URIs (RFC 7616 §3.3 "domain"), when given. */
  domain?: string[];
  /** "UTF-8" when the server said so; the only value RFC 7616 §3.3 defines. */
  charset?: string;
}

/** Digest credentials (Authorization / Proxy-Authorization), RFC 7616 §3.4. */
export interface DigestCredentials {
  /** The user name, or its hash when `userhash` is true; decoded from `username*` when that was used. */
  username: string;
  userhash: boolean;
  realm: string;
  uri: string;
  nonce: string;
  /** The response digest, lowercase hex. */
  response: string;
  algorithm: DigestAlgorithm;
  qop: DigestQop;
  cnonce: string;
  /** The nonce count (parsed from 8 hex digits). */
  nc: number;
  opaque?: string;
}

function digestError(code: string, message: string): { ok: false; error: HeadersError } {
  return err(new HeadersError(code, message, { statusHint: 400 }));
}

function parseAlgorithm(value: string | undefined): DigestAlgorithm | undefined {
  return value === undefined ? "MD5" : CANONICAL[value.toLowerCase()];
}

/**
 * Reads a Digest challenge, from a parsed {@link Challenge} or from a whole
 * WWW-Authenticate value (the first Digest challenge in it is used).
 * `realm`, `nonce` and `qop` are required (RFC 7616 §3.3: qop "MUST be used
 * by all implementations"; the qop-less RFC 2069 form is refused).
 *
 * Fail codes: `HW_HEADERS_INVALID_DIGEST_CHALLENGE`,
 * `HW_HEADERS_UNSUPPORTED_DIGEST_ALGORITHM`, `HW_HEADERS_NOT_DIGEST`.
 */
export function parseDigestChallenge(
  value: string | Challenge,
): Result<DigestChallenge, HeadersError> {
  let ch: Challenge | undefined;
  if (typeof value === "string") {
    const r = parseChallenges(value);
    if (!r.ok) return r;
    ch = r.value.find((c) => c.scheme.toLowerCase() === "digest");
  } else if (value.scheme.toLowerCase() === "digest") ch = value;
  if (ch === undefined) return digestError("HW_HEADERS_NOT_DIGEST", "no Digest challenge");
  const code = "HW_HEADERS_INVALID_DIGEST_CHALLENGE";
  const realm = getAuthParam(ch, "realm");
  const nonce = getAuthParam(ch, "nonce");
  const qop = getAuthParam(ch, "qop");
  if (realm === undefined || nonce === undefined)
    return digestError(code, "realm and nonce are required");
  if (qop === undefined) return digestError(code, "qop is required (RFC 7616 §3.3)");
  const algorithm = parseAlgorithm(getAuthParam(ch, "algorithm"));
  if (algorithm === undefined) {
    return digestError(
      "HW_HEADERS_UNSUPPORTED_DIGEST_ALGORITHM",
      `unsupported algorithm ${getAuthParam(ch, "algorithm")}`,
    );
  }
  const out: DigestChallenge = {
    realm,
    nonce,
    algorithm,
    qop: qop
      .split(",")
      .map((q) => q.trim().toLowerCase())
      .filter((q) => q !== ""),
    // RFC 7616 §3.3: stale and userhash are case-insensitive "true"/"false".
    stale: getAuthParam(ch, "stale")?.toLowerCase() === "true",
    userhash: getAuthParam(ch, "userhash")?.toLowerCase() === "true",
  };
  const opaque = getAuthParam(ch, "opaque");
  if (opaque !== undefined) out.opaque = opaque;
  const domain = getAuthParam(ch, "domain");
  if (domain !== undefined) out.domain = domain.split(" ").filter((d) => d !== "");
  const charset = getAuthParam(ch, "charset");
  if (charset !== undefined) out.charset = charset;
  return ok(out);
}

/** What a server puts in a Digest challenge. */
export interface DigestChallengeInit {
  realm: string;
  /** A fresh server nonce (the caller generates it; it must be a quotable string). */
  nonce: string;
  opaque?: string;
  algorithm?: DigestAlgorithm;
  /** Defaults to ["auth"]. */
  qop?: DigestQop[];
  stale?: boolean;
  userhash?: boolean;
  domain?: string[];
}

function quote(value: string, code: string): string {
  try {
    return formatQuotedString(value);
  } catch (cause) {
    throw new HeadersError(code, `${JSON.stringify(value)} cannot be quoted`, { cause });
  }
}

/**
 * Serializes a Digest challenge, RFC 7616 §3.3, with charset="UTF-8".
 *
 * @throws HeadersError `HW_HEADERS_INVALID_DIGEST_CHALLENGE` for unquotable values.
 *
 * @example
 * ```ts
 * formatDigestChallenge({ realm: "http-auth@example.org", nonce: "7ypf…", algorithm: "SHA-256" });
 * // 'Digest realm="http-auth@example.org", qop="auth", algorithm=SHA-256, nonce="7ypf…", charset=UTF-8'
 * ```
 */
export function formatDigestChallenge(init: DigestChallengeInit): string {
  const code = "HW_HEADERS_INVALID_DIGEST_CHALLENGE";
  const parts = [`realm=${quote(init.realm, code)}`];
  if (init.domain !== undefined) parts.push(`domain=${quote(init.domain.join(" "), code)}`);
  parts.push(`qop=${quote((init.qop ?? ["auth"]).join(", "), code)}`);
  parts.push(`algorithm=${init.algorithm ?? "MD5"}`);
  parts.push(`nonce=${quote(init.nonce, code)}`);
  if (init.opaque !== undefined) parts.push(`opaque=${quote(init.opaque, code)}`);
  if (init.stale) parts.push("stale=true");
  if (init.userhash) parts.push("userhash=true");
  parts.push("charset=UTF-8");
  return `Digest ${parts.join(", ")}`;
}

/**
 * H(username ":" realm ":" password), the "HA1" a server may store instead of
 * the password (RFC 7616 §3.4.2, for the non-session algorithms and as the
 * input of the -sess ones).
 *
 * @example
 * ```ts
 * computeDigestHA1("MD5", "Mufasa", "http-auth@example.org", "Circle of Life");
 * ```
 */
export function computeDigestHA1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return hashOf(algorithm)(`${username}:${realm}:${password}`);
}

/** Inputs of the response computation, RFC 7616 §3.4.1. */
export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  /** The user name as it goes into A1 (not its userhash). */
  username: string;
  realm: string;
  /** The password, or `ha1` ({@link computeDigestHA1}) instead. */
  password?: string;
  ha1?: string;
  nonce: string;
  cnonce: string;
  nc: number;
  qop: DigestQop;
  method: string;
  uri: string;
  /** The message body, for qop=auth-int. */
  body?: Uint8Array;
}

function formatNc(nc: number): string {
  if (!Number.isInteger(nc) || nc < 1 || nc > 0xffffffff) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_DIGEST_CREDENTIALS",
      "nc is an integer in 1..2^32-1",
    );
  }
  return nc.toString(16).padStart(8, "0");
}

/**
 * The `response` value of RFC 7616 §3.4.1:
 *   response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)), KD(s, d) = H(s ":" d)
 *   A1 = username ":" realm ":" passwd                  (§3.4.2)
 *   A1 = H(username ":" realm ":" passwd) ":" nonce ":" cnonce   (-sess)
 *   A2 = method ":" request-uri [ ":" H(entity-body) ]  (§3.4.3; the last part for auth-int)
 *
 * @throws HeadersError `HW_HEADERS_INVALID_DIGEST_CREDENTIALS` when neither a
 * password nor an HA1 is given, or nc is out of range.
 */
export function computeDigestResponse(input: DigestResponseInput): string {
  const H = hashOf(input.algorithm);
  let ha1 = input.ha1?.toLowerCase();
  if (ha1 === undefined) {
    if (input.password === undefined) {
      throw new HeadersError(
        "HW_HEADERS_INVALID_DIGEST_CREDENTIALS",
        "a password or an HA1 is needed",
      );
    }
    ha1 = H(`${input.username}:${input.realm}:${input.password}`);
  }
  if (input.algorithm.endsWith("-sess")) ha1 = H(`${ha1}:${input.nonce}:${input.cnonce}`);
  let a2 = `${input.method}:${input.uri}`;
  if (input.qop === "auth-int") {
    const base = HASHES[input.algorithm.toLowerCase().replace(/-sess$/, "")]!;
    a2 += `:${toHex(base(input.body ?? new Uint8Array()))}`;
  }
  return H(`${ha1}:${input.nonce}:${formatNc(input.nc)}:${input.cnonce}:${input.qop}:${H(a2)}`);
}

/** What a client supplies to answer a Digest challenge. */
export interface DigestAuthorizationInit {
  username: string;
  password: string;
  method: string;
  uri: string;
  /** A fresh client nonce (quotable text; base64 of 16+ random bytes is typical). */
  cnonce: string;
  /** Nonce count: 1 for the first request with this nonce, then 2, 3, … (RFC 7616 §3.4). */
  nc?: number;
  /** Defaults to "auth" when offered, else "auth-int". */
  qop?: DigestQop;
  body?: Uint8Array;
}

/**
 * Computes the Authorization (or Proxy-Authorization) value that answers a
 * Digest challenge, RFC 7616 §3.4. Uses `username*` (RFC 8187) for a user
 * name that is not ASCII, and the hashed user name when the server asked for
 * userhash (§3.4.4).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_DIGEST_CREDENTIALS` when the
 * challenge offers no qop this client supports or a value cannot be quoted.
 *
 * @example
 * ```ts
 * const ch = parseDigestChallenge(wwwAuthenticate);
 * if (ch.ok) fields.set("authorization", computeDigestAuthorization(ch.value, {
 *   username: "Mufasa", password: "Circle of Life", method: "GET", uri: "/dir/index.html", cnonce,
 * }));
 * ```
 */
export function computeDigestAuthorization(
  challenge: DigestChallenge,
  init: DigestAuthorizationInit,
): string {
  const code = "HW_HEADERS_INVALID_DIGEST_CREDENTIALS";
  const qop = init.qop ?? (challenge.qop.includes("auth") ? "auth" : "auth-int");
  if (!challenge.qop.includes(qop))
    throw new HeadersError(code, `the challenge does not offer qop=${qop}`);
  if (!isWellFormedUnicode(init.username) || !isWellFormedUnicode(init.password)) {
    throw new HeadersError(code, "lone surrogate in username or password");
  }
  const nc = init.nc ?? 1;
  const response = computeDigestResponse({
    algorithm: challenge.algorithm,
    username: init.username,
    realm: challenge.realm,
    password: init.password,
    nonce: challenge.nonce,
    cnonce: init.cnonce,
    nc,
    qop,
    method: init.method,
    uri: init.uri,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const parts: string[] = [];
  if (challenge.userhash) {
    parts.push(
      `username=${quote(hashOf(challenge.algorithm)(`${init.username}:${challenge.realm}`), code)}`,
    );
  } else if (/^[\x20-\x7e]*$/.test(init.username)) {
    parts.push(`username=${quote(init.username, code)}`);
  } else {
    // RFC 7616 §3.4: a name that quoted-string cannot carry goes in username* (RFC 8187).
    parts.push(`username*=${encodeExtValue(init.username)}`);
  }
  parts.push(
    `realm=${quote(challenge.realm, code)}`,
    `uri=${quote(init.uri, code)}`,
    `algorithm=${challenge.algorithm}`,
    `nonce=${quote(challenge.nonce, code)}`,
    `nc=${formatNc(nc)}`,
    `cnonce=${quote(init.cnonce, code)}`,
    `qop=${qop}`,
    `response="${response}"`,
  );
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque, code)}`);
  if (challenge.userhash) parts.push("userhash=true");
  return `Digest ${parts.join(", ")}`;
}

/**
 * Reads Digest credentials, RFC 7616 §3.4. Requires username (or username*,
 * not both), realm, uri, nonce, response, qop, cnonce and an 8-hex-digit nc.
 *
 * Fail codes: `HW_HEADERS_INVALID_CREDENTIALS` (syntax), `HW_HEADERS_NOT_DIGEST`,
 * `HW_HEADERS_INVALID_DIGEST_CREDENTIALS`, `HW_HEADERS_UNSUPPORTED_DIGEST_ALGORITHM`.
 */
export function parseDigestCredentials(
  value: string | Credentials,
): Result<DigestCredentials, HeadersError> {
  let c: Credentials;
  if (typeof value === "string") {
    const r = parseCredentials(value);
    if (!r.ok) return r;
    c = r.value;
  } else c = value;
  if (c.scheme.toLowerCase() !== "digest")
    return digestError("HW_HEADERS_NOT_DIGEST", "not Digest credentials");
  const code = "HW_HEADERS_INVALID_DIGEST_CREDENTIALS";
  const get = (name: string) => getAuthParam(c, name);
  let username = get("username");
  const extended = get("username*");
  if (username !== undefined && extended !== undefined)
    return digestError(code, "both username and username*");
  if (extended !== undefined) {
    const decoded = decodeExtValue(extended);
    if (!decoded.ok) return digestError(code, "invalid username*");
    username = decoded.value.value;
  }
  const realm = get("realm");
  const uri = get("uri");
  const nonce = get("nonce");
  const response = get("response");
  const qop = get("qop")?.toLowerCase();
  const cnonce = get("cnonce");
  const ncText = get("nc");
  if (
    username === undefined ||
    realm === undefined ||
    uri === undefined ||
    nonce === undefined ||
    response === undefined ||
    qop === undefined ||
    cnonce === undefined ||
    ncText === undefined
  ) {
    return digestError(code, "a required Digest parameter is missing");
  }
  if (qop !== "auth" && qop !== "auth-int") return digestError(code, `unsupported qop ${qop}`);
  // nc-value = 8LHEX (RFC 7616 §3.4)
  if (!/^[0-9a-fA-F]{8}$/.test(ncText) || /^0{8}$/.test(ncText)) {
    return digestError(code, "nc must be 8 hex digits, from 00000001");
  }
  if (!/^[0-9a-fA-F]+$/.test(response)) return digestError(code, "response must be hex");
  const algorithm = parseAlgorithm(get("algorithm"));
  if (algorithm === undefined)
    return digestError("HW_HEADERS_UNSUPPORTED_DIGEST_ALGORITHM", "unsupported algorithm");
  const out: DigestCredentials = {
    username,
    userhash: get("userhash")?.toLowerCase() === "true",
    realm,
    uri,
    nonce,
    response: response.toLowerCase(),
    algorithm,
    qop,
    cnonce,
    nc: Number.parseInt(ncText, 16),
  };
  const opaque = get("opaque");
  if (opaque !== undefined) out.opaque = opaque;
  return ok(out);
}

/** What the server knows when it checks Digest credentials. */
export interface VerifyDigestOptions {
  method: string;
  /** The user's password, or `ha1` instead (computed with the credentials' algorithm). */
  password?: string;
  ha1?: string;
  /** The user name as stored (needed for userhash credentials and to compute HA1 from a password). */
  username?: string;
  /** The realm the server uses; credentials for another realm fail. */
  realm?: string;
  /** The nonce the server issued; credentials with another nonce fail. */
  nonce?: string;
  /** The highest nc already accepted with this nonce: a count not above it is a replay (RFC 7616 §3.4 ¶nc). */
  previousNonceCount?: number;
  /** The request body, for qop=auth-int. */
  body?: Uint8Array;
}

/**
 * Checks Digest credentials on the server, RFC 7616 §3.4-§3.5: recomputes
 * the response from the password (or the stored HA1) and compares it in
 * constant time. Also checks the realm, the nonce and that the nonce count
 * grew, when the options supply them. The caller still checks that the nonce
 * is one it issued and is fresh, and that `uri` names the request target.
 *
 * @example
 * ```ts
 * const c = parseDigestCredentials(req.fields.get("authorization") ?? "");
 * const good = c.ok && verifyDigestCredentials(c.value, { method: "GET", password: "Circle of Life", username: "Mufasa" });
 * ```
 */
export function verifyDigestCredentials(
  creds: DigestCredentials,
  options: VerifyDigestOptions,
): boolean {
  if (options.realm !== undefined && creds.realm !== options.realm) return false;
  if (options.nonce !== undefined && creds.nonce !== options.nonce) return false;
  if (options.previousNonceCount !== undefined && creds.nc <= options.previousNonceCount)
    return false;
  let username = options.username ?? creds.username;
  if (creds.userhash) {
    if (options.username === undefined) return false;
    const hashed = hashOf(creds.algorithm)(`${options.username}:${creds.realm}`);
    if (!constantTimeEqual(hashed, creds.username.toLowerCase())) return false;
  } else if (options.username !== undefined && options.username !== creds.username) return false;
  else username = creds.username;
  if (options.password === undefined && options.ha1 === undefined) return false;
  let expected: string;
  try {
    expected = computeDigestResponse({
      algorithm: creds.algorithm,
      username,
      realm: creds.realm,
      ...(options.ha1 === undefined ? { password: options.password! } : { ha1: options.ha1 }),
      nonce: creds.nonce,
      cnonce: creds.cnonce,
      nc: creds.nc,
      qop: creds.qop,
      method: options.method,
      uri: creds.uri,
      ...(options.body === undefined ? {} : { body: options.body }),
    });
  } catch {
    return false; // a hand-built DigestCredentials with an impossible nc
  }
  return constantTimeEqual(expected, creds.response);
}

/** Compares two strings without an early exit, so timing does not reveal the matching prefix. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}
