import { splitList, trimOws } from "@hyperwire/grammar";
import { HeadersError } from "./errors.js";
import { parseSfDictionary, parseSfItem } from "./structured/parse-structured-field.js";
import { serializeSfDictionary } from "./structured/serialize-structured-field.js";
import {
  isSfInnerList,
  type SfBareItem,
  type SfDictionary,
  type SfItem,
  type SfMember,
} from "./structured/types.js";

/**
 * X-Content-Type-Options, Fetch §3.5 "determine nosniff": true when the first
 * element of the list is "nosniff", ASCII case-insensitively.
 *
 * @example
 * ```ts
 * parseXContentTypeOptions("nosniff"); // true
 * parseXContentTypeOptions("sniff, nosniff"); // false
 * ```
 */
export function parseXContentTypeOptions(value: string): boolean {
  const first = value.split(",")[0];
  return first !== undefined && trimOws(first).toLowerCase() === "nosniff";
}

/**
 * X-Frame-Options, HTML "check a navigation response's adherence to
 * X-Frame-Options": elements are compared case-insensitively; differing
 * elements conflict and the HTML standard then blocks framing, so a conflict
 * reads as "deny". Unknown values (including the obsolete `ALLOW-FROM`) and
 * an empty field impose nothing: `null`.
 *
 * @example
 * ```ts
 * parseXFrameOptions("SAMEORIGIN"); // "sameorigin"
 * parseXFrameOptions("deny, sameorigin"); // "deny" (conflict)
 * ```
 */
export function parseXFrameOptions(value: string): "deny" | "sameorigin" | null {
  const values = splitList(value).map((v) => v.toLowerCase());
  if (values.length === 0) return null;
  if (values.some((v) => v !== values[0])) return "deny";
  return values[0] === "deny" || values[0] === "sameorigin" ? values[0] : null;
}

/** The referrer policies of W3C Referrer Policy §3. */
export const REFERRER_POLICIES = [
  "no-referrer",
  "no-referrer-when-downgrade",
  "same-origin",
  "origin",
  "strict-origin",
  "origin-when-cross-origin",
  "strict-origin-when-cross-origin",
  "unsafe-url",
] as const;

/** A referrer policy token. */
export type ReferrerPolicy = (typeof REFERRER_POLICIES)[number];

const POLICY_SET: ReadonlySet<string> = new Set(REFERRER_POLICIES);

/**
 * Referrer-Policy, W3C Referrer Policy §8.1: the last recognised token wins,
 * so a site can list a new policy after an older fallback. Tokens are
 * matched exactly. Returns "" when none is recognised (the "no policy" value).
 *
 * @example
 * ```ts
 * parseReferrerPolicy("no-referrer, strict-origin-when-cross-origin"); // "strict-origin-when-cross-origin"
 * parseReferrerPolicy("unsafe-url, not-a-policy"); // "unsafe-url"
 * ```
 */
export function parseReferrerPolicy(value: string): ReferrerPolicy | "" {
  let policy: ReferrerPolicy | "" = "";
  for (const token of splitList(value)) if (POLICY_SET.has(token)) policy = token as ReferrerPolicy;
  return policy;
}

/** A cross-origin isolation policy read from its structured field. */
export interface CrossOriginPolicy<T extends string> {
  value: T;
  /** The `report-to` parameter (an endpoint name), when it is a String. */
  reportTo?: string;
}

function readPolicyItem<T extends string>(
  value: string,
  allowed: readonly T[],
  fallback: T,
): CrossOriginPolicy<T> {
  const item = parseSfItem(value);
  const out: CrossOriginPolicy<T> = { value: fallback };
  if (!item.ok || item.value.value.type !== "token") return out;
  const token = item.value.value.value;
  if ((allowed as readonly string[]).includes(token)) out.value = token as T;
  const reportTo = item.value.params.get("report-to");
  if (reportTo?.type === "string") out.reportTo = reportTo.value;
  return out;
}

/** Values of Cross-Origin-Opener-Policy (HTML §7.1.3). */
export type OpenerPolicyValue =
  | "unsafe-none"
  | "same-origin-allow-popups"
  | "same-origin"
  | "noopener-allow-popups";

/**
 * Cross-Origin-Opener-Policy, HTML "obtain a cross-origin opener policy": an
 * Item whose value is a Token; anything unparsable or unknown is
 * "unsafe-none". The `report-to` parameter is kept when it is a String.
 *
 * @example
 * ```ts
 * parseCrossOriginOpenerPolicy('same-origin; report-to="coop"'); // { value: "same-origin", reportTo: "coop" }
 * ```
 */
export function parseCrossOriginOpenerPolicy(value: string): CrossOriginPolicy<OpenerPolicyValue> {
  return readPolicyItem<OpenerPolicyValue>(
    value,
    ["unsafe-none", "same-origin-allow-popups", "same-origin", "noopener-allow-popups"],
    "unsafe-none",
  );
}

