import { describe, expect, it } from "vitest";
import { parseStructuredField } from "./parse-structured-field.js";
import {
  serializeSfDictionary,
  serializeSfItem,
  serializeSfList,
} from "./serialize-structured-field.js";
import type { SfDictionary, SfFieldType, SfItem, SfList } from "./types.js";

/**
 * Cases written in the layout of the httpwg structured-field-tests suite
 * (raw field lines, header_type, must_fail, canonical serialization), with
 * our own inputs: each names the rule of RFC 9651 it exercises.
 */
interface Case {
  name: string;
  raw: string[];
  header_type: SfFieldType;
  must_fail?: boolean;
  /** The serialization of the parsed value; defaults to raw joined with ", ". */
  canonical?: string[];
}

const CASES: Case[] = [
  { name: "two lines make one list (§4.2 ¶2)", raw: ["a, b", "c;x=1"], header_type: "list" },
  {
    name: "whitespace around list members collapses",
    raw: ["a ,\tb"],
    header_type: "list",
    canonical: ["a, b"],
  },
  {
    name: "leading and trailing SP are dropped",
    raw: ["  42  "],
    header_type: "item",
    canonical: ["42"],
  },
  {
    name: "leading HTAB is not SP (§4.2 step 2)",
    raw: ["\t42"],
    header_type: "item",
    must_fail: true,
  },
  { name: "empty list line", raw: [""], header_type: "list", canonical: [] },
  {
    name: "list split across lines with empty line in the middle",
    raw: ["a", "", "b"],
    header_type: "list",
    must_fail: true,
  },
  {
    name: "dictionary key overwritten across lines",
    raw: ["a=1", "b=2, a=?0"],
    header_type: "dictionary",
    canonical: ["a=?0, b=2"],
  },
  {
    name: "dictionary true value drops '=?1'",
    raw: ["a=?1;p=?1"],
    header_type: "dictionary",
    canonical: ["a;p"],
  },
  {
    name: "decimal trailing zeros removed",
    raw: ["1.500"],
    header_type: "item",
    canonical: ["1.5"],
  },
  {
    name: "decimal zero fraction kept as .0",
    raw: ["-0.0"],
    header_type: "item",
    canonical: ["0.0"],
  },
  { name: "integer leading zeros removed", raw: ["0042"], header_type: "item", canonical: ["42"] },
  { name: "15-digit integer is the maximum", raw: ["999999999999999"], header_type: "item" },
  {
    name: "16-digit integer fails",
    raw: ["1000000000000000"],
    header_type: "item",
    must_fail: true,
  },
  { name: "decimal with 12 integer digits", raw: ["999999999999.999"], header_type: "item" },
  {
    name: "decimal with 4 fractional digits fails",
    raw: ["0.1234"],
    header_type: "item",
    must_fail: true,
  },
  { name: "string escapes are canonical", raw: ['"\\"\\\\"'], header_type: "item" },
  {
    name: "non-printable in string fails",
    raw: ['"\u007f"'],
    header_type: "item",
    must_fail: true,
  },
  { name: "token with colon and slash", raw: ["a:b/c"], header_type: "item" },
  {
    name: "token cannot start with a digit-like char",
    raw: ["1a"],
    header_type: "item",
    must_fail: true,
  },
  {
    name: "binary without padding gets padded",
    raw: [":aGk:"],
    header_type: "item",
    canonical: [":aGk=:"],
  },
  {
    name: "boolean parameter true is bare",
    raw: ["1;a=?1;b=?0"],
    header_type: "item",
    canonical: ["1;a;b=?0"],
  },
  { name: "negative date", raw: ["@-1"], header_type: "item" },
  { name: "display string lowercase escapes", raw: ['%"f%c3%bc%c3%bc"'], header_type: "item" },
  {
    name: "display string unescaped non-ASCII fails",
    raw: ['%"f\u00fc"'],
    header_type: "item",
    must_fail: true,
  },
  {
    name: "inner list spacing collapses",
    raw: ["(  1   2 );a"],
    header_type: "list",
    canonical: ["(1 2);a"],
  },
  { name: "inner list missing space fails", raw: ['(1"a")'], header_type: "list", must_fail: true },
  {
    name: "parameter whitespace before ';' fails in an item",
    raw: ["a ;b"],
    header_type: "item",
    must_fail: true,
  },
  { name: "parameter key uppercase fails", raw: ["a;B"], header_type: "item", must_fail: true },
];

function serialize(type: SfFieldType, value: SfItem | SfList | SfDictionary): string {
  if (type === "item") return serializeSfItem(value as SfItem);
  if (type === "list") return serializeSfList(value as SfList);
  return serializeSfDictionary(value as SfDictionary);
}

describe("structured-field-tests style cases", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const r = parseStructuredField(c.raw, c.header_type);
      if (c.must_fail) {
        expect(r.ok).toBe(false);
        return;
      }
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const expected = (c.canonical ?? [c.raw.join(", ")]).join(", ");
      expect(serialize(c.header_type, r.value)).toBe(expected);
    });
  }
});
