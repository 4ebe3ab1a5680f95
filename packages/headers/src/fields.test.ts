import { isHyperwireError } from "@hyperwire/grammar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HeadersError } from "./errors.js";
import { FIELD_NAMES_LOWER } from "./field-names.js";
import { Fields } from "./fields.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HeadersError);
    return isHyperwireError(e) ? e.code : "not a hyperwire error";
  }
  return undefined;
}

const tokenChar = fc.constantFrom(
  ..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
);
const tokenArb = fc.string({ unit: tokenChar, minLength: 1, maxLength: 12 });
const valueChar = fc
  .integer({ min: 0x20, max: 0xff })
  .filter((c) => c !== 0x7f)
  .map((c) => String.fromCharCode(c));
const valueArb = fc
  .string({ unit: valueChar, maxLength: 20 })
  .map((s) => s.replace(/^[ \t]+|[ \t]+$/g, ""));

describe("Fields", () => {
  it("changes its revision on every edit and only then", () => {
    const fields = Fields.from([["Accept", "text/html"]]);
    const seen = new Set([fields.revision]);
    const step = (edit: () => unknown) => {
      const before = fields.revision;
      edit();
      expect(fields.revision).not.toBe(before);
      expect(seen.has(fields.revision)).toBe(false);
      seen.add(fields.revision);
    };
    step(() => fields.append("Vary", "Accept"));
    step(() => fields.set("Accept", "*/*"));
    step(() => fields.delete("vary"));
    step(() => fields.clear());
    const still = fields.revision;
    fields.get("accept");
    fields.has("accept");
    fields.delete("absent");
    [...fields.lines()];
    expect(fields.revision).toBe(still);
  });

  it("compares names case-insensitively and keeps each line's casing", () => {
    const fields = new Fields();
    fields.append("Accept", "text/html");
    fields.append("ACCEPT", "application/json");
    fields.append("X-Custom", "1");
    expect(fields.get("accept")).toBe("text/html, application/json");
    expect(fields.get("aCcEpT")).toBe("text/html, application/json");
    expect(fields.getAll("Accept")).toEqual(["text/html", "application/json"]);
    expect([...fields.lines()]).toEqual([
      ["Accept", "text/html"],
      ["ACCEPT", "application/json"],
      ["X-Custom", "1"],
    ]);
    expect([...fields]).toEqual([
      ["accept", "text/html"],
      ["accept", "application/json"],
      ["x-custom", "1"],
    ]);
    expect(fields.size).toBe(3);
    expect(fields.names()).toEqual(["accept", "x-custom"]);
    expect(fields.count("accept")).toBe(2);
    expect(fields.count("missing")).toBe(0);
    expect(fields.has("X-CUSTOM")).toBe(true);
    expect(fields.has("x-other")).toBe(false);
    expect(fields.get("x-other")).toBeNull();
  });

  it("interns known lowercase names", () => {
    const fields = new Fields().append("Content-Type", "text/plain");
    const [[lower]] = [...fields] as [[string, string]];
    expect(lower).toBe("content-type");
    expect(FIELD_NAMES_LOWER).toContain(lower);
  });

  it("folds only ASCII letters: the Kelvin sign does not alias k", () => {
    const fields = new Fields().append("Keep-Alive", "timeout=5");
    expect(fields.get("\u212Aeep-Alive")).toBeNull();
    expect(fields.has("\u212Aeep-alive")).toBe(false);
  });

  it("trims leading and trailing SP/HTAB from values", () => {
    const fields = new Fields().append("X-A", " \t a b \t ");
    expect(fields.get("x-a")).toBe("a b");
    expect(new Fields().append("X-B", "   ").get("x-b")).toBe("");
  });

  it("rejects header injection through names", () => {
    for (const name of ["", "X-A\r\nX-B", "X A", "X-A:", "X-\u00e9", "X-A\n", "\u0000", "(x)"]) {
      expect(codeOf(() => new Fields().append(name, "1"))).toBe("HW_HEADERS_INVALID_FIELD_NAME");
      expect(codeOf(() => new Fields().set(name, "1"))).toBe("HW_HEADERS_INVALID_FIELD_NAME");
    }
  });

  it("rejects header injection and response splitting through values", () => {
    const attacks = [
      "a\r\nSet-Cookie: x=1",
      "a\nX: y",
      "a\rb",
      "a\u0000b",
      "\r\n\r\nHTTP/1.1 200 OK",
      "a\u0001",
      "a\u007f",
      "caf\u0100",
      "emoji \u{1f600}",
    ];
    for (const value of attacks) {
      expect(codeOf(() => new Fields().append("X-A", value))).toBe(
        "HW_HEADERS_INVALID_FIELD_VALUE",
      );
      expect(codeOf(() => new Fields().set("X-A", value))).toBe("HW_HEADERS_INVALID_FIELD_VALUE");
    }
    expect(codeOf(() => new Fields().append("X-A", 5 as unknown as string))).toBe(
      "HW_HEADERS_INVALID_FIELD_VALUE",
    );
  });

  it("accepts obs-text and inner whitespace in values", () => {
    expect(new Fields().append("X-A", "caf\u00e9\tau lait").get("x-a")).toBe("caf\u00e9\tau lait");
  });

  it("set replaces every line in place of the first", () => {
    const fields = Fields.from([
      ["A", "1"],
      ["B", "2"],
      ["a", "3"],
      ["C", "4"],
    ]);
    fields.set("A", "x");
    expect([...fields.lines()]).toEqual([
      ["A", "x"],
      ["B", "2"],
      ["C", "4"],
    ]);
    fields.set("D", "5");
    expect(fields.toRawArray()).toEqual(["A", "x", "B", "2", "C", "4", "D", "5"]);
  });

  it("delete removes every line of a name", () => {
    const fields = Fields.from(["A", "1", "B", "2", "a", "3"]);
    expect(fields.delete("A")).toBe(true);
    expect(fields.delete("A")).toBe(false);
    expect(fields.toRawArray()).toEqual(["B", "2"]);
    fields.clear();
    expect(fields.size).toBe(0);
  });

  it("keeps Set-Cookie lines apart", () => {
    const fields = new Fields()
      .append("Set-Cookie", "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT")
      .append("Set-Cookie", "b=2");
    expect(fields.getSetCookie()).toEqual(["a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", "b=2"]);
    // get() joins like WHATWG Headers does, which is why getSetCookie exists.
    expect(fields.get("set-cookie")).toBe("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=2");
  });

  it("getSingleton reports absent, single, identical repeats and conflicts", () => {
    const fields = Fields.from([
      "Host",
      "a",
      "host",
      "a",
      "Content-Type",
      "x",
      "content-type",
      "y",
    ]);
    expect(fields.getSingleton("missing")).toEqual({ ok: true, value: null });
    expect(fields.getSingleton("host")).toEqual({ ok: true, value: "a" });
    const conflict = fields.getSingleton("Content-Type");
    expect(conflict.ok).toBe(false);
    if (!conflict.ok) {
      expect(conflict.error.code).toBe("HW_HEADERS_DUPLICATE_FIELD");
      expect(conflict.error.statusHint).toBe(400);
    }
  });

  it("converts from and to plain objects", () => {
    const fields = Fields.from({ Accept: "a", "Set-Cookie": ["x=1", "y=2"] });
    expect([...fields.lines()]).toEqual([
      ["Accept", "a"],
      ["Set-Cookie", "x=1"],
      ["Set-Cookie", "y=2"],
    ]);
    expect({ ...fields.toObject() }).toEqual({ accept: "a", "set-cookie": ["x=1", "y=2"] });
    expect(Object.getPrototypeOf(fields.toObject())).toBeNull();
  });

  it("a field named __proto__ cannot reach Object.prototype", () => {
    const fields = Fields.from([["__proto__", "polluted"]]);
    const object = fields.toObject();
    expect(Object.getOwnPropertyDescriptor(object, "__proto__")?.value).toBe("polluted");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("converts from and to WHATWG Headers", () => {
    const headers = new Headers();
    headers.append("Accept", "a");
    headers.append("Accept", "b");
    headers.append("Set-Cookie", "x=1");
    headers.append("Set-Cookie", "y=2");
    const fields = Fields.from(headers);
    expect(fields.get("accept")).toBe("a, b");
    expect(fields.getSetCookie()).toEqual(["x=1", "y=2"]);
    const back = fields.toHeaders();
    expect(back.get("accept")).toBe("a, b");
    expect(back.getSetCookie()).toEqual(["x=1", "y=2"]);
  });

  it("converts from Node raw arrays, pairs and other containers", () => {
    const raw = ["Host", "example.com", "X-A", "1", "x-a", "2"];
    const fields = Fields.from(raw);
    expect(fields.toRawArray()).toEqual(raw);
    expect(new Fields(fields).toRawArray()).toEqual(raw);
    expect(Fields.from(new Map([["A", "1"]])).get("a")).toBe("1");
    expect(codeOf(() => Fields.from(["A"]))).toBe("HW_HEADERS_INVALID_INIT");
    expect(codeOf(() => Fields.from([["A", "1", "2"]] as unknown as [string, string][]))).toBe(
      "HW_HEADERS_INVALID_INIT",
    );
    expect(codeOf(() => Fields.from(["A\r\n", "1"]))).toBe("HW_HEADERS_INVALID_FIELD_NAME");
    expect(codeOf(() => Fields.from({ A: "1\r\n" }))).toBe("HW_HEADERS_INVALID_FIELD_VALUE");
  });

  it("fromTrusted takes the arrays as they are", () => {
    const fields = Fields.fromTrusted(["host"], ["HOST"], ["example.com"]);
    expect(fields.get("Host")).toBe("example.com");
    expect([...fields.lines()]).toEqual([["HOST", "example.com"]]);
  });

  it("clone is independent", () => {
    const a = Fields.from({ A: "1" });
    const b = a.clone();
    b.append("B", "2");
    expect(a.size).toBe(1);
    expect(b.size).toBe(2);
  });

  it("forEach visits lines in order with both casings", () => {
    const seen: string[] = [];
    Fields.from(["A", "1", "b", "2"]).forEach((value, lower, raw) => {
      seen.push(`${lower}|${raw}|${value}`);
    });
    expect(seen).toEqual(["a|A|1", "b|b|2"]);
    expect(Fields.from(["A", "1"]).toString()).toBe("A: 1\n");
  });

  it("property: append then lines() gives back the same pairs", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(tokenArb, valueArb), { maxLength: 20 }), (pairs) => {
        const fields = new Fields();
        for (const [name, value] of pairs) fields.append(name, value);
        expect([...fields.lines()]).toEqual(pairs);
        expect(fields.size).toBe(pairs.length);
        expect(Fields.from(fields.toRawArray()).toRawArray()).toEqual(fields.toRawArray());
      }),
      { numRuns: 300 },
    );
  });

  it("property: get joins exactly the lines of a name, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("A", "a", "B"), valueArb), { maxLength: 10 }),
        (pairs) => {
          const fields = Fields.from(pairs);
          const expected = pairs.filter(([n]) => n.toLowerCase() === "a").map(([, v]) => v);
          expect(fields.getAll("a")).toEqual(expected);
          expect(fields.get("A")).toBe(expected.length === 0 ? null : expected.join(", "));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: arbitrary names and values are either stored intact or refused with a code", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (name, value) => {
        const fields = new Fields();
        try {
          fields.append(name, value);
        } catch (e) {
          expect(isHyperwireError(e)).toBe(true);
          return;
        }
        const [[, stored]] = [...fields.lines()] as [[string, string]];
        expect(stored).not.toMatch(/[\r\n\0]/);
      }),
      { numRuns: 300 },
    );
  });
});
