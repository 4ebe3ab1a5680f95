import { err, isFieldValue, isToken, ok, type Result } from "@hyperwire/grammar";
import { asciiLower } from "./ascii-lower.js";
import { HeadersError } from "./errors.js";
import { internFieldName } from "./field-names.js";

/**
 * What {@link Fields.from} accepts:
 * - another `Fields` (copied),
 * - a WHATWG `Headers` (its iteration yields each Set-Cookie line apart),
 * - a plain object whose values are strings or arrays of strings (one line each),
 * - an iterable of `[name, value]` pairs,
 * - Node's raw flat array `[name, value, name, value, …]` (`IncomingMessage.rawHeaders`).
 */
export type FieldsInit =
  | Fields
  | Headers
  | Readonly<Record<string, string | readonly string[]>>
  | Iterable<readonly [string, string]>
  | readonly string[];

const SET_COOKIE = "set-cookie";

// The arrays Fields.fromTrusted hands to the constructor: set just before
// `new Fields()` and cleared by it, so that path allocates no throwaway arrays.
const NONE: string[] = [];
let adoptLower: string[] | null = null;
let adoptRaw: string[] = NONE;
let adoptValues: string[] = NONE;

/** Strips leading and trailing SP / HTAB (RFC 9110 §5.5 ¶5: not part of the value). */
function trimFieldValue(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end) {
    const c = value.charCodeAt(start);
    if (c !== 0x20 && c !== 0x09) break;
    start++;
  }
  while (end > start) {
    const c = value.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09) break;
    end--;
  }
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function checkName(name: string): void {
  // RFC 9110 §5.1: field-name = token. A CR, LF, ":" or space in a name would
  // let user input start a new field line or a new message.
  if (typeof name !== "string" || !isToken(name)) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_FIELD_NAME",
      `invalid field name ${JSON.stringify(String(name))}: a field name is a token (RFC 9110 §5.1)`,
    );
  }
}

function checkValue(name: string, value: string): string {
  if (typeof value !== "string") {
    throw new HeadersError(
      "HW_HEADERS_INVALID_FIELD_VALUE",
      `invalid value for field ${name}: expected a string, got ${typeof value}`,
    );
  }
  const trimmed = trimFieldValue(value);
  // RFC 9110 §5.5: field-value = *field-content; CR, LF and NUL are never
  // allowed, which is what rules out header injection / response splitting.
  if (!isFieldValue(trimmed)) {
    throw new HeadersError(
      "HW_HEADERS_INVALID_FIELD_VALUE",
      `invalid value for field ${name}: CR, LF, NUL, other controls and characters above U+00FF are not allowed (RFC 9110 §5.5)`,
    );
  }
  return trimmed;
}

/**
 * The field container of hyperwire: an ordered list of field lines whose names
 * compare case-insensitively (RFC 9110 §5.1) while each line keeps the casing
 * it was given, for the wire.
 *
 * - Repeated lines are kept as lines; {@link Fields.get} combines them with
 *   ", " (RFC 9110 §5.3) and {@link Fields.getSetCookie} returns Set-Cookie
 *   lines apart, since they cannot be combined (RFC 6265 §3).
 * - {@link Fields.append} and {@link Fields.set} validate: the name must be a
 *   token and the value (trimmed of leading and trailing SP/HTAB) a field value
 *   without CR, LF or NUL. They throw {@link HeadersError} otherwise, so header
 *   injection and response splitting cannot happen through this API.
 * - {@link Fields.fromTrusted} builds one without validation, from arrays the
 *   HTTP/1 codec has already validated.
 *
 * Storage is three parallel arrays (lowercase names, raw names, values) and
 * lookups are a linear scan: for the 5–30 lines of a real message that beats
 * a hash map, and known names are interned so most comparisons are pointer
 * comparisons.
 *
 * @example
 * ```ts
 * const fields = new Fields();
 * fields.append("Accept", "text/html");
 * fields.append("accept", "application/json");
 * fields.get("ACCEPT"); // "text/html, application/json"
 * [...fields.lines()]; // [["Accept", "text/html"], ["accept", "application/json"]]
 * ```
 */
