import { formatHttpDate } from "@hyperwire/grammar";
import { Fields } from "@hyperwire/headers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CachedResponse, CachePolicy, calculateCurrentAge } from "./cache-policy.js";

const T0 = Date.UTC(1994, 11, 1, 16, 0, 0); // Thu, 01 Dec 1994 16:00:00 GMT
const date = (ms: number) => formatHttpDate(ms);
const URL_A = "https://example.com/a";
const GET = { method: "GET", url: URL_A, headers: {} };
const BODY = new TextEncoder().encode("hello");

function entry(
  policy: CachePolicy,
  headers: Record<string, string>,
  options: {
    status?: number;
    request?: Record<string, string>;
    sent?: number;
    received?: number;
  } = {},
): CachedResponse {
  const request = { ...GET, headers: options.request ?? {} };
  const response = { status: options.status ?? 200, headers };
  return policy.createEntry(request, response, BODY, options.sent ?? T0, options.received ?? T0);
}

describe("calculateCurrentAge (RFC 9111 §4.2.3)", () => {
  it("uses the corrected initial age plus resident time", () => {
    // Sent at 0, received at 2 s, Date at 1 s, Age 10: corrected_age_value 12 > apparent 1.
    expect(
      calculateCurrentAge({
        requestTime: 0,
        responseTime: 2000,
        dateValue: 1000,
        ageValue: 10,
        now: 62_000,
      }),
    ).toBe(72);
    // A Date far in the past (clock skew) dominates through apparent_age.
    expect(
      calculateCurrentAge({
        requestTime: 0,
        responseTime: 0,
        dateValue: -100_000,
        ageValue: 0,
        now: 5000,
      }),
    ).toBe(105);
    // A Date in the future never makes the age negative.
    expect(
      calculateCurrentAge({
        requestTime: 0,
        responseTime: 0,
        dateValue: 99_000,
        ageValue: 0,
        now: 0,
      }),
    ).toBe(0);
  });
});

describe("CachePolicy.freshnessLifetime (RFC 9111 §4.2.1)", () => {
  const priv = new CachePolicy();
  const shared = new CachePolicy({ shared: true });
  const base = { date: date(T0) };

  it("max-age", () => {
    expect(priv.freshnessLifetime(200, { ...base, "cache-control": "max-age=3600" }, T0)).toBe(
      3600,
    );
  });
  it("s-maxage only in a shared cache, and before max-age", () => {
    const h = { ...base, "cache-control": "max-age=60, s-maxage=600" };
    expect(shared.freshnessLifetime(200, h, T0)).toBe(600);
    expect(priv.freshnessLifetime(200, h, T0)).toBe(60);
  });
  it("max-age wins over Expires", () => {
    const h = { ...base, expires: date(T0 + 600_000), "cache-control": "max-age=5" };
    expect(priv.freshnessLifetime(200, h, T0)).toBe(5);
  });
  it("Expires − Date (RFC 9111 §5.3 example date)", () => {
    expect(
      priv.freshnessLifetime(200, { ...base, expires: "Thu, 01 Dec 1994 16:10:00 GMT" }, T0),
    ).toBe(600);
    // Without Date, the response time stands in.
    expect(
      priv.freshnessLifetime(200, { expires: "Thu, 01 Dec 1994 16:10:00 GMT" }, T0 + 60_000),
    ).toBe(540);
  });
  it("an invalid Expires such as 0 means already expired (§5.3)", () => {
    expect(priv.freshnessLifetime(200, { ...base, expires: "0" }, T0)).toBe(0);
    expect(priv.freshnessLifetime(200, { ...base, expires: date(T0) }, T0)).toBe(0);
  });
  it("an invalid max-age reads as 0", () => {
    expect(priv.freshnessLifetime(200, { ...base, "cache-control": "max-age=soon" }, T0)).toBe(0);
  });
  it("heuristic: 10% of Date − Last-Modified for heuristically cacheable statuses", () => {
    const h = { ...base, "last-modified": date(T0 - 10 * 86_400_000) };
    expect(priv.freshnessLifetime(200, h, T0)).toBe(86_400);
    expect(priv.freshnessLifetime(404, h, T0)).toBe(86_400);
    expect(priv.freshnessLifetime(302, h, T0)).toBe(0);
    expect(priv.freshnessLifetime(302, { ...h, "cache-control": "public" }, T0)).toBe(86_400);
    expect(new CachePolicy({ maxHeuristicLifetime: 3600 }).freshnessLifetime(200, h, T0)).toBe(
      3600,
    );
    expect(new CachePolicy({ heuristicFraction: 0.2 }).freshnessLifetime(200, h, T0)).toBe(172_800);
    // Last-Modified after Date: no heuristic freshness.
    expect(priv.freshnessLifetime(200, { ...base, "last-modified": date(T0 + 1000) }, T0)).toBe(0);
  });
  it("nothing: 0", () => {
    expect(priv.freshnessLifetime(200, base, T0)).toBe(0);
  });
});

