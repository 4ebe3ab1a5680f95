// A small forward proxy on node:http (or node:https, to be spoken to over TLS):
// absolute-form requests are forwarded, CONNECT opens a tunnel, and an optional
// gate answers 407 with a challenge of its choosing. Also a Digest gate built
// on @hyperwire/headers' helpers.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import {
  formatDigestChallenge,
  parseDigestCredentials,
  verifyDigestCredentials,
} from "@hyperwire/headers";
import { httpServer, type RunningServer } from "./servers.js";

/** One request the proxy received. */
export interface ProxySeen {
  readonly kind: "forward" | "connect";
  readonly method: string;
  /** The request-target: absolute-form when forwarding, authority-form for CONNECT. */
  readonly target: string;
  /** The Host field the proxy received. */
  readonly host: string | undefined;
  readonly proxyAuthorization: string | undefined;
  /** Whether the gate let it through. */
  readonly allowed: boolean;
}

/** Decides on a request: null lets it through, a string is the Proxy-Authenticate of a 407. */
export type ProxyGate = (request: {
  readonly method: string;
  readonly target: string;
  readonly proxyAuthorization: string | undefined;
}) => string | null;

export interface ForwardProxy extends RunningServer {
  readonly server: http.Server;
  readonly seen: ProxySeen[];
}

/**
 * Starts the proxy on 127.0.0.1. With `tls`, clients speak TLS to the proxy
 * itself (an `https:` proxy URL). A refused CONNECT is answered 407 and the
 * connection closed (node:http stops parsing a socket after CONNECT).
 */
export async function startForwardProxy(
  options: { readonly tls?: { cert: string; key: string }; readonly gate?: ProxyGate } = {},
): Promise<ForwardProxy> {
  const seen: ProxySeen[] = [];
  const upstream = new Set<net.Socket>();
  const gate = options.gate ?? (() => null);
  const check = (kind: ProxySeen["kind"], req: http.IncomingMessage): string | null => {
    const request = {
      method: req.method ?? "",
      target: req.url ?? "",
      proxyAuthorization: req.headers["proxy-authorization"],
    };
    const challenge = gate(request);
    seen.push({ kind, ...request, host: req.headers.host, allowed: challenge === null });
    return challenge;
  };
  const server = options.tls === undefined ? http.createServer() : https.createServer(options.tls);
  const running = await httpServer(
    (req, res) => {
      const challenge = check("forward", req);
      if (challenge !== null) {
        req.resume();
        res.writeHead(407, { "proxy-authenticate": challenge, "content-type": "text/plain" });
        res.end("proxy authentication required\n");
        return;
      }
      const target = new URL(req.url ?? "");
      const headers = { ...req.headers };
      delete headers["proxy-authorization"];
      const forwarded = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method: req.method,
          headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on("error", () => res.destroy());
      req.pipe(forwarded);
    },
    {},
    server,
  );
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on("error", () => {});
    const challenge = check("connect", req);
    if (challenge !== null) {
      client.end(
        `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${challenge}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    const url = req.url ?? "";
    const colon = url.lastIndexOf(":");
    const up = net.connect(Number(url.slice(colon + 1)), url.slice(0, colon), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.byteLength > 0) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    upstream.add(up);
    up.on("error", () => client.destroy());
    up.on("close", () => upstream.delete(up));
  });
  return {
    ...running,
    seen,
    close: async () => {
      for (const socket of upstream) socket.destroy();
      await running.close();
    },
  };
}

/** What {@link digestGate} checks against. */
export interface DigestAccount {
  readonly username: string;
  readonly password: string;
  readonly realm?: string;
  readonly algorithm?: "MD5" | "SHA-256" | "SHA-512-256";
  /** Answer the first valid credentials with `stale=true` and a new nonce, once. */
  readonly staleOnce?: boolean;
}

/**
 * A gate that demands Digest (RFC 7616) through @hyperwire/headers: the
 * credentials must verify for the request's method, their `uri` must be the
 * request-target, and the nonce count must grow.
 */
export function digestGate(account: DigestAccount): ProxyGate & { readonly nonces: string[] } {
  const realm = account.realm ?? "proxy@hyperwire.test";
  const algorithm = account.algorithm ?? "SHA-256";
  const nonces = [`n${Math.random().toString(16).slice(2)}`];
  let staled = account.staleOnce !== true;
  let lastCount = 0;
  const challenge = (stale: boolean): string =>
    formatDigestChallenge({ realm, nonce: nonces.at(-1)!, algorithm, opaque: "op4que", stale });
  const gate = (request: Parameters<ProxyGate>[0]): string | null => {
    const value = request.proxyAuthorization;
    if (value === undefined || !value.startsWith("Digest ")) return challenge(false);
    const parsed = parseDigestCredentials(value);
    if (!parsed.ok || parsed.value.uri !== request.target) return challenge(false);
    const ok = verifyDigestCredentials(parsed.value, {
      method: request.method,
      username: account.username,
      password: account.password,
      realm,
      nonce: parsed.value.nonce,
      previousNonceCount: parsed.value.nonce === nonces.at(-1) ? lastCount : 0,
    });
    if (!ok || !nonces.includes(parsed.value.nonce)) return challenge(false);
    if (!staled) {
      staled = true;
      nonces.push(`n${Math.random().toString(16).slice(2)}`);
      lastCount = 0;
      return challenge(true);
    }
    if (parsed.value.nonce !== nonces.at(-1)) return challenge(true);
    lastCount = parsed.value.nc;
    return null;
  };
  return Object.assign(gate, { nonces });
}
