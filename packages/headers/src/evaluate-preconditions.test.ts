import { describe, expect, it } from "vitest";
import { evaluatePreconditions } from "./evaluate-preconditions.js";
import { parseConditionalDate } from "./parse-conditional-date.js";

const T0 = "Sat, 29 Oct 1994 19:43:31 GMT";
const before = "Sat, 29 Oct 1994 19:43:30 GMT";
const after = "Sat, 29 Oct 1994 19:43:32 GMT";
const lastModified = new Date(Date.UTC(1994, 9, 29, 19, 43, 31, 500));
const resource = { etag: '"v1"', lastModified };

const run = (
  method: string,
  headers: Record<string, string>,
  res: Parameters<typeof evaluatePreconditions>[1] = resource,
) => evaluatePreconditions({ method, headers }, res);

describe("evaluatePreconditions (RFC 9110 §13.2.2)", () => {
  it("proceeds without conditions", () => {
    expect(run("GET", {})).toBe("proceed");
  });

  it("step 1: If-Match uses strong comparison", () => {
    expect(run("PUT", { "if-match": '"v1"' })).toBe("proceed");
    expect(run("PUT", { "if-match": '"v0", "v1"' })).toBe("proceed");
    expect(run("PUT", { "if-match": '"v2"' })).toBe("precondition-failed");
    expect(run("PUT", { "if-match": 'W/"v1"' })).toBe("precondition-failed");
    expect(run("PUT", { "if-match": '"v1"' }, { etag: 'W/"v1"' })).toBe("precondition-failed");
    expect(run("PUT", { "if-match": "garbage" })).toBe("precondition-failed");
  });

  it("step 1: If-Match * depends on existence", () => {
    expect(run("PUT", { "if-match": "*" })).toBe("proceed");
    expect(run("PUT", { "if-match": "*" }, { exists: false })).toBe("precondition-failed");
    expect(run("PUT", { "if-match": '"v1"' }, { etag: '"v1"', exists: false })).toBe(
      "precondition-failed",
    );
  });

  it("step 2: If-Unmodified-Since only without If-Match", () => {
    expect(run("DELETE", { "if-unmodified-since": T0 })).toBe("proceed");
    expect(run("DELETE", { "if-unmodified-since": after })).toBe("proceed");
    expect(run("DELETE", { "if-unmodified-since": before })).toBe("precondition-failed");
    expect(run("DELETE", { "if-match": '"v1"', "if-unmodified-since": before })).toBe("proceed");
    // §13.1.4: an invalid date (or a list of dates) is ignored.
    expect(run("DELETE", { "if-unmodified-since": "not a date" })).toBe("proceed");
    expect(run("DELETE", { "if-unmodified-since": `${before}, ${before}` })).toBe("proceed");
    // No Last-Modified: nothing to compare.
    expect(run("DELETE", { "if-unmodified-since": before }, { etag: '"v1"' })).toBe("proceed");
  });

  it("step 3: If-None-Match gives 304 for GET/HEAD and 412 otherwise", () => {
    expect(run("GET", { "if-none-match": '"v1"' })).toBe("not-modified");
    expect(run("HEAD", { "if-none-match": 'W/"v1"' })).toBe("not-modified");
    expect(run("GET", { "if-none-match": '"v2"' })).toBe("proceed");
    expect(run("POST", { "if-none-match": '"v1"' })).toBe("precondition-failed");
    expect(run("PUT", { "if-none-match": "*" })).toBe("precondition-failed");
    expect(run("PUT", { "if-none-match": "*" }, { exists: false })).toBe("proceed");
    expect(run("GET", { "if-none-match": "garbage" })).toBe("proceed");
  });

  it("step 4: If-Modified-Since only for GET/HEAD and only without If-None-Match", () => {
    expect(run("GET", { "if-modified-since": T0 })).toBe("not-modified");
    expect(run("GET", { "if-modified-since": after })).toBe("not-modified");
    expect(run("GET", { "if-modified-since": before })).toBe("proceed");
    expect(run("POST", { "if-modified-since": T0 })).toBe("proceed");
    expect(run("GET", { "if-none-match": '"v2"', "if-modified-since": T0 })).toBe("proceed");
    expect(run("GET", { "if-modified-since": "0" })).toBe("proceed");
  });

  it("evaluates in order: a failed If-Match wins over If-None-Match", () => {
    expect(run("GET", { "if-match": '"v2"', "if-none-match": '"v1"' })).toBe("precondition-failed");
    expect(run("GET", { "if-unmodified-since": before, "if-modified-since": T0 })).toBe(
      "precondition-failed",
    );
  });

  it("ignores conditions for CONNECT, OPTIONS and TRACE (§13.2.1)", () => {
    expect(run("OPTIONS", { "if-match": '"nope"' })).toBe("proceed");
  });

  it("accepts Headers-like objects and arrays of lines", () => {
    const headers = new Headers({ "If-None-Match": '"v1"' });
    expect(evaluatePreconditions({ method: "GET", headers }, resource)).toBe("not-modified");
    expect(
      evaluatePreconditions(
        { method: "GET", headers: { "if-none-match": ['"a"', '"v1"'] } },
        resource,
      ),
    ).toBe("not-modified");
  });
});

describe("parseConditionalDate (RFC 9110 §13.1.3, §13.1.4)", () => {
  it("reads the three HTTP-date forms and refuses lists and junk", () => {
    const d = new Date(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseConditionalDate("Sun, 06 Nov 1994 08:49:37 GMT")).toEqual(d);
    expect(parseConditionalDate("Sunday, 06-Nov-94 08:49:37 GMT")).toEqual(d);
    expect(parseConditionalDate("Sun Nov  6 08:49:37 1994")).toEqual(d);
    expect(
      parseConditionalDate("Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT"),
    ).toBeUndefined();
    expect(parseConditionalDate("0")).toBeUndefined();
  });
});
