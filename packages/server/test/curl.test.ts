import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createServer,
  type HttpServer,
  type ServeOptions,
  withBasicAuth,
  withCompression,
  withDigestAuth,
  withRanges,
} from "../src/index.js";
import { start } from "./helpers.js";

/**
 * Integration with the curl command-line client from Debian (installed by
 * .ci/run). Each test runs curl against a loopback server; curl's `-v` trace
 * (stderr) shows what went over the wire.
 */

const CURL = "/usr/bin/curl";
let server: (HttpServer & { port: number }) | undefined;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hw-curl-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await server?.close({ deadline: 100 });
  server = undefined;
});

interface CurlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve) => {
    execFile(
      CURL,
      ["--silent", "--show-error", "--max-time", "15", ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The response lines of a `-v` trace ("< …"), CR stripped. */
function received(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("< "))
    .map((line) => line.slice(2).replace(/\r$/, ""));
}

/** The request lines of a `-v` trace ("> …"). */
function sent(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("> "))
    .map((line) => line.slice(2).replace(/\r$/, ""));
}

async function serveWith(options: ServeOptions): Promise<string> {
  server = await start(options);
  return `http://127.0.0.1:${server.port}`;
}

describe("curl", () => {
  it("-v GET: status line, Date, Content-Length, keep-alive", async () => {
    const base = await serveWith({
      handler: (request) => ({
        headers: { "Content-Type": "text/plain" },
        body: `hello ${request.path} ${request.headers.get("user-agent")?.split("/")[0]}\n`,
      }),
    });
    const result = await curl(["-v", `${base}/greet`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("hello /greet curl\n");
    const lines = received(result.stderr);
    expect(lines[0]).toBe("HTTP/1.1 200 OK");
    expect(lines).toContain("Content-Type: text/plain");
    expect(lines).toContain("Content-Length: 18");
    expect(
      lines.some((line) => /^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/.test(line)),
    ).toBe(true);
    expect(lines).toContain("Keep-Alive: timeout=5");
    expect(result.stderr).toMatch(/left intact/);
  });

  it("--http1.0: answered as HTTP/1.1 (RFC 9110 §2.5) with Connection: close, and closed", async () => {
    let version = "";
    const base = await serveWith({
      handler: (request) => {
        version = request.version;
        return { body: "old client\n" };
      },
    });
    const result = await curl(["-v", "--http1.0", `${base}/`]);
    expect(result.code).toBe(0);
    expect(sent(result.stderr)[0]).toBe("GET / HTTP/1.0");
    expect(version).toBe("1.0");
    expect(result.stdout).toBe("old client\n");
    const lines = received(result.stderr);
    // RFC 9110 §2.5: a server sends the highest minor version it conforms to
    // within the request's major version: HTTP/1.1, which a 1.0 client reads.
    expect(lines[0]).toBe("HTTP/1.1 200 OK");
    // RFC 9112 §9.3: a 1.0 request without "keep-alive" does not persist.
    expect(lines).toContain("Connection: close");
    expect(lines.some((line) => line.toLowerCase().startsWith("keep-alive:"))).toBe(false);
    expect(result.stderr).not.toMatch(/left intact/);
  });

  it("--http1.0 with Connection: keep-alive persists", async () => {
    const base = await serveWith({ handler: () => ({ body: "again\n" }) });
    const result = await curl([
      "-v",
      "--http1.0",
      "-H",
      "Connection: keep-alive",
      `${base}/a`,
      `${base}/b`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("again\nagain\n");
    expect(received(result.stderr)).toContain("Connection: keep-alive");
    expect(result.stderr).toMatch(/Re-using existing connection/i);
  });

  it("--data: a urlencoded form reaches formData()", async () => {
    const base = await serveWith({
      handler: async (request) => {
        const form = await request.formData();
        return { body: `${request.method} a=${form.get("a")} b=${form.get("b")}\n` };
      },
    });
    const result = await curl(["--data", "a=1&b=two+words%21", `${base}/form`]);
    expect(result.stdout).toBe("POST a=1 b=two words!\n");
  });

  it("Expect: 100-continue with a large body: 100 when the handler reads, then 200", async () => {
    const file = join(dir, "big.bin");
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 0x61));
    const base = await serveWith({
      handler: async (request) => ({ body: `got ${(await request.bytes()).byteLength}\n` }),
    });
    const result = await curl([
      "-v",
      "--expect100-timeout",
      "30",
      "-H",
      "Expect: 100-continue",
      "--data-binary",
      `@${file}`,
      `${base}/upload`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`got ${3 * 1024 * 1024}\n`);
    const statusLines = received(result.stderr).filter((line) => line.startsWith("HTTP/"));
    expect(statusLines).toEqual(["HTTP/1.1 100 Continue", "HTTP/1.1 200 OK"]);
  });

  it("Expect: 100-continue answered 413 first: curl never sends the body", async () => {
    const file = join(dir, "big2.bin");
    const size = 3 * 1024 * 1024;
    writeFileSync(file, Buffer.alloc(size, 0x62));
    // Accept on our own listener to count the bytes the server read from the socket.
    const hw = createServer({
      onError: () => {},
      handler: () => ({ status: 413, body: "too large\n" }),
    });
    const bytesRead: number[] = [];
    const listener: NetServer = createNetServer((socket) => {
      socket.on("close", () => bytesRead.push(socket.bytesRead));
      hw.handleSocket(socket);
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    try {
      const address = listener.address();
      if (address === null || typeof address === "string") throw new Error("no address");
      const result = await curl([
        "-v",
        "--expect100-timeout",
        "30",
        "-H",
        "Expect: 100-continue",
        "--data-binary",
        `@${file}`,
        `http://127.0.0.1:${address.port}/upload`,
      ]);
      expect(result.stdout).toBe("too large\n");
      const lines = received(result.stderr);
      expect(lines[0]).toBe("HTTP/1.1 413 Content Too Large");
      expect(lines).toContain("Connection: close");
      expect(lines.some((line) => line.includes("100 Continue"))).toBe(false);
      const deadline = Date.now() + 5_000;
      while (bytesRead.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The head only: far below the 3 MiB body.
      expect(bytesRead[0]).toBeLessThan(4096);
    } finally {
      await hw.close({ deadline: 100 });
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("-F: multipart/form-data fields and a file reach formData() as strings and File objects", async () => {
    const file = join(dir, "report.csv");
    writeFileSync(file, "a,b\r\n1,2\r\n");
    const base = await serveWith({
      handler: async (request) => {
        const form = await request.formData();
        const upload = form.get("upload") as File;
        return {
          body: [
            `name=${form.get("name")}`,
            `multi=${form.getAll("multi").join("|")}`,
            `file=${upload.name} ${upload.type} ${upload.size} ${JSON.stringify(await upload.text())}`,
          ].join("\n"),
        };
      },
    });
    const result = await curl([
      "-F",
      "name=Zoë Ω",
      "-F",
      "multi=1",
      "-F",
      "multi=2",
      "-F",
      `upload=@${file};type=text/csv`,
      `${base}/upload`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      "name=Zoë Ω",
      "multi=1|2",
      'file=report.csv text/csv 10 "a,b\\r\\n1,2\\r\\n"',
    ]);
  });

  it("-F beyond a multipart limit: the handler's uncaught error becomes 413", async () => {
    const file = join(dir, "big.txt");
    writeFileSync(file, "q".repeat(200_000));
    const base = await serveWith({
      multipart: { maxFileBytes: 100_000 },
      handler: async (request) => ({ body: `${(await request.formData()).has("f")}` }),
    });
    const result = await curl(["-v", "-F", `f=@${file}`, `${base}/upload`]);
    expect(received(result.stderr)[0]).toBe("HTTP/1.1 413 Content Too Large");
  });

  it("-r: withRanges answers 206 with Content-Range, and 416 beyond the end", async () => {
    const base = await serveWith({
      handler: withRanges(() => ({
        headers: { "Content-Type": "text/plain" },
        body: "0123456789abcdefghij",
      })),
    });
    const partial = await curl(["-v", "-r", "5-9", `${base}/digits`]);
    expect(partial.stdout).toBe("56789");
    const lines = received(partial.stderr);
    expect(lines[0]).toBe("HTTP/1.1 206 Partial Content");
    expect(lines).toContain("Content-Range: bytes 5-9/20");
    const beyond = await curl(["-v", "-r", "50-60", `${base}/digits`]);
    const beyondLines = received(beyond.stderr);
    expect(beyondLines[0]).toBe("HTTP/1.1 416 Range Not Satisfiable");
    expect(beyondLines).toContain("Content-Range: bytes */20");
  });

  it("--compressed: withCompression negotiates a coding curl decodes", async () => {
    const text = "hyperwire compresses this line.\n".repeat(400);
    const base = await serveWith({
      handler: withCompression(() => ({ headers: { "Content-Type": "text/plain" }, body: text })),
    });
    const result = await curl(["-v", "--compressed", `${base}/text`]);
    expect(result.stdout).toBe(text);
    const lines = received(result.stderr).map((line) => line.toLowerCase());
    // curl lists its codings unweighted ("deflate, gzip, br, zstd" when built with
    // brotli): the tie goes to the server's preference, br over gzip over deflate.
    const offered = sent(result.stderr)
      .find((line) => /^accept-encoding:/i.test(line))!
      .toLowerCase();
    const expected = /\bbr\b/.test(offered) ? "br" : "gzip";
    expect(lines).toContain(`content-encoding: ${expected}`);
    expect(lines).toContain("vary: accept-encoding");
    const plain = await curl(["-v", `${base}/text`]);
    expect(plain.stdout).toBe(text);
    expect(received(plain.stderr).some((line) => /^content-encoding/i.test(line))).toBe(false);
  });

  it("-u: withBasicAuth lets the right user in and answers 401 otherwise", async () => {
    const base = await serveWith({
      handler: withBasicAuth(() => ({ body: "secret\n" }), {
        realm: "test",
        users: { alice: "wonder land" },
      }),
    });
    const good = await curl(["-u", "alice:wonder land", `${base}/`]);
    expect(good.stdout).toBe("secret\n");
    const bad = await curl(["-v", "-u", "alice:wrong", `${base}/`]);
    const lines = received(bad.stderr);
    expect(lines[0]).toBe("HTTP/1.1 401 Unauthorized");
    expect(lines.some((line) => line.startsWith('WWW-Authenticate: Basic realm="test"'))).toBe(
      true,
    );
  });

  it("--digest: withDigestAuth completes the challenge-response", async () => {
    const base = await serveWith({
      handler: withDigestAuth(() => ({ body: "digest ok\n" }), {
        realm: "test",
        password: (user) => (user === "bob" ? "builder" : undefined),
      }),
    });
    const good = await curl(["--digest", "-u", "bob:builder", `${base}/p`]);
    expect(good.stdout).toBe("digest ok\n");
    const bad = await curl(["-v", "--digest", "-u", "bob:nope", `${base}/p`]);
    expect(
      received(bad.stderr)
        .filter((line) => line.startsWith("HTTP/"))
        .at(-1),
    ).toBe("HTTP/1.1 401 Unauthorized");
  });
});
