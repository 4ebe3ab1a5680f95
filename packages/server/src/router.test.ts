import { describe, expect, it } from "vitest";
import { fakeRequest } from "../test/fake-request.js";
import { Router } from "./router.js";
import type { ServerResponse } from "./server-response.js";

/** Which handler answered, and the Allow field of an automatic answer. */
async function route(router: Router, method: string, target: string) {
  const response: ServerResponse = await router.handle(fakeRequest({ method, target }));
  const headers = (response.headers ?? {}) as Record<string, string>;
  return { status: response.status ?? 200, body: response.body, allow: headers.Allow };
}

const named =
  (name: string) =>
  (_request: unknown, params: Readonly<Record<string, string>>): ServerResponse => ({
    body: `${name}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ""}`,
  });

describe("Router", () => {
  it("answers 404 for unknown paths and 405 with Allow for known paths under other methods", async () => {
    const router = new Router().get("/items", named("list")).post("/items", named("create"));
    expect(await route(router, "GET", "/nothing")).toMatchObject({ status: 404 });
    // RFC 9110 §15.5.6: the 405 names the methods the target supports (HEAD with GET).
    expect(await route(router, "DELETE", "/items")).toMatchObject({
      status: 405,
      allow: "GET, POST, HEAD",
    });
  });

  it("HEAD uses the GET route, unless a HEAD route matches", async () => {
    const router = new Router().get("/a", named("get a")).get("/b", named("get b"));
    router.on("HEAD", "/b", named("head b"));
    expect(await route(router, "HEAD", "/a")).toMatchObject({ status: 200, body: "get a" });
    expect(await route(router, "HEAD", "/b")).toMatchObject({ status: 200, body: "head b" });
  });

  it("OPTIONS on a known path answers 204 with Allow when no route takes it; OPTIONS * lists every method", async () => {
    const router = new Router().get("/items", named("list")).put("/items/:id", named("put"));
    expect(await route(router, "OPTIONS", "/items")).toMatchObject({
      status: 204,
      allow: "GET, HEAD, OPTIONS",
    });
    expect(await route(router, "OPTIONS", "*")).toMatchObject({
      status: 204,
      allow: "GET, PUT, HEAD, OPTIONS",
    });
    expect(await route(router, "OPTIONS", "/elsewhere")).toMatchObject({ status: 404 });
  });

  describe("all()", () => {
    it("takes every method, extension methods included, with its parameters", async () => {
      const router = new Router().all("/things/:id", named("any"));
      for (const method of ["GET", "POST", "DELETE", "PATCH", "PROPFIND", "OPTIONS"]) {
        expect(await route(router, method, "/things/7")).toEqual({
          status: 200,
          body: 'any {"id":"7"}',
          allow: undefined,
        });
      }
      expect(await route(router, "GET", "/things")).toMatchObject({ status: 404 });
    });

    it("is a fallback after the specific routes of a path: no 405 any more", async () => {
      const router = new Router()
        .get("/items", named("list"))
        .post("/items", named("create"))
        .all("/items", named("fallback"));
      expect((await route(router, "GET", "/items")).body).toBe("list");
      expect((await route(router, "POST", "/items")).body).toBe("create");
      expect((await route(router, "DELETE", "/items")).body).toBe("fallback");
      expect((await route(router, "OPTIONS", "/items")).body).toBe("fallback");
      // HEAD mirrors GET (RFC 9110 §9.3.2), not the fallback added after it.
      expect((await route(router, "HEAD", "/items")).body).toBe("list");
    });

    it("competes in the order added: before a specific route it wins", async () => {
      const router = new Router().all("/x", named("all")).get("/x", named("get"));
      expect((await route(router, "GET", "/x")).body).toBe("all");
      expect((await route(router, "HEAD", "/x")).body).toBe("all");
    });

    it("leaves 405 and Allow of other paths alone and is not listed by OPTIONS *", async () => {
      const router = new Router().get("/a", named("a")).all("/b/*", named("b"));
      expect(await route(router, "POST", "/a")).toMatchObject({ status: 405, allow: "GET, HEAD" });
      expect((await route(router, "POST", "/b/c/d")).body).toBe('b {"*":"c/d"}');
      expect(await route(router, "OPTIONS", "*")).toMatchObject({ allow: "GET, HEAD, OPTIONS" });
    });
  });
});
