import { err, ok, type Result } from "@hyperwire/grammar";
import { HeadersError } from "../errors.js";
import { base64Decode } from "./base64.js";
import type {
  SfBareItem,
  SfDictionary,
  SfFieldType,
  SfInnerList,
  SfItem,
  SfList,
  SfMember,
  SfParameters,
} from "./types.js";
import { utf8Decode } from "./utf8.js";

const TCHAR = 1;
const KEY = 2; // lcalpha / DIGIT / "_" / "-" / "." / "*"
const TOKEN_REST = 4; // tchar / ":" / "/"
const B64 = 8; // ALPHA / DIGIT / "+" / "/" / "="
const LCHEX = 16; // DIGIT / %x61-66

/**
 * Byte classes of RFC 9651:
 *   key       = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )   §3.1.2
 *   sf-token  = ( ALPHA / "*" ) *( tchar / ":" / "/" )                           §3.3.4
 *   base64    = *( ALPHA / DIGIT / "+" / "/" ) *"="                                §3.3.5
 *   lc-hexdig = DIGIT / %x61-66                                                    §3.3.8
 */
const CLASS = (() => {
  const t = new Uint8Array(128);
  const tchar = "!#$%&'*+-.^_`|~";
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    const digit = c >= 0x30 && c <= 0x39;
    const lower = c >= 0x61 && c <= 0x7a;
    const alpha = lower || (c >= 0x41 && c <= 0x5a);
    let f = 0;
    if (digit || alpha || tchar.includes(ch)) f |= TCHAR | TOKEN_REST;
    if (ch === ":" || ch === "/") f |= TOKEN_REST;
    if (lower || digit || "_-.*".includes(ch)) f |= KEY;
    if (alpha || digit || "+/=".includes(ch)) f |= B64;
    if (digit || (c >= 0x61 && c <= 0x66)) f |= LCHEX;
    t[c] = f;
  }
  return t;
})();

const SP = 0x20;
const HTAB = 0x09;
const COMMA = 0x2c;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

class Fail {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * A cursor over the input, following the "input_string" of RFC 9651 §4.2:
 * every algorithm consumes characters from the front.
 */
class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(code: string, message: string): never {
    throw new Fail(code, message, this.i);
  }

  skipSp(): void {
    while (this.s.charCodeAt(this.i) === SP) this.i++;
  }

  skipOws(): void {
    let c = this.s.charCodeAt(this.i);
    while (c === SP || c === HTAB) c = this.s.charCodeAt(++this.i);
  }

  // RFC 9651 §4.2.1 Parsing a List
  list(): SfList {
    const members: SfList = [];
    const s = this.s;
    while (this.i < s.length) {
      members.push(this.itemOrInnerList());
      this.skipOws();
      if (this.i >= s.length) return members;
      if (s.charCodeAt(this.i) !== COMMA)
        this.fail("HW_HEADERS_SF_SYNTAX", "expected ',' after list member");
      this.i++;
      this.skipOws();
      // §4.2.1 step 2.6: a trailing comma fails.
      if (this.i >= s.length) this.fail("HW_HEADERS_SF_SYNTAX", "trailing ',' in list");
    }
    return members;
  }

  // RFC 9651 §4.2.1.1 Parsing an Item or Inner List
  itemOrInnerList(): SfMember {
    return this.s.charCodeAt(this.i) === 0x28 ? this.innerList() : this.item();
  }

  // RFC 9651 §4.2.1.2 Parsing an Inner List
  innerList(): SfInnerList {
    const s = this.s;
    this.i++; // "("
    const items: SfItem[] = [];
    while (this.i < s.length) {
      this.skipSp();
      if (s.charCodeAt(this.i) === 0x29) {
        this.i++;
        return { items, params: this.parameters() };
      }
      items.push(this.item());
      const c = s.charCodeAt(this.i);
      if (c !== SP && c !== 0x29)
        this.fail("HW_HEADERS_SF_SYNTAX", "expected SP or ')' in inner list");
    }
    return this.fail("HW_HEADERS_SF_SYNTAX", "inner list is not closed");
  }