describe("CachePolicy.canStore (RFC 9111 §3)", () => {
  const priv = new CachePolicy();
  const shared = new CachePolicy({ shared: true });
  const res = (headers: Record<string, string>, status = 200) => ({ status, headers });

  it("stores heuristically cacheable and explicitly fresh responses", () => {
    expect(priv.canStore(GET, res({}))).toEqual({ storable: true });
    expect(priv.canStore(GET, res({ "cache-control": "max-age=60" }, 302))).toEqual({
      storable: true,
    });
    expect(priv.canStore(GET, res({ expires: date(T0) }, 307))).toEqual({ storable: true });
    expect(priv.canStore(GET, res({}, 302))).toEqual({ storable: false, reason: "not-cacheable" });
    expect(priv.canStore(GET, res({}, 500))).toEqual({ storable: false, reason: "not-cacheable" });
  });
  it("refuses other methods and statuses", () => {
    expect(
      priv.canStore({ ...GET, method: "POST" }, res({ "cache-control": "max-age=60" })),
    ).toMatchObject({
      reason: "method",
    });
    for (const status of [100, 206, 304, 600]) {
      expect(priv.canStore(GET, res({ "cache-control": "max-age=60" }, status))).toMatchObject({
        reason: "status",
      });
    }
  });
  it("honours no-store in response and request, and must-understand", () => {
    expect(priv.canStore(GET, res({ "cache-control": "no-store, max-age=60" }))).toMatchObject({
      reason: "no-store",
    });
    expect(
      priv.canStore({ ...GET, headers: { "cache-control": "no-store" } }, res({})),
    ).toMatchObject({
      reason: "no-store",
    });
    expect(
      priv.canStore(GET, res({ "cache-control": "must-understand, no-store, max-age=60" })),
    ).toEqual({
      storable: true,
    });
    expect(
      priv.canStore(GET, res({ "cache-control": "must-understand, no-store" }, 299)),
    ).toMatchObject({
      reason: "status",
    });
    expect(priv.canStore(GET, res({ "cache-control": "max-age=60,, =bad" }))).toMatchObject({
      reason: "no-store",
    });
  });
  it("private: fine in a private cache, refused by a shared one", () => {
    expect(priv.canStore(GET, res({ "cache-control": "private" }, 302))).toEqual({
      storable: true,
    });
    expect(shared.canStore(GET, res({ "cache-control": "private, max-age=60" }))).toMatchObject({
      reason: "private",
    });
  });
  it("Authorization (§3.5): only a shared cache cares, and public / must-revalidate / s-maxage lift it", () => {
    const authed = { ...GET, headers: { authorization: "Basic Zm9vOmJhcg==" } };
    const fresh = res({ "cache-control": "max-age=60" });
    expect(priv.canStore(authed, fresh)).toEqual({ storable: true });
    expect(shared.canStore(authed, fresh)).toMatchObject({ reason: "authorization" });
    for (const cc of ["public", "must-revalidate, max-age=60", "s-maxage=60"]) {
      expect(shared.canStore(authed, res({ "cache-control": cc }))).toEqual({ storable: true });
    }
  });
  it("Vary: * is never stored", () => {
    expect(priv.canStore(GET, res({ vary: "*", "cache-control": "max-age=60" }))).toMatchObject({
      reason: "vary-star",
    });
    expect(priv.canStore(GET, res({ vary: "accept, *" }))).toMatchObject({ reason: "vary-star" });
  });
});

describe("CachePolicy.createEntry", () => {
  it("drops hop-by-hop fields and no-cache-qualified fields, records Vary values", () => {
    const policy = new CachePolicy();
    const e = entry(
      policy,
      {
        connection: "close, x-hop",
        "x-hop": "1",
        "keep-alive": "timeout=5",
        "cache-control": 'max-age=60, no-cache="set-cookie"',
        "set-cookie": "a=1",
        vary: "Accept-Encoding, Accept-Language",
        "content-type": "text/plain",
      },
      { request: { "accept-encoding": "gzip,  br", "user-agent": "x" } },
    );
    expect(e.headers.map(([n]) => n.toLowerCase())).toEqual([
      "cache-control",
      "vary",
      "content-type",
    ]);
    expect(e.vary).toEqual({ "accept-encoding": "gzip, br", "accept-language": null });
    expect(e.url).toBe(URL_A);
  });
});

