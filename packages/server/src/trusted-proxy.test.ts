import { describe, expect, it } from "vitest";
import { fakeRequest } from "../test/fake-request.js";
import {
  compileProxyTrust,
  forwardedClient,
  normalizeIpAddress,
  resolveForwardedClient,
  withTrustedProxy,
} from "./trusted-proxy.js";

describe("normalizeIpAddress", () => {
  it("writes IPv4-mapped IPv6 as IPv4 and IPv6 per RFC 5952", () => {
    expect(normalizeIpAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeIpAddress("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normalizeIpAddress("[::1]")).toBe("::1");
    expect(normalizeIpAddress("010.0.0.1")).toBeUndefined();
    expect(normalizeIpAddress("_hidden")).toBeUndefined();
  });
});

describe("compileProxyTrust", () => {
  it("matches addresses and CIDR blocks of both families", () => {
    const trusted = compileProxyTrust(["10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1"]);
    expect(trusted("10.200.1.1", 0)).toBe(true);
    expect(trusted("::ffff:10.0.0.1", 0)).toBe(true);
    expect(trusted("11.0.0.1", 0)).toBe(false);
    expect(trusted("192.0.2.7", 0)).toBe(true);
    expect(trusted("192.0.2.8", 0)).toBe(false);
    expect(trusted("2001:db8:ffff::1", 0)).toBe(true);
    expect(trusted("2001:db9::1", 0)).toBe(false);
    expect(trusted("::1", 0)).toBe(true);
    expect(trusted("unknown", 0)).toBe(false);
    const odd = compileProxyTrust(["172.16.0.0/12"]);
    expect(odd("172.31.255.255", 0)).toBe(true);
    expect(odd("172.32.0.0", 0)).toBe(false);
  });

  it("trusts the nearest n hops for a count, and calls a function as given", () => {
    const two = compileProxyTrust(2);
    expect([two("a", 0), two("b", 1), two("c", 2)]).toEqual([true, true, false]);
    expect(compileProxyTrust(0)("127.0.0.1", 0)).toBe(false);
    const fn = (address: string) => address === "x";
    expect(compileProxyTrust(fn)).toBe(fn);
  });

  it("refuses entries that are not addresses or blocks", () => {
    for (const bad of [
      ["10.0.0.0/33"],
      ["::/129"],
      ["example.com"],
      ["10.0.0.1/08"],
      ["1.2.3.4/"],
    ]) {
      expect(() => compileProxyTrust(bad)).toThrow(
        expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
      );
    }
    expect(() => compileProxyTrust(-1)).toThrow(
      expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
    );
  });
});

describe("resolveForwardedClient", () => {
  const trust = ["10.0.0.0/8", "127.0.0.1"];

  it("ignores forwarding fields from an untrusted peer (RFC 7239 §8.1)", () => {
    const client = resolveForwardedClient(
      fakeRequest({
        remoteAddress: "198.51.100.1",
        headers: { "x-forwarded-for": "1.2.3.4", "x-forwarded-proto": "https", host: "a.example" },
      }),
      { trust },
    );
    expect(client).toEqual({
      address: "198.51.100.1",
      port: 50000,
      protocol: "http",
      secure: false,
      host: "a.example",
      forwarded: false,
    });
  });

  it("walks X-Forwarded-For from the right, past trusted proxies only", () => {
    const client = resolveForwardedClient(
      fakeRequest({
        remoteAddress: "::ffff:10.0.0.2",
        headers: {
          "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.1.1.1",
          "x-forwarded-proto": "https",
          "x-forwarded-host": "shop.example",
        },
      }),
      { trust },
    );
    // 6.6.6.6 was written by the client itself: the first untrusted hop is the client.
    expect(client).toMatchObject({
      address: "203.0.113.9",
      protocol: "https",
      secure: true,
      host: "shop.example",
      forwarded: true,
    });
  });

  it("stops at the leftmost entry when every hop is trusted", () => {
    const client = resolveForwardedClient(
      fakeRequest({ headers: { "x-forwarded-for": "10.9.9.9, 10.1.1.1" } }),
      { trust },
    );
    expect(client.address).toBe("10.9.9.9");
  });

  it("counts hops with a number", () => {
    const request = fakeRequest({
      remoteAddress: "198.51.100.1",
      headers: { "x-forwarded-for": "1.1.1.1, 2.2.2.2, 3.3.3.3" },
    });
    expect(resolveForwardedClient(request, { trust: 1 }).address).toBe("3.3.3.3");
    expect(resolveForwardedClient(request, { trust: 2 }).address).toBe("2.2.2.2");
    expect(resolveForwardedClient(request, { trust: 0 }).address).toBe("198.51.100.1");
  });

  it("reads Forwarded (RFC 7239) with its per-hop proto and host", () => {
    const client = resolveForwardedClient(
      fakeRequest({
        headers: {
          forwarded:
            'for="[2001:db8:cafe::17]:4711";proto=https;host=api.example, for=10.0.0.5;proto=http',
          "x-forwarded-for": "9.9.9.9",
        },
      }),
      { trust },
    );
    expect(client).toMatchObject({
      address: "2001:db8:cafe::17",
      port: 4711,
      protocol: "https",
      host: "api.example",
      forwarded: true,
    });
  });

  it("reads only the configured field kind", () => {
    const request = fakeRequest({
      headers: { forwarded: "for=1.1.1.1", "x-forwarded-for": "2.2.2.2" },
    });
    expect(resolveForwardedClient(request, { trust, fields: "forwarded" }).address).toBe("1.1.1.1");
    expect(resolveForwardedClient(request, { trust, fields: "x-forwarded" }).address).toBe(
      "2.2.2.2",
    );
    expect(resolveForwardedClient(request, { trust }).address).toBe("1.1.1.1");
  });

  it("falls back to the socket for a malformed or absent field", () => {
    const cases: Record<string, string>[] = [
      { "x-forwarded-for": "not an address" },
      { forwarded: "for" },
      {},
    ];
    for (const headers of cases) {
      const client = resolveForwardedClient(fakeRequest({ headers }), { trust });
      expect(client).toMatchObject({ address: "127.0.0.1", forwarded: false });
    }
  });
});

describe("withTrustedProxy / forwardedClient", () => {
  it("records the client for the handler; without the wrapper the socket is the client", async () => {
    let seen: unknown;
    const handler = withTrustedProxy(
      (request) => {
        seen = forwardedClient(request);
        return {};
      },
      { trust: ["127.0.0.1"] },
    );
    const request = fakeRequest({ headers: { "x-forwarded-for": "203.0.113.9" } });
    await handler(request);
    expect(seen).toMatchObject({ address: "203.0.113.9", forwarded: true });
    expect(request.remoteAddress).toBe("127.0.0.1");
    expect(forwardedClient(fakeRequest({ remoteAddress: "::ffff:192.0.2.1" }))).toMatchObject({
      address: "192.0.2.1",
      forwarded: false,
    });
  });
});
