import { mkdtempSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as undiciRequest } from "undici";
import { describe, expect, it } from "vitest";
import { createServer, ServerError, serve, supportsReusePort } from "../src/index.js";
import { RawClient, start } from "./helpers.js";

describe("listening", () => {
  it("serves over IPv6 loopback and shows it in url", async () => {
    const server = await serve({
      port: 0,
      hostname: "::1",
      handler: (request) => ({ body: request.remoteAddress }),
    });
    try {
      expect(server.url.hostname).toBe("[::1]");
      const response = await undiciRequest(server.url);
      expect(await response.body.text()).toBe("::1");
    } finally {
      await server.close({ deadline: 100 });
    }
  });

  it("serves over a Unix domain socket", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "hw-sock-")), "s.sock");
    const server = await serve({ path, handler: () => ({ body: "unix" }) });
    try {
      expect(server.address).toBe(path);
      expect(server.url.protocol).toBe("http+unix:");
      const text = await new Promise<string>((resolve, reject) => {
        const req = httpRequest({ socketPath: path, path: "/" }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve(body));
        });
        req.on("error", reject);
        req.end();
      });
      expect(text).toBe("unix");
    } finally {
      await server.close({ deadline: 100 });
    }
  });

  it("createServer does not listen until listen(); close() without connections resolves", async () => {
    const server = createServer({ port: 0, hostname: "127.0.0.1", handler: () => ({ body: "x" }) });
    expect(server.address).toBeNull();
    await server.listen();
    expect(typeof server.address).toBe("object");
    await server.close();
  });

  it("reusePort: 'auto' binds wherever it runs; true is refused where SO_REUSEPORT cannot work", async () => {
    const auto = await serve({
      port: 0,
      hostname: "127.0.0.1",
      reusePort: "auto",
      handler: () => ({ body: "auto" }),
    });
    try {
      const response = await undiciRequest(auto.url);
      expect(await response.body.text()).toBe("auto");
    } finally {
      await auto.close({ deadline: 100 });
    }
    const strict = createServer({
      port: 0,
      hostname: "127.0.0.1",
      reusePort: true,
      handler: () => ({}),
    });
    if (supportsReusePort()) {
      await strict.listen();
      await strict.close({ deadline: 100 });
    } else {
      // Node.js before 22.12 would ignore the option: a second process would get EADDRINUSE.
      await expect(strict.listen()).rejects.toMatchObject({ code: "HW_SERVER_INVALID_OPTIONS" });
      expect(strict.address).toBe(null);
    }
  });

  it("refuses options with both or neither of handler and fetch", () => {
    expect(() => createServer({})).toThrow(ServerError);
    expect(() => createServer({ handler: () => ({}), fetch: () => new Response() })).toThrow(
      expect.objectContaining({ code: "HW_SERVER_INVALID_OPTIONS" }),
    );
  });

  it("answers 408 when the content does not arrive within requestTimeout", async () => {
    const server = await start({
      requestTimeout: 300,
      handler: async (request) => ({ body: await request.text() }),
    });
    const client = await RawClient.open(server.port);
    try {
      client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial");
      const text = await client.untilClosed();
      expect(text.startsWith("HTTP/1.1 408 ")).toBe(true);
    } finally {
      client.close();
      await server.close({ deadline: 100 });
    }
  });
});
