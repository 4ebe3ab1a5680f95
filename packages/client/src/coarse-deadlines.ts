import { performance } from "node:perf_hooks";

/**
 * Something with deadlines that a shared clock checks (internal): it keeps
 * its own deadlines and is told the time at every tick.
 */
export interface DeadlineWatcher {
  /** Its index among the watched, or -1 when not watched (owned by this module). */
  deadlineSlot: number;
  /** Called at every tick while watched: fire what is due at `now` (ms, `performance.now()`). */
  checkDeadlines(now: number): void;
}

/**
 * How often the shared clock ticks, and so how late a coarse deadline may
 * fire: a 30 s head timeout fires between 30 s and 30.25 s.
 */
export const COARSE_TICK_MS = 250;

/** Timeouts below this are left to their own `setTimeout` (a late tick would be a large error). */
export const COARSE_MIN_TIMEOUT_MS = 1000;

const watched: DeadlineWatcher[] = [];
let ticker: NodeJS.Timeout | undefined;

/**
 * Timeouts that are long and almost never fire (the head and body-idle
 * timeouts of every request, 30 s by default) are checked by one shared
 * clock instead of a `setTimeout` armed and cleared per request: watching
 * and unwatching is an array store, with no timer object and no timer-list
 * update. The clock runs (unreferenced, it never keeps the process alive)
 * while anything was watched since its last tick.
 */
export function watchDeadlines(watcher: DeadlineWatcher): void {
  if (watcher.deadlineSlot !== -1) return;
  watcher.deadlineSlot = watched.length;
  watched.push(watcher);
  if (ticker === undefined) {
    ticker = setInterval(tick, COARSE_TICK_MS);
    ticker.unref();
  }
}

/** Stops checking `watcher` (a swap with the last one: constant time). */
export function unwatchDeadlines(watcher: DeadlineWatcher): void {
  const slot = watcher.deadlineSlot;
  if (slot === -1) return;
  const last = watched.pop()!;
  if (last !== watcher) {
    watched[slot] = last;
    last.deadlineSlot = slot;
  }
  watcher.deadlineSlot = -1;
}

function tick(): void {
  if (watched.length === 0) {
    // Idle since the last tick: stop until something is watched again.
    clearInterval(ticker);
    ticker = undefined;
    return;
  }
  const now = performance.now();
  // Backwards: a watcher that unwatches itself (or others) only moves ones
  // already checked into lower slots; checking one twice is harmless.
  for (let i = watched.length - 1; i >= 0; i--) watched[i]?.checkDeadlines(now);
}
