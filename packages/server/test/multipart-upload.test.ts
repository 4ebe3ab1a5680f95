import { FormData as UndiciFormData, fetch as undiciFetch } from "undici";
import { describe, expect, it } from "vitest";
import type { MultipartPart } from "../src/index.js";
import { closeAfterEach } from "./close-after-each.js";

/** multipart/form-data uploads from undici's FormData and over a raw socket. */

const { start, open } = closeAfterEach();

describe("multipart/form-data", () => {
  it("undici FormData: formData() returns fields and File objects", async () => {
    const server = await start({
      handler: async (request) => {
        const form = await request.formData();
        const out: string[] = [];
        for (const [name, value] of form) {
          out.push(
            typeof value === "string"
              ? `${name}=${value}`
              : `${name}: ${value.name} ${value.type} ${value.size} ${await value.text()}`,
          );
        }
        return { body: out.join("\n") };
      },
    });
    const form = new UndiciFormData();
    form.append("greeting", "hello");
    form.append("emoji", "🙂");
    form.append("doc", new Blob(["<p>hi</p>"], { type: "text/html" }), "page.html");
    form.append("raw", new Blob([new Uint8Array([1, 2, 3])]), "data.bin");
    const response = await undiciFetch(`http://127.0.0.1:${server.port}/`, {
      method: "POST",
      body: form,
    });
    expect(response.status).toBe(200);
    expect((await response.text()).split("\n")).toEqual([
      "greeting=hello",
      "emoji=🙂",
      "doc: page.html text/html 9 <p>hi</p>",
      `raw: data.bin application/octet-stream 3 ${"\u0001\u0002\u0003"}`,
    ]);
  });

  it("parts() streams a large file without buffering it, then reads the next field", async () => {
    const size = 8 * 1024 * 1024;
    let largestChunk = 0;
    const server = await start({
      handler: async (request) => {
        const seen: string[] = [];
        for await (const part of request.parts() as AsyncIterable<MultipartPart>) {
          if (part.kind === "file") {
            let total = 0;
            for await (const chunk of part) {
              total += chunk.byteLength;
              largestChunk = Math.max(largestChunk, chunk.byteLength);
            }
            seen.push(`${part.name}:${total}`);
          } else {
            seen.push(`${part.name}=${part.value}`);
          }
        }
        return { body: seen.join(",") };
      },
    });
    const form = new UndiciFormData();
    form.append("big", new Blob([new Uint8Array(size).fill(0x2d)]), "dashes.bin");
    form.append("after", "ok");
    const response = await undiciFetch(`http://127.0.0.1:${server.port}/`, {
      method: "POST",
      body: form,
    });
    expect(await response.text()).toBe(`big:${size},after=ok`);
    expect(largestChunk).toBeLessThan(1024 * 1024);
  });

  it("too many parts → 413, malformed → 400, another type → 415 (uncaught errors keep their status)", async () => {
    const server = await start({
      multipart: { maxParts: 2 },
      handler: async (request) => ({ body: `${[...(await request.formData()).keys()]}` }),
    });
    const url = `http://127.0.0.1:${server.port}/`;
    const form = new UndiciFormData();
    for (const name of ["a", "b", "c"]) form.append(name, name);
    expect((await undiciFetch(url, { method: "POST", body: form })).status).toBe(413);

    const broken = await undiciFetch(url, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--xyz--",
    });
    expect(broken.status).toBe(400);
    const noBoundary = await undiciFetch(url, {
      method: "POST",
      headers: { "content-type": "multipart/form-data" },
      body: "x",
    });
    expect(noBoundary.status).toBe(400);
    const other = await undiciFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(other.status).toBe(415);
  });

  it("a body that stops before its close-delimiter fails the parse with 400 over a raw socket", async () => {
    const server = await start({
      handler: async (request) => ({ body: `${[...(await request.formData()).keys()]}` }),
    });
    const client = await open(server.port);
    const content = '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue';
    client.write(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${content.length}\r\n\r\n${content}`,
    );
    const [response] = await client.responses(1);
    expect(response!.status).toBe(400);
  });
});
