import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatBasicChallenge,
  formatBasicCredentials,
  parseBasicCredentials,
} from "./basic-auth.js";
import {
  computeDigestAuthorization,
  computeDigestHA1,
  computeDigestResponse,
  type DigestAlgorithm,
  formatDigestChallenge,
  parseDigestChallenge,
  parseDigestCredentials,
  verifyDigestCredentials,
} from "./digest-auth.js";
import {
  type AuthParam,
  type Challenge,
  formatChallenges,
  formatCredentials,
  parseChallenges,
  parseCredentials,
} from "./parse-challenges.js";

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? undefined : r.error?.code);

describe("challenges (RFC 9110 §11.6.1)", () => {
  it("splits the RFC example with several challenges and a quoted comma", () => {
    const r = parseChallenges(
      'Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""',
    );
    expect(r.ok && r.value).toEqual([
      { scheme: "Basic", params: [{ name: "realm", value: "simple" }] },
      {
        scheme: "Newauth",
        params: [
          { name: "realm", value: "apps" },
          { name: "type", value: "1" },
          { name: "title", value: 'Login to "apps"' },
        ],
      },
    ]);
  });

  it("handles token68, bare schemes, BWS around '=', empty elements and case", () => {
    const r = parseChallenges(', Bearer, Negotiate abc+/d==, Custom A = "x,y" ,, b=2, Basic');
    expect(r.ok && r.value).toEqual([
      { scheme: "Bearer", params: [] },
      { scheme: "Negotiate", token68: "abc+/d==", params: [] },
      {
        scheme: "Custom",
        params: [
          { name: "a", value: "x,y" },
          { name: "b", value: "2" },
        ],
      },
      { scheme: "Basic", params: [] },
    ]);
    // "realm" and "realm=" alone are token68 by the grammar, not auth-params without values.
    const t = parseChallenges("Newauth abc=, X realm");
    expect(t.ok && t.value.map((c) => c.token68)).toEqual(["abc=", "realm"]);
  });

  const bad: [string, string][] = [
    ["", "HW_HEADERS_INVALID_CHALLENGE"],
    [" , ", "HW_HEADERS_INVALID_CHALLENGE"],
    ["Basic a b", "HW_HEADERS_INVALID_CHALLENGE"],
    ['Basic realm="x', "HW_HEADERS_INVALID_CHALLENGE"],
    ["Basic realm=x=", "HW_HEADERS_INVALID_CHALLENGE"],
    ["Basic\trealm=x", "HW_HEADERS_INVALID_CHALLENGE"],
    ["Basic realm=x y", "HW_HEADERS_INVALID_CHALLENGE"],
    ["=x", "HW_HEADERS_INVALID_CHALLENGE"],
    ['Basic realm="a", realm="b"', "HW_HEADERS_DUPLICATE_AUTH_PARAM"],
    ['Basic realm="a", REALM="b"', "HW_HEADERS_DUPLICATE_AUTH_PARAM"],
  ];
  for (const [text, code] of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => expect(codeOf(parseChallenges(text))).toBe(code));
  }

  it("formats, quoting realm always (RFC 9110 §11.5)", () => {
    expect(
      formatChallenges([{ scheme: "Basic", params: [{ name: "realm", value: "simple" }] }]),
    ).toBe('Basic realm="simple"');
    expect(
      formatChallenges([
        {
          scheme: "Bearer",
          params: [
            { name: "error", value: "invalid_token" },
            { name: "error_description", value: "The token expired" },
          ],
        },
        { scheme: "Negotiate", token68: "YII=", params: [] },
      ]),
    ).toBe('Bearer error=invalid_token, error_description="The token expired", Negotiate YII=');
    expect(() => formatChallenges([])).toThrowError(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_CHALLENGE" }),
    );
    expect(() => formatChallenges([{ scheme: "a b", params: [] }])).toThrow();
    expect(() => formatChallenges([{ scheme: "X", token68: "a=b", params: [] }])).toThrow();
    expect(() =>
      formatChallenges([{ scheme: "X", params: [{ name: "a", value: "\r\n" }] }]),
    ).toThrowError(expect.objectContaining({ code: "HW_HEADERS_INVALID_CHALLENGE" }));
  });

  const tokenArb = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,8}$/);
  const challengeArb: fc.Arbitrary<Challenge> = fc.oneof(
    fc.record({ scheme: tokenArb, params: fc.constant<AuthParam[]>([]) }),
    fc.record({
      scheme: tokenArb,
      token68: fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,10}={0,2}$/),
      params: fc.constant<AuthParam[]>([]),
    }),
    fc.record({
      scheme: tokenArb,
      params: fc
        .uniqueArray(
          tokenArb.map((t) => t.toLowerCase()),
          { minLength: 1, maxLength: 4 },
        )
        .chain((names) =>
          fc
            .tuple(
              ...names.map(() =>
                fc.string({
                  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
                  maxLength: 10,
                }),
              ),
            )
            .map((values) => names.map((name, i) => ({ name, value: values[i]! }))),
        ),
    }),
  );

  it("parse(format(x)) equals x", () => {
    fc.assert(
      fc.property(fc.array(challengeArb, { minLength: 1, maxLength: 4 }), (list) => {
        const r = parseChallenges(formatChallenges(list));
        expect(r.ok && r.value).toEqual(list);
        const c = parseCredentials(formatCredentials(list[0]!));
        expect(c.ok && c.value).toEqual(list[0]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary input", () => {
    const alphabet = fc.constantFrom(...'ab=, \t"\\/+~-'.split(""));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet })), (s) => {
        parseChallenges(s);
        parseCredentials(s);
        parseBasicCredentials(s);
        parseDigestChallenge(s);
        parseDigestCredentials(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe("credentials (RFC 9110 §11.4)", () => {
  it("parses token68 and auth-param forms, and rejects a list", () => {
    expect(parseCredentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")).toEqual({
      ok: true,
      value: { scheme: "Basic", token68: "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", params: [] },
    });
    expect(codeOf(parseCredentials("Basic a, Bearer b"))).toBe("HW_HEADERS_INVALID_CREDENTIALS");
    expect(codeOf(parseCredentials("Digest a=1, Bearer"))).toBe("HW_HEADERS_INVALID_CREDENTIALS");
  });
});

describe("Basic (RFC 7617)", () => {
  it("computes the RFC 7617 §2 example", () => {
    expect(formatBasicCredentials("Aladdin", "open sesame")).toBe(
      "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    );
  });
  it("uses UTF-8 (RFC 7617 §2.1 example: test / 123£)", () => {
    expect(formatBasicCredentials("test", "123\u00a3")).toBe("Basic dGVzdDoxMjPCow==");
    expect(parseBasicCredentials("Basic dGVzdDoxMjPCow==")).toEqual({
      ok: true,
      value: { userId: "test", password: "123£" },
    });
  });
  it("keeps ':' in the password and matches the scheme case-insensitively", () => {
    const v = formatBasicCredentials("u", "a:b").replace("Basic", "bAsIc");
    expect(parseBasicCredentials(v)).toEqual({ ok: true, value: { userId: "u", password: "a:b" } });
  });
  it("rejects what RFC 7617 forbids", () => {
    expect(() => formatBasicCredentials("a:b", "c")).toThrowError(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_BASIC_CREDENTIALS" }),
    );
    expect(() => formatBasicCredentials("a", "b\n")).toThrow();
    expect(codeOf(parseBasicCredentials("Bearer abc"))).toBe("HW_HEADERS_NOT_BASIC");
    expect(codeOf(parseBasicCredentials("Basic realm=x"))).toBe(
      "HW_HEADERS_INVALID_BASIC_CREDENTIALS",
    );
    expect(codeOf(parseBasicCredentials("Basic bm9jb2xvbg=="))).toBe(
      "HW_HEADERS_INVALID_BASIC_CREDENTIALS",
    ); // "nocolon"
    expect(codeOf(parseBasicCredentials("Basic /w=="))).toBe(
      "HW_HEADERS_INVALID_BASIC_CREDENTIALS",
    ); // 0xFF: not UTF-8
    expect(codeOf(parseBasicCredentials("Basic YTpi"))).toBeUndefined();
    expect(codeOf(parseBasicCredentials("Basic YTpiYw"))).toBe(
      "HW_HEADERS_INVALID_BASIC_CREDENTIALS",
    ); // unpadded
  });
  it("formats a challenge", () => {
    expect(formatBasicChallenge("WallyWorld")).toBe('Basic realm="WallyWorld", charset="UTF-8"');
    expect(formatBasicChallenge("foo", { charset: false })).toBe('Basic realm="foo"');
  });
  it("round-trips arbitrary user-ids and passwords", () => {
    const text = fc
      .string({ unit: "grapheme", maxLength: 10 })
      .filter((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s));
    fc.assert(
      fc.property(
        text.filter((s) => !s.includes(":")),
        text,
        (userId, password) => {
          expect(parseBasicCredentials(formatBasicCredentials(userId, password))).toEqual({
            ok: true,
            value: { userId, password },
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

// RFC 7616 §3.9.1
const EXAMPLE = {
  realm: "http-auth@example.org",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  uri: "/dir/index.html",
};

function nodeResponse(alg: string, sess: boolean): string {
  const H = (s: string) => createHash(alg).update(s).digest("hex");
  let ha1 = H(`Mufasa:${EXAMPLE.realm}:Circle of Life`);
  if (sess) ha1 = H(`${ha1}:${EXAMPLE.nonce}:${EXAMPLE.cnonce}`);
  return H(`${ha1}:${EXAMPLE.nonce}:00000001:${EXAMPLE.cnonce}:auth:${H(`GET:${EXAMPLE.uri}`)}`);
}

describe("Digest (RFC 7616)", () => {
  const wwwAuthenticate = `Digest realm="${EXAMPLE.realm}", qop="auth, auth-int", algorithm=SHA-256, nonce="${EXAMPLE.nonce}", opaque="${EXAMPLE.opaque}", Digest realm="${EXAMPLE.realm}", qop="auth, auth-int", algorithm=MD5, nonce="${EXAMPLE.nonce}", opaque="${EXAMPLE.opaque}"`;

  it("parses the §3.9.1 challenges", () => {
    const all = parseChallenges(wwwAuthenticate);
    expect(all.ok && all.value.length).toBe(2);
    const ch = parseDigestChallenge(wwwAuthenticate);
    expect(ch).toEqual({
      ok: true,
      value: {
        realm: EXAMPLE.realm,
        nonce: EXAMPLE.nonce,
        opaque: EXAMPLE.opaque,
        algorithm: "SHA-256",
        qop: ["auth", "auth-int"],
        stale: false,
        userhash: false,
      },
    });
  });

  it("computes the §3.9.1 responses with MD5 and SHA-256", () => {
    const md5 = computeDigestResponse({
      algorithm: "MD5",
      username: "Mufasa",
      realm: EXAMPLE.realm,
      password: "Circle of Life",
      nonce: EXAMPLE.nonce,
      cnonce: EXAMPLE.cnonce,
      nc: 1,
      qop: "auth",
      method: "GET",
      uri: EXAMPLE.uri,
    });
    expect(md5).toBe("8ca523f5e9506fed4657c9700eebdbec");
    const sha = computeDigestResponse({
      algorithm: "SHA-256",
      username: "Mufasa",
      realm: EXAMPLE.realm,
      password: "Circle of Life",
      nonce: EXAMPLE.nonce,
      cnonce: EXAMPLE.cnonce,
      nc: 1,
      qop: "auth",
      method: "GET",
      uri: EXAMPLE.uri,
    });
    expect(sha).toBe("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  });

  const algorithms: [DigestAlgorithm, string, boolean][] = [
    ["MD5", "md5", false],
    ["MD5-sess", "md5", true],
    ["SHA-256", "sha256", false],
    ["SHA-256-sess", "sha256", true],
    ["SHA-512-256", "sha512-256", false],
    ["SHA-512-256-sess", "sha512-256", true],
  ];
  for (const [algorithm, nodeName, sess] of algorithms) {
    it(`${algorithm}: client computes what node:crypto computes, server verifies it`, () => {
      const challenge = parseDigestChallenge(
        formatDigestChallenge({
          realm: EXAMPLE.realm,
          nonce: EXAMPLE.nonce,
          opaque: EXAMPLE.opaque,
          algorithm,
        }),
      );
      expect(challenge.ok).toBe(true);
      if (!challenge.ok) return;
      const header = computeDigestAuthorization(challenge.value, {
        username: "Mufasa",
        password: "Circle of Life",
        method: "GET",
        uri: EXAMPLE.uri,
        cnonce: EXAMPLE.cnonce,
      });
      const creds = parseDigestCredentials(header);
      expect(creds.ok).toBe(true);
      if (!creds.ok) return;
      expect(creds.value.response).toBe(nodeResponse(nodeName, sess));
      expect(creds.value).toMatchObject({
        username: "Mufasa",
        nc: 1,
        qop: "auth",
        algorithm,
        opaque: EXAMPLE.opaque,
      });
      const ha1 = computeDigestHA1(algorithm, "Mufasa", EXAMPLE.realm, "Circle of Life");
      expect(
        verifyDigestCredentials(creds.value, { method: "GET", password: "Circle of Life" }),
      ).toBe(true);
      expect(verifyDigestCredentials(creds.value, { method: "GET", ha1 })).toBe(true);
      expect(
        verifyDigestCredentials(creds.value, { method: "GET", password: "circle of life" }),
      ).toBe(false);
      expect(verifyDigestCredentials(creds.value, { method: "POST", ha1 })).toBe(false);
      expect(
        verifyDigestCredentials(creds.value, { method: "GET", ha1, previousNonceCount: 1 }),
      ).toBe(false);
      expect(verifyDigestCredentials(creds.value, { method: "GET", ha1, realm: "other" })).toBe(
        false,
      );
      expect(verifyDigestCredentials(creds.value, { method: "GET", ha1, nonce: "other" })).toBe(
        false,
      );
    });
  }

  it("formats the §3.9.1 Authorization value in the RFC's order", () => {
    const ch = parseDigestChallenge(wwwAuthenticate.split(", Digest ")[1]!.replace(/^/, "Digest "));
    expect(ch.ok).toBe(true);
    if (!ch.ok) return;
    expect(
      computeDigestAuthorization(ch.value, {
        username: "Mufasa",
        password: "Circle of Life",
        method: "GET",
        uri: EXAMPLE.uri,
        cnonce: EXAMPLE.cnonce,
      }),
    ).toBe(
      `Digest username="Mufasa", realm="${EXAMPLE.realm}", uri="${EXAMPLE.uri}", algorithm=MD5, nonce="${EXAMPLE.nonce}", nc=00000001, cnonce="${EXAMPLE.cnonce}", qop=auth, response="8ca523f5e9506fed4657c9700eebdbec", opaque="${EXAMPLE.opaque}"`,
    );
  });

  it("supports auth-int, userhash and username*", () => {
    const ch = parseDigestChallenge(
      formatDigestChallenge({
        realm: "api@example.org",
        nonce: "n1",
        algorithm: "SHA-256",
        qop: ["auth-int"],
        userhash: true,
      }),
    );
    expect(ch.ok && ch.value.userhash).toBe(true);
    if (!ch.ok) return;
    const body = new TextEncoder().encode("hello");
    const header = computeDigestAuthorization(ch.value, {
      username: "J\u00e4s\u00f8n Doe",
      password: "Secret, or not?",
      method: "POST",
      uri: "/doe.json",
      cnonce: "c",
      nc: 2,
      body,
    });
    const creds = parseDigestCredentials(header);
    expect(creds.ok && creds.value.qop).toBe("auth-int");
    if (!creds.ok) return;
    // userhash (RFC 7616 §3.4.4): username = H(username ":" realm)
    expect(creds.value.username).toBe(
      createHash("sha256").update("J\u00e4s\u00f8n Doe:api@example.org").digest("hex"),
    );
    const opts = {
      method: "POST",
      password: "Secret, or not?",
      username: "J\u00e4s\u00f8n Doe",
      body,
    };
    expect(verifyDigestCredentials(creds.value, opts)).toBe(true);
    expect(verifyDigestCredentials(creds.value, { ...opts, body: new Uint8Array() })).toBe(false);
    expect(verifyDigestCredentials(creds.value, { ...opts, username: "someone" })).toBe(false);

    const plain = parseDigestChallenge('Digest realm="r", nonce="n", qop="auth"');
    if (!plain.ok) throw new Error("challenge");
    const star = computeDigestAuthorization(plain.value, {
      username: "J\u00e4s\u00f8n Doe",
      password: "p",
      method: "GET",
      uri: "/",
      cnonce: "c",
    });
    expect(star).toContain("username*=UTF-8''J%C3%A4s%C3%B8n%20Doe");
    const parsed = parseDigestCredentials(star);
    expect(parsed.ok && parsed.value.username).toBe("J\u00e4s\u00f8n Doe");
    if (parsed.ok)
      expect(verifyDigestCredentials(parsed.value, { method: "GET", password: "p" })).toBe(true);
  });

  it("rejects malformed Digest values with exact codes", () => {
    expect(codeOf(parseDigestChallenge('Basic realm="x"'))).toBe("HW_HEADERS_NOT_DIGEST");
    expect(codeOf(parseDigestChallenge('Digest realm="x", nonce="y"'))).toBe(
      "HW_HEADERS_INVALID_DIGEST_CHALLENGE",
    );
    expect(codeOf(parseDigestChallenge('Digest realm="x", qop="auth"'))).toBe(
      "HW_HEADERS_INVALID_DIGEST_CHALLENGE",
    );
    expect(
      codeOf(parseDigestChallenge('Digest realm="x", nonce="y", qop="auth", algorithm=SHA-1')),
    ).toBe("HW_HEADERS_UNSUPPORTED_DIGEST_ALGORITHM");
    const good = `Digest username="u", realm="r", uri="/", nonce="n", nc=00000001, cnonce="c", qop=auth, response="abcd"`;
    expect(codeOf(parseDigestCredentials(good))).toBeUndefined();
    expect(codeOf(parseDigestCredentials(good.replace("00000001", "1")))).toBe(
      "HW_HEADERS_INVALID_DIGEST_CREDENTIALS",
    );
    expect(codeOf(parseDigestCredentials(good.replace("00000001", "00000000")))).toBe(
      "HW_HEADERS_INVALID_DIGEST_CREDENTIALS",
    );
    expect(codeOf(parseDigestCredentials(good.replace(', cnonce="c"', "")))).toBe(
      "HW_HEADERS_INVALID_DIGEST_CREDENTIALS",
    );
    expect(codeOf(parseDigestCredentials(good.replace("qop=auth", "qop=x")))).toBe(
      "HW_HEADERS_INVALID_DIGEST_CREDENTIALS",
    );
    expect(codeOf(parseDigestCredentials(`${good}, username*=UTF-8''x`))).toBe(
      "HW_HEADERS_INVALID_DIGEST_CREDENTIALS",
    );
    expect(codeOf(parseDigestCredentials(good.replace("Digest", "Basic")))).toBe(
      "HW_HEADERS_NOT_DIGEST",
    );
  });
});
