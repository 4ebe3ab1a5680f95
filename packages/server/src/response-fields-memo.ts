import type { Fields } from "@hyperwire/headers";
import { httpDateNow } from "./http-date-clock.js";
import { type ServerFields, toResponseFields } from "./response-fields.js";
import type { ResponseHeaders } from "./server-response.js";

/**
 * What the last response's fields were built from: the handler's names and
 * values (flattened), the server's additions, and the `Date` value current
 * then. `fields` is the container built from them.
 */
interface Memo {
  names: string[];
  values: string[];
  close: boolean;
  keepAlive: string | null;
  contentType: string | undefined;
  date: string;
  fields: Fields | null;
}

const memo: Memo = {
  names: [],
  values: [],
  close: false,
  keepAlive: null,
  contentType: undefined,
  date: "",
  fields: null,
};

/**
 * {@link toResponseFields} (with the additions of {@link ServerFields}) for
 * the connection's response heads, remembering
 * its last answer: a handler that sends the same names and values as the
 * previous response (the usual case: a route's `Content-Type`, a fixed
 * `Cache-Control`) gets the same `Fields` back, which lets the codec reuse
 * the head it serialized from it (see `serializeFinalResponseHead` in
 * @hyperwire/h1). Only header arrays of string pairs and plain records of
 * string values are compared; anything else is built afresh.
 *
 * The returned container is shared: the connection hands it to the codec
 * and never changes it, and it is never given to application code.
 */
export function responseFieldsFor(
  init: ResponseHeaders | undefined,
  close: boolean,
  keepAlive: string | null,
  contentType: string | undefined,
): Fields {
  const fields = memo.fields;
  if (
    fields !== null &&
    close === memo.close &&
    keepAlive === memo.keepAlive &&
    contentType === memo.contentType &&
    httpDateNow() === memo.date &&
    sameLines(init)
  ) {
    return fields;
  }
  const add: ServerFields = { close, keepAlive, contentType };
  const built = toResponseFields(init, add);
  remember(init, add, built);
  return built;
}

/** Whether `init` holds exactly the remembered names and values, in order. */
function sameLines(init: ResponseHeaders | undefined): boolean {
  const names = memo.names;
  const values = memo.values;
  if (init === undefined || init === null) return names.length === 0;
  if (Array.isArray(init)) {
    const pairs = init as readonly unknown[];
    if (pairs.length !== names.length) return false;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (!Array.isArray(pair) || pair[0] !== names[i] || pair[1] !== values[i]) return false;
    }
    return true;
  }
  if (!isPlainRecord(init)) return false;
  const record = init as Readonly<Record<string, unknown>>;
  let i = 0;
  for (const name in record) {
    if (name !== names[i] || record[name] !== values[i]) return false;
    i++;
  }
  return i === names.length;
}

/** Stores what `built` was made from, or forgets when `init` has a shape the memo does not compare. */
function remember(init: ResponseHeaders | undefined, add: ServerFields, built: Fields): void {
  const names: string[] = [];
  const values: string[] = [];
  if (init !== undefined && init !== null) {
    if (Array.isArray(init)) {
      for (const pair of init as readonly unknown[]) {
        if (!Array.isArray(pair) || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
          memo.fields = null;
          return;
        }
        names.push(pair[0]);
        values.push(pair[1]);
      }
    } else if (isPlainRecord(init)) {
      const record = init as Readonly<Record<string, unknown>>;
      for (const name in record) {
        const value = record[name];
        if (typeof value !== "string") {
          memo.fields = null;
          return;
        }
        names.push(name);
        values.push(value);
      }
    } else {
      memo.fields = null;
      return;
    }
  }
  memo.names = names;
  memo.values = values;
  memo.close = add.close;
  memo.keepAlive = add.keepAlive;
  memo.contentType = add.contentType;
  memo.date = httpDateNow();
  memo.fields = built;
}

/** An object literal (or null-prototype object), not a Fields, Headers, Map or other iterable. */
function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
