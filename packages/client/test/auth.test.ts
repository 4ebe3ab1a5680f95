// Basic and Digest authentication answering a 401, against node:http servers
// that check credentials with @hyperwire/headers.
import type http from "node:http";
import {
  formatBasicChallenge,
  formatBasicCredentials,
  formatDigestChallenge,
  parseDigestCredentials,
  verifyDigestCredentials,
} from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { closeAfterEach } from "./close-after-each.js";
import { httpServer, type RunningServer, readAll } from "./servers.js";

const { track, newAgent } = closeAfterEach();

async function serve(handler: http.RequestListener): Promise<RunningServer> {
  return track(await httpServer(handler));
}

interface Logged {
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A server that wants Basic credentials user / "pa:ss". */
async function basicServer() {
  const log: Logged[] = [];
  const expected = formatBasicCredentials("user", "pa:ss");
  const server = await serve(async (req, res) => {
    log.push({
      url: req.url ?? "",
      authorization: req.headers.authorization,
      body: await readAll(req),
    });
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { "www-authenticate": formatBasicChallenge("site") });
      res.end("who are you?");
      return;
    }
    res.end(`hello ${req.url}`);
  });
  return { server, log };
}

/**
 * A Digest server (RFC 7616) offering `algorithms` in order; it verifies with
 * verifyDigestCredentials and tracks the nonce count; `staleAfter` nonces
 * expire after that many uses (answered with stale=true).
 */
async function digestServer(
  algorithms: ("MD5" | "SHA-256")[],
  options: { staleAfter?: number; basicToo?: boolean } = {},
) {
  const log: (Logged & { algorithm?: string; nc?: number; nonce?: string })[] = [];
  const nonces = new Map<string, { nc: number; uses: number }>();
  let issued = 0;
  const challenge = (stale: boolean): string[] => {
    const nonce = `nonce-${++issued}`;
    nonces.set(nonce, { nc: 0, uses: 0 });
    const lines = algorithms.map((algorithm) =>
      formatDigestChallenge({
        realm: "vault",
        nonce,
        algorithm,
        qop: ["auth", "auth-int"],
        opaque: "op",
        stale,
      }),
    );
    if (options.basicToo === true) lines.unshift(formatBasicChallenge("vault"));
    return lines;
  };
  const server = await serve(async (req, res) => {
    const body = await readAll(req);
    const entry: (typeof log)[number] = {
      url: req.url ?? "",
      authorization: req.headers.authorization,
      body,
    };
    log.push(entry);
    const parsed = parseDigestCredentials(req.headers.authorization ?? "");
    if (parsed.ok) {
      entry.algorithm = parsed.value.algorithm;
      entry.nc = parsed.value.nc;
      entry.nonce = parsed.value.nonce;
      const state = nonces.get(parsed.value.nonce);
      const good =
        state !== undefined &&
        parsed.value.uri === req.url &&
        verifyDigestCredentials(parsed.value, {
          method: req.method ?? "GET",
          username: "Mufasa",
          password: "Circle of Life",
          realm: "vault",
          previousNonceCount: state.nc,
          body: new TextEncoder().encode(body),
        });
      if (good && state !== undefined) {
        state.nc = parsed.value.nc;
        state.uses++;
        if (options.staleAfter !== undefined && state.uses > options.staleAfter) {
          res.writeHead(401, { "www-authenticate": challenge(true) });
          res.end();
          return;
        }
        res.end(`ok ${req.method} ${body}`);
        return;
      }
    }
    res.writeHead(401, { "www-authenticate": challenge(false) });
    res.end();
  });
  return { server, log };
}

const mufasa = { username: "Mufasa", password: "Circle of Life" };

describe("Basic", () => {
  it("answers a 401 once, then sends the credentials ahead for the same origin", async () => {
    const { server, log } = await basicServer();
    const agent = newAgent();
    const auth = { username: "user", password: "pa:ss" };
    const res = await agent.request(`${server.url}/a`, { auth });
    expect(res.status).toBe(200);
    expect(await res.body.text()).toBe("hello /a");
    expect(log.map((l) => l.authorization === undefined)).toEqual([true, false]);
    const again = await agent.request(`${server.url}/b`, { auth });
    expect(await again.body.text()).toBe("hello /b");
    expect(log).toHaveLength(3);
  });

  it("takes credentials from the URL's userinfo, never sending them in the target", async () => {
    const { server, log } = await basicServer();
    const res = await newAgent().request(`http://user:pa%3Ass@127.0.0.1:${server.port}/secret?q=1`);
    expect(res.status).toBe(200);
    await res.body.dump();
    expect(res.url).toBe(`${server.url}/secret?q=1`);
    expect(log.map((l) => l.url)).toEqual(["/secret?q=1", "/secret?q=1"]);
  });

  it("returns the 401 when the credentials are refused (one answer, no loop)", async () => {
    const { server, log } = await basicServer();
    const res = await newAgent().request(server.url, {
      auth: { username: "user", password: "wrong" },
    });
    expect(res.status).toBe(401);
    expect(await res.body.text()).toBe("who are you?");
    expect(log).toHaveLength(2);
  });

  it("returns the 401 for a body that cannot be replayed", async () => {
    const { server, log } = await basicServer();
    const res = await newAgent().request(server.url, {
      method: "POST",
      auth: { username: "user", password: "pa:ss" },
      body: (async function* () {
        yield "once";
      })(),
    });
    expect(res.status).toBe(401);
    await res.body.dump();
    expect(log).toHaveLength(1);
  });
});

