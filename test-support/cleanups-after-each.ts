// Per-test teardown shared by the packages' test helpers.
import { afterEach } from "vitest";

/** Something a test opened, to undo once it ends. */
export type Cleanup = () => Promise<void> | void;

/**
 * Registers an `afterEach` in the calling test file that runs, the last
 * registered first, every cleanup handed to the returned function during the
 * test: what a test opens is closed even when an assertion failed halfway.
 */
export function cleanupsAfterEach(): (cleanup: Cleanup) => void {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
}
