// The hyperwire command as a child process against a node:http server on loopback.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestGate, startForwardProxy } from "../../../packages/client/test/forward-proxy.js";
import { runCli } from "./run-cli.js";
import { closedPort, patternBytes, startHttpServer, type TestServer } from "./test-server.js";

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startHttpServer();
  dir = await mkdtemp(join(tmpdir(), "hyperwire-cli-"));
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  rawHeaders: string[];
  body: string;
}

const echo = (out: string): Echo => JSON.parse(out) as Echo;

describe.concurrent("requests", () => {
  it("GET prints the body and sends User-Agent and Accept", async () => {
    const r = await runCli([`${server.url}/echo?a=1`]);
    expect(r.code).toBe(0);
    const e = echo(r.out);
    expect(e.method).toBe("GET");
    expect(e.url).toBe("/echo?a=1");
    expect(e.headers["user-agent"]).toMatch(/^hyperwire\//);
    expect(e.headers.accept).toBe("*/*");
    expect(e.headers["accept-encoding"]).toBeUndefined();
  });

  it("takes a URL without a scheme as http", async () => {
    const r = await runCli([`127.0.0.1:${server.port}/echo`]);
    expect(r.code).toBe(0);
    expect(echo(r.out).method).toBe("GET");
  });

  it("-X sets the method and -H adds, replaces and removes fields", async () => {
    const r = await runCli([
      "-X",
      "PUT",
      "-H",
      "X-One: 1",
      "-H",
      "X-One: 2",
      "-H",
      "Accept: text/plain",
      "-H",
      "User-Agent:",
      "-H",
      "X-Empty;",
      `${server.url}/echo`,
    ]);
    expect(r.code).toBe(0);
    const e = echo(r.out);
    expect(e.method).toBe("PUT");
    expect(e.headers["x-one"]).toBe("1, 2");
    expect(e.headers.accept).toBe("text/plain");
    expect(e.headers["user-agent"]).toBeUndefined();
    expect(e.headers["x-empty"]).toBe("");
  });

  it("clusters short options: -sXPATCH", async () => {
    const r = await runCli(["-sXPATCH", `${server.url}/echo`]);
    expect(r.code).toBe(0);
    expect(echo(r.out).method).toBe("PATCH");
  });

  it("-A and -e set User-Agent and Referer", async () => {
    const r = await runCli(["-A", "agent/1", "-e", "http://ref.example/", `${server.url}/echo`]);
    const e = echo(r.out);
    expect(e.headers["user-agent"]).toBe("agent/1");
    expect(e.headers.referer).toBe("http://ref.example/");
  });

  it("-d posts form data, joins several with &, reads @file without newlines", async () => {
    const file = join(dir, "data.txt");
    await writeFile(file, "c=3\r\nd=4\n");
    const r = await runCli(["-d", "a=1", "--data", "b=2", "-d", `@${file}`, `${server.url}/echo`]);
    const e = echo(r.out);
    expect(e.method).toBe("POST");
    expect(e.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(e.body).toBe("a=1&b=2&c=3d=4");
    expect(e.headers["content-length"]).toBe(String(e.body.length));
  });

  it("--data-binary @file keeps every byte; @- reads stdin", async () => {
    const file = join(dir, "binary.bin");
    await writeFile(file, Buffer.from([0x00, 0x0d, 0x0a, 0xff]));
    const r = await runCli(["--data-binary", `@${file}`, `${server.url}/echo`]);
    expect(Buffer.from(echo(r.out).body, "latin1")).toEqual(Buffer.from([0x00, 0x0d, 0x0a, 0xff]));
    const s = await runCli(["--data-binary", "@-", `${server.url}/echo`], { stdin: "from\nstdin" });
    expect(echo(s.out).body).toBe("from\nstdin");
  });

  it("-F sends multipart/form-data with text fields and files", async () => {
    const file = join(dir, "note.txt");
    await writeFile(file, "file content\n");
    const r = await runCli([
      "-F",
      "title=hello",
      "-F",
      `upload=@${file};type=text/plain`,
      `${server.url}/echo`,
    ]);
    const e = echo(r.out);
    expect(e.method).toBe("POST");
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(
      e.headers["content-type"] ?? "",
    )?.[1];
    expect(boundary).toBeDefined();
    expect(e.body).toContain('Content-Disposition: form-data; name="title"\r\n\r\nhello\r\n');
    expect(e.body).toContain('Content-Disposition: form-data; name="upload"; filename="note.txt"');
    expect(e.body).toContain("Content-Type: text/plain\r\n\r\nfile content\n\r\n");
    expect(e.body.trimEnd().endsWith(`--${boundary}--`)).toBe(true);
  });

  it("-i prints the response head before the body", async () => {
    const r = await runCli(["-i", `${server.url}/status/201`]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
    expect(r.out).toContain("\r\n\r\nstatus 201\n");
  });

  it("-I sends HEAD and prints only the head", async () => {
    const r = await runCli(["-I", `${server.url}/bytes/10`]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(r.out.toLowerCase()).toContain("content-length: 10\r\n");
    expect(r.out.endsWith("\r\n\r\n")).toBe(true);
  });

  it("-L follows redirects, -i shows every head, -w reports the final URL", async () => {
    const r = await runCli([
      "-iL",
      "-w",
      "%{num_redirects} %{url_effective}",
      `${server.url}/redirect/2`,
    ]);
    expect(r.code).toBe(0);
    expect(r.out.match(/HTTP\/1\.1 302 Found/g)).toHaveLength(2);
    expect(r.out).toContain("HTTP/1.1 200 OK");
    expect(r.out.endsWith(`2 ${server.url}/echo`)).toBe(true);
  });

  it("without -L a redirect is printed as it is", async () => {
    const r = await runCli(["-w", "%{http_code}", `${server.url}/redirect/1`]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("302");
  });

  it("--max-redirs bounds -L (exit 47)", async () => {
    const r = await runCli(["-L", "--max-redirs", "1", `${server.url}/redirect/3`]);
    expect(r.code).toBe(47);
    expect(r.stderr).toContain("HW_CLIENT_TOO_MANY_REDIRECTS");
  });

  it("-o writes the body to a file, quietly when stderr is not a TTY", async () => {
    const file = join(dir, "out.bin");
    const r = await runCli(["-o", file, `${server.url}/bytes/100000`]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toBe("");
    expect(await readFile(file)).toEqual(patternBytes(100_000));
  });

  it("-O names the file after the URL's last segment", async () => {
    const r = await runCli(["-O", `${server.url}/bytes/64/data.bin`], { cwd: dir });
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, "data.bin"))).toEqual(patternBytes(64));
  });

  it("-r asks for a byte range", async () => {
    const r = await runCli(["-r", "10-19", "-w", "|%{http_code}", `${server.url}/bytes/100`]);
    expect(r.code).toBe(0);
    expect(r.stdout.subarray(0, 10)).toEqual(patternBytes(20).subarray(10, 20));
    expect(r.stdout.subarray(10).toString()).toBe("|206");
  });

  it("-u sends Basic credentials with the first request", async () => {
    const r = await runCli(["-u", "alice:s3cret", `${server.url}/basic-auth`]);
    expect(r.out).toBe("welcome alice\n");
    const wrong = await runCli([
      "-u",
      "alice:nope",
      "-w",
      "%{http_code}",
      `${server.url}/basic-auth`,
    ]);
    expect(wrong.out.endsWith("401")).toBe(true);
  });

  it("--digest answers the Digest challenge", async () => {
    const r = await runCli(["--digest", "-u", "bob:hunter2", "-v", `${server.url}/digest-auth`]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("welcome bob\n");
    expect(r.stderr).toContain("< HTTP/1.1 401 Unauthorized");
    expect(r.stderr).toMatch(/> Authorization: Digest username="bob"/);
  });

  it("--compressed asks for and decodes gzip; without it the bytes stay encoded", async () => {
    const r = await runCli(["--compressed", `${server.url}/gzip`]);
    expect(r.out).toBe("hello, compressed world\n");
    const raw = await runCli([`${server.url}/gzip`]);
    expect(raw.stdout.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const e = echo((await runCli(["--compressed", `${server.url}/echo`])).out);
    expect(e.headers["accept-encoding"]).toContain("gzip");
  });

  it("-c writes the cookies set by the server, -b sends them back (Netscape file)", async () => {
    const jar = join(dir, "cookies.txt");
    const set = await runCli(["-c", jar, `${server.url}/cookies/set?flavour=oat&size=large`]);
    expect(set.code).toBe(0);
    const text = await readFile(jar, "utf8");
    expect(text).toContain("# Netscape HTTP Cookie File");
    expect(text).toMatch(/127\.0\.0\.1\tFALSE\t\/\tFALSE\t\d+\tflavour\toat/);
    const back = await runCli(["-b", jar, `${server.url}/cookies`]);
    expect(back.out).toBe("cookie: flavour=oat; size=large\n");
    const literal = await runCli(["-b", "a=1; b=2", `${server.url}/cookies`]);
    expect(literal.out).toBe("cookie: a=1; b=2\n");
  });

  it("-b with a missing file starts an empty jar", async () => {
    const r = await runCli(["-b", join(dir, "absent.txt"), `${server.url}/cookies`]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("cookie: \n");
  });

  it("-w expands the timing and size variables", async () => {
    const r = await runCli([
      "-s",
      "-o",
      join(dir, "w.bin"),
      "-w",
      "%{http_code} %{size_download} %{time_connect} %{time_starttransfer} %{time_total} %{content_type}\\n",
      `${server.url}/bytes/1234`,
    ]);
    expect(r.code).toBe(0);
    const [code, size, connect, start, total, type] = r.out.trimEnd().split(" ");
    expect(code).toBe("200");
    expect(size).toBe("1234");
    for (const t of [connect, start, total]) expect(t).toMatch(/^\d+\.\d{6}$/);
    expect(Number(connect)).toBeLessThanOrEqual(Number(start));
    expect(Number(start)).toBeLessThanOrEqual(Number(total));
    expect(type).toBe("application/octet-stream");
  });

  it("--proxy sends the request in absolute form to the proxy", async () => {
    // The test server answers for any host, so it stands in for a forward proxy.
    const r = await runCli(["--proxy", `127.0.0.1:${server.port}`, "http://origin.invalid/echo"]);
    expect(r.code).toBe(0);
    const e = echo(r.out);
    expect(e.url).toBe("http://origin.invalid/echo");
    expect(e.headers.host).toBe("origin.invalid");
  });

  it("-v shows the request and response heads, reuse and the timing breakdown", async () => {
    const r = await runCli(["-vL", `${server.url}/redirect/1`]);
    expect(r.code).toBe(0);
    const lines = r.stderr.split("\n");
    expect(lines).toContain("> GET /redirect/1 HTTP/1.1");
    expect(lines).toContain(`> Host: 127.0.0.1:${server.port}`);
    expect(lines).toContain("< HTTP/1.1 302 Found");
    expect(lines).toContain("> GET /echo HTTP/1.1");
    expect(lines).toContain("< HTTP/1.1 200 OK");
    expect(r.stderr).toContain(`* Connected to 127.0.0.1 (127.0.0.1) port ${server.port}`);
    expect(r.stderr).toContain("* Re-using existing connection #0");
    expect(r.stderr).toMatch(
      /\* Timing: DNS .* \| connect .* \| TLS .* \| first byte .* \| total /,
    );
    expect(r.stderr).not.toContain("\u001b[");
  });
});

describe.concurrent("HTTP/1.0 and proxy credentials", () => {
  it("--http1.0 sends HTTP/1.0 request lines, bodies with Content-Length", async () => {
    const r = await runCli(["-v", "--http1.0", "-d", "a=1", `${server.url}/echo`]);
    expect(r.code).toBe(0);
    const e = echo(r.out);
    expect(e.method).toBe("POST");
    expect(e.body).toBe("a=1");
    expect(e.headers["content-length"]).toBe("3");
    expect(e.headers["transfer-encoding"]).toBeUndefined();
    const sent = r.stderr.split("\n");
    expect(sent).toContain("> POST /echo HTTP/1.0");
    expect(sent).toContain("> Connection: keep-alive");
    expect(r.stderr).toContain("* upload completely sent off: 3 bytes");
    expect(r.stderr).not.toContain("warning");
  });

  it("-U with --proxy-digest answers the proxy's Digest challenge", async () => {
    const account = { username: "proxy-user", password: "proxy pass" };
    const proxy = await startForwardProxy({ gate: digestGate(account) });
    try {
      const r = await runCli([
        "-v",
        "-x",
        `127.0.0.1:${proxy.port}`,
        "-U",
        `${account.username}:${account.password}`,
        "--proxy-digest",
        `${server.url}/echo`,
      ]);
      expect(r.code).toBe(0);
      expect(echo(r.out).url).toBe("/echo");
      expect(r.stderr).toContain("< HTTP/1.1 407 Proxy Authentication Required");
      expect(r.stderr).toMatch(/^> Proxy-Authorization: Digest username="proxy-user"/m);
      expect(r.stderr).toContain("* Sending the request again (proxy-authenticate, 407)");
      expect(proxy.seen.map((s) => s.allowed)).toEqual([false, true]);
      // Nothing up front with --proxy-digest: the first request had no credentials.
      expect(proxy.seen[0]!.proxyAuthorization).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });
});

describe.concurrent("exit codes", () => {
  it("--fail exits 22 on a 4xx and prints no body", async () => {
    const r = await runCli(["--fail", `${server.url}/status/404`]);
    expect(r.code).toBe(22);
    expect(r.out).toBe("");
    expect(r.stderr).toContain("404");
  });

  it("without --fail a 4xx is a success", async () => {
    const r = await runCli([`${server.url}/status/500`]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("status 500\n");
  });

  it("--max-time exits 28", async () => {
    const r = await runCli(["--max-time", "0.3", `${server.url}/slow`]);
    expect(r.code).toBe(28);
    expect(r.stderr).toContain("HW_CLIENT_REQUEST_TIMEOUT");
  });

  it("a refused connection exits 7", async () => {
    const port = await closedPort();
    const r = await runCli([`http://127.0.0.1:${port}/`]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain("HW_CLIENT_CONNECT_FAILED");
  });

  it("-s hides the error message, -sS shows it", async () => {
    const port = await closedPort();
    const quiet = await runCli(["-s", `http://127.0.0.1:${port}/`]);
    expect(quiet.code).toBe(7);
    expect(quiet.stderr).toBe("");
    const shown = await runCli(["-sS", `http://127.0.0.1:${port}/`]);
    expect(shown.stderr).toContain("HW_CLIENT_CONNECT_FAILED");
  });

  it.each([
    [["--bogus", "http://x/"]],
    [[]],
    [["-X"]],
    [["--max-time", "soon", "http://x/"]],
    [["-d", "a", "-F", "b=c", "http://x/"]],
    [["ftp://example.com/"]],
    [["http://a/", "http://b/"]],
  ])("usage error exits 2: %j", async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hyperwire: /);
  });

  it("--help lists the options and exit codes; --version prints the version", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const word of ["--max-redirs", "--digest", "--write-out", "Exit codes", "28"]) {
      expect(help.out).toContain(word);
    }
    const version = await runCli(["-V"]);
    expect(version.out).toMatch(/^hyperwire \d+\.\d+\.\d+/);
  });
});
