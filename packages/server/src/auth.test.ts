import {
  computeDigestAuthorization,
  formatBasicCredentials,
  parseDigestChallenge,
} from "@hyperwire/headers";
import { describe, expect, it, vi } from "vitest";
import { fakeRequest } from "../test/fake-request.js";
import { authenticatedUser, timingSafeStringEqual, withBasicAuth, withDigestAuth } from "./auth.js";
import { toResponseFields } from "./response-fields.js";
import type { Handler } from "./server-options.js";
import type { ServerResponse } from "./server-response.js";

const app: Handler = (request) => ({ body: `hello ${authenticatedUser(request)}` });
const challenges = (response: ServerResponse) =>
  toResponseFields(response.headers).getAll("www-authenticate");

describe("timingSafeStringEqual", () => {
  it("compares any two strings", () => {
    expect(timingSafeStringEqual("secret", "secret")).toBe(true);
    expect(timingSafeStringEqual("secret", "secreT")).toBe(false);
    expect(timingSafeStringEqual("", "a long string")).toBe(false);
    expect(timingSafeStringEqual("é", "é")).toBe(true);
  });
});

describe("withBasicAuth (RFC 7617)", () => {
  const handler = withBasicAuth(app, { realm: "admin", users: { ada: "open sesame" } });

  it("challenges a request without credentials and never calls the handler", async () => {
    const inner = vi.fn(app);
    const response = await withBasicAuth(inner, { realm: "admin", users: {} })(fakeRequest());
    expect(response.status).toBe(401);
    expect(challenges(response)).toEqual(['Basic realm="admin", charset="UTF-8"']);
    expect(inner).not.toHaveBeenCalled();
  });

  it("lets good credentials through and records the user", async () => {
    const request = fakeRequest({
      headers: { authorization: formatBasicCredentials("ada", "open sesame") },
    });
    const response = await handler(request);
    expect(response.body).toBe("hello ada");
    expect(authenticatedUser(request)).toBe("ada");
  });

  it("refuses a wrong password, an unknown user, another scheme and garbage", async () => {
    for (const authorization of [
      formatBasicCredentials("ada", "wrong"),
      formatBasicCredentials("bob", "open sesame"),
      "Bearer abc",
      "Basic !!!",
      "Basic Zm9v", // "foo": no colon
    ]) {
      const response = await handler(fakeRequest({ headers: { authorization } }));
      expect(response.status).toBe(401);
    }
  });

  it("asks a verify function (which may be async) and reads UTF-8 credentials", async () => {
    const verify = vi.fn(
      async (user: string, password: string) => user === "zoë" && password === "£",
    );
    const response = await withBasicAuth(app, { realm: "r", verify })(
      fakeRequest({ headers: { authorization: formatBasicCredentials("zoë", "£") } }),
    );
    expect(response.body).toBe("hello zoë");
    expect(verify).toHaveBeenCalledWith("zoë", "£", expect.anything());
  });

  it("needs users or verify, and a quotable realm", () => {
    expect(() => withBasicAuth(app, { realm: "r" })).toThrow(
      expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
    );
    expect(() => withBasicAuth(app, { realm: "a\nb", users: {} })).toThrow(
      expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
    );
  });
});

