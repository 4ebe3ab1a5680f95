import {
  err,
  type HostAndPort,
  ok,
  parseHostAndPort,
  type Result,
  trimOws,
} from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";

/**
 * Parses Host, RFC 9110 §7.2: `Host = uri-host [ ":" port ]`. The host is
 * checked by the grammar package (IPv4, bracketed IPv6, reg-name; no
 * userinfo). An empty value is allowed when the target URI has no authority
 * (RFC 9110 §7.2 ¶4) and returns an empty reg-name. Fails with
 * `HW_HEADERS_INVALID_HOST` (status hint 400: RFC 9112 §3.2 ¶3).
 *
 * @example
 * ```ts
 * parseHost("[::1]:8080"); // ok: { host: "[::1]", port: 8080, kind: "ipv6" }
 * ```
 */
export function parseHost(value: string): Result<HostAndPort, HeadersError> {
  const v = trimOws(value);
  if (v === "") return ok({ host: "", port: undefined, kind: "reg-name" });
  const r = parseHostAndPort(v);
  if (r.ok) return r;
  return err(
    new HeadersError("HW_HEADERS_INVALID_HOST", 'Host is not uri-host [ ":" port ]', {
      statusHint: 400,
      cause: r.error,
    }),
  );
}
