import type { CachedResponse } from "./cache-policy.js";

/**
 * Where a cache keeps its responses: a key-value store from
 * {@link CachePolicy.cacheKey} to {@link CachedResponse}. Methods may answer
 * synchronously or with a promise, so a store can sit on disk, in Redis or
 * in IndexedDB; {@link MemoryCacheStore} is the in-memory one.
 *
 * A store may forget entries whenever it likes (under memory pressure,
 * say): a cache treats a missing entry as a miss.
 *
 * @example
 * ```ts
 * class MapStore implements CacheStore {
 *   #map = new Map<string, CachedResponse>();
 *   get(key: string) { return this.#map.get(key); }
 *   set(key: string, value: CachedResponse) { this.#map.set(key, value); }
 *   delete(key: string) { this.#map.delete(key); }
 * }
 * ```
 */
export interface CacheStore {
  /** The entry stored under `key`, or undefined. */
  get(key: string): CachedResponse | undefined | Promise<CachedResponse | undefined>;
  /** Stores `value` under `key`, replacing any earlier entry. */
  set(key: string, value: CachedResponse): void | Promise<void>;
  /** Removes the entry under `key`, if any; a promise it returns is awaited. */
  delete(key: string): unknown;
}
