import { isToken } from "@hyperwire/grammar";
import { describe, expect, it } from "vitest";
import { METHODS } from "./method-registry.js";

// An independent transcription of the IANA HTTP Method Registry (name, safe,
// idempotent), typed in separately from the table so a slip in one shows up.
const IANA: ReadonlyArray<readonly [string, "yes" | "no", "yes" | "no"]> = [
  ["ACL", "no", "yes"],
  ["BASELINE-CONTROL", "no", "yes"],
  ["BIND", "no", "yes"],
  ["CHECKIN", "no", "yes"],
  ["CHECKOUT", "no", "yes"],
  ["CONNECT", "no", "no"],
  ["COPY", "no", "yes"],
  ["DELETE", "no", "yes"],
  ["GET", "yes", "yes"],
  ["HEAD", "yes", "yes"],
  ["LABEL", "no", "yes"],
  ["LINK", "no", "yes"],
  ["LOCK", "no", "no"],
  ["MERGE", "no", "yes"],
  ["MKACTIVITY", "no", "yes"],
  ["MKCALENDAR", "no", "yes"],
  ["MKCOL", "no", "yes"],
  ["MKREDIRECTREF", "no", "yes"],
  ["MKWORKSPACE", "no", "yes"],
  ["MOVE", "no", "yes"],
  ["OPTIONS", "yes", "yes"],
  ["ORDERPATCH", "no", "yes"],
  ["PATCH", "no", "no"],
  ["POST", "no", "no"],
  ["PRI", "yes", "yes"],
  ["PROPFIND", "yes", "yes"],
  ["PROPPATCH", "no", "yes"],
  ["PUT", "no", "yes"],
  ["QUERY", "yes", "yes"],
  ["REBIND", "no", "yes"],
  ["REPORT", "yes", "yes"],
  ["SEARCH", "yes", "yes"],
  ["TRACE", "yes", "yes"],
  ["UNBIND", "no", "yes"],
  ["UNCHECKOUT", "no", "yes"],
  ["UNLINK", "no", "yes"],
  ["UNLOCK", "no", "yes"],
  ["UPDATE", "no", "yes"],
  ["UPDATEREDIRECTREF", "no", "yes"],
  ["VERSION-CONTROL", "no", "yes"],
  ["*", "no", "no"],
];

describe("METHODS", () => {
  it("holds exactly the registry's names, in its order, once each", () => {
    expect(METHODS.map((m) => m.name)).toEqual(IANA.map(([name]) => name));
    expect(new Set(METHODS.map((m) => m.name)).size).toBe(METHODS.length);
    expect(METHODS).toHaveLength(41);
  });

  it.each(IANA)("%s: safe=%s idempotent=%s as registered", (name, safe, idempotent) => {
    const row = METHODS.find((m) => m.name === name);
    expect(row?.safe).toBe(safe === "yes");
    expect(row?.idempotent).toBe(idempotent === "yes");
  });

  it("every safe method is idempotent (RFC 9110 §9.2.2: safe methods are idempotent)", () => {
    for (const m of METHODS) if (m.safe) expect(m.idempotent, m.name).toBe(true);
  });

  it("cacheable methods are exactly GET, HEAD, POST and QUERY (RFC 9110 §9.2.3, RFC 10008)", () => {
    expect(METHODS.filter((m) => m.cacheable).map((m) => m.name)).toEqual([
      "GET",
      "HEAD",
      "POST",
      "QUERY",
    ]);
  });

  it("notes the conditions for POST and QUERY only", () => {
    const conditional = METHODS.filter((m) => m.cacheableCondition !== null).map((m) => m.name);
    expect(conditional).toEqual(["POST", "QUERY"]);
    expect(METHODS.find((m) => m.name === "POST")?.cacheableCondition).toMatch(/Content-Location/);
    expect(METHODS.find((m) => m.name === "QUERY")?.cacheableCondition).toMatch(/content/);
  });

  it("every name is a token and every standard method is upper case", () => {
    for (const m of METHODS) {
      expect(isToken(m.name), m.name).toBe(true);
      if (!m.reserved) expect(m.name).toMatch(/^[A-Z]+(-[A-Z]+)*$/);
    }
  });

  it("only * is reserved (RFC 9110 §18.2)", () => {
    expect(METHODS.filter((m) => m.reserved).map((m) => m.name)).toEqual(["*"]);
  });

  it("every row has a reference to an RFC section", () => {
    for (const m of METHODS) expect(m.reference, m.name).toMatch(/^RFC \d+ §\d/);
  });

  it("rows are frozen", () => {
    expect(Object.isFrozen(METHODS)).toBe(true);
    for (const m of METHODS) expect(Object.isFrozen(m), m.name).toBe(true);
  });
});
