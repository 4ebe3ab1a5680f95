// The plain request (no extras) takes a shorter path than the whole algorithm;
// these check that a user cannot tell them apart, including when a redirect
// response hands the call over to the redirect policy mid-way.
import { describe, expect, it } from "vitest";
import { ClientError } from "../src/errors.js";
import { RedirectPolicy } from "../src/redirect-policy.js";
import { closeAfterEach } from "./close-after-each.js";
import { httpServer, readAll } from "./servers.js";

const { track, newAgent } = closeAfterEach();

describe("a plain request", () => {
  it("sends Host first, the caller's fields, Accept-Encoding and the body's Content-Type", async () => {
    const server = track(
      await httpServer(async (req, res) => {
        res.end(JSON.stringify({ raw: req.rawHeaders, body: await readAll(req) }));
      }),
    );
    const agent = newAgent();
    const res = await agent.request(`${server.url}/x`, {
      method: "POST",
      headers: [["X-Trace", "7"]],
      body: new URLSearchParams({ a: "1" }),
    });
    const seen = (await res.body.json()) as { raw: string[]; body: string };
    expect(seen.raw.filter((_, i) => i % 2 === 0)).toEqual([
      "Host",
      "X-Trace",
      "Accept-Encoding",
      "Content-Type",
      "Content-Length",
    ]);
    expect(seen.raw[1]).toBe(new URL(server.url).host);
    expect(seen.body).toBe("a=1");
    expect(res.url).toBe(`${server.url}/x`);
    expect(res.redirects).toEqual([]);
    expect(res.attempts).toBe(1);
  });

  it("keeps a caller's Host and Accept-Encoding as given", async () => {
    const server = track(
      await httpServer((req, res) => {
        res.end(`${req.headers.host} ${req.headers["accept-encoding"]}`);
      }),
    );
    const res = await newAgent().request(server.url, {
      headers: { host: "example.test", "accept-encoding": "identity" },
    });
    expect(await res.body.text()).toBe("example.test identity");
  });

  it("rejects invalid fields and bodies instead of throwing", async () => {
    const agent = newAgent();
    const bad = agent.request("http://127.0.0.1:9/", { headers: { "bad name": "x" } });
    await expect(bad).rejects.toThrow();
    const body = agent.request("http://127.0.0.1:9/", {
      method: "POST",
      body: 42 as unknown as string,
    });
    await expect(body).rejects.toBeInstanceOf(ClientError);
  });

  it("hands a redirect over to the policy: a POST answered 303 is sent once, then a GET", async () => {
    const seen: string[] = [];
    const server = track(
      await httpServer(async (req, res) => {
        const body = await readAll(req);
        seen.push(`${req.method} ${req.url} ${body}`);
        if (req.url === "/form") res.writeHead(303, { location: "/done" }).end();
        else res.end("done");
      }),
    );
    const res = await newAgent().request(`${server.url}/form`, {
      method: "POST",
      body: "a=1",
      redirect: new RedirectPolicy(),
    });
    expect(await res.body.text()).toBe("done");
    expect(seen).toEqual(["POST /form a=1", "GET /done "]);
    expect(res.url).toBe(`${server.url}/done`);
    expect(res.redirects).toEqual([`${server.url}/form`]);
  });

  it("hands a 307 over with its body, and the policy's limit still counts the first hop", async () => {
    const seen: string[] = [];
    const server = track(
      await httpServer(async (req, res) => {
        seen.push(`${req.method} ${req.url} ${await readAll(req)}`);
        const n = Number(req.url!.slice(1));
        if (n < 3) res.writeHead(307, { location: `/${n + 1}` }).end();
        else res.end("end");
      }),
    );
    const agent = newAgent();
    const res = await agent.request(`${server.url}/0`, {
      method: "PUT",
      body: "b",
      redirect: { max: 3 },
    });
    expect(await res.body.text()).toBe("end");
    expect(seen).toEqual(["PUT /0 b", "PUT /1 b", "PUT /2 b", "PUT /3 b"]);
    expect(res.redirects).toHaveLength(3);
    seen.length = 0;
    const tooMany = agent.request(`${server.url}/0`, { redirect: { max: 2 } });
    await expect(tooMany).rejects.toMatchObject({ code: "HW_CLIENT_TOO_MANY_REDIRECTS" });
    expect(seen).toEqual(["GET /0 ", "GET /1 ", "GET /2 "]);
  });

  it("returns a redirect it is not asked to follow as it is", async () => {
    const server = track(
      await httpServer((_req, res) => res.writeHead(302, { location: "/elsewhere" }).end("moved")),
    );
    const res = await newAgent().request(server.url, { redirect: false });
    expect(res.status).toBe(302);
    expect(await res.body.text()).toBe("moved");
  });
});
