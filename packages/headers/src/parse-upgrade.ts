import { err, isToken, ok, type Result } from "@hyperwire/grammar";
import { framingError, scanToken } from "./coding-list.js";
import { HeadersError } from "./errors.js";
import { walkTokenList } from "./internal/token-list.js";

/** One protocol of an Upgrade field. */
export interface UpgradeProtocol {
  /** Protocol name as sent, e.g. "websocket", "HTTP", "h2c". Compare case-insensitively. */
  readonly name: string;
  /** Protocol version after "/", when given (e.g. "2.0" in "HTTP/2.0"). */
  readonly version: string | undefined;
}

const CODE = "HW_HEADERS_INVALID_UPGRADE";

/**
 * Parses an Upgrade field value into its protocols, in the sender's order of
 * preference.
 *
 * ```abnf
 * Upgrade          = #protocol                          ; RFC 9110 §7.8
 * protocol         = protocol-name ["/" protocol-version]
 * protocol-name    = token
 * protocol-version = token
 * ```
 *
 * Names keep their casing (RFC 9110 §7.8 registers names with a preferred
 * case; recipients compare them case-insensitively). Whitespace around "/"
 * and anything else off the grammar fails with `HW_HEADERS_INVALID_UPGRADE`.
 *
 * @example
 * ```ts
 * parseUpgrade("HTTP/2.0, websocket");
 * // { ok: true, value: [{ name: "HTTP", version: "2.0" }, { name: "websocket", version: undefined }] }
 * ```
 */
export function parseUpgrade(value: string): Result<UpgradeProtocol[], HeadersError> {
  const out: UpgradeProtocol[] = [];
  const failure = walkTokenList(value, "Upgrade", CODE, "a protocol name", (start, nameEnd) => {
    let version: string | undefined;
    let i = nameEnd;
    if (value.charCodeAt(i) === 0x2f /* / */) {
      const versionEnd = scanToken(value, i + 1);
      if (versionEnd === i + 1) {
        return framingError(CODE, `Upgrade: expected a protocol version at index ${i + 1}`, i + 1);
      }
      version = value.slice(i + 1, versionEnd);
      i = versionEnd;
    }
    out.push({ name: value.slice(start, nameEnd), version });
    return i;
  });
  if (failure !== undefined) return err(failure);
  return ok(out);
}

/**
 * Serializes protocols as an Upgrade field value (RFC 9110 §7.8).
 * @throws {HeadersError} `HW_HEADERS_INVALID_UPGRADE` when a name or version is not a token.
 * @example
 * ```ts
 * formatUpgrade([{ name: "websocket" }]); // "websocket"
 * ```
 */
export function formatUpgrade(
  protocols: readonly (string | { readonly name: string; readonly version?: string | undefined })[],
): string {
  return protocols
    .map((protocol) => {
      const { name, version } =
        typeof protocol === "string" ? { name: protocol, version: undefined } : protocol;
      if (!isToken(name) || (version !== undefined && !isToken(version))) {
        throw new HeadersError(CODE, `invalid Upgrade protocol ${JSON.stringify(protocol)}`);
      }
      return version === undefined ? name : `${name}/${version}`;
    })
    .join(", ");
}