export class Fields implements Iterable<[string, string]> {
  #lower: string[];
  #raw: string[];
  #values: string[];
  #revision = 0;

  /** Creates an empty container, or one filled from `init` (validated, see {@link Fields.from}). */
  constructor(init?: FieldsInit) {
    if (adoptLower !== null) {
      this.#lower = adoptLower;
      this.#raw = adoptRaw;
      this.#values = adoptValues;
      adoptLower = null;
      adoptRaw = adoptValues = NONE;
      return;
    }
    this.#lower = [];
    this.#raw = [];
    this.#values = [];
    if (init !== undefined) appendAll(this, init);
  }

  /**
   * Builds a container from `init`, validating every name and value.
   * @throws {HeadersError} `HW_HEADERS_INVALID_FIELD_NAME`, `HW_HEADERS_INVALID_FIELD_VALUE`,
   *   or `HW_HEADERS_INVALID_INIT` (odd-length raw array, non-pair entry).
   */
  static from(init: FieldsInit): Fields {
    return new Fields(init);
  }

  /**
   * The codec's path: takes ownership of three index-aligned arrays without
   * copying or validating them. The caller guarantees that every name is a
   * token, `lowerNames[i]` is `rawNames[i]` lowercased (ideally the interned
   * string from `FIELD_NAMES_LOWER`), and every value is a valid field value
   * without leading or trailing whitespace. The arrays must not be used
   * afterwards.
   */
  static fromTrusted(lowerNames: string[], rawNames: string[], values: string[]): Fields {
    adoptLower = lowerNames;
    adoptRaw = rawNames;
    adoptValues = values;
    return new Fields();
  }

  /**
   * A counter that changes whenever a line is added, replaced or removed.
   * Lets a cache built from this container (a serialized head, a parsed
   * value) tell whether it is still current without comparing the lines.
   */
  get revision(): number {
    return this.#revision;
  }

  /** Number of field lines (not of distinct names). */
  get size(): number {
    return this.#lower.length;
  }

  /**
   * Adds a field line at the end, keeping `name`'s casing for the wire.
   * Leading and trailing SP/HTAB of `value` are removed.
   * @throws {HeadersError} `HW_HEADERS_INVALID_FIELD_NAME` or `HW_HEADERS_INVALID_FIELD_VALUE`.
   */
  append(name: string, value: string): this {
    checkName(name);
    const trimmed = checkValue(name, value);
    this.#lower.push(internFieldName(asciiLower(name)));
    this.#raw.push(name);
    this.#values.push(trimmed);
    this.#revision++;
    return this;
  }

  /**
   * Replaces every line of `name` with one line holding `value`, at the
   * position of the first existing line (or at the end).
   * @throws {HeadersError} `HW_HEADERS_INVALID_FIELD_NAME` or `HW_HEADERS_INVALID_FIELD_VALUE`.
   */
  set(name: string, value: string): this {
    checkName(name);
    const trimmed = checkValue(name, value);
    const lower = internFieldName(asciiLower(name));
    const names = this.#lower;
    const first = names.indexOf(lower);
    this.#revision++;
    if (first === -1) {
      names.push(lower);
      this.#raw.push(name);
      this.#values.push(trimmed);
      return this;
    }
    this.#raw[first] = name;
    this.#values[first] = trimmed;
    this.#removeFrom(lower, first + 1);
    return this;
  }

  /**
   * The combined value of `name`: its lines joined with ", " in order (RFC 9110
   * §5.3), or `null` when absent. For Set-Cookie this joins too (as WHATWG
   * `Headers.get` does) but the result cannot be split back reliably: use
   * {@link Fields.getSetCookie}.
   */
  get(name: string): string | null {
    const lower = asciiLower(name);
    const names = this.#lower;
    const length = names.length;
    let result: string | null = null;
    for (let i = 0; i < length; i++) {
      if (names[i] === lower) {
        result = result === null ? this.#values[i]! : `${result}, ${this.#values[i]!}`;
      }
    }
    return result;
  }

