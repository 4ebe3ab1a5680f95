import { describe, expect, it } from "vitest";
import {
  getFieldDefinition,
  getFieldDefinitionAt,
  isForbiddenInTrailers,
  isSingletonField,
} from "./field-definition.js";
import { FIELD_FACTS } from "./field-facts.js";
import { FIELD_NAMES_LOWER } from "./field-names.js";

describe("getFieldDefinition", () => {
  it("merges the IANA row with the protocol facts", () => {
    const d = getFieldDefinition("content-length");
    expect(d).toMatchObject({
      name: "Content-Length",
      lowerName: "content-length",
      status: "permanent",
      kind: "singleton",
      context: "both",
      hopByHop: false,
      forbiddenInTrailers: true,
      specification: "RFC 9110 §8.6",
    });
    expect(d?.registration?.reference).toBe("[RFC9110, Section 8.6: HTTP Semantics]");
    expect(getFieldDefinitionAt(d!.index)).toBe(d);
  });

  it("accepts any casing and knows unregistered common names", () => {
    expect(getFieldDefinition("WWW-AUTHENTICATE")?.name).toBe("WWW-Authenticate");
    expect(getFieldDefinition("proxy-connection")).toMatchObject({
      status: "unregistered",
      hopByHop: true,
    });
    expect(getFieldDefinition("x-unknown-thing")).toBeUndefined();
  });

  it("does not guess facts for registered fields without a facts row", () => {
    const d = getFieldDefinition("a-im");
    expect(d?.status).toBe("permanent");
    expect(d?.kind).toBeUndefined();
    expect(d?.forbiddenInTrailers).toBeUndefined();
    expect(getFieldDefinition("cdn-cache-control")?.structuredType).toBe("Dictionary");
  });

  it("every facts row is defined and hop-by-hop ones are forbidden in trailers", () => {
    for (const row of FIELD_FACTS) {
      const d = getFieldDefinition(row.name.toLowerCase());
      expect(d?.name).toBe(row.name);
      if (row.hopByHop) expect(row.forbiddenInTrailers).toBe(true);
    }
    expect(FIELD_NAMES_LOWER.every((n) => getFieldDefinition(n) !== undefined)).toBe(true);
  });
});

describe("isForbiddenInTrailers (RFC 9110 §6.5.1)", () => {
  it.each([
    "transfer-encoding", // framing
    "content-length",
    "host", // routing
    "cache-control", // request modifiers
    "expect",
    "max-forwards",
    "te",
    "if-none-match",
    "range",
    "authorization", // authentication
    "www-authenticate",
    "set-cookie",
    "age", // response control data
    "location",
    "retry-after",
    "content-encoding", // content processing
    "content-type",
    "content-range",
    "trailer",
    "connection",
  ])("%s is forbidden", (name) => {
    expect(isForbiddenInTrailers(name)).toBe(true);
  });
  it.each(["content-digest", "server-timing", "etag", "x-unknown"])("%s is allowed", (name) => {
    expect(isForbiddenInTrailers(name)).toBe(false);
  });
});

describe("isSingletonField", () => {
  it("knows singletons and lists", () => {
    for (const name of ["content-length", "host", "content-type", "authorization", "Age"]) {
      expect(isSingletonField(name)).toBe(true);
    }
    for (const name of ["accept", "set-cookie", "via", "x-unknown"]) {
      expect(isSingletonField(name)).toBe(false);
    }
  });
});
