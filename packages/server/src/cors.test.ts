import { corsCheck } from "@hyperwire/headers";
import { describe, expect, it, vi } from "vitest";
import { fakeRequest } from "../test/fake-request.js";
import { withCors } from "./cors.js";
import { toResponseFields } from "./response-fields.js";
import type { Handler } from "./server-options.js";

const app: Handler = () => ({ headers: { "content-type": "text/plain" }, body: "data" });
const fields = (response: { headers?: unknown }) =>
  toResponseFields(response.headers as Parameters<typeof toResponseFields>[0]);

function preflight(origin: string, method = "PUT", headers?: string) {
  return fakeRequest({
    method: "OPTIONS",
    target: "/items",
    headers: {
      origin,
      "access-control-request-method": method,
      ...(headers === undefined ? {} : { "access-control-request-headers": headers }),
    },
  });
}

describe("withCors: options", () => {
  it('refuses "*" with credentials (Fetch §3.2.5) and origins that do not parse', () => {
    expect(() => withCors(app, { origin: "*", credentials: true })).toThrow(
      expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
    );
    expect(() => withCors(app, { origin: ["https://a.example/path"] })).toThrow(
      expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
    );
  });
});

describe("withCors: simple and actual requests", () => {
  it("passes requests without Origin through untouched", async () => {
    const handler = vi.fn(app);
    const response = await withCors(handler, { origin: ["https://a.example"] })(fakeRequest());
    expect(handler).toHaveBeenCalledOnce();
    expect(fields(response).has("access-control-allow-origin")).toBe(false);
  });

  it("grants a listed origin with Vary: Origin, comparing normalised origins", async () => {
    const cors = withCors(app, { origin: ["HTTPS://A.example:443", "https://b.example"] });
    const response = await cors(fakeRequest({ headers: { origin: "https://b.example" } }));
    const f = fields(response);
    expect(f.get("access-control-allow-origin")).toBe("https://b.example");
    expect(f.get("vary")).toBe("Origin");
    expect(f.has("access-control-allow-credentials")).toBe(false);
    expect(response.body).toBe("data");
    expect(
      corsCheck({
        allowOrigin: f.get("access-control-allow-origin"),
        origin: "https://b.example",
        credentials: false,
      }),
    ).toBe(true);
  });

  it("answers other origins without CORS fields but still with Vary: Origin", async () => {
    const response = await withCors(app, { origin: ["https://a.example"] })(
      fakeRequest({ headers: { origin: "https://evil.example" } }),
    );
    const f = fields(response);
    expect(f.has("access-control-allow-origin")).toBe(false);
    expect(f.get("vary")).toBe("Origin");
  });

  it('sends "*" without Vary for origin "*"', async () => {
    const response = await withCors(app, { origin: "*" })(
      fakeRequest({ headers: { origin: "https://any.example" } }),
    );
    const f = fields(response);
    expect(f.get("access-control-allow-origin")).toBe("*");
    expect(f.has("vary")).toBe(false);
  });

  it("echoes the origin with credentials and exposes headers", async () => {
    const cors = withCors(() => ({ headers: { ETag: '"1"', Vary: "Accept-Encoding" } }), {
      origin: ["https://a.example"],
      credentials: true,
      exposedHeaders: ["ETag", "X-Total"],
    });
    const f = fields(await cors(fakeRequest({ headers: { origin: "https://a.example" } })));
    expect(f.get("access-control-allow-origin")).toBe("https://a.example");
    expect(f.get("access-control-allow-credentials")).toBe("true");
    expect(f.get("access-control-expose-headers")).toBe("ETag, X-Total");
    expect(f.get("vary")).toBe("Accept-Encoding, Origin");
    expect(
      corsCheck({
        allowOrigin: f.get("access-control-allow-origin"),
        allowCredentials: f.get("access-control-allow-credentials"),
        origin: "https://a.example",
        credentials: true,
      }),
    ).toBe(true);
  });

  it("asks a function, and keeps fields the handler set", async () => {
    const decide = vi.fn((origin: string) => origin.endsWith(".trusted.example"));
    const cors = withCors(
      () => ({ headers: { "Access-Control-Allow-Origin": "https://fixed.example" } }),
      { origin: decide },
    );
    const f = fields(await cors(fakeRequest({ headers: { origin: "https://x.trusted.example" } })));
    expect(decide).toHaveBeenCalledWith("https://x.trusted.example", expect.anything());
    expect(f.getAll("access-control-allow-origin")).toEqual(["https://fixed.example"]);
  });

  it('allows the opaque origin "null" only when listed', async () => {
    const listed = await withCors(app, { origin: ["null"] })(
      fakeRequest({ headers: { origin: "null" } }),
    );
    expect(fields(listed).get("access-control-allow-origin")).toBe("null");
    const unlisted = await withCors(app, { origin: ["https://a.example"] })(
      fakeRequest({ headers: { origin: "null" } }),
    );
    expect(fields(unlisted).has("access-control-allow-origin")).toBe(false);
  });
});

describe("withCors: preflight (Fetch §4.8)", () => {
  it("answers 204 with methods, echoed headers and max-age, without calling the handler", async () => {
    const handler = vi.fn(app);
    const cors = withCors(handler, { origin: ["https://a.example"], maxAge: 3600 });
    const response = await cors(preflight("https://a.example", "PUT", "content-type,x-token"));
    expect(handler).not.toHaveBeenCalled();
    expect(response.status).toBe(204);
    const f = fields(response);
    expect(f.get("access-control-allow-origin")).toBe("https://a.example");
    expect(f.get("access-control-allow-methods")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE");
    expect(f.get("access-control-allow-headers")).toBe("content-type, x-token");
    expect(f.get("access-control-max-age")).toBe("3600");
    expect(f.get("vary")).toBe("Origin, Access-Control-Request-Headers");
  });

  it("lists configured headers and methods instead of echoing", async () => {
    const cors = withCors(app, {
      origin: "*",
      methods: ["GET", "POST"],
      allowedHeaders: ["Content-Type"],
    });
    const f = fields(await cors(preflight("https://a.example", "POST", "x-other")));
    expect(f.get("access-control-allow-origin")).toBe("*");
    expect(f.get("access-control-allow-methods")).toBe("GET, POST");
    expect(f.get("access-control-allow-headers")).toBe("Content-Type");
    expect(f.get("access-control-max-age")).toBe("600");
    expect(f.has("vary")).toBe(false);
  });

  it("gives a refused origin or a malformed preflight no grant", async () => {
    const cors = withCors(app, { origin: ["https://a.example"], credentials: true });
    for (const request of [
      preflight("https://evil.example"),
      preflight("https://a.example", "PU T"),
      preflight("https://a.example", "PUT", "bad header"),
      preflight("not an origin"),
    ]) {
      const response = await cors(request);
      expect(response.status).toBe(204);
      const f = fields(response);
      expect(f.has("access-control-allow-origin")).toBe(false);
      expect(f.has("access-control-allow-methods")).toBe(false);
    }
  });

  it("lets a plain OPTIONS (no Access-Control-Request-Method) reach the handler", async () => {
    const handler = vi.fn(app);
    await withCors(handler, { origin: "*" })(
      fakeRequest({ method: "OPTIONS", headers: { origin: "https://a.example" } }),
    );
    expect(handler).toHaveBeenCalledOnce();
  });
});
