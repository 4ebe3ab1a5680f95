import { HeadersError } from "../errors.js";
import { base64Encode } from "./base64.js";
import {
  isSfInnerList,
  type SfBareItem,
  type SfDictionary,
  type SfInnerList,
  type SfItem,
  type SfList,
  type SfMember,
  type SfParameters,
} from "./types.js";
import { isWellFormedUnicode, utf8Encode } from "./utf8.js";

const CODE = "HW_HEADERS_SF_UNSERIALIZABLE";
const MAX_INTEGER = 999_999_999_999_999;

function fail(message: string): never {
  throw new HeadersError(CODE, message);
}

// key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )   RFC 9651 §3.1.2
const KEY_RE = /^[a-z*][a-z0-9_.*-]*$/;
// sf-token = ( ALPHA / "*" ) *( tchar / ":" / "/" )   RFC 9651 §3.3.4
const TOKEN_RE = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/;
// String chars: %x20-7E, RFC 9651 §3.3.3
const STRING_RE = /^[\x20-\x7e]*$/;

// RFC 9651 §4.1.1.3 Serializing a Key
function serializeKey(key: string): string {
  if (typeof key !== "string" || !KEY_RE.test(key)) fail(`invalid key ${JSON.stringify(key)}`);
  return key;
}

// RFC 9651 §4.1.4 Serializing an Integer
function serializeInteger(n: number): string {
  if (!Number.isInteger(n) || n < -MAX_INTEGER || n > MAX_INTEGER) {
    fail(`${n} is not an integer in -999,999,999,999,999..999,999,999,999,999`);
  }
  return String(n + 0);
}