describe("CachePolicy.evaluate (RFC 9111 §4)", () => {
  const policy = new CachePolicy();
  const fresh = {
    date: date(T0),
    "cache-control": "max-age=100",
    etag: '"v1"',
    "last-modified": date(T0 - 1000),
  };

  it("uses a fresh response and sets Age", () => {
    const decision = policy.evaluate(entry(policy, fresh), GET, T0 + 30_000);
    expect(decision).toMatchObject({ action: "use", age: 30, stale: false });
    if (decision.action === "use") expect(decision.headers.get("age")).toBe("30");
  });

  it("validates a stale response with If-None-Match and If-Modified-Since", () => {
    const decision = policy.evaluate(
      entry(policy, fresh),
      { ...GET, headers: { accept: "*/*" } },
      T0 + 100_000,
    );
    expect(decision).toMatchObject({ action: "validate", reason: "stale", conditional: true });
    if (decision.action === "validate") {
      expect(decision.headers.get("if-none-match")).toBe('"v1"');
      expect(decision.headers.get("if-modified-since")).toBe(date(T0 - 1000));
      expect(decision.headers.get("accept")).toBe("*/*");
    }
  });

  it("an unconditional validation when there is no validator", () => {
    const e = entry(policy, { date: date(T0), "cache-control": "max-age=1" });
    expect(policy.evaluate(e, GET, T0 + 5000)).toMatchObject({
      action: "validate",
      conditional: false,
    });
  });

  it("accounts for Age and transit delay", () => {
    const e = entry(policy, { ...fresh, age: "90" }, { sent: T0 - 5000, received: T0 + 4000 });
    // corrected age = 90 + 9 s delay = 99 at receipt; stale a second later.
    expect(policy.evaluate(e, GET, T0 + 4000)).toMatchObject({ action: "use", age: 99 });
    expect(policy.evaluate(e, GET, T0 + 5000)).toMatchObject({
      action: "validate",
      reason: "stale",
    });
  });

  it("max-stale permits a stale response, except with must-revalidate", () => {
    const maxStale = { ...GET, headers: { "cache-control": "max-stale=50" } };
    expect(policy.evaluate(entry(policy, fresh), maxStale, T0 + 150_000)).toMatchObject({
      action: "use",
      stale: true,
    });
    expect(policy.evaluate(entry(policy, fresh), maxStale, T0 + 151_000)).toMatchObject({
      action: "validate",
    });
    const anyStale = { ...GET, headers: { "cache-control": "max-stale" } };
    expect(policy.evaluate(entry(policy, fresh), anyStale, T0 + 10_000_000)).toMatchObject({
      action: "use",
    });
    const strict = entry(policy, { ...fresh, "cache-control": "max-age=100, must-revalidate" });
    expect(policy.evaluate(strict, anyStale, T0 + 101_000)).toMatchObject({
      action: "validate",
      reason: "must-revalidate",
    });
    // must-revalidate does nothing while fresh.
    expect(policy.evaluate(strict, GET, T0 + 99_000)).toMatchObject({ action: "use" });
  });

  it("proxy-revalidate and s-maxage bind only a shared cache", () => {
    const headers = { ...fresh, "cache-control": "max-age=100, proxy-revalidate" };
    const anyStale = { ...GET, headers: { "cache-control": "max-stale" } };
    expect(policy.evaluate(entry(policy, headers), anyStale, T0 + 200_000)).toMatchObject({
      action: "use",
    });
    const shared = new CachePolicy({ shared: true });
    expect(shared.evaluate(entry(shared, headers), anyStale, T0 + 200_000)).toMatchObject({
      reason: "must-revalidate",
    });
  });

  it("honours request max-age, min-fresh, no-cache and Pragma", () => {
    const e = entry(policy, fresh);
    const req = (cc: Record<string, string>) => ({ ...GET, headers: cc });
    expect(policy.evaluate(e, req({ "cache-control": "max-age=0" }), T0 + 1000)).toMatchObject({
      reason: "request-max-age",
    });
    expect(policy.evaluate(e, req({ "cache-control": "max-age=10" }), T0 + 10_000)).toMatchObject({
      action: "use",
    });
    expect(policy.evaluate(e, req({ "cache-control": "min-fresh=80" }), T0 + 30_000)).toMatchObject(
      {
        reason: "request-min-fresh",
      },
    );
    expect(policy.evaluate(e, req({ "cache-control": "min-fresh=60" }), T0 + 30_000)).toMatchObject(
      {
        action: "use",
      },
    );
    expect(policy.evaluate(e, req({ "cache-control": "no-cache" }), T0)).toMatchObject({
      reason: "request-no-cache",
    });
    expect(policy.evaluate(e, req({ pragma: "no-cache" }), T0)).toMatchObject({
      reason: "request-no-cache",
    });
    // Pragma is ignored when Cache-Control is present (§5.4).
    expect(
      policy.evaluate(e, req({ pragma: "no-cache", "cache-control": "max-age=60" }), T0),
    ).toMatchObject({
      action: "use",
    });
  });

  it("always validates a response with no-cache", () => {
    const e = entry(policy, { ...fresh, "cache-control": "no-cache, max-age=100" });
    expect(policy.evaluate(e, GET, T0)).toMatchObject({
      action: "validate",
      reason: "response-no-cache",
    });
  });

  it("only-if-cached answers unavailable instead of validating", () => {
    const req = { ...GET, headers: { "cache-control": "only-if-cached" } };
    expect(policy.evaluate(entry(policy, fresh), req, T0 + 200_000)).toEqual({
      action: "unavailable",
    });
    expect(policy.evaluate(entry(policy, fresh), req, T0)).toMatchObject({ action: "use" });
  });

  it("matches the secondary key of Vary (§4.1)", () => {
    const headers = { ...fresh, vary: "Accept-Encoding" };
    const e = entry(policy, headers, { request: { "Accept-Encoding": "gzip, br" } });
    const at = T0 + 1000;
    expect(
      policy.evaluate(e, { ...GET, headers: { "accept-encoding": "gzip,br" } }, at),
    ).toMatchObject({
      action: "use",
    });
    // Several lines combine into one value.
    const twoLines = new Fields([
      ["accept-encoding", "gzip"],
      ["accept-encoding", "br"],
    ]);
    expect(policy.evaluate(e, { ...GET, headers: twoLines }, at)).toMatchObject({ action: "use" });
    expect(policy.evaluate(e, { ...GET, headers: { "accept-encoding": "br" } }, at)).toEqual({
      action: "miss",
      reason: "vary-mismatch",
    });
    expect(policy.evaluate(e, GET, at)).toMatchObject({ reason: "vary-mismatch" });
    // Absent in both matches.
    const e2 = entry(policy, headers);
    expect(policy.evaluate(e2, GET, at)).toMatchObject({ action: "use" });
  });

  it("checks URL (fragment ignored) and method; GET serves HEAD", () => {
    const e = entry(policy, fresh);
    expect(policy.evaluate(e, { ...GET, url: `${URL_A}#frag` }, T0)).toMatchObject({
      action: "use",
    });
    expect(policy.evaluate(e, { ...GET, url: `${URL_A}?q` }, T0)).toMatchObject({
      reason: "url-mismatch",
    });
    expect(policy.evaluate(e, { ...GET, method: "HEAD" }, T0)).toMatchObject({ action: "use" });
    expect(policy.evaluate(e, { ...GET, method: "DELETE" }, T0)).toMatchObject({
      reason: "method-mismatch",
    });
  });
});