describe("Digest", () => {
  it("chooses SHA-256 over MD5 and Basic, and the server verifies it", async () => {
    const { server, log } = await digestServer(["MD5", "SHA-256"], { basicToo: true });
    const res = await newAgent().request(`${server.url}/dir/index.html`, { auth: mufasa });
    expect(res.status).toBe(200);
    await res.body.dump();
    expect(log).toHaveLength(2);
    expect(log[1]!.algorithm).toBe("SHA-256");
    expect(log[1]!.nc).toBe(1);
  });

  it("answers MD5 when it is the only algorithm offered", async () => {
    const { server, log } = await digestServer(["MD5"]);
    const res = await newAgent().request(`${server.url}/md5`, { auth: mufasa });
    expect(res.status).toBe(200);
    await res.body.dump();
    expect(log[1]!.algorithm).toBe("MD5");
  });

  it("reuses the nonce with a growing nonce count, without a new 401", async () => {
    const { server, log } = await digestServer(["SHA-256"]);
    const agent = newAgent();
    for (const path of ["/1", "/2", "/3"]) {
      const res = await agent.request(`${server.url}${path}`, { auth: mufasa });
      expect(res.status).toBe(200);
      await res.body.dump();
    }
    expect(log.map((l) => [l.url, l.nc ?? null])).toEqual([
      ["/1", null],
      ["/1", 1],
      ["/2", 2],
      ["/3", 3],
    ]);
    expect(new Set(log.slice(1).map((l) => l.nonce)).size).toBe(1);
  });

  it("retries with the new nonce when the server says stale=true", async () => {
    const { server, log } = await digestServer(["SHA-256"], { staleAfter: 1 });
    const agent = newAgent();
    await (await agent.request(`${server.url}/a`, { auth: mufasa })).body.dump();
    const res = await agent.request(`${server.url}/b`, { auth: mufasa });
    expect(res.status).toBe(200);
    await res.body.dump();
    // /b: the old nonce (stale), then the fresh one.
    expect(log.map((l) => [l.url, l.nonce ?? null, l.nc ?? null])).toEqual([
      ["/a", null, null],
      ["/a", "nonce-1", 1],
      ["/b", "nonce-1", 2],
      ["/b", "nonce-2", 1],
    ]);
  });

  it("resends a replayable POST body with the credentials", async () => {
    const { server, log } = await digestServer(["SHA-256"]);
    const res = await newAgent().request(`${server.url}/form`, {
      method: "POST",
      body: "a=1",
      auth: mufasa,
    });
    expect(await res.body.text()).toBe("ok POST a=1");
    expect(log.map((l) => l.body)).toEqual(["a=1", "a=1"]);
  });
});

describe("redirects", () => {
  it("never sends or answers with credentials at another origin", async () => {
    const other: Logged[] = [];
    const elsewhere = await serve((req, res) => {
      other.push({ url: req.url ?? "", authorization: req.headers.authorization, body: "" });
      res.writeHead(401, { "www-authenticate": formatBasicChallenge("elsewhere") });
      res.end();
    });
    const expected = formatBasicCredentials("user", "pa:ss");
    const home = await serve((req, res) => {
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { "www-authenticate": formatBasicChallenge("home") });
        res.end();
        return;
      }
      if (req.url === "/start") {
        res.writeHead(302, { location: "/same" });
        res.end();
        return;
      }
      if (req.url === "/same") {
        res.writeHead(302, { location: `${elsewhere.url}/landing` });
        res.end();
        return;
      }
      res.end();
    });
    const res = await newAgent().request(`${home.url}/start`, {
      auth: { username: "user", password: "pa:ss" },
      headers: { "x-trace": "1" },
      redirect: { max: 5 },
    });
    expect(res.status).toBe(401);
    await res.body.dump();
    expect(res.redirects).toEqual([`${home.url}/start`, `${home.url}/same`]);
    expect(other).toEqual([{ url: "/landing", authorization: undefined, body: "" }]);
  });

  it("drops an Authorization header the caller set on a cross-origin hop", async () => {
    const other: (string | undefined)[] = [];
    const elsewhere = await serve((req, res) => {
      other.push(req.headers.authorization);
      res.end();
    });
    const home = await serve((req, res) => {
      if (req.url === "/go") {
        res.writeHead(307, { location: `${elsewhere.url}/x` });
        res.end();
        return;
      }
      res.end();
    });
    const res = await newAgent().request(`${home.url}/go`, {
      headers: { authorization: "Bearer token" },
      redirect: { max: 2 },
    });
    await res.body.dump();
    expect(other).toEqual([undefined]);
  });
});
