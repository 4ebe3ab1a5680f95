// Cookie parsing and Set-Cookie serialization: hyperwire against `cookie` v2 (jshttp).
// Run alone: npx tsx packages/headers/bench/cookie.bench.ts
import * as cookie from "cookie";
import { parseCookieRecord, parseSetCookie, serializeSetCookie } from "../src/index.js";
import { compare } from "./compare.js";

const small = "session=38afes7a8; theme=dark";
const large = Array.from({ length: 20 }, (_, i) => `cookie${i}=value${i}abcdefghijklmnop`).join(
  "; ",
);
const setCookie =
  "id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=2592000; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax";
const expires = new Date(Date.UTC(2015, 9, 21, 7, 28));

await compare("Cookie", [
  {
    name: "parse Cookie, 2 pairs",
    hyperwire: () => parseCookieRecord(small),
    reference: () => cookie.parseCookie(small),
    referenceName: "cookie",
  },
  {
    name: "parse Cookie, 20 pairs",
    hyperwire: () => parseCookieRecord(large),
    reference: () => cookie.parseCookie(large),
    referenceName: "cookie",
  },
  {
    name: "serialize Set-Cookie with 7 attributes",
    hyperwire: () =>
      serializeSetCookie({
        name: "id",
        value: "a3fWa",
        expires,
        maxAge: 2592000,
        domain: "example.com",
        path: "/",
        secure: true,
        httpOnly: true,
        sameSite: "Lax",
      }),
    reference: () =>
      cookie.stringifySetCookie({
        name: "id",
        value: "a3fWa",
        expires,
        maxAge: 2592000,
        domain: "example.com",
        path: "/",
        secure: true,
        httpOnly: true,
        sameSite: "lax",
      }),
    referenceName: "cookie",
  },
  {
    name: "parse Set-Cookie with 7 attributes",
    hyperwire: () => parseSetCookie(setCookie),
    reference: () => cookie.parseSetCookie(setCookie),
    referenceName: "cookie",
  },
]);