describe("CachePolicy.mergeNotModified (RFC 9111 §4.3.4)", () => {
  const policy = new CachePolicy();
  const stored = () =>
    entry(policy, {
      date: date(T0),
      "cache-control": "max-age=10",
      etag: '"v1"',
      "content-length": "5",
      "x-old": "kept",
      "x-updated": "old",
    });

  it("updates stored header fields with a matching 304 and freshens it", () => {
    const later = T0 + 60_000;
    const merged = policy.mergeNotModified(
      stored(),
      {
        status: 304,
        headers: {
          date: date(later),
          etag: '"v1"',
          "cache-control": "max-age=100",
          "content-length": "0",
          "x-updated": "new",
          connection: "keep-alive",
        },
      },
      later - 100,
      later,
    );
    expect(merged).not.toBeNull();
    const fields = new Fields(merged!.headers as [string, string][]);
    expect(fields.get("cache-control")).toBe("max-age=100");
    expect(fields.get("content-length")).toBe("5");
    expect(fields.get("x-old")).toBe("kept");
    expect(fields.get("x-updated")).toBe("new");
    expect(fields.has("connection")).toBe(false);
    expect(merged!.body).toBe(BODY);
    expect(policy.evaluate(merged!, GET, later + 50_000)).toMatchObject({ action: "use" });
  });

  it("refuses a 304 whose validators identify another representation", () => {
    expect(
      policy.mergeNotModified(stored(), { status: 304, headers: { etag: '"v2"' } }, T0, T0),
    ).toBeNull();
    expect(
      policy.mergeNotModified(stored(), { status: 304, headers: { etag: 'W/"v1"' } }, T0, T0),
    ).not.toBeNull();
    expect(policy.mergeNotModified(stored(), { status: 304, headers: {} }, T0, T0)).toBeNull();
    expect(
      policy.mergeNotModified(stored(), { status: 200, headers: { etag: '"v1"' } }, T0, T0),
    ).toBeNull();
    const lm = entry(policy, { "last-modified": date(T0 - 5000) });
    expect(
      policy.mergeNotModified(
        lm,
        { status: 304, headers: { "last-modified": date(T0 - 5000) } },
        T0,
        T0,
      ),
    ).not.toBeNull();
    expect(
      policy.mergeNotModified(
        lm,
        { status: 304, headers: { "last-modified": date(T0 - 1000) } },
        T0,
        T0,
      ),
    ).toBeNull();
    const none = entry(policy, { "cache-control": "max-age=1" });
    expect(policy.mergeNotModified(none, { status: 304, headers: {} }, T0, T0)).not.toBeNull();
  });
});

