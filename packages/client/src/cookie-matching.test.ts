import { describe, expect, it } from "vitest";
import { defaultPath, domainMatches, isIpAddressHost, pathMatches } from "./cookie-matching.js";

describe("domainMatches (RFC 6265 §5.1.3)", () => {
  it("matches identical strings and dot-bounded suffixes of host names", () => {
    expect(domainMatches("example.com", "example.com")).toBe(true);
    expect(domainMatches("www.example.com", "example.com")).toBe(true);
    expect(domainMatches("a.b.example.com", "example.com")).toBe(true);
  });
  it("refuses a suffix without a dot boundary, a longer domain, and an empty domain", () => {
    expect(domainMatches("wwwexample.com", "example.com")).toBe(false);
    expect(domainMatches("example.com", "www.example.com")).toBe(false);
    expect(domainMatches("example.com", "")).toBe(false);
  });
  it("matches IP addresses only by identity", () => {
    expect(domainMatches("192.0.2.1", "192.0.2.1")).toBe(true);
    expect(domainMatches("10.0.2.1", "0.2.1")).toBe(false);
    expect(domainMatches("1.192.0.2", "192.0.2")).toBe(false);
  });
});

describe("defaultPath (RFC 6265 §5.1.4)", () => {
  it.each([
    ["", "/"],
    ["docs", "/"],
    ["/", "/"],
    ["/index.html", "/"],
    ["/docs/", "/docs"],
    ["/docs/web/index.html", "/docs/web"],
  ])("%j → %j", (path, expected) => {
    expect(defaultPath(path)).toBe(expected);
  });
});

describe("pathMatches (RFC 6265 §5.1.4)", () => {
  it("follows the three rules", () => {
    expect(pathMatches("/docs", "/docs")).toBe(true);
    expect(pathMatches("/docs/web", "/docs/")).toBe(true);
    expect(pathMatches("/docs/web", "/docs")).toBe(true);
    expect(pathMatches("/docsearch", "/docs")).toBe(false);
    expect(pathMatches("/", "/docs")).toBe(false);
    expect(pathMatches("/anything", "/")).toBe(true);
  });
});

describe("isIpAddressHost", () => {
  it("recognises IPv4 and IPv6 literals", () => {
    expect(isIpAddressHost("127.0.0.1")).toBe(true);
    expect(isIpAddressHost("[::1]")).toBe(true);
    expect(isIpAddressHost("::ffff:192.0.2.1")).toBe(true);
    expect(isIpAddressHost("example.com")).toBe(false);
    expect(isIpAddressHost("256.0.0.1")).toBe(false);
    expect(isIpAddressHost("1.2.3")).toBe(false);
  });
});
