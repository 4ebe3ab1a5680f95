import { describe, expect, it } from "vitest";
import { closeAfterEach } from "./close-after-each.js";
import type { RawClient } from "./helpers.js";

/**
 * Graceful shutdown with 200 requests in flight over 20 keep-alive
 * connections (RFC 9112 §9.6): every request that was accepted is answered
 * in full, in order, the last response on each connection says
 * `Connection: close`, nothing is reset, and idle connections close at once.
 */

const { start, open } = closeAfterEach();

const CONNECTIONS = 20;
const PER_CONNECTION = 10;

describe("graceful shutdown under load", () => {
  it(`answers all ${CONNECTIONS * PER_CONNECTION} in-flight requests, resets none, closes idle connections at once`, async () => {
    const release: (() => void)[] = [];
    const server = await start({
      handler: (request) =>
        new Promise((resolve) =>
          release.push(() =>
            resolve({ headers: { "Content-Type": "text/plain" }, body: `done ${request.path}` }),
          ),
        ),
    });
    const port = server.port;
    const resets: string[] = [];
    const watch = (client: RawClient, name: string): RawClient => {
      client.socket.on("error", (error: NodeJS.ErrnoException) =>
        resets.push(`${name}: ${error.code}`),
      );
      return client;
    };

    // Idle keep-alive connections: one request answered, then nothing.
    const idle: RawClient[] = [];
    for (let i = 0; i < 5; i++) {
      const client = watch(await open(port), `idle ${i}`);
      client.write("GET /warm HTTP/1.1\r\nHost: x\r\n\r\n");
      idle.push(client);
    }
    while (release.length < idle.length) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const resolve of release.splice(0)) resolve();
    for (const client of idle) await client.responses(1);

    // Busy connections: 10 pipelined requests each, all handlers running.
    const busy: RawClient[] = [];
    for (let c = 0; c < CONNECTIONS; c++) {
      const client = watch(await open(port), `busy ${c}`);
      let burst = "";
      for (let r = 0; r < PER_CONNECTION; r++)
        burst += `GET /${c}/${r} HTTP/1.1\r\nHost: x\r\n\r\n`;
      client.write(burst);
      busy.push(client);
    }
    await busy[0]!.until(() => release.length === CONNECTIONS * PER_CONNECTION, 10_000);

    const closed = server.close({ deadline: 10_000 });
    // Idle connections close at once, before any handler finished.
    for (const client of idle) await client.untilClosed(2_000);
    expect(release.length).toBe(CONNECTIONS * PER_CONNECTION);

    // Handlers finish in a scrambled order, a few at a time.
    const pending = release.splice(0);
    for (let i = pending.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [pending[i], pending[j]] = [pending[j]!, pending[i]!];
    }
    while (pending.length > 0) {
      for (const resolve of pending.splice(0, 25)) resolve();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    for (const [c, client] of busy.entries()) {
      await client.untilClosed(10_000);
      const responses = await client.responses(PER_CONNECTION);
      expect(responses).toHaveLength(PER_CONNECTION);
      expect(responses.map((r) => r.body)).toEqual(
        Array.from({ length: PER_CONNECTION }, (_, r) => `done /${c}/${r}`),
      );
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(responses.at(-1)!.headers.connection).toBe("close");
      expect(responses.slice(0, -1).every((r) => r.headers.connection === undefined)).toBe(true);
    }
    await closed;
    expect(resets).toEqual([]);
  });
});
