import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { type RedirectDecision, type RedirectHop, RedirectPolicy } from "./redirect-policy.js";

const policy = new RedirectPolicy();
const loc = (status: number, location: string) => ({ status, headers: { location } });

function follow<B>(d: RedirectDecision<B>) {
  if (d.action !== "follow") throw new Error(`expected follow, got ${JSON.stringify(d)}`);
  return d;
}
function errorCode(d: RedirectDecision) {
  return d.action === "error" ? d.error.code : d.action;
}

describe("RedirectPolicy: method rewriting (RFC 9110 §15.4 via @hyperwire/status)", () => {
  const post = {
    method: "POST",
    url: "https://example.com/form",
    headers: { "content-type": "text/plain", "content-length": "1", accept: "*/*" },
    body: "x",
  };

  it.each([
    [301, "GET", false],
    [302, "GET", false],
    [303, "GET", false],
    [307, "POST", true],
    [308, "POST", true],
  ])("%i after POST → %s, body kept: %s", (status, method, kept) => {
    const d = follow(policy.next(loc(status, "/next"), post));
    expect(d.request.method).toBe(method);
    expect(d.request.body).toBe(kept ? "x" : undefined);
    expect(d.bodyDropped).toBe(!kept);
    expect(d.request.headers.has("content-type")).toBe(kept);
    expect(d.request.headers.has("content-length")).toBe(kept);
    expect(d.request.headers.get("accept")).toBe("*/*");
  });

  it("303 keeps HEAD, 301 keeps PUT with its body", () => {
    expect(
      follow(policy.next(loc(303, "/x"), { method: "HEAD", url: "http://e.com/" })).request.method,
    ).toBe("HEAD");
    const put = follow(
      policy.next(loc(301, "/x"), { method: "PUT", url: "http://e.com/", body: "b" }),
    );
    expect(put.request).toMatchObject({ method: "PUT", body: "b" });
  });

  it("returns the response for codes that are not followed and redirects without Location", () => {
    for (const status of [200, 300, 304, 305, 306]) {
      expect(policy.next(loc(status, "/x"), { method: "GET", url: "http://e.com/" })).toEqual({
        action: "return",
        reason: "not-redirect",
      });
    }
    expect(
      policy.next({ status: 302, headers: {} }, { method: "GET", url: "http://e.com/" }),
    ).toEqual({
      action: "return",
      reason: "no-location",
    });
  });

  it("refuses a 307 that must resend a body that cannot be replayed", () => {
    const d = policy.next(loc(307, "/x"), {
      method: "POST",
      url: "http://e.com/",
      body: {},
      bodyReplayable: false,
    });
    expect(errorCode(d)).toBe("HW_CLIENT_REDIRECT_BODY_NOT_REPLAYABLE");
    // A 303 drops the body, so it does not matter.
    expect(
      policy.next(loc(303, "/x"), {
        method: "POST",
        url: "http://e.com/",
        body: {},
        bodyReplayable: false,
      }).action,
    ).toBe("follow");
  });
});

describe("RedirectPolicy: Location resolution (RFC 9110 §10.2.2)", () => {
  const get = (url: string) => ({ method: "GET", url });
  it.each([
    ["https://example.com/a/b", "c", "https://example.com/a/c"],
    ["https://example.com/a/b", "/c?q=1", "https://example.com/c?q=1"],
    ["https://example.com/a/b", "//other.example/x", "https://other.example/x"],
    ["https://example.com/a/b", "https://example.org/", "https://example.org/"],
    ["https://example.com/a#frag", "/b", "https://example.com/b#frag"],
    ["https://example.com/a#frag", "/b#own", "https://example.com/b#own"],
    ["https://example.com/a", "/b", "https://example.com/b"],
  ])("%s + Location %s → %s", (from, location, expected) => {
    expect(follow(policy.next(loc(302, location), get(from))).request.url).toBe(expected);
  });

  it("rejects bad, ambiguous and unsupported Locations", () => {
    expect(errorCode(policy.next(loc(302, "http://[bad"), get("https://e.com/")))).toBe(
      "HW_CLIENT_INVALID_LOCATION",
    );
    const two = new Fields([
      ["location", "/a"],
      ["location", "/b"],
    ]);
    expect(errorCode(policy.next({ status: 302, headers: two }, get("https://e.com/")))).toBe(
      "HW_CLIENT_INVALID_LOCATION",
    );
    expect(errorCode(policy.next(loc(302, "file:///etc/passwd"), get("https://e.com/")))).toBe(
      "HW_CLIENT_UNSUPPORTED_REDIRECT_SCHEME",
    );
    expect(errorCode(policy.next(loc(302, "javascript:alert(1)"), get("http://e.com/")))).toBe(
      "HW_CLIENT_UNSUPPORTED_REDIRECT_SCHEME",
    );
  });

  it("throws for a request URL that is not absolute", () => {
    expect(() => policy.next(loc(302, "/x"), get("/relative"))).toThrow(
      expect.objectContaining({ code: "HW_CLIENT_INVALID_URL" }),
    );
  });
});