  // RFC 9651 §4.2.2 Parsing a Dictionary
  dictionary(): SfDictionary {
    const dict: SfDictionary = new Map();
    const s = this.s;
    while (this.i < s.length) {
      const key = this.key();
      let member: SfMember;
      if (s.charCodeAt(this.i) === 0x3d) {
        this.i++;
        member = this.itemOrInnerList();
      } else {
        // §4.2.2 step 2.3: a key without "=" is Boolean true, with parameters.
        member = { value: { type: "boolean", value: true }, params: this.parameters() };
      }
      // §4.2.2 step 2.4: a duplicate key overwrites the value (Map keeps the first position).
      dict.set(key, member);
      this.skipOws();
      if (this.i >= s.length) return dict;
      if (s.charCodeAt(this.i) !== COMMA)
        this.fail("HW_HEADERS_SF_SYNTAX", "expected ',' after dictionary member");
      this.i++;
      this.skipOws();
      if (this.i >= s.length) this.fail("HW_HEADERS_SF_SYNTAX", "trailing ',' in dictionary");
    }
    return dict;
  }

  // RFC 9651 §4.2.3 Parsing an Item
  item(): SfItem {
    const value = this.bareItem();
    return { value, params: this.parameters() };
  }

  // RFC 9651 §4.2.3.1 Parsing a Bare Item
  bareItem(): SfBareItem {
    const c = this.s.charCodeAt(this.i);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (c === DQUOTE) return this.string();
    if (c === 0x2a || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return this.token();
    if (c === 0x3a) return this.byteSequence();
    if (c === 0x3f) return this.boolean();
    if (c === 0x40) return this.date();
    if (c === 0x25) return this.displayString();
    return this.fail(
      "HW_HEADERS_SF_SYNTAX",
      Number.isNaN(c) ? "expected an item" : "unexpected character where an item starts",
    );
  }

  // RFC 9651 §4.2.3.2 Parsing Parameters
  parameters(): SfParameters {
    const params: SfParameters = new Map();
    const s = this.s;
    while (s.charCodeAt(this.i) === 0x3b) {
      this.i++;
      this.skipSp();
      const key = this.key();
      let value: SfBareItem = { type: "boolean", value: true };
      if (s.charCodeAt(this.i) === 0x3d) {
        this.i++;
        value = this.bareItem();
      }
      params.set(key, value);
    }
    return params;
  }

  // RFC 9651 §4.2.3.3 Parsing a Key
  key(): string {
    const s = this.s;
    const start = this.i;
    const c = s.charCodeAt(start);
    if (!((c >= 0x61 && c <= 0x7a) || c === 0x2a)) {
      this.fail("HW_HEADERS_SF_INVALID_KEY", "a key starts with a lowercase letter or '*'");
    }
    let i = start + 1;
    for (let d = s.charCodeAt(i); d < 128 && (CLASS[d]! & KEY) !== 0; d = s.charCodeAt(++i)) {}
    this.i = i;
    return s.slice(start, i);
  }

  // RFC 9651 §4.2.4 Parsing an Integer or Decimal
  number(): SfBareItem {
    const s = this.s;
    let sign = 1;
    if (s.charCodeAt(this.i) === 0x2d) {
      this.i++;
      sign = -1;
    }
    const start = this.i;
    let c = s.charCodeAt(start);
    if (!(c >= 0x30 && c <= 0x39)) this.fail("HW_HEADERS_SF_SYNTAX", "expected a digit");
    let dot = -1;
    for (;;) {
      if (c >= 0x30 && c <= 0x39) {
        // keep going
      } else if (c === 0x2e && dot < 0) {
        // §4.2.4 step 7.5: more than 12 integer digits before "." fails.
        if (this.i - start > 12)
          this.fail("HW_HEADERS_SF_NUMBER_OUT_OF_RANGE", "decimal has more than 12 integer digits");
        dot = this.i;
      } else break;
      c = s.charCodeAt(++this.i);
      // §4.2.4 step 8-9: at most 15 characters for an Integer, 16 for a Decimal.
      const len = this.i - start;
      if (dot < 0 ? len > 15 : len > 16) {
        this.fail(
          "HW_HEADERS_SF_NUMBER_OUT_OF_RANGE",
          dot < 0 ? "integer has more than 15 digits" : "decimal has more than 16 characters",
        );
      }
    }
    const text = s.slice(start, this.i);
    if (dot < 0) return { type: "integer", value: sign * Number(text) + 0 };
    // §4.2.4 step 10: "1." fails, and so does more than 3 fractional digits.
    const fraction = this.i - dot - 1;
    if (fraction === 0) this.fail("HW_HEADERS_SF_SYNTAX", "decimal ends with '.'");
    if (fraction > 3)
      this.fail("HW_HEADERS_SF_NUMBER_OUT_OF_RANGE", "decimal has more than 3 fractional digits");
    return { type: "decimal", value: sign * Number(text) + 0 };
  }

  // RFC 9651 §4.2.5 Parsing a String
  string(): SfBareItem {
    const s = this.s;
    let i = this.i + 1;
    let out = "";
    let run = i;
    for (;;) {
      if (i >= s.length) {
        this.i = i;
        this.fail("HW_HEADERS_SF_INVALID_STRING", "string is not closed");
      }
      const c = s.charCodeAt(i);
      if (c === DQUOTE) {
        out += s.slice(run, i);
        this.i = i + 1;
        return { type: "string", value: out };
      }
      if (c === BACKSLASH) {
        const next = s.charCodeAt(i + 1);
        // §4.2.5 step 3.2: only DQUOTE and "\" may be escaped.
        if (next !== DQUOTE && next !== BACKSLASH) {
          this.i = i;
          this.fail("HW_HEADERS_SF_INVALID_STRING", "invalid escape in string");
        }
        out += s.slice(run, i);
        run = i + 1;
        i += 2;
        continue;
      }
      if (c < 0x20 || c > 0x7e) {
        this.i = i;
        this.fail("HW_HEADERS_SF_INVALID_STRING", "string holds a character outside %x20-7E");
      }
      i++;
    }
  }

  // RFC 9651 §4.2.6 Parsing a Token
  token(): SfBareItem {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    for (
      let c = s.charCodeAt(i);
      c < 128 && (CLASS[c]! & TOKEN_REST) !== 0;
      c = s.charCodeAt(++i)
    ) {}
    this.i = i;
    return { type: "token", value: s.slice(start, i) };
  }

  // RFC 9651 §4.2.7 Parsing a Byte Sequence
  byteSequence(): SfBareItem {
    const s = this.s;
    const start = this.i + 1;
    const end = s.indexOf(":", start);
    if (end < 0) this.fail("HW_HEADERS_SF_INVALID_BYTE_SEQUENCE", "byte sequence is not closed");
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128 || (CLASS[c]! & B64) === 0) {
        this.i = i;
        this.fail("HW_HEADERS_SF_INVALID_BYTE_SEQUENCE", "invalid base64 character");
      }
    }
    const bytes = base64Decode(s.slice(start, end));
    if (bytes === null) this.fail("HW_HEADERS_SF_INVALID_BYTE_SEQUENCE", "malformed base64");
    this.i = end + 1;
    return { type: "binary", value: bytes };
  }

  // RFC 9651 §4.2.8 Parsing a Boolean
  boolean(): SfBareItem {
    const c = this.s.charCodeAt(this.i + 1);
    if (c !== 0x30 && c !== 0x31) {
      this.i++;
      this.fail("HW_HEADERS_SF_SYNTAX", "a boolean is ?0 or ?1");
    }
    this.i += 2;
    return { type: "boolean", value: c === 0x31 };
  }

  // RFC 9651 §4.2.9 Parsing a Date
  date(): SfBareItem {
    this.i++;
    const n = this.number();
    if (n.type !== "integer") this.fail("HW_HEADERS_SF_INVALID_DATE", "a date is an integer");
    return { type: "date", value: n.value };
  }

  // RFC 9651 §4.2.10 Parsing a Display String
  displayString(): SfBareItem {
    const s = this.s;
    if (s.charCodeAt(this.i + 1) !== DQUOTE) {
      this.i++;
      this.fail("HW_HEADERS_SF_INVALID_DISPLAY_STRING", "expected '\"' after '%'");
    }
    let i = this.i + 2;
    const bytes: number[] = [];
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) {
        this.i = i;
        this.fail(
          "HW_HEADERS_SF_INVALID_DISPLAY_STRING",
          "display string holds a character outside %x20-7E",
        );
      }
      if (c === 0x25) {
        // §4.2.10 step 4.3: exactly two lowercase hex digits.
        const h = s.charCodeAt(i + 1);
        const l = s.charCodeAt(i + 2);
        if (!(h < 128 && CLASS[h]! & LCHEX && l < 128 && CLASS[l]! & LCHEX)) {
          this.i = i;
          this.fail(
            "HW_HEADERS_SF_INVALID_DISPLAY_STRING",
            "'%' must be followed by two lowercase hex digits",
          );
        }
        bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
        i += 3;
      } else if (c === DQUOTE) {
        const text = utf8Decode(bytes);
        if (text === null) {
          this.i = i;
          this.fail("HW_HEADERS_SF_INVALID_DISPLAY_STRING", "display string is not valid UTF-8");
        }
        this.i = i + 1;
        return { type: "displaystring", value: text };
      } else {
        bytes.push(c);
        i++;
      }
    }
    this.i = i;
    return this.fail("HW_HEADERS_SF_INVALID_DISPLAY_STRING", "display string is not closed");
  }
}

