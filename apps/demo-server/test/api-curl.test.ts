/**
 * Each endpoint's key behaviour, checked with Debian's curl against the demo
 * server on an ephemeral loopback port.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeDigestAuthorization, parseDigestChallenge } from "@hyperwire/headers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoServer, startDemoServer } from "../src/server.js";
import { bodyOf, curl, parseHead } from "./helpers.js";

let demo: DemoServer;
let base: string;
let scratch: string;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  base = demo.url.replace(/\/$/, "");
  scratch = mkdtempSync(join(tmpdir(), "hyperwire-demo-test-"));
});

afterAll(async () => {
  await demo?.close(1_000);
  rmSync(scratch, { recursive: true, force: true });
});

const getJson = async (args: readonly string[]) => {
  const result = await curl(args);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

/** The status curl --digest ends with for `credentials` ("user:password"). */
const digestStatus = async (credentials: string, url: string) =>
  (await curl(["-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", credentials, url]))
    .stdout;

describe("request inspection", () => {
  it("/get echoes query, header lines as sent and the client address", async () => {
    const echo = await getJson(["-H", "X-Demo: one", `${base}/get?a=1&a=2&b=x+y`]);
    expect(echo.method).toBe("GET");
    expect(echo.args).toEqual({ a: ["1", "2"], b: "x y" });
    expect(echo.headers["X-Demo"]).toBe("one");
    expect(echo.headers["User-Agent"]).toMatch(/^curl\//);
    expect(echo.origin).toBe("127.0.0.1");
  });

  it("curl -v shows the exchange on the wire", async () => {
    const result = await curl(["-v", `${base}/get`]);
    expect(result.stderr).toContain("> GET /get HTTP/1.1");
    expect(result.stderr).toContain("< HTTP/1.1 200 OK");
    expect(result.stderr).toMatch(/< content-type: application\/json/i);
  });

  it("/post reads multipart fields and files (-F)", async () => {
    const file = join(scratch, "notes.txt");
    writeFileSync(file, "line one\nline two\n");
    const echo = await getJson([
      "-F",
      "name=Ada",
      "-F",
      `file=@${file};type=text/plain`,
      `${base}/post`,
    ]);
    expect(echo.form).toEqual({ name: "Ada" });
    expect(echo.files.file).toEqual({
      filename: "notes.txt",
      contentType: "text/plain",
      size: 18,
      content: "line one\nline two\n",
      truncated: false,
    });
  });

  it("/post reads urlencoded forms (-d) and JSON", async () => {
    const form = await getJson(["-d", "a=1&b=two+words", `${base}/post`]);
    expect(form.form).toEqual({ a: "1", b: "two words" });
    const json = await getJson([
      "-H",
      "content-type: application/json",
      "--data-binary",
      '{"n":[1,2]}',
      `${base}/post`,
    ]);
    expect(json.json).toEqual({ n: [1, 2] });
    expect(json.data).toBe('{"n":[1,2]}');
  });

  it("/put, /patch and /delete echo their method; other methods get 405 with Allow", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const echo = await getJson(["-X", method, "-d", "x=1", `${base}/${method.toLowerCase()}`]);
      expect(echo.method).toBe(method);
      expect(echo.form).toEqual({ x: "1" });
    }
    const wrong = await curl(["-i", `${base}/post`]);
    const head = parseHead(wrong.stdout);
    expect(head.status).toBe(405);
    expect(head.fields.get("allow")).toBe("POST");
  });

  it("/anything takes any method and path", async () => {
    const echo = await getJson(["-X", "PURGE", "-d", "k=v", `${base}/anything/deep/path?q=1`]);
    expect(echo.method).toBe("PURGE");
    expect(echo.url).toMatch(/\/anything\/deep\/path\?q=1$/);
    expect(echo.form).toEqual({ k: "v" });
  });

  it("/headers, /ip and /user-agent", async () => {
    expect((await getJson(["-H", "X-A: b", `${base}/headers`])).headers["X-A"]).toBe("b");
    expect(await getJson([`${base}/ip`])).toEqual({ origin: "127.0.0.1" });
    expect(await getJson(["-A", "demo-agent/1", `${base}/user-agent`])).toEqual({
      "user-agent": "demo-agent/1",
    });
  });
});

