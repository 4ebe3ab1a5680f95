// The client against Debian's nginx on loopback (config: test/nginx/nginx.conf.template):
// keep-alive reuse, pipelining, chunked and gzip responses, byte ranges, redirects,
// Basic authentication, 404, HEAD, uploads and a 1 MiB body checked by SHA-256.
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../src/agent.js";
// Bodies are compared by SHA-256: deep equality of large typed arrays is slow in vitest.
import { hasNginx, type RunningNginx, sha256, startNginx } from "./nginx-server.js";

const decoder = new TextDecoder();

// The only skip in this suite: without the nginx binary (a laptop without Debian's package)
// there is nothing to test against. CI installs it through SYSTEM_PACKAGES in .ci/run.
describe.skipIf(!hasNginx)("against nginx", () => {
  let nginx: RunningNginx;
  const agents: Agent[] = [];

  function newAgent(options: ConstructorParameters<typeof Agent>[0] = {}): Agent {
    const agent = new Agent({ connectTimeout: 5000, ...options });
    agents.push(agent);
    return agent;
  }

  beforeAll(async () => {
    nginx = await startNginx();
  });

  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    await nginx?.stop();
  });

  describe("keep-alive", () => {
    it("serves many requests over one connection", async () => {
      const agent = newAgent({ connections: 1 });
      const seen = new Set<string | null>();
      for (let i = 1; i <= 50; i++) {
        const res = await agent.request(`${nginx.url}/static/small.txt`);
        expect(res.status).toBe(200);
        expect(await res.body.text()).toBe("hello nginx\n");
        expect(res.reused).toBe(i > 1);
        expect(res.headers.get("x-connection-requests")).toBe(String(i));
        seen.add(res.headers.get("x-connection"));
      }
      expect(seen.size).toBe(1);
      expect(agent.pool(nginx.url).stats.opened).toBe(1);
    });

    it("keeps concurrent requests within the connection bound and reuses the connections", async () => {
      const agent = newAgent({ connections: 4 });
      const connections = new Set<string | null>();
      for (let round = 0; round < 5; round++) {
        const responses = await Promise.all(
          Array.from({ length: 20 }, () => agent.request(`${nginx.url}/static/small.txt`)),
        );
        for (const res of responses) {
          expect(await res.body.text()).toBe("hello nginx\n");
          connections.add(res.headers.get("x-connection"));
        }
      }
      expect(connections.size).toBeLessThanOrEqual(4);
      expect(agent.pool(nginx.url).stats.opened).toBe(connections.size);
    });

    it("counts the same accepted connections as nginx's stub_status", async () => {
      const agent = newAgent({ connections: 1 });
      const accepts = async (): Promise<number> => {
        const res = await agent.request(`${nginx.url}/nginx-status`);
        // "Active connections: 1 \nserver accepts handled requests\n 12 12 40 \n..."
        const numbers = (await res.body.text()).split("\n")[2]!.trim().split(/\s+/);
        return Number(numbers[0]);
      };
      const before = await accepts();
      for (let i = 0; i < 20; i++)
        await (await agent.request(`${nginx.url}/static/small.txt`)).body.dump();
      expect(await accepts()).toBe(before);
    });

    it("pipelines GETs on one connection and matches each response to its request", async () => {
      const agent = newAgent({ connections: 1, pipelining: 8 });
      const paths = Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0 ? "/static/small.txt" : i % 3 === 1 ? "/static/text.txt" : "/missing",
      );
      const responses = await Promise.all(
        paths.map((path) => agent.request(`${nginx.url}${path}`)),
      );
      const bodies = await Promise.all(responses.map((res) => res.body.bytes()));
      paths.forEach((path, i) => {
        if (path === "/static/small.txt")
          expect(sha256(bodies[i]!)).toBe(sha256(nginx.files.small));
        else if (path === "/static/text.txt")
          expect(sha256(bodies[i]!)).toBe(sha256(nginx.files.text));
        else expect(responses[i]!.status).toBe(404);
      });
      expect(new Set(responses.map((res) => res.headers.get("x-connection"))).size).toBe(1);
    });
  });

  describe("chunked and gzip responses", () => {
    it("reads a chunked response without a content coding", async () => {
      const res = await newAgent().request(`${nginx.url}/chunked/text.txt`);
      expect(res.headers.get("transfer-encoding")).toBe("chunked");
      expect(res.headers.has("content-length")).toBe(false);
      const expected = decoder.decode(nginx.files.text).replaceAll("hyperwire", "HYPERWIRE");
      expect(await res.body.text()).toBe(expected);
      expect((await res.trailers).size).toBe(0);
    });

    it("decodes a chunked gzip response (Accept-Encoding sent by default)", async () => {
      const agent = newAgent({ connections: 1 });
      const res = await agent.request(`${nginx.url}/gzip/text.txt`);
      expect(res.headers.get("content-encoding")).toBe("gzip");
      expect(res.headers.get("transfer-encoding")).toBe("chunked");
      expect(sha256(await res.body.bytes())).toBe(sha256(nginx.files.text));
      // The connection survives a decoded chunked body.
      const again = await agent.request(`${nginx.url}/gzip/text.txt`);
      expect(again.reused).toBe(true);
      expect(sha256(await again.body.bytes())).toBe(sha256(nginx.files.text));
    });

    it("hands over the gzip bytes as sent with decompress: false", async () => {
      // Without decompression no Accept-Encoding is added: ask for gzip explicitly.
      const res = await newAgent().request(`${nginx.url}/gzip/text.txt`, {
        decompress: false,
        headers: { "accept-encoding": "gzip" },
      });
      expect(res.headers.get("content-encoding")).toBe("gzip");
      const raw = await res.body.bytes();
      expect(raw.byteLength).toBeLessThan(nginx.files.text.byteLength);
      expect(sha256(gunzipSync(raw))).toBe(sha256(nginx.files.text));
    });

    it("keeps an Accept-Encoding the caller set, and gets identity", async () => {
      const res = await newAgent().request(`${nginx.url}/gzip/text.txt`, {
        headers: { "accept-encoding": "identity" },
      });
      expect(res.headers.has("content-encoding")).toBe(false);
      expect(sha256(await res.body.bytes())).toBe(sha256(nginx.files.text));
    });

    it("decodes 1 MiB of gzip-coded random bytes intact", async () => {
      const res = await newAgent().request(`${nginx.url}/gzip/large.bin`);
      expect(res.headers.get("content-encoding")).toBe("gzip");
      expect(sha256(await res.body.bytes())).toBe(sha256(nginx.files.large));
    });
  });

  describe("byte ranges (RFC 9110 §14)", () => {
    it("answers one range with 206 and Content-Range", async () => {
      const res = await newAgent().request(`${nginx.url}/static/small.txt`, {
        headers: { range: "bytes=0-4" },
      });
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe("bytes 0-4/12");
      expect(res.headers.get("content-length")).toBe("5");
      expect(await res.body.text()).toBe("hello");
    });

    it("answers a suffix range", async () => {
      const res = await newAgent().request(`${nginx.url}/static/small.txt`, {
        headers: { range: "bytes=-6" },
      });
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe("bytes 6-11/12");
      expect(await res.body.text()).toBe("nginx\n");
    });

    it("reads a range of the large file byte for byte", async () => {
      const res = await newAgent().request(`${nginx.url}/static/large.bin`, {
        headers: { range: "bytes=1000-500999" },
      });
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe("bytes 1000-500999/1048576");
      expect(sha256(await res.body.bytes())).toBe(sha256(nginx.files.large.subarray(1000, 501000)));
    });

    it("answers two ranges with multipart/byteranges", async () => {
      const res = await newAgent().request(`${nginx.url}/static/small.txt`, {
        headers: { range: "bytes=0-4,6-10" },
      });
      expect(res.status).toBe(206);
      const contentType = res.headers.get("content-type") ?? "";
      const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(contentType)?.[1];
      expect(boundary).toBeDefined();
      const body = await res.body.text();
      // RFC 9110 §14.6: each part has its own Content-Type and Content-Range.
      const parts = body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => {
          const [head = "", content = ""] = part.replace(/^\r\n/, "").split("\r\n\r\n");
          return { head, content: content.replace(/\r\n$/, "") };
        });
      expect(parts).toHaveLength(2);
      expect(parts[0]!.head).toContain("Content-Range: bytes 0-4/12");
      expect(parts[0]!.content).toBe("hello");
      expect(parts[1]!.head).toContain("Content-Range: bytes 6-10/12");
      expect(parts[1]!.content).toBe("nginx");
      expect(body.trimEnd().endsWith(`--${boundary}--`)).toBe(true);
    });

    it("answers an unsatisfiable range with 416 and keeps the connection", async () => {
      const agent = newAgent({ connections: 1 });
      const res = await agent.request(`${nginx.url}/static/small.txt`, {
        headers: { range: "bytes=100-200" },
      });
      expect(res.status).toBe(416);
      expect(res.headers.get("content-range")).toBe("bytes */12");
      await res.body.dump();
      const next = await agent.request(`${nginx.url}/static/small.txt`);
      expect(next.reused).toBe(true);
      expect(await next.body.text()).toBe("hello nginx\n");
    });
  });

  describe("redirects", () => {
    it("returns the 3xx when not asked to follow", async () => {
      const res = await newAgent().request(`${nginx.url}/redirect/301`);
      expect(res.status).toBe(301);
      expect(res.headers.get("location")).toBe("/static/small.txt");
      await res.body.dump();
    });

    it.each([301, 302])("follows %i to a relative Location", async (status) => {
      const res = await newAgent().request(`${nginx.url}/redirect/${status}`, {
        redirect: { max: 5 },
      });
      expect(res.status).toBe(200);
      expect(res.url).toBe(`${nginx.url}/static/small.txt`);
      expect(res.redirects).toEqual([`${nginx.url}/redirect/${status}`]);
      expect(await res.body.text()).toBe("hello nginx\n");
    });

    it("follows a chain of two", async () => {
      const res = await newAgent().request(`${nginx.url}/redirect/chain`, { redirect: { max: 5 } });
      expect(res.status).toBe(200);
      expect(res.redirects).toEqual([`${nginx.url}/redirect/chain`, `${nginx.url}/redirect/301`]);
      await res.body.dump();
    });

    it.each([301, 302])(
      "turns POST into GET after %i (RFC 9110 §15.4.2, §15.4.3)",
      async (status) => {
        const res = await newAgent().request(`${nginx.url}/redirect/${status}`, {
          method: "POST",
          body: "hello nginx",
          redirect: { max: 5 },
        });
        // The GET reached the static file (a POST there would be 405).
        expect(res.status).toBe(200);
        expect(await res.body.text()).toBe("hello nginx\n");
      },
    );

    it.each([
      [303, "GET  "],
      [307, "POST 11 "],
      [308, "POST 11 "],
    ])("after %i the server sees %j (method and content)", async (status, echoed) => {
      const res = await newAgent().request(`${nginx.url}/redirect/${status}`, {
        method: "POST",
        body: "hello nginx",
        redirect: { max: 5 },
      });
      expect(res.status).toBe(200);
      expect(res.url).toBe(`${nginx.url}/method`);
      expect(await res.body.text()).toBe(echoed);
    });

    it("stops a redirect loop", async () => {
      await expect(
        newAgent().request(`${nginx.url}/redirect/loop`, { redirect: { max: 5 } }),
      ).rejects.toMatchObject({ code: "HW_CLIENT_REDIRECT_LOOP" });
    });

    it("follows through fetch()", async () => {
      const res = await newAgent().fetch(`${nginx.url}/redirect/307`, {
        method: "PUT",
        body: "abc",
      });
      expect(res.status).toBe(200);
      expect(res.redirected).toBe(true);
      expect(res.url).toBe(`${nginx.url}/method`);
      expect(await res.text()).toBe("PUT 3 ");
    });
  });

  describe("Basic authentication (RFC 7617)", () => {
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;

    it("gets a 401 with a Basic challenge, then the file with credentials on the same connection", async () => {
      const agent = newAgent({ connections: 1 });
      const denied = await agent.request(`${nginx.url}/private/small.txt`);
      expect(denied.status).toBe(401);
      expect(denied.headers.get("www-authenticate")).toBe('Basic realm="hyperwire tests"');
      await denied.body.dump();
      const { user, password } = nginx.credentials;
      const res = await agent.request(`${nginx.url}/private/small.txt`, {
        headers: { authorization: basic(user, password) },
      });
      expect(res.status).toBe(200);
      expect(res.reused).toBe(true);
      expect(await res.body.text()).toBe("hello nginx\n");
    });

    it("answers nginx's Basic challenge with the auth option", async () => {
      const agent = newAgent({ connections: 1 });
      const { user, password } = nginx.credentials;
      const res = await agent.request(`${nginx.url}/private/small.txt`, {
        auth: { username: user, password },
      });
      expect(res.status).toBe(200);
      expect(await res.body.text()).toBe("hello nginx\n");
    });

    it("answers the challenge with credentials from the URL's userinfo", async () => {
      const { user, password } = nginx.credentials;
      const url = new URL(`${nginx.url}/private/small.txt`);
      url.username = user;
      url.password = password;
      const res = await newAgent().request(url);
      expect(res.status).toBe(200);
      expect(res.url).toBe(`${nginx.url}/private/small.txt`);
      await res.body.dump();
    });

    it("returns the 401 when nginx refuses the auth option's credentials", async () => {
      const res = await newAgent().request(`${nginx.url}/private/small.txt`, {
        auth: { username: nginx.credentials.user, password: "wrong" },
      });
      expect(res.status).toBe(401);
      await res.body.dump();
    });

    it("is refused with a wrong password", async () => {
      const res = await newAgent().request(`${nginx.url}/private/small.txt`, {
        headers: { authorization: basic(nginx.credentials.user, "wrong") },
      });
      expect(res.status).toBe(401);
      await res.body.dump();
    });
  });

  describe("404 and HEAD", () => {
    it("reads a 404 body and keeps the connection", async () => {
      const agent = newAgent({ connections: 1 });
      const res = await agent.request(`${nginx.url}/does-not-exist`);
      expect(res.status).toBe(404);
      expect(res.statusText).toBe("Not Found");
      expect(await res.body.text()).toContain("404 Not Found");
      const next = await agent.request(`${nginx.url}/static/small.txt`);
      expect(next.reused).toBe(true);
      expect(next.headers.get("x-connection")).toBe(res.headers.get("x-connection"));
      await next.body.dump();
    });

    it("reads HEAD as bodiless despite Content-Length, then reuses the connection", async () => {
      const agent = newAgent({ connections: 1 });
      const head = await agent.request(`${nginx.url}/static/large.bin`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-length")).toBe(String(1024 * 1024));
      expect((await head.body.bytes()).byteLength).toBe(0);
      const get = await agent.request(`${nginx.url}/static/large.bin`);
      expect(get.reused).toBe(true);
      expect(sha256(await get.body.bytes())).toBe(sha256(nginx.files.large));
    });
  });

  describe("a 1 MiB body", () => {
    it("arrives intact through bytes(), async iteration and fetch()", async () => {
      const agent = newAgent({ connections: 2 });
      const expected = sha256(nginx.files.large);
      const viaBytes = await agent.request(`${nginx.url}/static/large.bin`);
      expect(viaBytes.headers.get("content-length")).toBe(String(1024 * 1024));
      expect(sha256(await viaBytes.body.bytes())).toBe(expected);

      const viaIteration = await agent.request(`${nginx.url}/static/large.bin`);
      const chunks: Uint8Array[] = [];
      for await (const chunk of viaIteration.body) chunks.push(chunk.slice());
      expect(sha256(Buffer.concat(chunks))).toBe(expected);

      const viaFetch = await agent.fetch(`${nginx.url}/static/large.bin`);
      expect(sha256(new Uint8Array(await viaFetch.arrayBuffer()))).toBe(expected);
    });

    it("uploads with Content-Length and with chunked coding, and reads each back", async () => {
      const agent = newAgent();
      const expected = sha256(nginx.files.large);
      const sized = await agent.request(`${nginx.url}/uploads/sized.bin`, {
        method: "PUT",
        body: nginx.files.large,
        expectContinue: true,
      });
      expect(sized.status).toBe(201);
      await sized.body.dump();

      const pieces = Array.from({ length: 16 }, (_, i) =>
        nginx.files.large.subarray(i * 65536, (i + 1) * 65536),
      );
      const streamed = await agent.request(`${nginx.url}/uploads/streamed.bin`, {
        method: "PUT",
        body: Readable.from(pieces),
      });
      expect(streamed.status).toBe(201);
      await streamed.body.dump();

      for (const name of ["sized.bin", "streamed.bin"]) {
        const res = await agent.request(`${nginx.url}/uploads/${name}`);
        expect(sha256(await res.body.bytes())).toBe(expected);
      }
    });
  });
});
