import { describe, expect, it } from "vitest";
import { GrammarErrorCode } from "./errors.js";
import { parseRequestTarget } from "./parse-request-target.js";

const code = (target: string) => {
  const r = parseRequestTarget(target);
  return r.ok ? r.value.form : r.error.code;
};

describe("parseRequestTarget (RFC 9112 §3.2)", () => {
  it("origin-form: the example of §3.2.1", () => {
    expect(parseRequestTarget("/where?q=now")).toEqual({
      ok: true,
      value: { form: "origin", path: "/where", query: "q=now" },
    });
    expect(parseRequestTarget("/")).toEqual({
      ok: true,
      value: { form: "origin", path: "/", query: undefined },
    });
    expect(parseRequestTarget("/a?")).toEqual({
      ok: true,
      value: { form: "origin", path: "/a", query: "" },
    });
    expect(parseRequestTarget("//x/%7Euser/;p=1:@!$&'()*+,?a=/?b")).toEqual({
      ok: true,
      value: { form: "origin", path: "//x/%7Euser/;p=1:@!$&'()*+,", query: "a=/?b" },
    });
  });
  it("absolute-form: the example of §3.2.2", () => {
    expect(parseRequestTarget("http://www.example.org/pub/WWW/TheProject.html")).toEqual({
      ok: true,
      value: {
        form: "absolute",
        scheme: "http",
        host: "www.example.org",
        port: undefined,
        hostKind: "reg-name",
        path: "/pub/WWW/TheProject.html",
        query: undefined,
      },
    });
  });
  it("absolute-form: ports, IPv6, empty paths, queries, other schemes", () => {
    expect(parseRequestTarget("HTTPS://[::1]:8443?x")).toEqual({
      ok: true,
      value: {
        form: "absolute",
        scheme: "https",
        host: "[::1]",
        port: 8443,
        hostKind: "ipv6",
        path: "",
        query: "x",
      },
    });
    expect(parseRequestTarget("urn:isbn:0451450523")).toEqual({
      ok: true,
      value: {
        form: "absolute",
        scheme: "urn",
        host: undefined,
        port: undefined,
        hostKind: undefined,
        path: "isbn:0451450523",
        query: undefined,
      },
    });
    expect(parseRequestTarget("file:///etc/hosts")).toMatchObject({
      ok: true,
      value: { host: "", path: "/etc/hosts" },
    });
  });
  it("authority-form: the example of §3.2.3", () => {
    expect(parseRequestTarget("www.example.com:80")).toEqual({
      ok: true,
      value: { form: "authority", host: "www.example.com", port: 80, hostKind: "reg-name" },
    });
    expect(parseRequestTarget("[2001:db8::1]:443")).toEqual({
      ok: true,
      value: { form: "authority", host: "[2001:db8::1]", port: 443, hostKind: "ipv6" },
    });
    expect(code("192.0.2.1:22")).toBe("authority");
  });
  it("authority-form requires a valid port", () => {
    expect(code("www.example.com")).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
    expect(code("[::1]")).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
    expect(code("www.example.com:99999")).toBe(GrammarErrorCode.INVALID_PORT);
    expect(code("[::1]:65536")).toBe(GrammarErrorCode.INVALID_PORT);
    expect(code("www.example.com:")).toBe(GrammarErrorCode.INVALID_PORT);
  });
  it("asterisk-form: the example of §3.2.4", () => {
    expect(parseRequestTarget("*")).toEqual({ ok: true, value: { form: "asterisk" } });
    expect(code("**")).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
    expect(code("*/")).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
  });
  it("refuses fragments, spaces, controls, non-ASCII and bad escapes with status hint 400", () => {
    for (const target of [
      "",
      "/a#frag",
      "/a b",
      "/a\tb",
      "/a\r\n",
      "/\u00e9",
      "/%",
      "/%2",
      "/%zz",
      "/?%g0",
      "/a?b#c",
      "/a\\b",
      "/{x}",
      "/a|b",
      "/<",
      "/a^b",
      "/`",
      "http://a/#x",
      "a",
      "?x",
      "#",
    ]) {
      const r = parseRequestTarget(target);
      expect(r.ok, JSON.stringify(target)).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, target).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
      expect(r.error.statusHint).toBe(400);
    }
  });
  it("requires an authority for http and https (RFC 9110 §4.2.1)", () => {
    expect(code("http:/x")).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
    expect(code("http:x")).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
    expect(code("http:///x")).toBe(GrammarErrorCode.INVALID_HOST);
    expect(code("https://")).toBe(GrammarErrorCode.INVALID_HOST);
  });
  it("refuses userinfo (RFC 9110 §4.2.4) with the offset of the '@'", () => {
    const r = parseRequestTarget("http://user@example.com/");
    expect(!r.ok && r.error.code).toBe(GrammarErrorCode.USERINFO_NOT_ALLOWED);
    expect(!r.ok && r.error.offset).toBe(11);
    expect(code("ftp://user@example.com/")).toBe(GrammarErrorCode.USERINFO_NOT_ALLOWED);
  });
  it("refuses hosts and ports the host parser refuses", () => {
    expect(code("http://1.2.3.04/")).toBe(GrammarErrorCode.INVALID_HOST);
    expect(code("http://[v1.x]/")).toBe(GrammarErrorCode.INVALID_HOST);
    expect(code("http://a:70000/")).toBe(GrammarErrorCode.INVALID_PORT);
    expect(code("http://a:/")).toBe(GrammarErrorCode.INVALID_PORT);
  });
  it("refuses a scheme that does not start with a letter", () => {
    expect(code("1http://a/")).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
    expect(code("+a:b/c")).toBe(GrammarErrorCode.INVALID_REQUEST_TARGET);
    expect(code("+a:b")).toBe(GrammarErrorCode.INVALID_PORT); // reads as a broken host:port
  });
});
