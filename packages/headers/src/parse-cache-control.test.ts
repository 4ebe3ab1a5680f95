import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CacheControl, formatCacheControl, parseCacheControl } from "./parse-cache-control.js";
import { parseDeltaSeconds } from "./parse-delta-seconds.js";

describe("parseCacheControl (RFC 9111 §5.2)", () => {
  it("reads response directives", () => {
    const r = parseCacheControl(
      'public, max-age=31536000, s-maxage=60, must-revalidate, immutable, no-cache="Set-Cookie, x-a"',
    );
    expect(r.ok && r.value).toEqual({
      public: true,
      maxAge: 31536000,
      sMaxAge: 60,
      mustRevalidate: true,
      immutable: true,
      noCache: true,
      noCacheFields: ["set-cookie", "x-a"],
      extensions: [],
      invalid: [],
    });
  });

  it("reads request directives, max-stale with and without a value", () => {
    expect(
      parseCacheControl("max-stale, min-fresh=10, only-if-cached, no-transform, no-store"),
    ).toEqual({
      ok: true,
      value: {
        maxStale: Number.POSITIVE_INFINITY,
        minFresh: 10,
        onlyIfCached: true,
        noTransform: true,
        noStore: true,
        extensions: [],
        invalid: [],
      },
    });
    expect(
      parseCacheControl("max-stale=30").ok &&
        (parseCacheControl("max-stale=30") as { value: CacheControl }).value.maxStale,
    ).toBe(30);
  });

  it("names are case-insensitive and the quoted form of delta-seconds is accepted (§5.2)", () => {
    const r = parseCacheControl('MAX-AGE="5", Private');
    expect(r.ok && [r.value.maxAge, r.value.private]).toEqual([5, true]);
  });

  it("keeps unknown extensions (§5.2.3)", () => {
    const r = parseCacheControl('community="UCI", foo, bar=baz');
    expect(r.ok && r.value.extensions).toEqual([
      { name: "community", value: "UCI" },
      { name: "foo", value: undefined },
      { name: "bar", value: "baz" },
    ]);
  });

  it("saturates delta-seconds at 2^31 (§1.2.2)", () => {
    const r = parseCacheControl("max-age=99999999999999999999999");
    expect(r.ok && r.value.maxAge).toBe(2147483648);
  });

  it("treats an invalid max-age as stale and a repeated one as the first (§4.2.1)", () => {
    expect(parseCacheControl("max-age=abc")).toMatchObject({
      ok: true,
      value: { maxAge: 0, invalid: ["max-age"] },
    });
    expect(parseCacheControl("max-age=-1")).toMatchObject({
      ok: true,
      value: { maxAge: 0, invalid: ["max-age"] },
    });
    expect(parseCacheControl("max-age")).toMatchObject({
      ok: true,
      value: { maxAge: 0, invalid: ["max-age"] },
    });
    expect(parseCacheControl("max-age=10, max-age=20")).toMatchObject({
      ok: true,
      value: { maxAge: 10 },
    });
    expect(parseCacheControl("min-fresh=x")).toMatchObject({
      ok: true,
      value: { invalid: ["min-fresh"] },
    });
  });

  it("does not let directive names reach Object.prototype", () => {
    const r = parseCacheControl("constructor, __proto__=1, toString");
    expect(r.ok && r.value.extensions.map((e) => e.name)).toEqual([
      "constructor",
      "__proto__",
      "tostring",
    ]);
  });

  it("rejects broken syntax with HW_HEADERS_INVALID_CACHE_CONTROL", () => {
    for (const bad of ["max-age=", 'private="a', "max-age 5", "=5", "a=b c"])
      expect(parseCacheControl(bad)).toMatchObject({
        ok: false,
        error: { code: "HW_HEADERS_INVALID_CACHE_CONTROL" },
      });
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => void parseCacheControl(s)),
      { numRuns: 300 },
    );
  });

  it("round-trips", () => {
    const seconds = fc.integer({ min: 0, max: 2147483648 });
    const cc = fc.record(
      {
        maxAge: seconds,
        sMaxAge: seconds,
        maxStale: fc.oneof(seconds, fc.constant(Number.POSITIVE_INFINITY)),
        minFresh: seconds,
        staleWhileRevalidate: seconds,
        staleIfError: seconds,
        noCache: fc.constant(true),
        noStore: fc.constant(true),
        noTransform: fc.constant(true),
        onlyIfCached: fc.constant(true),
        mustRevalidate: fc.constant(true),
        mustUnderstand: fc.constant(true),
        proxyRevalidate: fc.constant(true),
        public: fc.constant(true),
        private: fc.constant(true),
        privateFields: fc.array(fc.constantFrom("set-cookie", "x-a"), {
          minLength: 1,
          maxLength: 2,
        }),
        immutable: fc.constant(true),
      },
      { requiredKeys: [] },
    );
    const extension = fc.record({
      name: fc.constantFrom("x-one", "community", "ext"),
      value: fc.option(
        fc.string({ maxLength: 8, unit: fc.constantFrom("a", " ", '"', ",", "\\") }),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(
        cc,
        fc.uniqueArray(extension, { selector: (e) => e.name, maxLength: 3 }),
        (known, extensions) => {
          const value: CacheControl = { ...known, extensions, invalid: [] };
          if (value.privateFields !== undefined) value.private = true;
          const r = parseCacheControl(formatCacheControl(value));
          expect(r).toEqual({ ok: true, value });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("formatCacheControl", () => {
  it("writes canonical text", () => {
    expect(formatCacheControl({ public: true, maxAge: 600 })).toBe("max-age=600, public");
    expect(formatCacheControl({ noCache: true, noCacheFields: ["set-cookie"] })).toBe(
      'no-cache="set-cookie"',
    );
    expect(formatCacheControl({ extensions: [{ name: "x", value: "a b" }] })).toBe('x="a b"');
  });

  it("throws for impossible values", () => {
    expect(() => formatCacheControl({ maxAge: -1 })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CACHE_CONTROL" }),
    );
    expect(() => formatCacheControl({ maxAge: 1.5 })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CACHE_CONTROL" }),
    );
    expect(() => formatCacheControl({ extensions: [{ name: "a b", value: undefined }] })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CACHE_CONTROL" }),
    );
  });
});

describe("parseDeltaSeconds (RFC 9111 §1.2.2)", () => {
  it("parses 1*DIGIT and saturates", () => {
    expect(parseDeltaSeconds("0")).toBe(0);
    expect(parseDeltaSeconds("007")).toBe(7);
    expect(parseDeltaSeconds("2147483647")).toBe(2147483647);
    expect(parseDeltaSeconds("2147483649")).toBe(2147483648);
    for (const bad of ["", "-1", "+1", "1.0", " 1", "1 ", "1e3"])
      expect(parseDeltaSeconds(bad)).toBeUndefined();
  });
});
