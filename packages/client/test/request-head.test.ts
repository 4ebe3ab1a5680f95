import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../src/index.js";

/** A raw server that records the bytes of each request head and answers 204. */
let server: Server;
let origin: string;
const heads: string[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      const end = buffered.indexOf("\r\n\r\n");
      if (end === -1) return;
      heads.push(buffered.slice(0, end));
      buffered = buffered.slice(end + 4);
      socket.write("HTTP/1.1 204 No Content\r\n\r\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  origin = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("the request head the client writes", () => {
  it("puts Host first, before the caller's fields (RFC 9110 §7.2)", async () => {
    heads.length = 0;
    const response = await request(`${origin}/first`, {
      headers: { "X-Early": "1", Accept: "text/plain" },
      timeout: 5_000,
    });
    await response.body.dump();
    const lines = heads[0]!.split("\r\n");
    expect(lines[0]).toBe("GET /first HTTP/1.1");
    expect(lines[1]).toBe(`Host: ${new URL(origin).host}`);
    expect(lines.slice(2)).toContain("X-Early: 1");
  });

  it("keeps a Host the caller set, where the caller put it, and sends only one", async () => {
    heads.length = 0;
    const response = await request(`${origin}/own-host`, {
      headers: { Accept: "text/plain", Host: "example.test" },
      timeout: 5_000,
    });
    await response.body.dump();
    const lines = heads[0]!.split("\r\n");
    expect(lines.filter((line) => /^host:/i.test(line))).toEqual(["Host: example.test"]);
    expect(lines.indexOf("Host: example.test")).toBeGreaterThan(
      lines.findIndex((line) => line.startsWith("Accept:")),
    );
  });
});
