import { err, formatQuotedString, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { type Credentials, parseCredentials } from "./parse-challenges.js";
import { base64Decode, base64Encode } from "./structured/base64.js";
import { isWellFormedUnicode, utf8Decode, utf8Encode } from "./structured/utf8.js";

/** A user-id and password carried by Basic credentials (RFC 7617 §2). */
export interface BasicCredentials {
  userId: string;
  password: string;
}

// RFC 7617 §2: "The user-id and password MUST NOT contain any control characters".
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Computes an Authorization (or Proxy-Authorization) value for the Basic
 * scheme: "Basic " + base64(UTF-8(user-id ":" password)) (RFC 7617 §2, with
 * the UTF-8 charset of §2.1).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_BASIC_CREDENTIALS` when the user-id
 * contains ":" (RFC 7617 §2: it could not be told apart from the password),
 * either part contains a control character, or a lone surrogate.
 *
 * @example
 * ```ts
 * formatBasicCredentials("Aladdin", "open sesame"); // "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
 * ```
 */
export function formatBasicCredentials(userId: string, password: string): string {
  const bad = (message: string) =>
    new HeadersError("HW_HEADERS_INVALID_BASIC_CREDENTIALS", message);
  if (userId.includes(":")) throw bad("a Basic user-id cannot contain ':'");
  if (CONTROL_RE.test(userId) || CONTROL_RE.test(password))
    throw bad("control characters are not allowed");
  if (!isWellFormedUnicode(userId) || !isWellFormedUnicode(password)) throw bad("lone surrogate");
  return `Basic ${base64Encode(utf8Encode(`${userId}:${password}`))}`;
}

/**
 * Reads Basic credentials from an Authorization / Proxy-Authorization value
 * (or already-parsed {@link Credentials}), RFC 7617 §2. The decoded octets
 * must be UTF-8 (RFC 7617 §2.1) and contain a ":"; the user-id is what comes
 * before the first ":". The scheme name is matched case-insensitively.
 *
 * Fails with `HW_HEADERS_INVALID_CREDENTIALS` (syntax),
 * `HW_HEADERS_NOT_BASIC` (another scheme) or `HW_HEADERS_INVALID_BASIC_CREDENTIALS`.
 *
 * @example
 * ```ts
 * parseBasicCredentials("Basic dGVzdDoxMjPCow=="); // ok: { userId: "test", password: "123£" }
 * ```
 */
export function parseBasicCredentials(
  value: string | Credentials,
): Result<BasicCredentials, HeadersError> {
  let creds: Credentials;
  if (typeof value === "string") {
    const r = parseCredentials(value);
    if (!r.ok) return r;
    creds = r.value;
  } else creds = value;
  const bad = (message: string) =>
    err(new HeadersError("HW_HEADERS_INVALID_BASIC_CREDENTIALS", message, { statusHint: 400 }));
  if (creds.scheme.toLowerCase() !== "basic") {
    return err(new HeadersError("HW_HEADERS_NOT_BASIC", `scheme is ${creds.scheme}, not Basic`));
  }
  if (creds.token68 === undefined) return bad("Basic credentials are a token68");
  // RFC 7617 §2 uses base64 of RFC 4648 §4: padding is required, and "-" "_" "." "~" are not base64.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(creds.token68) || creds.token68.length % 4 !== 0) {
    return bad("malformed base64");
  }
  const bytes = base64Decode(creds.token68);
  if (bytes === null) return bad("malformed base64");
  const text = utf8Decode(bytes);
  if (text === null) return bad("user-pass is not UTF-8");
  const colon = text.indexOf(":");
  if (colon < 0) return bad("user-pass has no ':'");
  const userId = text.slice(0, colon);
  const password = text.slice(colon + 1);
  if (CONTROL_RE.test(text)) return bad("control characters are not allowed");
  return ok({ userId, password });
}

/**
 * A WWW-Authenticate / Proxy-Authenticate challenge for Basic with
 * `charset="UTF-8"` (RFC 7617 §2.1, the only value allowed).
 *
 * @throws HeadersError `HW_HEADERS_INVALID_CHALLENGE` when the realm cannot be quoted.
 *
 * @example
 * ```ts
 * formatBasicChallenge("WallyWorld"); // 'Basic realm="WallyWorld", charset="UTF-8"'
 * ```
 */
export function formatBasicChallenge(realm: string, options: { charset?: boolean } = {}): string {
  let quoted: string;
  try {
    quoted = formatQuotedString(realm);
  } catch (cause) {
    throw new HeadersError("HW_HEADERS_INVALID_CHALLENGE", "realm cannot be quoted", { cause });
  }
  return `Basic realm=${quoted}${options.charset === false ? "" : ', charset="UTF-8"'}`;
}