describe("CachePolicy.invalidatedKeys (RFC 9111 §4.4)", () => {
  const policy = new CachePolicy();
  it("invalidates target, Location and Content-Location of the same origin after unsafe methods", () => {
    expect(
      policy.invalidatedKeys(
        { method: "POST", url: "https://example.com/items#x" },
        {
          status: 201,
          headers: { location: "/items/7", "content-location": "https://other.example/items/7" },
        },
      ),
    ).toEqual(["https://example.com/items", "https://example.com/items/7"]);
    expect(
      policy.invalidatedKeys(
        { method: "DELETE", url: URL_A },
        { status: 204, headers: { "content-location": URL_A } },
      ),
    ).toEqual([URL_A]);
  });
  it("leaves the cache alone for safe methods and error responses", () => {
    expect(policy.invalidatedKeys(GET, { status: 200, headers: {} })).toEqual([]);
    expect(
      policy.invalidatedKeys({ method: "PUT", url: URL_A }, { status: 500, headers: {} }),
    ).toEqual([]);
  });
});

describe("CachePolicy: options and URLs", () => {
  it("rejects invalid options and URLs with ClientError codes", () => {
    expect(() => new CachePolicy({ heuristicFraction: 2 })).toThrow(
      expect.objectContaining({ code: "HW_CLIENT_INVALID_OPTION" }),
    );
    expect(() => new CachePolicy().cacheKey("/relative")).toThrow(
      expect.objectContaining({ code: "HW_CLIENT_INVALID_URL" }),
    );
  });
  it("isFresh follows lifetime and age", () => {
    const policy = new CachePolicy();
    const e = entry(policy, { date: date(T0), "cache-control": "max-age=10" });
    expect(policy.isFresh(e, T0 + 9_999)).toBe(true);
    expect(policy.isFresh(e, T0 + 10_000)).toBe(false);
  });
});

describe("CachePolicy: properties", () => {
  it("never throws on arbitrary caching fields, and ages never go negative", () => {
    const policy = new CachePolicy();
    const shared = new CachePolicy({ shared: true });
    const value = fc.oneof(
      fc.stringMatching(/^[ -~]{0,40}$/),
      fc.constantFrom(
        "max-age=60",
        "no-cache",
        "0",
        "-1",
        "*",
        date(T0),
        "max-stale",
        "must-revalidate, max-age=1",
      ),
    );
    const field = fc.constantFrom(
      "cache-control",
      "expires",
      "age",
      "date",
      "last-modified",
      "vary",
      "etag",
      "pragma",
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(field, value), { maxLength: 6 }),
        fc.array(fc.tuple(field, value), { maxLength: 4 }),
        fc.integer({ min: 100, max: 599 }),
        fc.integer({ min: -1_000_000, max: 10_000_000 }),
        (responseLines, requestLines, status, offset) => {
          const safe = (lines: [string, string][]) =>
            lines.filter(([, v]) => v.trim() === v || v === "");
          const response = { status, headers: safe(responseLines) };
          const request = { ...GET, headers: safe(requestLines) };
          for (const p of [policy, shared]) {
            p.canStore(request, response);
            const e = p.createEntry(request, response, BODY, T0, T0 + 10);
            expect(p.currentAge(e, T0 + Math.max(0, offset))).toBeGreaterThanOrEqual(0);
            expect(p.freshnessLifetime(status, response.headers, T0)).toBeGreaterThanOrEqual(0);
            p.evaluate(e, request, T0 + offset);
            p.mergeNotModified(e, { status: 304, headers: safe(responseLines) }, T0, T0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
