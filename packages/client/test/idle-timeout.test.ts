// The idle timer of pooled connections: one lazily armed timer per connection,
// which must still close idle connections on time and follow a server's shorter
// Keep-Alive: timeout= learnt later. Waits are bounded polls, never timing assertions.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { closeAfterEach } from "./close-after-each.js";
import { rawServer } from "./servers.js";

const { track, newAgent } = closeAfterEach();

/** Polls (every 10 ms, at most `limit` ms) until `condition` holds; returns whether it did. */
async function eventually(condition: () => boolean, limit = 5000): Promise<boolean> {
  for (let waited = 0; waited < limit; waited += 10) {
    if (condition()) return true;
    await sleep(10);
  }
  return condition();
}

const ok = (extra = "") => `HTTP/1.1 200 OK\r\n${extra}Content-Length: 2\r\n\r\nok`;

describe("idle pooled connections", () => {
  it("are closed after keepAliveTimeout, and the next request opens a new one", async () => {
    const server = track(await rawServer(({ socket }) => socket.write(ok())));
    const agent = newAgent({ keepAliveTimeout: 100 });
    const pool = agent.pool(server.url);
    await (await agent.request(server.url)).body.dump();
    expect(await eventually(() => pool.stats.connections === 0)).toBe(true);
    const next = await agent.request(server.url);
    await next.body.dump();
    expect(next.reused).toBe(false);
    expect(server.connections()).toBe(2);
  });

  it("stay open while they carry requests, whatever the timer armed before", async () => {
    const server = track(
      await rawServer(({ socket }) => setTimeout(() => socket.write(ok()), 150)),
    );
    const agent = newAgent({ keepAliveTimeout: 100 });
    // Each response takes longer than the idle timeout: a timer armed during an
    // earlier idle period fires while the connection is busy and must not close it.
    for (let i = 0; i < 3; i++) {
      const res = await agent.request(server.url);
      expect(await res.body.text()).toBe("ok");
    }
  });

  it("follow a shorter Keep-Alive timeout learnt after the timer was armed", async () => {
    let count = 0;
    const server = track(
      await rawServer(({ socket }) => {
        // First answer without a hint (the 60 s client timeout applies), then
        // timeout=2: with a 1900 ms margin, 100 ms of idle time remain.
        socket.write(count++ === 0 ? ok() : ok("Keep-Alive: timeout=2\r\n"));
      }),
    );
    const agent = newAgent({ keepAliveTimeout: 60_000, keepAliveTimeoutMargin: 1900 });
    const pool = agent.pool(server.url);
    await (await agent.request(server.url)).body.dump();
    const second = await agent.request(server.url);
    await second.body.dump();
    expect(second.reused).toBe(true);
    expect(await eventually(() => pool.stats.connections === 0)).toBe(true);
  });
});
