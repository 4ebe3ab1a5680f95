import type { CachedResponse } from "./cache-policy.js";
import type { CacheStore } from "./cache-store.js";
import { ClientError, ClientErrorCode } from "./errors.js";

/** Options of a {@link MemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /** The byte budget of all entries together (see {@link cachedResponseSize}). Default 64 MiB. */
  maxBytes?: number;
  /** The largest single entry accepted; larger ones are not stored. Default a tenth of `maxBytes`. */
  maxEntryBytes?: number;
}

/**
 * The bytes an entry is charged for: its body, its URL and header lines
 * (UTF-16 code units, close enough for a budget) and a fixed overhead per
 * entry and per line for the objects around them.
 */
export function cachedResponseSize(entry: CachedResponse): number {
  let size = 256 + entry.body.byteLength + entry.url.length;
  for (const [name, value] of entry.headers) size += 32 + name.length + value.length;
  for (const [name, value] of Object.entries(entry.vary))
    size += 32 + name.length + (value?.length ?? 0);
  return size;
}

/**
 * A {@link CacheStore} in memory, bounded by a byte budget and evicting the
 * least recently used entries first. `get` counts as a use. Synchronous, so
 * a caller can skip the `await`.
 *
 * @example
 * ```ts
 * const store = new MemoryCacheStore({ maxBytes: 8 * 1024 * 1024 });
 * store.set(key, entry);
 * store.get(key); // entry, now the most recently used
 * store.bytes;    // bytes charged
 * ```
 */
export class MemoryCacheStore implements CacheStore {
  // A Map iterates in insertion order: re-inserting on use keeps the LRU entry first.
  readonly #entries = new Map<string, { value: CachedResponse; size: number }>();
  readonly #maxBytes: number;
  readonly #maxEntryBytes: number;
  #bytes = 0;

  constructor(options: MemoryCacheStoreOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#maxEntryBytes = options.maxEntryBytes ?? Math.floor(this.#maxBytes / 10);
    if (
      !(this.#maxBytes > 0) ||
      !(this.#maxEntryBytes > 0) ||
      this.#maxEntryBytes > this.#maxBytes
    ) {
      throw new ClientError(
        ClientErrorCode.INVALID_OPTION,
        "maxBytes and maxEntryBytes must be positive, and maxEntryBytes at most maxBytes",
      );
    }
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes charged for all entries (see {@link cachedResponseSize}). */
  get bytes(): number {
    return this.#bytes;
  }

  /** The entry under `key`, which becomes the most recently used. */
  get(key: string): CachedResponse | undefined {
    const slot = this.#entries.get(key);
    if (slot === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, slot);
    return slot.value;
  }

  /**
   * Stores `value` under `key` as the most recently used entry, evicting the
   * least recently used ones until the budget holds. An entry larger than
   * `maxEntryBytes` is not stored, and removes what was under `key`: the
   * old response is no longer the latest one.
   */
  set(key: string, value: CachedResponse): void {
    this.delete(key);
    const size = cachedResponseSize(value);
    if (size > this.#maxEntryBytes) return;
    this.#entries.set(key, { value, size });
    this.#bytes += size;
    for (const [oldest, slot] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= slot.size;
    }
  }

  /** Removes the entry under `key`; true when there was one. */
  delete(key: string): boolean {
    const slot = this.#entries.get(key);
    if (slot === undefined) return false;
    this.#entries.delete(key);
    this.#bytes -= slot.size;
    return true;
  }

  /** Whether an entry exists under `key` (not counted as a use). */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The keys, least recently used first. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** Removes every entry. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
