// fetch(): WHATWG Request/Response on the same agent as request().
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Agent } from "../src/agent.js";
import { ClientError } from "../src/errors.js";
import { fetch } from "../src/request.js";
import { closeAfterEach } from "./close-after-each.js";
import { httpServer, readAll } from "./servers.js";

const { track, newAgent } = closeAfterEach();

describe("fetch()", () => {
  it("GET returns a WHATWG Response with status, headers and a JSON body", async () => {
    const server = track(
      await httpServer((req, res) => {
        res.setHeader("content-type", "application/json");
        res.setHeader("content-encoding", "gzip");
        res.end(zlib.gzipSync(JSON.stringify({ path: req.url })));
      }),
    );
    const agent = newAgent();
    const res = await agent.fetch(`${server.url}/items/1`);
    expect(res).toBeInstanceOf(Response);
    expect(res.ok).toBe(true);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.url).toBe(`${server.url}/items/1`);
    expect(await res.json()).toEqual({ path: "/items/1" });
  });

  it("POST from a Request object, redirected with 303 to a GET", async () => {
    const server = track(
      await httpServer(async (req, res) => {
        const body = await readAll(req);
        if (req.url === "/form") res.writeHead(303, { location: "/done" }).end();
        else res.end(`${req.method} ${req.url} ${body}`);
      }),
    );
    const agent = newAgent();
    const res = await fetch(new Request(`${server.url}/form`, { method: "POST", body: "a=1" }), {
      agent,
    } as RequestInit & { agent: Agent });
    expect(res.redirected).toBe(true);
    expect(await res.text()).toBe("GET /done ");
  });

  it("sends a string body with Content-Length and its Content-Type", async () => {
    const server = track(
      await httpServer(async (req, res) => {
        res.end(
          `${req.headers["content-length"]} ${req.headers["content-type"]} ${await readAll(req)}`,
        );
      }),
    );
    const agent = newAgent();
    const res = await agent.fetch(server.url, { method: "POST", body: "hello" });
    expect(await res.text()).toBe("5 text/plain;charset=UTF-8 hello");
  });

  it("a HEAD or 204 response has a null body", async () => {
    const server = track(await httpServer((_req, res) => res.writeHead(204).end()));
    const agent = newAgent();
    const res = await agent.fetch(server.url);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });

  it("redirect: manual returns the 3xx; redirect: error rejects", async () => {
    const server = track(
      await httpServer((_req, res) => res.writeHead(302, { location: "/elsewhere" }).end()),
    );
    const agent = newAgent();
    const manual = await agent.fetch(server.url, { redirect: "manual" });
    expect(manual.status).toBe(302);
    await expect(agent.fetch(server.url, { redirect: "error" })).rejects.toBeInstanceOf(TypeError);
  });

  it("a network failure is a TypeError whose cause is the typed ClientError", async () => {
    const server = track(await httpServer((req) => req.socket.destroy()));
    const agent = newAgent();
    const error = (await agent.fetch(server.url).catch((e: unknown) => e)) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.cause).toBeInstanceOf(ClientError);
    expect((error.cause as ClientError).code).toBe("HW_CLIENT_CLOSED_BEFORE_RESPONSE");
  });

  it("an abort rejects with the signal's reason", async () => {
    const server = track(await httpServer(() => {}));
    const agent = newAgent();
    const controller = new AbortController();
    const pending = agent.fetch(server.url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