/** What {@link parseStructuredField} returns for each top-level type. */
export interface SfTypeMap {
  item: SfItem;
  list: SfList;
  dictionary: SfDictionary;
}

/**
 * Parses a Structured Field Value, RFC 9651 §4.2, into the given top-level
 * type. Several field lines may be passed as an array; they are combined with
 * ", " first (RFC 9651 §4.2 ¶2, RFC 9110 §5.3). Never throws.
 *
 * Error codes: `HW_HEADERS_SF_NON_ASCII`, `HW_HEADERS_SF_SYNTAX`,
 * `HW_HEADERS_SF_INVALID_KEY`, `HW_HEADERS_SF_NUMBER_OUT_OF_RANGE`,
 * `HW_HEADERS_SF_INVALID_STRING`, `HW_HEADERS_SF_INVALID_BYTE_SEQUENCE`,
 * `HW_HEADERS_SF_INVALID_DATE`, `HW_HEADERS_SF_INVALID_DISPLAY_STRING`.
 *
 * @example
 * ```ts
 * const r = parseStructuredField("a=1, b;x=?0", "dictionary");
 * if (r.ok) r.value.get("a"); // { value: { type: "integer", value: 1 }, params: Map {} }
 * ```
 */
export function parseStructuredField<T extends SfFieldType>(
  input: string | readonly string[],
  type: T,
): Result<SfTypeMap[T], HeadersError> {
  const s = typeof input === "string" ? input : input.join(", ");
  // RFC 9651 §4.2 step 1: the input must be ASCII (field values are bytes; a
  // code unit above 0x7F stands for a byte that is not ASCII).
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      return err(
        new HeadersError("HW_HEADERS_SF_NON_ASCII", "structured field is not ASCII", { offset: i }),
      );
    }
  }
  const p = new Parser(s);
  try {
    // §4.2 step 2: discard leading SP (not HTAB).
    p.skipSp();
    let value: SfTypeMap[SfFieldType];
    if (type === "list") value = p.list();
    else if (type === "dictionary") value = p.dictionary();
    else value = p.item();
    // §4.2 steps 6-7: discard trailing SP; anything left fails.
    p.skipSp();
    if (p.i < s.length) p.fail("HW_HEADERS_SF_SYNTAX", "unexpected characters after the value");
    return ok(value as SfTypeMap[T]);
  } catch (e) {
    if (e instanceof Fail) return err(new HeadersError(e.code, e.message, { offset: e.offset }));
    throw e;
  }
}

/**
 * Parses a field whose value is an Item (RFC 9651 §3.3).
 *
 * @example
 * ```ts
 * parseSfItem("?1"); // ok: { value: { type: "boolean", value: true }, params: Map {} }
 * ```
 */
export function parseSfItem(input: string | readonly string[]): Result<SfItem, HeadersError> {
  return parseStructuredField(input, "item");
}

/**
 * Parses a field whose value is a List (RFC 9651 §3.1). An empty field is an empty list.
 *
 * @example
 * ```ts
 * parseSfList("sugar, tea, rum");
 * ```
 */
export function parseSfList(input: string | readonly string[]): Result<SfList, HeadersError> {
  return parseStructuredField(input, "list");
}

/**
 * Parses a field whose value is a Dictionary (RFC 9651 §3.2).
 *
 * @example
 * ```ts
 * parseSfDictionary('en="Applepie", da=:w4ZibGV0w6ZydGUK:');
 * ```
 */
export function parseSfDictionary(
  input: string | readonly string[],
): Result<SfDictionary, HeadersError> {
  return parseStructuredField(input, "dictionary");
}
