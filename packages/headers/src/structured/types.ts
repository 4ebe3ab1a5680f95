/**
 * The data model of Structured Field Values, RFC 9651 §3.
 *
 * Bare items are tagged, because JavaScript cannot tell the Integer `1` from the
 * Decimal `1.0`, nor a String from a Token or a Display String, and RFC 9651
 * §3.3 makes them distinct types that serialize differently.
 */

/** An Integer, RFC 9651 §3.3.1: -999,999,999,999,999 to 999,999,999,999,999. */
export interface SfInteger {
  readonly type: "integer";
  readonly value: number;
}
/** A Decimal, RFC 9651 §3.3.2: at most 12 integer and 3 fractional digits. */
export interface SfDecimal {
  readonly type: "decimal";
  readonly value: number;
}
/** A String, RFC 9651 §3.3.3: printable ASCII (%x20-7E). */
export interface SfString {
  readonly type: "string";
  readonly value: string;
}
/** A Token, RFC 9651 §3.3.4: `( ALPHA / "*" ) *( tchar / ":" / "/" )`. */
export interface SfToken {
  readonly type: "token";
  readonly value: string;
}
/** A Byte Sequence, RFC 9651 §3.3.5. */
export interface SfByteSequence {
  readonly type: "binary";
  readonly value: Uint8Array;
}
/** A Boolean, RFC 9651 §3.3.6. */
export interface SfBoolean {
  readonly type: "boolean";
  readonly value: boolean;
}
/** A Date, RFC 9651 §3.3.7: an integer number of seconds since the Unix epoch. */
export interface SfDate {
  readonly type: "date";
  /** Seconds since 1970-01-01T00:00:00Z (an Integer, not milliseconds). */
  readonly value: number;
}
/** A Display String, RFC 9651 §3.3.8: Unicode text, percent-encoded UTF-8 on the wire. */
export interface SfDisplayString {
  readonly type: "displaystring";
  readonly value: string;
}

/** Any bare item, RFC 9651 §3.3. */
export type SfBareItem =
  | SfInteger
  | SfDecimal
  | SfString
  | SfToken
  | SfByteSequence
  | SfBoolean
  | SfDate
  | SfDisplayString;

/**
 * Parameters, RFC 9651 §3.1.2: an ordered map from key to bare item. Keys are
 * unique; a parser keeps the position of the first occurrence and the value of
 * the last (RFC 9651 §4.2.3.2 step 2.6 "overwrite its value").
 */
export type SfParameters = Map<string, SfBareItem>;

/** An Item, RFC 9651 §3.3: a bare item with parameters. */
export interface SfItem {
  readonly value: SfBareItem;
  readonly params: SfParameters;
}

/** An Inner List, RFC 9651 §3.1.1: items in parentheses, with its own parameters. */
export interface SfInnerList {
  readonly items: readonly SfItem[];
  readonly params: SfParameters;
}

/** A List member or Dictionary member value: an Item or an Inner List. */
export type SfMember = SfItem | SfInnerList;

/** A List, RFC 9651 §3.1. */
export type SfList = SfMember[];

/** A Dictionary, RFC 9651 §3.2: ordered map from key to Item or Inner List. */
export type SfDictionary = Map<string, SfMember>;

/** The three top-level types a field definition can name, RFC 9651 §4.2. */
export type SfFieldType = "item" | "list" | "dictionary";

/** Whether a List or Dictionary member is an Inner List. */
export function isSfInnerList(member: SfMember): member is SfInnerList {
  return (member as SfInnerList).items !== undefined;
}

/**
 * Builds an Item from a bare item and optional parameters.
 *
 * @example
 * ```ts
 * sfItem({ type: "token", value: "same-origin" }); // serializes as `same-origin`
 * ```
 */
export function sfItem(
  value: SfBareItem,
  params: Iterable<readonly [string, SfBareItem]> = [],
): SfItem {
  return { value, params: new Map(params) };
}
