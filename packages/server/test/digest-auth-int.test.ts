import { execFile } from "node:child_process";
import http from "node:http";
import { Agent } from "@hyperwire/client";
import {
  computeDigestAuthorization,
  type DigestChallenge,
  parseDigestChallenge,
  parseDigestCredentials,
} from "@hyperwire/headers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticatedUser, type HttpServer, withDigestAuth } from "../src/index.js";
import { RawClient, start } from "./helpers.js";

/**
 * Digest `qop=auth-int` (RFC 7616 §3.4.3: A2 = method ":" request-uri ":"
 * H(entity-body)) over loopback with real clients: @hyperwire/client (imported
 * through vitest's alias and the tsconfig mapping only: the server does not
 * depend on it), node:http sending chunked content, a raw socket with
 * `Expect: 100-continue`, and Debian's curl `--digest`.
 */

const CURL = "/usr/bin/curl";
const REALM = "vault@127.0.0.1";
const USER = "Mufasa";
const PASSWORD = "Circle of Life";
const LIMIT = 64;
const encoder = new TextEncoder();

let server: HttpServer & { port: number };
let origin: string;
let bothQops: HttpServer & { port: number };
let agent: Agent;
/** Requests that reached the handler (none may, unless authenticated). */
let handled = 0;

beforeAll(async () => {
  // Echoes what the handler saw: the user, whether the content looked unread, the content
  // itself (read whole or streamed, by path) and the qop the client answered with.
  const echo = withDigestAuth(
    async (request) => {
      handled++;
      const unread = !request.bodyUsed;
      let text = "";
      if (request.path === "/stream") {
        const decoder = new TextDecoder();
        for await (const chunk of request) text += decoder.decode(chunk, { stream: true });
        text += decoder.decode();
      } else text = await request.text();
      const credentials = parseDigestCredentials(request.headers.get("authorization") ?? "");
      return {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          user: authenticatedUser(request),
          unread,
          text,
          qop: credentials.ok ? credentials.value.qop : null,
        }),
      };
    },
    {
      realm: REALM,
      algorithms: ["SHA-256"],
      password: (user) => (user === USER ? PASSWORD : undefined),
      qop: ["auth-int"],
      maxAuthIntContentBytes: LIMIT,
    },
  );
  server = await start({ handler: echo });
  origin = `http://127.0.0.1:${server.port}`;
  bothQops = await start({
    handler: withDigestAuth(
      (request) => ({
        body: `hello ${authenticatedUser(request)} ${request.headers.get("authorization")?.match(/qop=([\w-]+)/)?.[1]}\n`,
      }),
      {
        realm: REALM,
        password: (user) => (user === USER ? PASSWORD : undefined),
        qop: ["auth", "auth-int"],
      },
    ),
  });
  agent = new Agent({ connectTimeout: 5_000 });
});

afterAll(async () => {
  agent?.destroy();
  await Promise.all([server?.close({ deadline: 1_000 }), bothQops?.close({ deadline: 1_000 })]);
});

interface Exchanged {
  readonly status: number;
  readonly challenges: string[];
  readonly body: string;
}

