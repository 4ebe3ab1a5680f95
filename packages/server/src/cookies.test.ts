import { parseSetCookie } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { fakeRequest } from "../test/fake-request.js";
import {
  deleteCookie,
  formatCookieForRequest,
  getCookie,
  getCookies,
  setCookie,
} from "./cookies.js";
import { toResponseFields } from "./response-fields.js";
import { withTrustedProxy } from "./trusted-proxy.js";

describe("getCookies / getCookie", () => {
  it("reads the Cookie field (RFC 6265 §5.4), first pair of a name wins", () => {
    const request = fakeRequest({
      headers: { cookie: "sid=31d4d96e407aad42; lang=en-US; sid=old" },
    });
    expect({ ...getCookies(request) }).toEqual({ sid: "31d4d96e407aad42", lang: "en-US" });
    expect(getCookie(request, "lang")).toBe("en-US");
    expect(getCookie(request, "missing")).toBeUndefined();
    expect(getCookies(request)).toBe(getCookies(request)); // parsed once
  });

  it("joins several Cookie lines and has no prototype to pollute", () => {
    const request = fakeRequest({ headers: { cookie: ["a=1", "__proto__=x; b=2"] } });
    const jar = getCookies(request);
    expect(jar.a).toBe("1");
    expect(jar.b).toBe("2");
    expect(getCookie(request, "__proto__")).toBe("x");
    expect(getCookie(request, "toString")).toBeUndefined();
    expect(Object.isFrozen(jar)).toBe(true);
  });

  it("reads no cookies from a request without the field", () => {
    expect(Object.keys(getCookies(fakeRequest()))).toEqual([]);
  });
});

describe("formatCookieForRequest / setCookie / deleteCookie", () => {
  it("defaults to HttpOnly, SameSite=Lax, Path=/, and Secure only over TLS", () => {
    expect(formatCookieForRequest(fakeRequest(), { name: "sid", value: "abc" })).toBe(
      "sid=abc; Path=/; HttpOnly; SameSite=Lax",
    );
    expect(
      formatCookieForRequest(fakeRequest({ secure: true }), { name: "sid", value: "abc" }),
    ).toBe("sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax");
  });

  it("lets every default be overridden", () => {
    const line = formatCookieForRequest(fakeRequest({ secure: true }), {
      name: "theme",
      value: "dark",
      httpOnly: false,
      sameSite: "Strict",
      path: "/app",
      maxAge: 60,
    });
    const parsed = parseSetCookie(line);
    expect(parsed).toMatchObject({
      name: "theme",
      value: "dark",
      httpOnly: false,
      secure: true,
      sameSite: "strict",
      path: "/app",
      maxAge: 60,
    });
  });

  it("uses Secure behind a trusted proxy that terminated TLS", async () => {
    let line = "";
    const handler = withTrustedProxy(
      (request) => {
        line = formatCookieForRequest(request, { name: "__Host-sid", value: "1" });
        return {};
      },
      { trust: 1 },
    );
    await handler(fakeRequest({ headers: { forwarded: "for=203.0.113.9;proto=https" } }));
    expect(line).toBe("__Host-sid=1; Path=/; Secure; HttpOnly; SameSite=Lax");
  });

  it("refuses what user agents would drop (SameSite=None or __Host- without Secure)", () => {
    expect(() =>
      formatCookieForRequest(fakeRequest(), { name: "a", value: "1", sameSite: "None" }),
    ).toThrow(expect.objectContaining({ code: "HW_HEADERS_INVALID_COOKIE_ATTRIBUTE" }));
    expect(() => formatCookieForRequest(fakeRequest(), { name: "__Host-a", value: "1" })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_COOKIE_ATTRIBUTE" }),
    );
    expect(() => formatCookieForRequest(fakeRequest(), { name: "a b", value: "1" })).toThrow(
      expect.objectContaining({ code: "HW_HEADERS_INVALID_COOKIE_NAME" }),
    );
  });

  it("appends one Set-Cookie line per cookie, keeping the handler's", () => {
    const request = fakeRequest();
    let response = setCookie(
      request,
      { headers: { "set-cookie": "existing=1" }, body: "hi" },
      { name: "a", value: "1" },
    );
    response = setCookie(request, response, { name: "b", value: "2" });
    const lines = toResponseFields(response.headers).getSetCookie();
    expect(lines).toEqual([
      "existing=1",
      "a=1; Path=/; HttpOnly; SameSite=Lax",
      "b=2; Path=/; HttpOnly; SameSite=Lax",
    ]);
    expect(response.body).toBe("hi");
  });

  it("deletes with an empty value, Max-Age=0 and an Expires in the past", () => {
    const response = deleteCookie(fakeRequest(), {}, "sid", { path: "/app" });
    const [line] = toResponseFields(response.headers).getSetCookie();
    expect(line).toBe(
      "sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/app; HttpOnly; SameSite=Lax",
    );
  });
});