/** Values of Cross-Origin-Embedder-Policy (HTML §7.1.4). */
export type EmbedderPolicyValue = "unsafe-none" | "require-corp" | "credentialless";

/**
 * Cross-Origin-Embedder-Policy, HTML "obtain an embedder policy": an Item
 * whose Token is "require-corp" or "credentialless"; otherwise "unsafe-none".
 *
 * @example
 * ```ts
 * parseCrossOriginEmbedderPolicy("require-corp"); // { value: "require-corp" }
 * ```
 */
export function parseCrossOriginEmbedderPolicy(
  value: string,
): CrossOriginPolicy<EmbedderPolicyValue> {
  return readPolicyItem<EmbedderPolicyValue>(
    value,
    ["unsafe-none", "require-corp", "credentialless"],
    "unsafe-none",
  );
}

/**
 * Cross-Origin-Resource-Policy, Fetch §3.6 "cross-origin resource policy
 * internal check": the whole value must be exactly "same-origin",
 * "same-site" or "cross-origin" (case-sensitive); anything else is `null`,
 * which imposes nothing. (Fetch compares the raw value, so parameters that
 * a structured-field parser would accept make the value unrecognised.)
 */
export function parseCrossOriginResourcePolicy(
  value: string,
): "same-origin" | "same-site" | "cross-origin" | null {
  const v = trimOws(value);
  return v === "same-origin" || v === "same-site" || v === "cross-origin" ? v : null;
}

/** One feature's allowlist in a Permissions-Policy (W3C Permissions Policy §5). */
export interface PermissionsAllowlist {
  /** `*`: every origin. */
  all: boolean;
  /** `self`: the document's own origin. */
  self: boolean;
  /** `src`: the origin of an iframe's src (meaningful in the allow attribute). */
  src: boolean;
  /** Origins listed as Strings. */
  origins: string[];
}

function allowlistItem(item: SfItem, out: PermissionsAllowlist): void {
  const v: SfBareItem = item.value;
  if (v.type === "token") {
    if (v.value === "*") out.all = true;
    else if (v.value === "self") out.self = true;
    else if (v.value === "src") out.src = true;
  } else if (v.type === "string") out.origins.push(v.value);
}

/**
 * Permissions-Policy, W3C Permissions Policy §5.2 "parse a policy": a
 * structured Dictionary from feature name to an Item or Inner List of
 * allowlist members (`*`, `self`, `src` tokens and origin Strings). An empty
 * inner list `()` disables the feature. Returns `null` when the field is not
 * a valid Dictionary (the whole header is then ignored).
 *
 * @example
 * ```ts
 * parsePermissionsPolicy('geolocation=(self "https://maps.example"), camera=()');
 * // Map { geolocation → { self: true, origins: ["https://maps.example"], … }, camera → { all: false, self: false, … } }
 * ```
 */
export function parsePermissionsPolicy(
  value: string | readonly string[],
): Map<string, PermissionsAllowlist> | null {
  const dict = parseSfDictionary(value);
  if (!dict.ok) return null;
  const out = new Map<string, PermissionsAllowlist>();
  for (const [feature, member] of dict.value) {
    const list: PermissionsAllowlist = { all: false, self: false, src: false, origins: [] };
    if (isSfInnerList(member)) for (const item of member.items) allowlistItem(item, list);
    else allowlistItem(member, list);
    out.set(feature, list);
  }
  return out;
}

/**
 * Serializes a Permissions-Policy from feature → allowlist, each allowlist
 * being `"*"`, or a list of `"self"`, `"src"` and origins (empty to disable).
 *
 * @throws HeadersError `HW_HEADERS_SF_UNSERIALIZABLE` for a feature name that
 * is not a structured-field key or an origin that is not a valid String.
 *
 * @example
 * ```ts
 * formatPermissionsPolicy({ geolocation: ["self", "https://maps.example"], camera: [], fullscreen: "*" });
 * // 'geolocation=(self "https://maps.example"), camera=(), fullscreen=*'
 * ```
 */
export function formatPermissionsPolicy(policy: Record<string, "*" | readonly string[]>): string {
  const dict: SfDictionary = new Map<string, SfMember>();
  for (const [feature, allow] of Object.entries(policy)) {
    if (allow === "*") {
      dict.set(feature, { value: { type: "token", value: "*" }, params: new Map() });
      continue;
    }
    const items: SfItem[] = allow.map((a) => ({
      value:
        a === "self" || a === "src" || a === "*"
          ? { type: "token", value: a }
          : { type: "string", value: a },
      params: new Map(),
    }));
    dict.set(feature, { items, params: new Map() });
  }
  if (dict.size === 0)
    throw new HeadersError("HW_HEADERS_SF_UNSERIALIZABLE", "empty Permissions-Policy");
  return serializeSfDictionary(dict);
}
