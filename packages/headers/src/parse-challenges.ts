import { err, isToken, ok, parseToken, type Result, skipOws } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import {
  formatParameterValue,
  readTokenOrQuotedString,
} from "./internal/token-or-quoted-string.js";

/** One auth-param, RFC 9110 §11.2: the name lowercased (matched case-insensitively), the value unquoted. */
export interface AuthParam {
  name: string;
  value: string;
}

/**
 * A challenge (WWW-Authenticate, Proxy-Authenticate) or credentials
 * (Authorization, Proxy-Authorization), RFC 9110 §11.3-§11.4: a scheme with
 * either a token68 or a list of auth-params (or neither).
 */
export interface Challenge {
  /** auth-scheme as written; compare it case-insensitively (RFC 9110 §11.1). */
  scheme: string;
  /** The token68 form, when the challenge uses it instead of auth-params. */
  token68?: string;
  /** auth-params in order; empty when there are none or `token68` is set. */
  params: AuthParam[];
}

/** Credentials have the same shape as a challenge (RFC 9110 §11.4). */
export type Credentials = Challenge;

/**
 * token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * RFC 9110 §11.2
 */
const TOKEN68_RE = /^[A-Za-z0-9\-._~+/]+=*$/;

function isToken68Char(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x7e ||
    c === 0x2b ||
    c === 0x2f
  );
}

type Step = { ok: true; challenge: Challenge; end: number } | { ok: false; error: HeadersError };

function fail(code: string, message: string, offset: number): { ok: false; error: HeadersError } {
  return { ok: false, error: new HeadersError(code, message, { offset, statusHint: 400 }) };
}

/** Index past OWS and any "," (empty #list elements are allowed, RFC 9110 §5.6.1.2). */
function skipEmptyElements(text: string, i: number): number {
  for (;;) {
    i = skipOws(text, i);
    if (text.charCodeAt(i) !== 0x2c) return i;
    i++;
  }
}

/**
 * Whether an auth-param starts at `i`: token BWS "=" (RFC 9110 §11.2). A new
 * challenge starts with a scheme followed by SP, "," or the end instead, which
 * is how "several challenges in one field" is split (RFC 9110 §11.6.1 ¶6).
 */
function authParamStartsAt(text: string, i: number): boolean {
  const name = parseToken(text, i);
  if (name === null) return false;
  return text.charCodeAt(skipOws(text, name.end)) === 0x3d;
}

/**
 * Reads one challenge / credentials starting at `start`:
 *   challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param  = token BWS "=" BWS ( token / quoted-string )
 * RFC 9110 §11.3, §11.2. With `inList`, auth-params stop before a "," that
 * begins the next challenge.
 */
function readChallenge(text: string, start: number, code: string, inList: boolean): Step {
  const scheme = parseToken(text, start);
  if (scheme === null) return fail(code, "expected an auth-scheme", start);
  const challenge: Challenge = { scheme: scheme.value, params: [] };
  let i = scheme.end;
  // RFC 9110 §11.3: the scheme and what follows are separated by 1*SP.
  if (text.charCodeAt(i) !== 0x20) {
    const j = skipOws(text, i);
    if (j >= text.length || (inList && text.charCodeAt(j) === 0x2c))
      return { ok: true, challenge, end: j };
    return fail(code, "expected SP after the auth-scheme", i);
  }
  while (text.charCodeAt(i) === 0x20) i++;
  if (i >= text.length || (inList && text.charCodeAt(i) === 0x2c))
    return { ok: true, challenge, end: i };

  // token68: its characters, then "=" padding, then the end of this element.
  let j = i;
  while (isToken68Char(text.charCodeAt(j))) j++;
  if (j > i) {
    let k = j;
    while (text.charCodeAt(k) === 0x3d) k++;
    const after = skipOws(text, k);
    if (after >= text.length || (inList && text.charCodeAt(after) === 0x2c)) {
      // "a=" cannot be an auth-param (its value would be empty), so this is token68.
      challenge.token68 = text.slice(i, k);
      return { ok: true, challenge, end: after };
    }
  }

  // #auth-param
  const seen = new Set<string>();
  for (;;) {
    const name = parseToken(text, i);
    if (name === null) return fail(code, "expected an auth-param name", i);
    let p = skipOws(text, name.end);
    if (text.charCodeAt(p) !== 0x3d) return fail(code, "expected '=' after the auth-param name", p);
    p = skipOws(text, p + 1);
    const read = readTokenOrQuotedString(text, p);
    if (read === null) {
      return fail(
        code,
        text.charCodeAt(p) === 0x22
          ? "malformed quoted-string"
          : "expected a token or quoted-string value",
        p,
      );
    }
    const value = read.value;
    p = read.end;
    const lower = name.value.toLowerCase();
    // RFC 9110 §11.2 ¶4: each parameter name MUST only occur once per challenge.
    if (seen.has(lower))
      return fail("HW_HEADERS_DUPLICATE_AUTH_PARAM", `auth-param ${lower} repeated`, i);
    seen.add(lower);
    challenge.params.push({ name: lower, value });
    p = skipOws(text, p);
    if (p >= text.length) return { ok: true, challenge, end: p };
    if (text.charCodeAt(p) !== 0x2c) return fail(code, "expected ',' after an auth-param", p);
    const next = skipEmptyElements(text, p);
    if (next >= text.length) return { ok: true, challenge, end: next };
    if (!authParamStartsAt(text, next)) {
      if (!inList) return fail(code, "expected an auth-param after ','", next);
      return { ok: true, challenge, end: p };
    }
    i = next;
  }
}

