import { type Cleanup, cleanupsAfterEach } from "../../../test-support/cleanups-after-each.js";
import type { HttpServer, ServeOptions } from "../src/index.js";
import { RawClient, start } from "./helpers.js";

/** What a test opens through {@link closeAfterEach}, closed after it, the last opened first. */
export interface TestTeardown {
  /** `start` from the helpers; the server is closed (100 ms deadline) after the test. */
  start(options: ServeOptions): Promise<HttpServer & { port: number }>;
  /** A raw client on 127.0.0.1:`port`, destroyed after the test. */
  open(port: number): Promise<RawClient>;
  /** Runs `cleanup` after the test. */
  defer(cleanup: Cleanup): void;
}

/**
 * Registers an `afterEach` in the calling test file that closes every server
 * and raw client the test opened through the returned functions. A server the
 * test closed itself may be closed again: `close` returns the same promise.
 */
export function closeAfterEach(): TestTeardown {
  const defer = cleanupsAfterEach();
  return {
    async start(options) {
      const server = await start(options);
      defer(() => server.close({ deadline: 100 }));
      return server;
    },
    async open(port) {
      const client = await RawClient.open(port);
      defer(() => client.close());
      return client;
    },
    defer,
  };
}
