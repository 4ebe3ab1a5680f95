// Per-test teardown for the client tests: what a test opens (servers, agents,
// changed environment variables) is undone after it, the last opened first.
import { type Cleanup, cleanupsAfterEach } from "../../../test-support/cleanups-after-each.js";
import { Agent, type AgentOptions } from "../src/agent.js";

/** What a test opens through {@link closeAfterEach}, undone after it. */
export interface TestTeardown {
  /** Closes `server` after the test; returns it. */
  track<T extends { close(): Promise<void> }>(server: T): T;
  /** An Agent with a 5 s connect timeout (unless `options` say otherwise), destroyed after the test. */
  newAgent(options?: AgentOptions): Agent;
  /** Runs `cleanup` after the test. */
  defer(cleanup: Cleanup): void;
}

/**
 * Registers an `afterEach` in the calling test file that undoes, in reverse
 * order, everything the test handed to the returned functions.
 */
export function closeAfterEach(): TestTeardown {
  const defer = cleanupsAfterEach();
  return {
    track(server) {
      defer(() => server.close());
      return server;
    },
    newAgent(options = {}) {
      const agent = new Agent({ connectTimeout: 5000, ...options });
      defer(() => agent.destroy());
      return agent;
    },
    defer,
  };
}
