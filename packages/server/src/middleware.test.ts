import { describe, expect, it } from "vitest";
import { fakeRequest } from "../test/feature-request.js";
import { compose, type Middleware } from "./middleware.js";

const tag =
  (name: string): Middleware =>
  (handler) =>
  async (request) => {
    const response = await handler(request);
    return { ...response, body: `${name}(${String(response.body)})` };
  };

describe("compose", () => {
  it("applies the first middleware outermost", async () => {
    const handler = compose(tag("a"), tag("b"))(() => ({ body: "h" }));
    expect((await handler(fakeRequest("GET", "/"))).body).toBe("a(b(h))");
  });

  it("returns the handler itself without middlewares", () => {
    const handler = () => ({ body: "h" });
    expect(compose()(handler)).toBe(handler);
  });
});