/** One request with node:http; content given as pieces goes out chunked (no Content-Length). */
function exchange(
  path: string,
  init: { method?: string; headers?: Record<string, string>; chunks?: string[] } = {},
): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        method: init.method ?? "GET",
        path,
        headers: init.headers,
        agent: false,
        timeout: 5_000,
      },
      (res) => {
        const pieces: Buffer[] = [];
        res.on("data", (piece: Buffer) => pieces.push(piece));
        res.on("end", () => {
          const challenges: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            if (res.rawHeaders[i]!.toLowerCase() === "www-authenticate") {
              challenges.push(res.rawHeaders[i + 1]!);
            }
          }
          resolve({
            status: res.statusCode ?? 0,
            challenges,
            body: Buffer.concat(pieces).toString(),
          });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    for (const chunk of init.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** A fresh challenge from the auth-int server. */
async function challenge(): Promise<DigestChallenge> {
  const refused = await exchange("/");
  expect(refused.status).toBe(401);
  const parsed = parseDigestChallenge(refused.challenges[0] ?? "");
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** Credentials signing `content` for a POST to `uri` (computed with @hyperwire/headers). */
function signFor(ch: DigestChallenge, uri: string, content: string): string {
  return computeDigestAuthorization(ch, {
    username: USER,
    password: PASSWORD,
    method: "POST",
    uri,
    cnonce: "c0ffee00c0ffee00",
    qop: "auth-int",
    body: encoder.encode(content),
  });
}

/** Runs curl (never through a shell) with a time limit; stdout as text. */
function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      CURL,
      ["-s", "--max-time", "10", ...args],
      { timeout: 15_000, encoding: "utf8" },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

describe("withDigestAuth qop=auth-int with real clients", () => {
  it("offers only auth-int when told to", async () => {
    const ch = await challenge();
    expect(ch.qop).toEqual(["auth-int"]);
    expect(ch.algorithm).toBe("SHA-256");
  });

  it("@hyperwire/client answers it for a POST, and the handler reads the same content", async () => {
    const before = handled;
    const content = "name=Ada&note=héllo ✓";
    const response = await agent.request(`${origin}/submit?x=1`, {
      method: "POST",
      body: content,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      auth: { username: USER, password: PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(await response.body.json()).toEqual({
      user: USER,
      unread: true,
      text: content,
      qop: "auth-int",
    });
    expect(handled).toBe(before + 1);
  });

  it("@hyperwire/client answers it for a GET without content (the hash of the empty body)", async () => {
    const response = await agent.request(`${origin}/nothing`, {
      auth: { username: USER, password: PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(await response.body.json()).toEqual({
      user: USER,
      unread: true,
      text: "",
      qop: "auth-int",
    });
  });

  it("hashes chunked content from node:http, which the handler then streams with for await", async () => {
    const ch = await challenge();
    const chunks = ["first piece, ", "second piece"];
    const response = await exchange("/stream", {
      method: "POST",
      headers: { authorization: signFor(ch, "/stream", chunks.join("")) },
      chunks,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ unread: true, text: chunks.join("") });
  });

  it("refuses content other than the one signed, without calling the handler", async () => {
    const ch = await challenge();
    const before = handled;
    // The response hashes "amount=10"; the content sent says otherwise.
    const tampered = await exchange("/pay", {
      method: "POST",
      headers: { authorization: signFor(ch, "/pay", "amount=10"), "content-type": "text/plain" },
      chunks: ["amount=1000"],
    });
    expect(tampered.status).toBe(401);
    expect(tampered.challenges[0]).toMatch(/^Digest .*qop="auth-int"/);
    expect(tampered.challenges[0]).not.toContain("stale=true");
    expect(handled).toBe(before);
    // The same credentials with the signed content pass (nc 1 was not used up by the refusal).
    const honest = await exchange("/pay", {
      method: "POST",
      headers: { authorization: signFor(ch, "/pay", "amount=10"), "content-type": "text/plain" },
      chunks: ["amount=10"],
    });
    expect(honest.status).toBe(200);
    expect(JSON.parse(honest.body).text).toBe("amount=10");
  });

  it("answers 413 to content above maxAuthIntContentBytes, never telling a 100-continue client to send it", async () => {
    const ch = await challenge();
    const before = handled;
    const big = "x".repeat(LIMIT + 1);
    const raw = await RawClient.open(server.port);
    try {
      raw.write(
        `POST /big HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${signFor(ch, "/big", big)}\r\n` +
          `Content-Length: ${big.length}\r\nExpect: 100-continue\r\n\r\n`,
      );
      const [response] = await raw.responses(1);
      expect(response!.status).toBe(413);
      expect(raw.text).not.toContain("100 Continue");
    } finally {
      raw.close();
    }
    // Chunked: refused once the content passes the limit.
    const chunked = await exchange("/big", {
      method: "POST",
      headers: { authorization: signFor(await challenge(), "/big", big) },
      chunks: [big.slice(0, 40), big.slice(40)],
    });
    expect(chunked.status).toBe(413);
    expect(handled).toBe(before);
  });

  it("curl --digest: a GET under auth-int alone (curl hashes the empty content)", async () => {
    const out = await curl(["--digest", "-u", `${USER}:${PASSWORD}`, `${origin}/dir/index.html`]);
    expect(JSON.parse(out)).toEqual({ user: USER, unread: true, text: "", qop: "auth-int" });
  });

  it("curl --digest still answers qop=auth where both are offered, and fails a wrong password", async () => {
    const base = `http://127.0.0.1:${bothQops.port}`;
    expect(await curl(["--digest", "-u", `${USER}:${PASSWORD}`, `${base}/a`])).toBe(
      `hello ${USER} auth\n`,
    );
    const wrong = await curl([
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "--digest",
      "-u",
      `${USER}:nope`,
      `${base}/a`,
    ]);
    expect(wrong).toBe("401");
  });
});