describe("withDigestAuth (RFC 7616)", () => {
  const passwords: Record<string, string> = { Mufasa: "Circle of Life" };
  const options = {
    realm: "http-auth@example.org",
    password: (user: string) => passwords[user],
  };

  async function challengeFrom(handler: Handler, target = "/dir/index.html") {
    const response = await handler(fakeRequest({ target }));
    expect(response.status).toBe(401);
    return challenges(response).map((value) => {
      const parsed = parseDigestChallenge(value);
      if (!parsed.ok) throw parsed.error;
      return parsed.value;
    });
  }

  function authorize(
    challenge: Awaited<ReturnType<typeof challengeFrom>>[number],
    init: { nc?: number; password?: string; uri?: string; method?: string } = {},
  ): string {
    return computeDigestAuthorization(challenge, {
      username: "Mufasa",
      password: init.password ?? "Circle of Life",
      method: init.method ?? "GET",
      uri: init.uri ?? "/dir/index.html",
      cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
      nc: init.nc ?? 1,
    });
  }

  it("offers SHA-256 then MD5 with qop=auth and an HMAC-signed nonce", async () => {
    const handler = withDigestAuth(app, options);
    const [sha, md5] = await challengeFrom(handler);
    expect(sha).toMatchObject({
      algorithm: "SHA-256",
      qop: ["auth"],
      stale: false,
      realm: options.realm,
    });
    expect(md5).toMatchObject({ algorithm: "MD5", qop: ["auth"] });
    expect(sha!.nonce).toBe(md5!.nonce);
    expect(sha!.nonce).toMatch(/^[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{22}$/);
  });

  it.each([0, 1])(
    "accepts a correct response (challenge %i) and records the user",
    async (index) => {
      const handler = withDigestAuth(app, options);
      const challenge = (await challengeFrom(handler))[index]!;
      const request = fakeRequest({
        target: "/dir/index.html",
        headers: { authorization: authorize(challenge) },
      });
      const response = await handler(request);
      expect(response.body).toBe("hello Mufasa");
      expect(authenticatedUser(request)).toBe("Mufasa");
    },
  );

  it("refuses a wrong password, a forged nonce and an unknown user", async () => {
    const handler = withDigestAuth(app, options);
    const [challenge] = await challengeFrom(handler);
    const wrong = await handler(
      fakeRequest({
        target: "/dir/index.html",
        headers: { authorization: authorize(challenge!, { password: "nope" }) },
      }),
    );
    expect(wrong.status).toBe(401);
    // One character of the signature changed (never to itself: "AA" at the end could be).
    const nonce = challenge!.nonce;
    const at = nonce.indexOf(".") + 5;
    const swapped = nonce[at] === "A" ? "B" : "A";
    const forged = {
      ...challenge!,
      nonce: `${nonce.slice(0, at)}${swapped}${nonce.slice(at + 1)}`,
    };
    const badNonce = await handler(
      fakeRequest({ target: "/dir/index.html", headers: { authorization: authorize(forged) } }),
    );
    expect(badNonce.status).toBe(401);
    expect(challenges(badNonce)[0]).not.toContain("stale=true");
    // A nonce signed with another secret is forged too.
    const [other] = await challengeFrom(withDigestAuth(app, options));
    const foreign = await handler(
      fakeRequest({ target: "/dir/index.html", headers: { authorization: authorize(other!) } }),
    );
    expect(foreign.status).toBe(401);
  });

  it("refuses a replayed or decreasing nonce count, accepts a growing one", async () => {
    const handler = withDigestAuth(app, options);
    const [challenge] = await challengeFrom(handler);
    const send = (nc: number) =>
      handler(
        fakeRequest({
          target: "/dir/index.html",
          headers: { authorization: authorize(challenge!, { nc }) },
        }),
      );
    expect((await send(1)).status ?? 200).toBe(200);
    expect((await send(1)).status).toBe(401);
    expect((await send(5)).status ?? 200).toBe(200);
    expect((await send(3)).status).toBe(401);
    expect((await send(6)).status ?? 200).toBe(200);
  });

  it("answers stale=true for an expired nonce with a correct response", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const handler = withDigestAuth(app, { ...options, nonceLifetimeMs: 1_000 });
      const [challenge] = await challengeFrom(handler);
      vi.setSystemTime(Date.now() + 5_000);
      const good = await handler(
        fakeRequest({
          target: "/dir/index.html",
          headers: { authorization: authorize(challenge!) },
        }),
      );
      expect(good.status).toBe(401);
      expect(challenges(good).every((value) => value.includes("stale=true"))).toBe(true);
      const wrong = await handler(
        fakeRequest({
          target: "/dir/index.html",
          headers: { authorization: authorize(challenge!, { password: "x" }) },
        }),
      );
      expect(challenges(wrong)[0]).not.toContain("stale=true");
    } finally {
      vi.useRealTimers();
    }
  });

  it("forgets the least recently used nonces beyond the bound (answered stale)", async () => {
    const handler = withDigestAuth(app, { ...options, maxTrackedNonces: 2 });
    const [first] = await challengeFrom(handler);
    await challengeFrom(handler);
    await challengeFrom(handler);
    const response = await handler(
      fakeRequest({ target: "/dir/index.html", headers: { authorization: authorize(first!) } }),
    );
    expect(response.status).toBe(401);
    expect(challenges(response)[0]).toContain("stale=true");
  });

  it("answers 400 when uri is not the request-target (RFC 7616 §3.4.6) or the credentials are malformed", async () => {
    const handler = withDigestAuth(app, options);
    const [challenge] = await challengeFrom(handler);
    const moved = await handler(
      fakeRequest({
        target: "/other",
        headers: { authorization: authorize(challenge!) },
      }),
    );
    expect(moved.status).toBe(400);
    const malformed = await handler(
      fakeRequest({ target: "/", headers: { authorization: 'Digest username="x"' } }),
    );
    expect(malformed.status).toBe(400);
  });

  it("works from stored HA1 values and with MD5 only", async () => {
    const { computeDigestHA1 } = await import("@hyperwire/headers");
    const handler = withDigestAuth(app, {
      realm: options.realm,
      algorithms: ["MD5"],
      ha1: (user, algorithm) =>
        user === "Mufasa"
          ? computeDigestHA1(algorithm, user, options.realm, "Circle of Life")
          : undefined,
    });
    const found = await challengeFrom(handler);
    expect(found.map((c) => c.algorithm)).toEqual(["MD5"]);
    const response = await handler(
      fakeRequest({ target: "/dir/index.html", headers: { authorization: authorize(found[0]!) } }),
    );
    expect(response.body).toBe("hello Mufasa");
  });

  it("offers the qop list given, in order, and accepts an answer with any of them", async () => {
    const handler = withDigestAuth(app, { ...options, qop: ["auth-int", "auth"] });
    const [challenge] = await challengeFrom(handler);
    expect(challenge!.qop).toEqual(["auth-int", "auth"]);
    for (const [nc, qop] of [
      [1, "auth"],
      [2, "auth-int"],
    ] as const) {
      // No content on this request: auth-int hashes the empty body (RFC 7616 §3.4.3).
      const authorization = computeDigestAuthorization(challenge!, {
        username: "Mufasa",
        password: "Circle of Life",
        method: "GET",
        uri: "/dir/index.html",
        cnonce: "0a4f113b",
        nc,
        qop,
      });
      const response = await handler(
        fakeRequest({ target: "/dir/index.html", headers: { authorization } }),
      );
      expect(response.body).toBe("hello Mufasa");
    }
  });

  it("refuses an answer with a qop it did not offer (auth-int by default, auth when only auth-int is)", async () => {
    for (const [offered, answered] of [
      [undefined, "auth-int"],
      [["auth-int"], "auth"],
    ] as const) {
      const handler = withDigestAuth(app, { ...options, ...(offered ? { qop: offered } : {}) });
      const [challenge] = await challengeFrom(handler);
      expect(challenge!.qop).toEqual(offered ?? ["auth"]);
      const authorization = computeDigestAuthorization(
        { ...challenge!, qop: ["auth", "auth-int"] },
        {
          username: "Mufasa",
          password: "Circle of Life",
          method: "GET",
          uri: "/dir/index.html",
          cnonce: "0a4f113b",
          qop: answered,
        },
      );
      const response = await handler(
        fakeRequest({ target: "/dir/index.html", headers: { authorization } }),
      );
      expect(response.status).toBe(401);
    }
  });

  it("needs a known, non-empty qop list and a sane auth-int content limit", () => {
    for (const bad of [
      { qop: [] },
      { qop: ["auth-conf" as "auth"] },
      { maxAuthIntContentBytes: -1 },
      { maxAuthIntContentBytes: 1.5 },
    ]) {
      expect(() => withDigestAuth(app, { ...options, ...bad })).toThrow(
        expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
      );
    }
  });

  it("needs a password source and an algorithm", () => {
    expect(() => withDigestAuth(app, { realm: "r" })).toThrow(
      expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
    );
    expect(() => withDigestAuth(app, { ...options, algorithms: [] })).toThrow(
      expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
    );
  });
});