describe("RedirectPolicy: security", () => {
  const headers = {
    authorization: "Bearer t",
    cookie: "a=1",
    "proxy-authorization": "Basic x",
    host: "example.com",
    "x-api-key": "k",
    accept: "*/*",
  };

  it("drops credentials on a cross-origin hop only", () => {
    const same = follow(
      policy.next(loc(302, "/x"), { method: "GET", url: "https://example.com/", headers }),
    );
    expect(same.crossOrigin).toBe(false);
    expect(same.request.headers.get("authorization")).toBe("Bearer t");
    for (const target of [
      "https://other.example/",
      "https://example.com:8443/",
      "https://sub.example.com/",
    ]) {
      const d = follow(
        policy.next(loc(302, target), { method: "GET", url: "https://example.com/", headers }),
      );
      expect(d.crossOrigin).toBe(true);
      expect([...d.request.headers.names()]).toEqual(["x-api-key", "accept"]);
    }
    const strict = new RedirectPolicy({ crossOriginStrippedHeaders: ["X-API-Key"] });
    const d = follow(
      strict.next(loc(302, "https://other.example/"), {
        method: "GET",
        url: "https://example.com/",
        headers,
      }),
    );
    expect([...d.request.headers.names()]).toEqual(["accept"]);
  });

  it("refuses https → http unless allowed", () => {
    const req = { method: "GET", url: "https://example.com/" };
    const d = policy.next(loc(301, "http://example.com/"), req);
    expect(errorCode(d)).toBe("HW_CLIENT_INSECURE_REDIRECT");
    if (d.action === "error") expect(d.error.redirectHistory).toEqual(["https://example.com/"]);
    const lax = new RedirectPolicy({ allowInsecureRedirects: true });
    expect(lax.next(loc(301, "http://example.com/"), req).action).toBe("follow");
    // http → https is an upgrade, always fine.
    expect(
      policy.next(loc(301, "https://example.com/"), { method: "GET", url: "http://example.com/" })
        .action,
    ).toBe("follow");
  });
});

describe("RedirectPolicy: chains", () => {
  it("limits the number of hops and reports the history", () => {
    const p = new RedirectPolicy({ maxRedirects: 2 });
    let history: readonly RedirectHop[] = [];
    let url = "https://e.com/0";
    for (let i = 1; i <= 2; i++) {
      const d = follow(p.next(loc(302, `/${i}`), { method: "GET", url }, history));
      history = d.history;
      url = d.request.url;
    }
    expect(history.map((h) => h.url)).toEqual([
      "https://e.com/0",
      "https://e.com/1",
      "https://e.com/2",
    ]);
    const d = p.next(loc(302, "/3"), { method: "GET", url }, history);
    expect(errorCode(d)).toBe("HW_CLIENT_TOO_MANY_REDIRECTS");
    if (d.action === "error") expect(d.error.redirectHistory).toHaveLength(3);
  });

  it("detects loops by method and URL", () => {
    const first = follow(policy.next(loc(302, "/b"), { method: "GET", url: "https://e.com/a" }));
    const back = policy.next(
      loc(302, "/a"),
      { method: "GET", url: first.request.url },
      first.history,
    );
    expect(errorCode(back)).toBe("HW_CLIENT_REDIRECT_LOOP");
    if (back.action === "error") {
      expect(back.error.redirectHistory).toEqual([
        "https://e.com/a",
        "https://e.com/b",
        "https://e.com/a",
      ]);
    }
    // A self-redirect is a loop too.
    expect(errorCode(policy.next(loc(307, "/a"), { method: "GET", url: "https://e.com/a" }))).toBe(
      "HW_CLIENT_REDIRECT_LOOP",
    );
    // POST /a → 303 → GET /a is not a repeat of the same request.
    expect(policy.next(loc(303, "/a"), { method: "POST", url: "https://e.com/a" }).action).toBe(
      "follow",
    );
    expect(
      new RedirectPolicy({ detectLoops: false }).next(loc(307, "/a"), {
        method: "GET",
        url: "https://e.com/a",
      }).action,
    ).toBe("follow");
  });

  it("validates its options", () => {
    expect(() => new RedirectPolicy({ maxRedirects: -1 })).toThrow(
      expect.objectContaining({ code: "HW_CLIENT_INVALID_OPTION" }),
    );
  });
});
