import { asciiLower } from "./ascii-lower.js";
import { Fields } from "./fields.js";
import { parseConnection } from "./parse-connection.js";

/**
 * The fields that are always hop-by-hop (RFC 9110 §7.6.1 ¶4–¶5): Connection,
 * the fields it traditionally nominates (Keep-Alive, TE, Transfer-Encoding,
 * Upgrade), and the non-standard Proxy-Connection that some clients still send.
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Whether a field is hop-by-hop by definition: Connection, Keep-Alive,
 * Proxy-Connection, TE, Transfer-Encoding, Upgrade (RFC 9110 §7.6.1). Fields
 * nominated in a message's Connection field are hop-by-hop too, for that
 * message only: see {@link stripHopByHop}. Names in any case are accepted.
 */
export function isHopByHopField(lowerName: string): boolean {
  return HOP_BY_HOP.has(asciiLower(lowerName));
}

/** Options of {@link stripHopByHop}. */
export interface StripHopByHopOptions {
  /**
   * Lowercase names to keep even when Connection nominates them. RFC 9110
   * §7.6.1 ¶3 says to remove every nominated field, and that is the default;
   * a client can abuse it (`Connection: close, X-Forwarded-For` or
   * `Connection: Authorization`) to make a proxy drop a field the next hop
   * relies on. A proxy that adds such fields itself can protect them here.
   */
  readonly keep?: Iterable<string>;
}

/**
 * Returns a copy of `fields` without hop-by-hop fields, for a proxy to
 * forward (RFC 9110 §7.6.1 ¶3): the fixed set of {@link isHopByHopField} and
 * every field named by a connection-option of any Connection line. The input
 * is not modified.
 *
 * A Connection line that is not a valid token list still has each of its
 * comma-separated elements removed: removing too much is safe, forwarding a
 * field the sender meant for one hop is not.
 *
 * @example
 * ```ts
 * const f = Fields.from({ Connection: "close, X-Trace", "X-Trace": "1", Accept: "*\/*" });
 * [...stripHopByHop(f).lines()]; // [["Accept", "*\/*"]]
 * ```
 */
export function stripHopByHop(fields: Fields, options: StripHopByHopOptions = {}): Fields {
  const remove = new Set(HOP_BY_HOP);
  for (const line of fields.getAll("connection")) {
    const parsed = parseConnection(line);
    const names = parsed.ok ? parsed.value : line.split(",").map((part) => asciiLower(part.trim()));
    for (const name of names) if (name !== "") remove.add(name);
  }
  if (options.keep !== undefined) {
    for (const name of options.keep) {
      const lower = asciiLower(name);
      if (!HOP_BY_HOP.has(lower)) remove.delete(lower);
    }
  }
  const lower: string[] = [];
  const raw: string[] = [];
  const values: string[] = [];
  fields.forEach((value, lowerName, rawName) => {
    if (remove.has(lowerName)) return;
    lower.push(lowerName);
    raw.push(rawName);
    values.push(value);
  });
  return Fields.fromTrusted(lower, raw, values);
}