describe("status codes and redirects", () => {
  it("/status/:code answers that status with the fields it needs", async () => {
    const teapot = await curl(["-i", `${base}/status/418`]);
    expect(parseHead(teapot.stdout).status).toBe(418);
    const noContent = await curl(["-i", `${base}/status/204`]);
    expect(parseHead(noContent.stdout).status).toBe(204);
    expect(bodyOf(noContent.stdout)).toBe("");
    const unauthorized = parseHead((await curl(["-i", `${base}/status/401`])).stdout);
    expect(unauthorized.fields.get("www-authenticate")).toMatch(/^Basic realm=/);
    const found = parseHead((await curl(["-i", `${base}/status/302`])).stdout);
    expect(found.fields.get("location")).toBe("/get");
    expect(parseHead((await curl(["-i", `${base}/status/99`])).stdout).status).toBe(400);
    expect(parseHead((await curl(["-i", `${base}/status/abc`])).stdout).status).toBe(400);
  });

  it("/redirect/:n is followed by curl -L to /get", async () => {
    const result = await curl([
      "-L",
      "-w",
      "\n%{num_redirects} %{url_effective}",
      `${base}/redirect/3`,
    ]);
    const [, last] = result.stdout.split(/\n(?=\d+ http)/);
    expect(last).toBe(`3 ${base}/get`);
    const tooMany = await curl(["-i", `${base}/redirect/51`]);
    expect(parseHead(tooMany.stdout).status).toBe(400);
  });

  it("/redirect-to redirects within this server only", async () => {
    const head = parseHead((await curl(["-i", `${base}/redirect-to?url=/get&status=307`])).stdout);
    expect(head.status).toBe(307);
    expect(head.fields.get("location")).toBe("/get");
    const posted = await getJson([
      "-L",
      "-d",
      "a=1",
      `${base}/redirect-to?url=/anything&status=307`,
    ]);
    expect(posted.method).toBe("POST");
    const away = await curl(["-i", `${base}/redirect-to?url=http://example.com/`]);
    expect(parseHead(away.stdout).status).toBe(400);
    const notRedirect = await curl(["-i", `${base}/redirect-to?url=/get&status=200`]);
    expect(parseHead(notRedirect.stdout).status).toBe(400);
  });
});

describe("cookies", () => {
  it("sets, shows and deletes cookies through a cookie jar (-c/-b)", async () => {
    const jar = join(scratch, "cookies.txt");
    const set = await getJson([
      "-L",
      "-c",
      jar,
      "-b",
      jar,
      `${base}/cookies/set?flavour=oatmeal&n=2`,
    ]);
    expect(set).toEqual({ cookies: { flavour: "oatmeal", n: "2" } });
    const shown = await getJson(["-b", jar, `${base}/cookies`]);
    expect(shown.cookies.flavour).toBe("oatmeal");
    const deleted = await getJson(["-L", "-c", jar, "-b", jar, `${base}/cookies/delete?flavour`]);
    expect(deleted).toEqual({ cookies: { n: "2" } });
    const head = parseHead((await curl(["-i", `${base}/cookies/set?a=1`])).stdout);
    expect(head.status).toBe(302);
    expect(head.fields.get("set-cookie")).toBe("a=1; Path=/; SameSite=Lax");
  });
});

describe("authentication", () => {
  it("/basic-auth accepts the credentials of its path (-u)", async () => {
    expect(await getJson(["-u", "ada:lovelace", `${base}/basic-auth/ada/lovelace`])).toEqual({
      authenticated: true,
      user: "ada",
    });
    const wrong = parseHead(
      (await curl(["-i", "-u", "ada:nope", `${base}/basic-auth/ada/lovelace`])).stdout,
    );
    expect(wrong.status).toBe(401);
    expect(wrong.fields.get("www-authenticate")).toMatch(/^Basic realm="hyperwire demo"/);
  });

  it("/digest-auth works with curl --digest and refuses a wrong password", async () => {
    expect(
      await getJson(["--digest", "-u", "ada:lovelace", `${base}/digest-auth/auth/ada/lovelace`]),
    ).toEqual({ authenticated: true, user: "ada" });
    expect(await digestStatus("ada:nope", `${base}/digest-auth/auth/ada/lovelace`)).toBe("401");
    const unknown = await curl(["-i", `${base}/digest-auth/auth-conf/ada/lovelace`]);
    expect(parseHead(unknown.stdout).status).toBe(400);
  });

  it("/digest-auth/auth-int offers qop=auth-int alone and checks the content's hash", async () => {
    const path = "/digest-auth/auth-int/u/p";
    const refused = parseHead((await curl(["-i", `${base}${path}`])).stdout);
    expect(refused.status).toBe(401);
    const challenge = parseDigestChallenge(refused.fields.get("www-authenticate") ?? "");
    if (!challenge.ok) throw challenge.error;
    expect(challenge.value.qop).toEqual(["auth-int"]);
    // curl answers auth-int with the hash of an empty content, right for a GET without one.
    expect(await getJson(["--digest", "-u", "u:p", `${base}${path}`])).toEqual({
      authenticated: true,
      user: "u",
    });
    expect(await digestStatus("u:x", `${base}${path}`)).toBe("401");
    // By hand: the response signs H("signed"); a GET carrying other content is refused.
    const signed = (nc: number) =>
      computeDigestAuthorization(challenge.value, {
        username: "u",
        password: "p",
        method: "GET",
        uri: path,
        cnonce: "5ca1ab1e",
        nc,
        qop: "auth-int",
        body: new TextEncoder().encode("signed"),
      });
    const send = (authorization: string, content: string) =>
      curl([
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-X",
        "GET",
        "-H",
        `Authorization: ${authorization}`,
        "--data-binary",
        content,
        `${base}${path}`,
      ]);
    expect((await send(signed(1), "tampered")).stdout).toBe("401");
    expect((await send(signed(1), "signed")).stdout).toBe("200");
  });
});

