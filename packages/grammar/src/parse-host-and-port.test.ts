import { describe, expect, it } from "vitest";
import { GrammarErrorCode } from "./errors.js";
import { parseHostAndPort } from "./parse-host-and-port.js";

const code = (text: string) => {
  const r = parseHostAndPort(text);
  return r.ok ? "ok" : r.error.code;
};

describe("parseHostAndPort (RFC 9110 §7.2, RFC 3986 §3.2.2)", () => {
  it("reads reg-names, lowercased, with and without a port", () => {
    expect(parseHostAndPort("Example.COM:8080")).toEqual({
      ok: true,
      value: { host: "example.com", port: 8080, kind: "reg-name" },
    });
    expect(parseHostAndPort("www.example.org")).toEqual({
      ok: true,
      value: { host: "www.example.org", port: undefined, kind: "reg-name" },
    });
    expect(parseHostAndPort("a-b_c~d.!$&'()*+,;=")).toMatchObject({
      ok: true,
      value: { kind: "reg-name" },
    });
    expect(parseHostAndPort("example.com.")).toMatchObject({
      ok: true,
      value: { host: "example.com." },
    });
    expect(parseHostAndPort("1example.com")).toMatchObject({
      ok: true,
      value: { kind: "reg-name" },
    });
  });
  it("reads dotted-decimal IPv4 addresses", () => {
    expect(parseHostAndPort("192.0.2.1:80")).toEqual({
      ok: true,
      value: { host: "192.0.2.1", port: 80, kind: "ipv4" },
    });
    expect(code("0.0.0.0")).toBe("ok");
    expect(code("255.255.255.255")).toBe("ok");
  });
  it("refuses hosts other parsers would read as IPv4 in another notation", () => {
    for (const host of [
      "256.1.1.1",
      "1.2.3.04",
      "010.0.0.1",
      "1.2.3",
      "2130706433",
      "0x7f.1",
      "1.2.3.4.5",
      "a.1",
      "example.0x10",
      "1.2.3.4.",
    ]) {
      expect(code(host), host).toBe(GrammarErrorCode.INVALID_HOST);
    }
  });
  it("reads IPv6 literals, keeping the brackets", () => {
    expect(parseHostAndPort("[::1]")).toEqual({
      ok: true,
      value: { host: "[::1]", port: undefined, kind: "ipv6" },
    });
    expect(parseHostAndPort("[2001:DB8::7]:443")).toEqual({
      ok: true,
      value: { host: "[2001:db8::7]", port: 443, kind: "ipv6" },
    });
    for (const host of [
      "[::]",
      "[1:2:3:4:5:6:7:8]",
      "[1::]",
      "[1:2:3:4:5:6:7::]",
      "[::2:3:4:5:6:7:8]",
      "[::ffff:192.0.2.1]",
      "[1:2:3:4:5:6:192.0.2.1]",
      "[fe80::1:2]",
    ]) {
      expect(code(host), host).toBe("ok");
    }
  });
  it("refuses malformed IPv6 literals", () => {
    for (const host of [
      "[]",
      "[1:2:3:4:5:6:7]",
      "[1:2:3:4:5:6:7:8:9]",
      "[1::2::3]",
      "[:1:2:3:4:5:6:7]",
      "[1:2:3:4:5:6:7:]",
      "[12345::]",
      "[::g]",
      "[:::]",
      "[::1",
      "[::1]x",
      "[::192.0.2.1:1]",
      "[1.2.3.4::]",
      "[1:2:3:4:5:6:7:192.0.2.1]",
      "[fe80::1%25eth0]",
      "::1",
    ]) {
      expect(code(host), host).toBe(GrammarErrorCode.INVALID_HOST);
    }
  });
  it("refuses IPvFuture literals", () => {
    expect(code("[v1.fe80::a+en1]")).toBe(GrammarErrorCode.INVALID_HOST);
    expect(code("[V7.x]:80")).toBe(GrammarErrorCode.INVALID_HOST);
  });
  it("refuses empty hosts, pct-encoded and other characters", () => {
    for (const host of [
      "",
      ":80",
      "exa mple.com",
      "ex%41mple.com",
      "example.com/",
      "éxample.com",
      "a\r\nb",
    ]) {
      expect(code(host), host).toBe(GrammarErrorCode.INVALID_HOST);
    }
  });
  it("refuses userinfo with HW_GRAMMAR_USERINFO_NOT_ALLOWED (RFC 9110 §4.2.4)", () => {
    expect(code("user@example.com")).toBe(GrammarErrorCode.USERINFO_NOT_ALLOWED);
    expect(code("user:pass@example.com")).toBe(GrammarErrorCode.INVALID_PORT);
  });
  it("accepts ports 0–65535 of digits only", () => {
    expect(parseHostAndPort("a:0")).toMatchObject({ ok: true, value: { port: 0 } });
    expect(parseHostAndPort("a:65535")).toMatchObject({ ok: true, value: { port: 65535 } });
    expect(parseHostAndPort("a:080")).toMatchObject({ ok: true, value: { port: 80 } });
  });
  it("refuses other ports with HW_GRAMMAR_INVALID_PORT and status hint 400", () => {
    for (const host of [
      "a:",
      "a:65536",
      "a:99999999999999999999",
      "a:-1",
      "a:+80",
      "a:8o",
      "a: 80",
      "a:80 ",
      "[::1]:",
      "a:1:2",
      "a:0x50",
    ]) {
      const r = parseHostAndPort(host);
      expect(r.ok, host).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, host).toBe(GrammarErrorCode.INVALID_PORT);
      expect(r.error.statusHint).toBe(400);
    }
  });
});
