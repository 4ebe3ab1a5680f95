/**
 * Responses the server remembers (the encoded string body, the head, the
 * joined head and content): repeating a response must reuse them, and
 * anything that changed must never be answered from them.
 */
import { describe, expect, it } from "vitest";
import { joinHeadAndContent } from "../src/joined-response.js";
import { closeAfterEach } from "./close-after-each.js";

const { start, open } = closeAfterEach();

describe("joinHeadAndContent", () => {
  it("copies head then content, and gives the same buffer for the same pair", () => {
    const head = new TextEncoder().encode("HTTP/1.1 200 OK\r\n\r\n");
    const content = new TextEncoder().encode("hi");
    const joined = joinHeadAndContent(head, content)!;
    expect(Buffer.from(joined).toString("latin1")).toBe("HTTP/1.1 200 OK\r\n\r\nhi");
    expect(joinHeadAndContent(head, content)).toBe(joined);
    const other = new TextEncoder().encode("ho");
    expect(Buffer.from(joinHeadAndContent(head, other)!).toString("latin1")).toBe(
      "HTTP/1.1 200 OK\r\n\r\nho",
    );
  });

  it("leaves a large pair it does not remember to writev, rather than copy it", () => {
    const head = new TextEncoder().encode("HTTP/1.1 200 OK\r\n\r\n");
    expect(joinHeadAndContent(head, new Uint8Array(64 * 1024))).toBeNull();
  });
});

describe("repeated responses on a connection", () => {
  it("answers a constant string the same on every request, and a changed one at once", async () => {
    let body = "constant\n";
    const server = await start({ handler: () => ({ body }) });
    const client = await open(server.port);
    // One request at a time: each response is written on its own (the memoized path).
    for (let i = 1; i <= 5; i++) {
      client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      expect((await client.responses(i)).at(-1)!.body).toBe("constant\n");
    }
    body = "changed, and longer\n";
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const changed = (await client.responses(6)).at(-1)!;
    expect(changed.body).toBe("changed, and longer\n");
    expect(changed.headers["content-length"]).toBe("20");
  });

  it("sends the current contents of a Uint8Array the handler changes between responses", async () => {
    // The same object returned again with other bytes in it: nothing may be answered from memory.
    const bytes = new TextEncoder().encode("first\n");
    const server = await start({ handler: () => ({ body: bytes }) });
    const client = await open(server.port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect((await client.responses(1))[0]!.body).toBe("first\n");
    bytes.set(new TextEncoder().encode("other\n"));
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect((await client.responses(2))[1]!.body).toBe("other\n");
  });
});