describe("conditional requests", () => {
  it("/cache answers 304 to a matching If-None-Match or If-Modified-Since", async () => {
    const first = parseHead((await curl(["-i", `${base}/cache`])).stdout);
    expect(first.status).toBe(200);
    const etag = first.fields.get("etag")!;
    const lastModified = first.fields.get("last-modified")!;
    expect(etag).toMatch(/^"/);
    const byTag = await curl(["-i", "-H", `If-None-Match: ${etag}`, `${base}/cache`]);
    expect(parseHead(byTag.stdout).status).toBe(304);
    expect(bodyOf(byTag.stdout)).toBe("");
    const byDate = await curl(["-i", "-H", `If-Modified-Since: ${lastModified}`, `${base}/cache`]);
    expect(parseHead(byDate.stdout).status).toBe(304);
    const old = await curl([
      "-i",
      "-H",
      "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT",
      `${base}/cache`,
    ]);
    expect(parseHead(old.stdout).status).toBe(200);
    const max = parseHead((await curl(["-i", `${base}/cache/60`])).stdout);
    expect(max.fields.get("cache-control")).toBe("public, max-age=60");
  });

  it("/etag/:etag: If-None-Match → 304, failing If-Match → 412", async () => {
    const plain = parseHead((await curl(["-i", `${base}/etag/abc`])).stdout);
    expect(plain.fields.get("etag")).toBe('"abc"');
    const match = await curl(["-i", "-H", 'If-None-Match: "abc"', `${base}/etag/abc`]);
    expect(parseHead(match.stdout).status).toBe(304);
    const fail = await curl(["-i", "-H", 'If-Match: "xyz"', `${base}/etag/abc`]);
    expect(parseHead(fail.stdout).status).toBe(412);
  });
});

describe("generated content", () => {
  it("/range/:n serves byte ranges (-r), several as multipart/byteranges, 416 beyond", async () => {
    const one = await curl(["-i", "-r", "0-4", `${base}/range/26`]);
    const head = parseHead(one.stdout);
    expect(head.status).toBe(206);
    expect(head.fields.get("content-range")).toBe("bytes 0-4/26");
    expect(bodyOf(one.stdout)).toBe("abcde");
    const several = parseHead((await curl(["-i", "-r", "0-1,24-25", `${base}/range/26`])).stdout);
    expect(several.fields.get("content-type")).toMatch(/^multipart\/byteranges; boundary=/);
    const beyond = parseHead((await curl(["-i", "-r", "100-200", `${base}/range/26`])).stdout);
    expect(beyond.status).toBe(416);
    expect(beyond.fields.get("content-range")).toBe("bytes */26");
  });

  it("/bytes/:n sends n bytes, bounded", async () => {
    const result = await curl(["-o", "-", `${base}/bytes/100`]);
    expect(Buffer.from(result.stdout, "latin1").byteLength).toBe(100);
    const tooMany = await curl(["-i", `${base}/bytes/1000000`]);
    expect(parseHead(tooMany.stdout).status).toBe(400);
    expect(bodyOf(tooMany.stdout)).toContain("between 0 and 102400");
  });

  it("/stream/:n sends n JSON lines chunked", async () => {
    const result = await curl(["-i", `${base}/stream/3`]);
    expect(parseHead(result.stdout).fields.get("transfer-encoding")).toBe("chunked");
    const lines = bodyOf(result.stdout)
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual([0, 1, 2]);
  });

  it("/drip and /delay answer after the time asked, within bounds", async () => {
    const drip = await curl(["-i", `${base}/drip?duration=0.05&numbytes=5&code=201`]);
    expect(parseHead(drip.stdout).status).toBe(201);
    expect(parseHead(drip.stdout).fields.get("content-length")).toBe("5");
    expect(bodyOf(drip.stdout)).toBe("*****");
    const delayed = await getJson([`${base}/delay/0.01`]);
    expect(delayed.method).toBe("GET");
    for (const path of [
      "/delay/11",
      "/drip?duration=11",
      "/drip?numbytes=20000",
      "/drip?delay=-1",
    ]) {
      expect(parseHead((await curl(["-i", `${base}${path}`])).stdout).status, path).toBe(400);
    }
  });

  it("/gzip, /brotli and /deflate are encoded and decoded by curl --compressed", async () => {
    for (const [path, flag, coding] of [
      ["/gzip", "gzipped", "gzip"],
      ["/brotli", "brotli", "br"],
      ["/deflate", "deflated", "deflate"],
    ] as const) {
      const echo = await getJson(["--compressed", `${base}${path}`]);
      expect(echo[flag]).toBe(true);
      const raw = parseHead(
        (await curl(["-i", "-o", "/dev/null", "-D", "-", `${base}${path}`])).stdout,
      );
      expect(raw.fields.get("content-encoding")).toBe(coding);
    }
  });

  it("other responses are compressed when the client asks (--compressed)", async () => {
    const pad = "x".repeat(2000); // above the 1 KiB threshold of withCompression
    const result = await curl(["--compressed", "-D", "-", `${base}/get?pad=${pad}`]);
    expect(parseHead(result.stdout).fields.get("content-encoding")).toMatch(/^(br|gzip|deflate)$/);
    expect(JSON.parse(bodyOf(result.stdout)).args.pad).toBe(pad);
  });

  it("/sse streams the events, then an end event", async () => {
    const result = await curl(["-N", `${base}/sse?count=3&interval=10`]);
    expect(result.stdout).toContain("event: tick\nid: 1\n");
    expect(result.stdout).toContain("id: 3\n");
    expect(result.stdout.trimEnd().endsWith("event: end\ndata: done")).toBe(true);
    const bad = await curl(["-i", `${base}/sse?count=1000`]);
    expect(parseHead(bad.stdout).status).toBe(400);
  });
});

describe("pages, static files, CORS, TRACE and OPTIONS", () => {
  it("the home page links every endpoint and carries a CSP without inline scripts", async () => {
    const result = await curl(["-i", `${base}/`]);
    const head = parseHead(result.stdout);
    const csp = head.fields.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(head.fields.get("x-content-type-options")).toBe("nosniff");
    const html = bodyOf(result.stdout);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
    for (const path of [
      "/get?hello=world",
      "/anything/you/like?x=1",
      "/range/26",
      "/sse.html",
      "/upload",
      "/digest-auth/auth/ada/lovelace",
    ]) {
      expect(html).toContain(`href="${path.replace(/&/g, "&amp;")}"`);
    }
  });

  it("/upload is a multipart form posting to /post", async () => {
    const html = (await curl([`${base}/upload`])).stdout;
    expect(html).toContain('action="/post"');
    expect(html).toContain('enctype="multipart/form-data"');
  });

  it("/static/* serves files with validators and refuses traversal", async () => {
    const css = parseHead((await curl(["-i", `${base}/static/site.css`])).stdout);
    expect(css.status).toBe(200);
    expect(css.fields.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.fields.get("etag")).toBeDefined();
    const traversal = await curl(["-i", "--path-as-is", `${base}/static/%2e%2e/package.json`]);
    expect(parseHead(traversal.stdout).status).toBe(403);
    const missing = await curl(["-i", `${base}/static/nope.txt`]);
    expect(parseHead(missing.stdout).status).toBe(404);
  });

  it("API routes answer CORS requests and preflights", async () => {
    const simple = parseHead(
      (await curl(["-i", "-H", "Origin: http://app.test", `${base}/get`])).stdout,
    );
    expect(simple.fields.get("access-control-allow-origin")).toBe("*");
    const preflight = await curl([
      "-i",
      "-X",
      "OPTIONS",
      "-H",
      "Origin: http://app.test",
      "-H",
      "Access-Control-Request-Method: PUT",
      "-H",
      "Access-Control-Request-Headers: x-demo",
      `${base}/put`,
    ]);
    const head = parseHead(preflight.stdout);
    expect(head.status).toBe(204);
    expect(head.fields.get("access-control-allow-methods")).toContain("PUT");
    expect(head.fields.get("access-control-allow-headers")).toBe("x-demo");
  });

  it("TRACE is refused with 405; OPTIONS lists the methods in Allow", async () => {
    const trace = parseHead((await curl(["-i", "-X", "TRACE", `${base}/get`])).stdout);
    expect(trace.status).toBe(405);
    const options = parseHead((await curl(["-i", "-X", "OPTIONS", `${base}/get`])).stdout);
    expect(options.status).toBe(204);
    expect(options.fields.get("allow")).toBe("GET, HEAD, OPTIONS");
    const star = parseHead(
      (await curl(["-i", "-X", "OPTIONS", "--request-target", "*", `${base}/`])).stdout,
    );
    expect(star.status).toBe(204);
    expect(star.fields.get("allow")).toContain("DELETE");
  });
});