/** The shortest decimal digits of a finite non-negative number, without exponent. */
function plainDecimal(n: number): string {
  const s = String(n);
  const e = s.indexOf("e");
  if (e < 0) return s;
  const exp = Number(s.slice(e + 1));
  const digits = s.slice(0, e).replace(".", "");
  const pointAt = (s.indexOf(".") < 0 ? e : s.indexOf(".")) + exp;
  if (pointAt <= 0) return `0.${"0".repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return digits + "0".repeat(pointAt - digits.length);
  return `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/** Adds one unit in the last place to a string of decimal digits. */
function incrementDigits(digits: string): string {
  const a = digits.split("");
  let i = a.length - 1;
  while (i >= 0 && a[i] === "9") a[i--] = "0";
  if (i < 0) return `1${a.join("")}`;
  a[i] = String(Number(a[i]) + 1);
  return a.join("");
}

// RFC 9651 §4.1.5 Serializing a Decimal
function serializeDecimal(n: number): string {
  if (typeof n !== "number" || !Number.isFinite(n)) fail(`${n} is not a decimal number`);
  // The decimal value is the shortest decimal that reads back as `n`, so
  // 0.0025 is treated as the decimal 0.0025 (halfway), not its binary neighbour.
  const text = plainDecimal(Math.abs(n));
  const dot = text.indexOf(".");
  let intPart = dot < 0 ? text : text.slice(0, dot);
  let frac = dot < 0 ? "" : text.slice(dot + 1);
  if (frac.length > 3) {
    // §4.1.5 step 2: round to three places, ties to even.
    const kept = frac.slice(0, 3);
    const rest = frac.slice(3);
    const first = rest.charCodeAt(0) - 0x30;
    const beyond = /[1-9]/.test(rest.slice(1));
    const lastKept = Number(kept[2]);
    const up = first > 5 || (first === 5 && (beyond || lastKept % 2 === 1));
    let digits = intPart + kept;
    if (up) digits = incrementDigits(digits);
    intPart = digits.slice(0, digits.length - 3);
    frac = digits.slice(digits.length - 3);
  }
  intPart = intPart.replace(/^0+(?=\d)/, "");
  // §4.1.5 step 3: more than 12 integer digits after rounding fails.
  if (intPart.length > 12) fail(`${n} has more than 12 integer digits`);
  frac = frac.replace(/0+$/, "");
  if (frac === "") frac = "0";
  const zero = intPart === "0" && frac === "0";
  return `${n < 0 && !zero ? "-" : ""}${intPart}.${frac}`;
}

// RFC 9651 §4.1.6 Serializing a String
function serializeString(s: string): string {
  if (typeof s !== "string" || !STRING_RE.test(s)) fail("a String holds only %x20-7E");
  return `"${s.replace(/[\\"]/g, "\\$&")}"`;
}

// RFC 9651 §4.1.7 Serializing a Token
function serializeToken(s: string): string {
  if (typeof s !== "string" || !TOKEN_RE.test(s)) fail(`invalid token ${JSON.stringify(s)}`);
  return s;
}

// RFC 9651 §4.1.11 Serializing a Display String
function serializeDisplayString(s: string): string {
  if (typeof s !== "string" || !isWellFormedUnicode(s))
    fail("a Display String must be well-formed Unicode");
  let out = '%"';
  for (const b of utf8Encode(s)) {
    // "%", DQUOTE, controls and non-ASCII are percent-encoded in lowercase hex.
    if (b === 0x25 || b === 0x22 || b < 0x20 || b > 0x7e)
      out += `%${b.toString(16).padStart(2, "0")}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}

// RFC 9651 §4.1.3.1 Serializing a Bare Item
function serializeBareItem(item: SfBareItem): string {
  switch (item?.type) {
    case "integer":
      return serializeInteger(item.value);
    case "decimal":
      return serializeDecimal(item.value);
    case "string":
      return serializeString(item.value);
    case "token":
      return serializeToken(item.value);
    case "binary":
      if (!(item.value instanceof Uint8Array)) fail("a Byte Sequence value is a Uint8Array");
      return `:${base64Encode(item.value)}:`; // §4.1.8
    case "boolean":
      if (typeof item.value !== "boolean") fail("a Boolean value is true or false");
      return item.value ? "?1" : "?0"; // §4.1.9
    case "date":
      return `@${serializeInteger(item.value)}`; // §4.1.10
    case "displaystring":
      return serializeDisplayString(item.value);
    default:
      return fail(`unknown bare item type ${JSON.stringify((item as { type?: unknown })?.type)}`);
  }
}

// RFC 9651 §4.1.1.2 Serializing Parameters
function serializeParameters(params: SfParameters | undefined): string {
  if (params === undefined) return "";
  let out = "";
  for (const [key, value] of params) {
    out += `;${serializeKey(key)}`;
    if (!(value?.type === "boolean" && value.value === true)) out += `=${serializeBareItem(value)}`;
  }
  return out;
}

// RFC 9651 §4.1.3 Serializing an Item
function serializeItem(item: SfItem): string {
  return serializeBareItem(item?.value) + serializeParameters(item.params);
}

// RFC 9651 §4.1.1.1 Serializing an Inner List
function serializeInnerList(list: SfInnerList): string {
  return `(${list.items.map(serializeItem).join(" ")})${serializeParameters(list.params)}`;
}

function serializeMember(member: SfMember): string {
  return isSfInnerList(member) ? serializeInnerList(member) : serializeItem(member);
}

/**
 * Serializes an Item, RFC 9651 §4.1.3.
 *
 * @throws HeadersError `HW_HEADERS_SF_UNSERIALIZABLE` for a value RFC 9651 §4.1
 * says to fail on: an Integer out of range, a Decimal with more than 12 integer
 * digits after rounding, a String outside %x20-7E, an invalid Token or key, a
 * Display String with lone surrogates.
 *
 * @example
 * ```ts
 * serializeSfItem({ value: { type: "decimal", value: 1.0025 }, params: new Map() }); // "1.002"
 * ```
 */
export function serializeSfItem(item: SfItem): string {
  return serializeItem(item);
}

/**
 * Serializes a List, RFC 9651 §4.1.1. An empty list gives "", and RFC 9651
 * §4.1 ¶2 says the field is then not sent at all.
 *
 * @throws HeadersError `HW_HEADERS_SF_UNSERIALIZABLE` (see {@link serializeSfItem}).
 */
export function serializeSfList(list: SfList): string {
  return list.map(serializeMember).join(", ");
}

/**
 * Serializes a Dictionary, RFC 9651 §4.1.2. A member whose value is Boolean
 * true is written as the bare key (with its parameters). An empty dictionary
 * gives "" (RFC 9651 §4.1 ¶2: do not send the field).
 *
 * @throws HeadersError `HW_HEADERS_SF_UNSERIALIZABLE` (see {@link serializeSfItem}).
 *
 * @example
 * ```ts
 * serializeSfDictionary(new Map([["a", sfItem({ type: "boolean", value: true })]])); // "a"
 * ```
 */
export function serializeSfDictionary(dict: SfDictionary): string {
  let out = "";
  for (const [key, member] of dict) {
    if (out !== "") out += ", ";
    out += serializeKey(key);
    if (!isSfInnerList(member) && member.value?.type === "boolean" && member.value.value === true) {
      out += serializeParameters(member.params);
    } else {
      out += `=${serializeMember(member)}`;
    }
  }
  return out;
}

/**
 * Serializes a bare item on its own (for parameter values built by hand).
 *
 * @throws HeadersError `HW_HEADERS_SF_UNSERIALIZABLE` (see {@link serializeSfItem}).
 */
export function serializeSfBareItem(item: SfBareItem): string {
  return serializeBareItem(item);
}
