import { execFile } from "node:child_process";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authenticatedUser,
  getCookies,
  type HttpServer,
  setCookie,
  withBasicAuth,
  withCors,
  withDigestAuth,
  withSecurityHeaders,
} from "../src/index.js";
import { start } from "./helpers.js";

/**
 * Authentication, CORS, cookies and security headers over loopback with real
 * clients: curl (`-u`, `--digest -u`, with right and wrong passwords) and
 * undici's fetch.
 */

const CURL = "/usr/bin/curl";
const servers: (HttpServer & { port: number })[] = [];

interface CurlResult {
  readonly status: number;
  readonly body: string;
  readonly heads: string;
}

/** Runs curl with `-s -i`; the status and body of the last response, and every head it printed. */
function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      CURL,
      ["-s", "-i", "--max-time", "10", ...args],
      { encoding: "latin1", timeout: 15_000 },
      (error, stdout) => {
        if (error) return reject(error);
        // Every head curl printed (one per response, the 401s included) and the last status.
        const heads = stdout.match(/HTTP\/1\.[01] \d{3}[\s\S]*?\r\n\r\n/g) ?? [];
        const status = Number(heads.at(-1)?.split(" ")[1] ?? 0);
        const lastHead = stdout.lastIndexOf("HTTP/1.");
        const bodyStart = stdout.indexOf("\r\n\r\n", lastHead);
        resolve({ status, body: stdout.slice(bodyStart + 4), heads: heads.join("\n") });
      },
    );
  });
}

async function startWith(handler: Parameters<typeof start>[0]["handler"]): Promise<string> {
  const server = await start({ handler });
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close({ deadline: 1_000 })));
});

describe("Basic authentication with curl -u", () => {
  let origin: string;
  beforeAll(async () => {
    origin = await startWith(
      withBasicAuth((request) => ({ body: `hello ${authenticatedUser(request)}\n` }), {
        realm: "admin area",
        users: { ada: "open sesame" },
      }),
    );
  });

  it("lets the right password in", async () => {
    const result = await curl(["-u", "ada:open sesame", `${origin}/`]);
    expect(result.status).toBe(200);
    expect(result.body).toBe("hello ada\n");
  });

  it("answers 401 with the challenge to a wrong password and to no credentials", async () => {
    const wrong = await curl(["-u", "ada:wrong", `${origin}/`]);
    expect(wrong.status).toBe(401);
    expect(wrong.heads).toContain('WWW-Authenticate: Basic realm="admin area", charset="UTF-8"');
    const none = await curl([`${origin}/`]);
    expect(none.status).toBe(401);
  });
});

describe("Digest authentication with curl --digest -u", () => {
  const passwords: Record<string, string> = { Mufasa: "Circle of Life" };

  it.each([[["SHA-256", "MD5"] as const], [["SHA-256"] as const], [["MD5"] as const]])(
    "authenticates with %j and refuses a wrong password",
    async (algorithms) => {
      const origin = await startWith(
        withDigestAuth((request) => ({ body: `hello ${authenticatedUser(request)}\n` }), {
          realm: "http-auth@example.org",
          password: (user) => passwords[user],
          algorithms,
        }),
      );
      const good = await curl([
        "--digest",
        "-u",
        "Mufasa:Circle of Life",
        `${origin}/dir/index.html?x=1`,
      ]);
      expect(good.status).toBe(200);
      expect(good.body).toBe("hello Mufasa\n");
      expect(good.heads).toContain("HTTP/1.1 401");
      const wrong = await curl(["--digest", "-u", "Mufasa:wrong", `${origin}/dir/index.html`]);
      expect(wrong.status).toBe(401);
      expect(wrong.heads).toContain("WWW-Authenticate: Digest");
    },
  );

  it("accepts several requests on one nonce with a growing nc (curl reuses the connection)", async () => {
    const origin = await startWith(
      withDigestAuth((request) => ({ body: `${request.path}\n` }), {
        realm: "r",
        password: (user) => passwords[user],
      }),
    );
    const result = await curl([
      "--digest",
      "-u",
      "Mufasa:Circle of Life",
      `${origin}/a`,
      `${origin}/b`,
    ]);
    expect(result.status).toBe(200);
    expect(result.body).toBe("/b\n");
  });
});

describe("CORS, cookies and security headers with undici fetch", () => {
  let origin: string;
  beforeAll(async () => {
    const app = withSecurityHeaders(
      withCors(
        (request) => {
          const seen = getCookies(request);
          return setCookie(
            request,
            { headers: { "content-type": "text/plain", "x-total": "3" }, body: `sid=${seen.sid}` },
            { name: "visit", value: "1" },
          );
        },
        { origin: ["https://app.example"], credentials: true, exposedHeaders: ["X-Total"] },
      ),
    );
    origin = await startWith(app);
  });

  it("answers a preflight with 204 and the grant", async () => {
    const response = await fetch(`${origin}/api`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("grants the actual request, reads its cookies and sets a secure-by-default cookie", async () => {
    const response = await fetch(`${origin}/api`, {
      headers: { origin: "https://app.example", cookie: "sid=abc; other=1" },
    });
    expect(await response.text()).toBe("sid=abc");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(response.headers.get("access-control-expose-headers")).toBe("X-Total");
    expect(response.headers.get("vary")).toBe("Origin");
    expect(response.headers.getSetCookie()).toEqual(["visit=1; Path=/; HttpOnly; SameSite=Lax"]);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // Plain HTTP: no HSTS.
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("gives a foreign origin no grant", async () => {
    const response = await fetch(`${origin}/api`, { headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    await response.arrayBuffer();
  });
});
