import { CachePolicy, type CachePolicyOptions } from "./cache-policy.js";
import type { CacheStore } from "./cache-store.js";
import { MemoryCacheStore } from "./memory-cache-store.js";

/**
 * Settings of the `cache` option of `request()` (RFC 9111, a private cache by default).
 *
 * @example
 * ```ts
 * const cache = { store: new MemoryCacheStore({ maxBytes: 16 * 1024 * 1024 }) };
 * const first = await request(url, { cache });  // res.cache === "miss", stored
 * const again = await request(url, { cache });  // res.cache === "hit", no network
 * ```
 */
export interface CacheOptions {
  /** Where responses are kept. Default: one `MemoryCacheStore` (64 MiB) shared by the process. */
  readonly store?: CacheStore;
  /** The rules: a `CachePolicy` or its options. Default `new CachePolicy()` (private). */
  readonly policy?: CachePolicy | CachePolicyOptions;
  /** Bodies larger than this (bytes) are not copied for storing. Default 8 MiB. */
  readonly maxEntryBytes?: number;
}

/** The `cache` option: `true` for the defaults, or {@link CacheOptions}. */
export type CacheOption = boolean | CacheOptions;

/** How a response relates to the cache (`ClientResponse.cache`). */
export type CacheStatus =
  /** Served from the store without contacting the server. */
  | "hit"
  /** The server answered 304 to a conditional request; the stored content was served. */
  | "revalidated"
  /** The server's response (stored when the rules allow). */
  | "miss";

/** A cache made ready for one call (internal). */
export interface ActiveCache {
  readonly store: CacheStore;
  readonly policy: CachePolicy;
  readonly maxEntryBytes: number;
}

let processStore: MemoryCacheStore | undefined;
const defaultPolicy = new CachePolicy();

/** The cache of a call, or null when `option` turns caching off (internal). */
export function activeCache(option: CacheOption | undefined): ActiveCache | null {
  if (option === undefined || option === false) return null;
  const settings: CacheOptions = option === true ? {} : option;
  const store = settings.store ?? (processStore ??= new MemoryCacheStore());
  const policy =
    settings.policy === undefined
      ? defaultPolicy
      : settings.policy instanceof CachePolicy
        ? settings.policy
        : new CachePolicy(settings.policy);
  return { store, policy, maxEntryBytes: settings.maxEntryBytes ?? 8 * 1024 * 1024 };
}
