import { err, ok, type Result } from "@hyperwire/grammar";
import { framingError } from "./coding-list.js";
import { HeadersError } from "./errors.js";
import { readNameAndValue, walkTokenList } from "./internal/token-list.js";

/** A parsed Keep-Alive field value. */
export interface KeepAlive {
  /** Seconds the sender will keep an idle connection open (`timeout=`), when given. */
  readonly timeout: number | undefined;
  /** Requests the sender will still accept on the connection (`max=`), when given. */
  readonly max: number | undefined;
  /** Every parameter in order, names lowercased, including timeout and max. */
  readonly parameters: readonly { readonly name: string; readonly value: string | undefined }[];
}

const CODE = "HW_HEADERS_INVALID_KEEP_ALIVE";
// RFC 9111 §1.2.2: a delta-seconds too large to represent saturates at 2^31.
const SATURATION = 2147483648;

function parseSeconds(text: string): number | undefined {
  if (text.length === 0) return undefined;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    n = Math.min(n * 10 + digit, SATURATION);
  }
  return n;
}

/**
 * Parses a Keep-Alive field value, the HTTP/1.0 persistent-connection hint.
 *
 * ```abnf
 * Keep-Alive          = #keep-alive-info        ; RFC 2068 §19.7.1.1,
 * keep-alive-info     = "timeout" "=" delta-seconds   ; draft-thomson-hybi-http-timeout-03 §2
 *                     / "max" "=" 1*DIGIT
 *                     / keep-alive-extension
 * keep-alive-extension = token [ "=" ( token / quoted-string ) ]
 * ```
 *
 * Parameter names are case-insensitive; `timeout` and `max` must be digits
 * and saturate at 2^31 like delta-seconds (RFC 9111 §1.2.2). A repeated
 * parameter or anything off the grammar fails with `HW_HEADERS_INVALID_KEEP_ALIVE`.
 *
 * @example
 * ```ts
 * parseKeepAlive("timeout=5, max=1000"); // { ok: true, value: { timeout: 5, max: 1000, parameters: [...] } }
 * ```
 */
export function parseKeepAlive(value: string): Result<KeepAlive, HeadersError> {
  const parameters: { name: string; value: string | undefined }[] = [];
  let timeout: number | undefined;
  let max: number | undefined;
  const failure = walkTokenList(value, "Keep-Alive", CODE, "a token", (start, nameEnd) => {
    const element = readNameAndValue(value, start, nameEnd, "Keep-Alive", CODE);
    if (element instanceof HeadersError) return element;
    const { name, value: parameterValue } = element;
    if (parameters.some((p) => p.name === name)) {
      return framingError(CODE, `Keep-Alive: "${name}" appears more than once`, start);
    }
    if (name === "timeout" || name === "max") {
      const seconds = parameterValue === undefined ? undefined : parseSeconds(parameterValue);
      if (seconds === undefined) {
        return framingError(CODE, `Keep-Alive: "${name}" needs a decimal value`, start);
      }
      if (name === "timeout") timeout = seconds;
      else max = seconds;
    }
    parameters.push({ name, value: parameterValue });
    return element.end;
  });
  if (failure !== undefined) return err(failure);
  return ok({ timeout, max, parameters });
}

/**
 * Serializes a Keep-Alive value from `timeout` and `max`.
 * @throws {HeadersError} `HW_HEADERS_INVALID_KEEP_ALIVE` when a number is not a non-negative integer.
 * @example
 * ```ts
 * formatKeepAlive({ timeout: 5, max: 100 }); // "timeout=5, max=100"
 * ```
 */
export function formatKeepAlive(options: { timeout?: number; max?: number }): string {
  const parts: string[] = [];
  for (const name of ["timeout", "max"] as const) {
    const n = options[name];
    if (n === undefined) continue;
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new HeadersError(CODE, `Keep-Alive ${name} must be a non-negative integer`);
    }
    parts.push(`${name}=${n}`);
  }
  return parts.join(", ");
}
