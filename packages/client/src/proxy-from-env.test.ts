import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getProxyForUrl, matchesNoProxy } from "./proxy-from-env.js";

const proxyOf = (url: string, env: Record<string, string>) =>
  getProxyForUrl(url, env)?.url.href ?? null;

describe("getProxyForUrl", () => {
  it("picks the variable by scheme, lower case first, then ALL_PROXY", () => {
    const env = {
      http_proxy: "http://lower:1",
      HTTP_PROXY: "http://upper:2",
      HTTPS_PROXY: "http://secure:3",
    };
    expect(getProxyForUrl("http://example.com/", env)).toMatchObject({ source: "http_proxy" });
    expect(proxyOf("http://example.com/", env)).toBe("http://lower:1/");
    expect(proxyOf("https://example.com/", env)).toBe("http://secure:3/");
    expect(proxyOf("wss://example.com/", env)).toBe("http://secure:3/");
    expect(proxyOf("http://example.com/", { HTTP_PROXY: "http://upper:2" })).toBe(
      "http://upper:2/",
    );
    expect(proxyOf("https://example.com/", { ALL_PROXY: "socks5h://s:1080" })).toBe(
      "socks5h://s:1080",
    );
    expect(
      proxyOf("https://example.com/", { all_proxy: "http://a:1", ALL_PROXY: "http://b:1" }),
    ).toBe("http://a:1/");
    expect(proxyOf("https://example.com/", {})).toBeNull();
    expect(proxyOf("ftp://example.com/", { all_proxy: "http://a:1" })).toBeNull();
  });

  it("treats empty values as unset and adds http:// when no scheme is given", () => {
    expect(proxyOf("http://e.com/", { http_proxy: "", HTTP_PROXY: "up:8080" })).toBe(
      "http://up:8080/",
    );
    expect(proxyOf("http://e.com/", { http_proxy: "user:pw@proxy.corp:3128" })).toBe(
      "http://user:pw@proxy.corp:3128/",
    );
  });

  it("ignores upper-case HTTP_PROXY in CGI programs and on request (httpoxy)", () => {
    expect(
      proxyOf("http://e.com/", { HTTP_PROXY: "http://evil:1", REQUEST_METHOD: "GET" }),
    ).toBeNull();
    expect(proxyOf("http://e.com/", { http_proxy: "http://ok:1", REQUEST_METHOD: "GET" })).toBe(
      "http://ok:1/",
    );
    expect(
      getProxyForUrl(
        "http://e.com/",
        { HTTP_PROXY: "http://evil:1" },
        { ignoreUppercaseHttpProxy: true },
      ),
    ).toBeNull();
    // HTTPS_PROXY cannot be injected that way (no "Proxy" header becomes it).
    expect(proxyOf("https://e.com/", { HTTPS_PROXY: "http://p:1", REQUEST_METHOD: "GET" })).toBe(
      "http://p:1/",
    );
  });

  it("honours NO_PROXY, lower case first", () => {
    const env = { https_proxy: "http://p:1", NO_PROXY: "example.com", no_proxy: "other.test" };
    expect(proxyOf("https://www.other.test/", env)).toBeNull();
    expect(proxyOf("https://example.com/", env)).toBe("http://p:1/");
    expect(
      proxyOf("https://example.com/", { https_proxy: "http://p:1", NO_PROXY: "example.com" }),
    ).toBeNull();
  });

  it("throws HW_CLIENT_INVALID_PROXY_URL for unusable proxy values", () => {
    for (const value of ["http://", "ftp://proxy:21", "http://[bad"]) {
      expect(() => getProxyForUrl("http://e.com/", { http_proxy: value })).toThrow(
        expect.objectContaining({ code: "HW_CLIENT_INVALID_PROXY_URL" }),
      );
    }
    expect(getProxyForUrl("not a url", { http_proxy: "http://p:1" })).toBeNull();
  });
});

describe("matchesNoProxy", () => {
  it.each([
    ["http://example.com/", "example.com", true],
    ["http://www.example.com/", "example.com", true],
    ["http://www.example.com/", ".example.com", true],
    ["http://example.com/", ".example.com", true],
    ["http://a.b.example.com/", "*.example.com", true],
    ["http://badexample.com/", "example.com", false],
    ["http://EXAMPLE.com./", "Example.COM.", true],
    ["http://example.com/", "*", true],
    ["http://example.com/", "foo, *", true],
    ["http://example.com/", "", false],
    ["http://example.com/", "foo.com bar.com\texample.com", true],
    ["http://example.com:8080/", "example.com:8080", true],
    ["http://example.com/", "example.com:8080", false],
    ["http://example.com/", "example.com:80", true],
    ["https://example.com/", "example.com:443", true],
    ["http://127.0.0.1:3000/", "127.0.0.1", true],
    ["http://127.0.0.1:3000/", "127.0.0.1:3000", true],
    ["http://127.0.0.1:3000/", "127.0.0.1:4000", false],
    ["http://[::1]/", "::1", true],
    ["http://[::1]/", "[::1]", true],
    ["http://[::1]:8080/", "[::1]:8080", true],
    ["http://[::1]:8080/", "[::1]:9090", false],
    ["http://[0:0::1]/", "0000::0001", true],
    ["http://10.1.2.3/", "10.0.0.0/8", true],
    ["http://11.1.2.3/", "10.0.0.0/8", false],
    ["http://192.168.1.77/", "192.168.1.64/26", true],
    ["http://192.168.1.128/", "192.168.1.64/26", false],
    ["http://[fd12::1]/", "fd00::/8", true],
    ["http://[fe80::1]/", "fd00::/8", false],
    ["http://[::ffff:10.0.0.1]/", "10.0.0.0/8", false],
    ["http://10.0.0.1/", "0.0.1", false],
    ["http://internal.corp/", "10.0.0.0/8", false],
    ["http://10.0.0.1/", "10.0.0.0/33", false],
    ["http://10.0.0.1/", "0.0.0.0/0", true],
  ])("%s vs %j → %s", (url, noProxy, expected) => {
    expect(matchesNoProxy(url, noProxy)).toBe(expected);
  });

  it("never throws, whatever the NO_PROXY value and host", () => {
    const chars = fc.constantFrom(..."abc.-*:/[]0123456789fF, \t".split(""));
    const piece = fc.string({ unit: chars, maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(piece, fc.string({ maxLength: 40 })), piece, (noProxy, host) => {
        const result = matchesNoProxy(`http://${host}/`, noProxy);
        expect(typeof result).toBe("boolean");
        getProxyForUrl(`https://${host}/`, { https_proxy: "http://p:1", no_proxy: noProxy });
      }),
      { numRuns: 300 },
    );
  });
});