/**
 * Parses a WWW-Authenticate or Proxy-Authenticate field value: one or more
 * challenges, each with its own comma-separated auth-params, all in one
 * comma-separated list (RFC 9110 §11.6.1, §11.7.1). A comma starts a new
 * challenge when it is followed by `token` and then SP, "," or the end; it
 * continues the current one when followed by `token BWS "="`.
 *
 * Fails with `HW_HEADERS_INVALID_CHALLENGE` (or `HW_HEADERS_DUPLICATE_AUTH_PARAM`).
 *
 * @example
 * ```ts
 * parseChallenges('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"');
 * // ok: [{ scheme: "Newauth", params: [realm, type, title] }, { scheme: "Basic", params: [realm] }]
 * ```
 */
export function parseChallenges(value: string): Result<Challenge[], HeadersError> {
  const code = "HW_HEADERS_INVALID_CHALLENGE";
  const out: Challenge[] = [];
  let i = skipEmptyElements(value, 0);
  while (i < value.length) {
    const step = readChallenge(value, i, code, true);
    if (!step.ok) return step;
    out.push(step.challenge);
    const after = skipOws(value, step.end);
    if (after < value.length && value.charCodeAt(after) !== 0x2c) {
      return err(
        new HeadersError(code, "expected ',' between challenges", {
          offset: after,
          statusHint: 400,
        }),
      );
    }
    i = skipEmptyElements(value, after);
  }
  // RFC 9110 §11.6.1: WWW-Authenticate = #challenge, and a 401 must carry at least one.
  if (out.length === 0)
    return err(new HeadersError(code, "no challenge", { offset: 0, statusHint: 400 }));
  return ok(out);
}

/**
 * Parses an Authorization or Proxy-Authorization field value: exactly one
 * `credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]` (RFC 9110
 * §11.4, §11.6.2, §11.7.2). Fails with `HW_HEADERS_INVALID_CREDENTIALS` (or
 * `HW_HEADERS_DUPLICATE_AUTH_PARAM`).
 *
 * @example
 * ```ts
 * parseCredentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="); // ok: { scheme: "Basic", token68: "QWxh…", params: [] }
 * ```
 */
export function parseCredentials(value: string): Result<Credentials, HeadersError> {
  const code = "HW_HEADERS_INVALID_CREDENTIALS";
  const start = skipOws(value, 0);
  const step = readChallenge(value, start, code, false);
  if (!step.ok) return step;
  const end = skipOws(value, step.end);
  if (end < value.length) {
    return err(
      new HeadersError(code, "unexpected text after the credentials", {
        offset: end,
        statusHint: 400,
      }),
    );
  }
  return ok(step.challenge);
}

/** Parameters that RFC 9110 §11.5 and RFC 7616 §3.3-3.4 require in quoted-string form. */
const ALWAYS_QUOTED = new Set([
  "realm",
  "domain",
  "nonce",
  "opaque",
  "username",
  "uri",
  "cnonce",
  "response",
]);

function formatOne(c: Challenge, what: string): string {
  const bad = (message: string) => new HeadersError(`HW_HEADERS_INVALID_${what}`, message);
  if (!isToken(c.scheme)) throw bad(`auth-scheme ${JSON.stringify(c.scheme)} is not a token`);
  if (c.token68 !== undefined) {
    if (!TOKEN68_RE.test(c.token68)) throw bad(`${JSON.stringify(c.token68)} is not a token68`);
    if (c.params.length > 0) throw bad("a token68 and auth-params cannot be combined");
    return `${c.scheme} ${c.token68}`;
  }
  if (c.params.length === 0) return c.scheme;
  const seen = new Set<string>();
  const parts = c.params.map(({ name, value }) => {
    const lower = name.toLowerCase();
    if (!isToken(name)) throw bad(`auth-param name ${JSON.stringify(name)} is not a token`);
    if (seen.has(lower)) throw bad(`auth-param ${lower} repeated`);
    seen.add(lower);
    // RFC 9110 §11.5: realm is only ever sent as a quoted-string; RFC 7616 says the same of the Digest fields.
    const written = formatParameterValue(
      value,
      ALWAYS_QUOTED.has(lower),
      `HW_HEADERS_INVALID_${what}`,
      `auth-param ${name} cannot be quoted`,
    );
    return `${name}=${written}`;
  });
  return `${c.scheme} ${parts.join(", ")}`;
}

/**
 * Serializes challenges for WWW-Authenticate / Proxy-Authenticate (RFC 9110
 * §11.6.1). `realm` and the Digest fields RFC 7616 requires quoted are always
 * quoted; other values are bare when they are tokens.
 *
 * @throws HeadersError `HW_HEADERS_INVALID_CHALLENGE` for a scheme or name that
 * is not a token, an invalid token68, repeated names or unquotable values.
 *
 * @example
 * ```ts
 * formatChallenges([{ scheme: "Basic", params: [{ name: "realm", value: "simple" }] }]); // 'Basic realm="simple"'
 * ```
 */
export function formatChallenges(challenges: readonly Challenge[]): string {
  if (challenges.length === 0)
    throw new HeadersError("HW_HEADERS_INVALID_CHALLENGE", "no challenge");
  return challenges.map((c) => formatOne(c, "CHALLENGE")).join(", ");
}

/**
 * Serializes credentials for Authorization / Proxy-Authorization (RFC 9110 §11.4).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_CREDENTIALS` as {@link formatChallenges}.
 */
export function formatCredentials(credentials: Credentials): string {
  return formatOne(credentials, "CREDENTIALS");
}

/** The value of the auth-param `name` (case-insensitive), or undefined. */
export function getAuthParam(challenge: Challenge, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const p of challenge.params) if (p.name === lower) return p.value;
  return undefined;
}
