import { Fields } from "@hyperwire/headers";
import { httpDateNow } from "./http-date-clock.js";
import type { ResponseHeaders } from "./server-response.js";

/** The fields the server adds to a response head when the handler did not set them. */
export interface ServerFields {
  /** The connection closes after this response: send `Connection: close` (RFC 9112 §9.6 ¶4). */
  readonly close: boolean;
  /** The `Keep-Alive` value to advertise when the connection persists, or null. */
  readonly keepAlive: string | null;
  /** A Content-Type to add when the handler set none (a file's media type). */
  readonly contentType?: string | undefined;
}

/**
 * Builds the `Fields` of a response from whatever shape the handler used,
 * without validating: the head serializer of @hyperwire/h1 checks every name
 * and value as it writes them (RFC 9110 §5.5), so checking here too would
 * only double the work. The result is always a fresh container, so the
 * server's additions (Date, Connection, Keep-Alive) never leak into an object
 * the application reuses. With `add`, the server's own fields are appended
 * where the handler did not set them: `Date` (RFC 9110 §6.6.1), `Connection:
 * close` or `Keep-Alive`, and a default `Content-Type`.
 *
 * @example
 * ```ts
 * toResponseFields({ "Content-Type": "text/plain", "Set-Cookie": ["a=1", "b=2"] }).size; // 3
 * toResponseFields({}, { close: true, keepAlive: null }).get("connection"); // "close"
 * ```
 */
export function toResponseFields(init: ResponseHeaders | undefined, add?: ServerFields): Fields {
  const lower: string[] = [];
  const raw: string[] = [];
  const values: string[] = [];
  if (init !== undefined && init !== null) {
    if (init instanceof Fields) {
      for (const [rawName, value] of init.lines()) {
        lower.push(rawName.toLowerCase());
        raw.push(rawName);
        values.push(value);
      }
    } else if (typeof Headers !== "undefined" && init instanceof Headers) {
      for (const [name, value] of init) {
        if (name === "set-cookie") continue;
        lower.push(name);
        raw.push(name);
        values.push(value);
      }
      for (const cookie of init.getSetCookie()) {
        lower.push("set-cookie");
        raw.push("set-cookie");
        values.push(cookie);
      }
    } else if (Array.isArray(init)) {
      // The usual shape (`[["Content-Type", "text/plain"], …]`): indexed, without
      // an iterator per pair. Anything but a pair array takes the destructuring
      // below, which throws the same TypeError the generic path would.
      const pairs = init as readonly (readonly [string, string])[];
      for (let i = 0; i < pairs.length; i++) {
        let pair = pairs[i];
        if (!Array.isArray(pair)) {
          const [name, value] = pair as Iterable<unknown> as readonly [string, string];
          pair = [name, value];
        }
        const name = String(pair[0]);
        lower.push(name.toLowerCase());
        raw.push(name);
        values.push(String(pair[1]));
      }
    } else if (typeof (init as Iterable<unknown>)[Symbol.iterator] === "function") {
      for (const [name, value] of init as Iterable<readonly [string, string]>) {
        lower.push(String(name).toLowerCase());
        raw.push(String(name));
        values.push(String(value));
      }
    } else {
      const record = init as Readonly<
        Record<string, string | number | readonly string[] | undefined>
      >;
      for (const name of Object.keys(record)) {
        const value = record[name];
        if (value === undefined) continue;
        const lowerName = name.toLowerCase();
        if (Array.isArray(value)) {
          for (const item of value) {
            lower.push(lowerName);
            raw.push(name);
            values.push(String(item));
          }
        } else {
          lower.push(lowerName);
          raw.push(name);
          values.push(String(value));
        }
      }
    }
  }
  if (add !== undefined) {
    let hasDate = false;
    let hasContentType = false;
    let connection: string | null = null;
    for (let i = 0; i < lower.length; i++) {
      const name = lower[i]!;
      if (name === "date") hasDate = true;
      else if (name === "content-type") hasContentType = true;
      else if (name === "connection")
        connection = connection === null ? values[i]! : `${connection}, ${values[i]}`;
    }
    if (!hasDate) {
      lower.push("date");
      raw.push("Date");
      values.push(httpDateNow());
    }
    if (!hasContentType && add.contentType !== undefined) {
      lower.push("content-type");
      raw.push("Content-Type");
      values.push(add.contentType);
    }
    if (add.close) {
      if (connection === null || !connection.toLowerCase().includes("close")) {
        lower.push("connection");
        raw.push("Connection");
        values.push("close");
      }
    } else if (connection === null && add.keepAlive !== null) {
      lower.push("keep-alive");
      raw.push("Keep-Alive");
      values.push(add.keepAlive);
    }
  }
  return Fields.fromTrusted(lower, raw, values);
}
