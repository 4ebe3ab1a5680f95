import { describe, expect, it } from "vitest";
import { splitList } from "./split-list.js";

describe("splitList (RFC 9110 §5.6.1)", () => {
  it("reads the valid examples of §5.6.1.2", () => {
    expect(splitList("foo,bar")).toEqual(["foo", "bar"]);
    expect(splitList("foo ,bar,")).toEqual(["foo", "bar"]);
    expect(splitList("foo , ,bar,charlie")).toEqual(["foo", "bar", "charlie"]);
  });
  it("drops empty elements, so the invalid 1#element examples give no elements", () => {
    expect(splitList("")).toEqual([]);
    expect(splitList(",")).toEqual([]);
    expect(splitList(",   ,")).toEqual([]);
    expect(splitList("\t, \t")).toEqual([]);
  });
  it("does not split on commas inside quoted-strings, including after a quoted-pair", () => {
    expect(splitList('a, "b, c", d')).toEqual(["a", '"b, c"', "d"]);
    expect(splitList('"a\\", b", c')).toEqual(['"a\\", b"', "c"]);
    expect(splitList('x;p="1,2";q=3, y')).toEqual(['x;p="1,2";q=3', "y"]);
  });
  it("splits on commas inside parentheses", () => {
    expect(splitList("(a, b)")).toEqual(["(a", "b)"]);
  });
  it("keeps inner whitespace and runs an unterminated quote to the end", () => {
    expect(splitList(" a b , c ")).toEqual(["a b", "c"]);
    expect(splitList('a, "b, c')).toEqual(["a", '"b, c']);
  });
});