  /** The value of each line of `name`, in order (empty when absent). */
  getAll(name: string): string[] {
    const lower = asciiLower(name);
    const names = this.#lower;
    const out: string[] = [];
    for (let i = 0; i < names.length; i++) if (names[i] === lower) out.push(this.#values[i]!);
    return out;
  }

  /** Each Set-Cookie line, never combined (RFC 6265 §3, RFC 9110 §5.3 ¶6). */
  getSetCookie(): string[] {
    return this.getAll(SET_COOKIE);
  }

  /**
   * The value of a field defined to occur once (Content-Length, Host,
   * Content-Type, Authorization, …; see `isSingletonField`):
   * - `ok(null)` when absent;
   * - `ok(value)` when present once, or several times with identical values
   *   (redundant, harmless, and what some intermediaries produce);
   * - `err(HW_HEADERS_DUPLICATE_FIELD)` (statusHint 400) when lines disagree:
   *   RFC 9110 §5.3 ¶5 forbids senders from repeating such a field, and a
   *   recipient that picked one line while another hop picked a different one
   *   is the root of request smuggling and cache poisoning.
   *
   * Comma lists inside one line are not examined here; parsers such as
   * `parseContentLength` handle "42, 42".
   */
  getSingleton(name: string): Result<string | null, HeadersError> {
    const lower = asciiLower(name);
    const names = this.#lower;
    let value: string | null = null;
    for (let i = 0; i < names.length; i++) {
      if (names[i] !== lower) continue;
      const current = this.#values[i]!;
      if (value === null) value = current;
      else if (value !== current) {
        return err(
          new HeadersError(
            "HW_HEADERS_DUPLICATE_FIELD",
            `field ${lower} appears more than once with different values (RFC 9110 §5.3)`,
            { statusHint: 400 },
          ),
        );
      }
    }
    return ok(value);
  }

  /** Whether at least one line of `name` exists. */
  has(name: string): boolean {
    return this.#lower.indexOf(asciiLower(name)) !== -1;
  }

  /** Number of lines of `name`: more than 1 for a singleton field is an error the caller can report. */
  count(name: string): number {
    const lower = asciiLower(name);
    const names = this.#lower;
    let n = 0;
    for (let i = 0; i < names.length; i++) if (names[i] === lower) n++;
    return n;
  }

  /** Removes every line of `name`; returns whether any was removed. */
  delete(name: string): boolean {
    return this.#removeFrom(asciiLower(name), 0) > 0;
  }

  /** Removes every line. */
  clear(): void {
    this.#revision++;
    this.#lower.length = 0;
    this.#raw.length = 0;
    this.#values.length = 0;
  }

  #removeFrom(lower: string, from: number): number {
    const names = this.#lower;
    const raw = this.#raw;
    const values = this.#values;
    let write = from;
    for (let read = from; read < names.length; read++) {
      if (names[read] === lower) continue;
      if (write !== read) {
        names[write] = names[read]!;
        raw[write] = raw[read]!;
        values[write] = values[read]!;
      }
      write++;
    }
    const removed = names.length - write;
    if (removed > 0) this.#revision++;
    names.length = write;
    raw.length = write;
    values.length = write;
    return removed;
  }

  /** Each line as `[lowercaseName, value]`, in order. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const names = this.#lower;
    const values = this.#values;
    for (let i = 0; i < names.length; i++) yield [names[i]!, values[i]!];
  }

  /** Same as iterating the container: `[lowercaseName, value]` per line. */
  entries(): IterableIterator<[string, string]> {
    return this[Symbol.iterator]();
  }

  /** Each line as `[rawName, value]` with the name's original casing, for serializing. */
  *lines(): IterableIterator<[string, string]> {
    const raw = this.#raw;
    const values = this.#values;
    for (let i = 0; i < raw.length; i++) yield [raw[i]!, values[i]!];
  }

  /** Calls `callback(value, lowercaseName, rawName)` for each line, in order, without allocating. */
  forEach(callback: (value: string, lowerName: string, rawName: string) => void): void {
    const names = this.#lower;
    for (let i = 0; i < names.length; i++) callback(this.#values[i]!, names[i]!, this.#raw[i]!);
  }

  /** The distinct lowercase names, in order of first appearance. */
  names(): string[] {
    const names = this.#lower;
    const out: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (out.indexOf(name) === -1) out.push(name);
    }
    return out;
  }

  /** A copy that shares nothing mutable with this container. */
  clone(): Fields {
    return Fields.fromTrusted(this.#lower.slice(), this.#raw.slice(), this.#values.slice());
  }

  /**
   * A plain object keyed by lowercase name: a string for a name with one line,
   * an array of strings (one per line) for a repeated name. Nothing is lost or
   * joined. The object has a null prototype, so a field named `__proto__`
   * cannot reach `Object.prototype`.
   */
  toObject(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = Object.create(null);
    const names = this.#lower;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value = this.#values[i]!;
      const existing = out[name];
      if (existing === undefined) out[name] = value;
      else if (typeof existing === "string") out[name] = [existing, value];
      else existing.push(value);
    }
    return out;
  }

  /**
   * A WHATWG `Headers` with every line appended. `Headers` lowercases names and
   * joins repeated names, except Set-Cookie which it keeps apart.
   */
  toHeaders(): Headers {
    const headers = new Headers();
    const names = this.#lower;
    for (let i = 0; i < names.length; i++) headers.append(this.#raw[i]!, this.#values[i]!);
    return headers;
  }

  /** Node's raw flat array: `[rawName, value, rawName, value, …]`. */
  toRawArray(): string[] {
    const names = this.#raw;
    const out = new Array<string>(names.length * 2);
    for (let i = 0; i < names.length; i++) {
      out[2 * i] = names[i]!;
      out[2 * i + 1] = this.#values[i]!;
    }
    return out;
  }

  /** A readable form for logs: one `Name: value` line per field line. */
  toString(): string {
    let out = "";
    for (let i = 0; i < this.#raw.length; i++) out += `${this.#raw[i]!}: ${this.#values[i]!}\n`;
    return out;
  }
}

function invalidInit(message: string): HeadersError {
  return new HeadersError("HW_HEADERS_INVALID_INIT", message);
}

function appendAll(target: Fields, init: FieldsInit): void {
  if (init instanceof Fields) {
    for (const [name, value] of init.lines()) target.append(name, value);
    return;
  }
  if (typeof Headers !== "undefined" && init instanceof Headers) {
    // WHATWG iteration yields each Set-Cookie value apart and others combined.
    for (const [name, value] of init) target.append(name, value);
    return;
  }
  if (Array.isArray(init)) {
    if (init.length === 0) return;
    if (typeof init[0] === "string") {
      // Node's rawHeaders: name, value, name, value, …
      if (init.length % 2 !== 0) throw invalidInit("a raw field array must have an even length");
      for (let i = 0; i < init.length; i += 2)
        target.append(init[i] as string, init[i + 1] as string);
      return;
    }
  }
  if (typeof (init as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const pair of init as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw invalidInit("each entry must be a [name, value] pair");
      }
      target.append(pair[0] as string, pair[1] as string);
    }
    return;
  }
  if (typeof init === "object" && init !== null) {
    for (const name of Object.keys(init)) {
      const value = (init as Record<string, unknown>)[name];
      if (Array.isArray(value)) for (const v of value) target.append(name, v as string);
      else target.append(name, value as string);
    }
    return;
  }
  throw invalidInit("unsupported field initializer");
}
