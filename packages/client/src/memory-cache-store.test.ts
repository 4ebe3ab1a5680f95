import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CachedResponse } from "./cache-policy.js";
import { cachedResponseSize, MemoryCacheStore } from "./memory-cache-store.js";

function make(url: string, bodyBytes: number): CachedResponse {
  return {
    url,
    method: "GET",
    status: 200,
    headers: [["content-type", "text/plain"]],
    body: new Uint8Array(bodyBytes),
    requestTime: 0,
    responseTime: 0,
    vary: {},
  };
}

describe("MemoryCacheStore", () => {
  it("gets, sets, replaces and deletes, keeping the byte count", () => {
    const store = new MemoryCacheStore();
    const a = make("a", 10);
    store.set("a", a);
    expect(store.get("a")).toBe(a);
    expect(store.bytes).toBe(cachedResponseSize(a));
    const a2 = make("a", 20);
    store.set("a", a2);
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(cachedResponseSize(a2));
    expect(store.delete("a")).toBe(true);
    expect(store.delete("a")).toBe(false);
    expect(store.bytes).toBe(0);
    expect(store.get("a")).toBeUndefined();
  });

  it("evicts the least recently used entries to stay within budget", () => {
    const one = cachedResponseSize(make("x", 1000));
    const store = new MemoryCacheStore({ maxBytes: one * 3, maxEntryBytes: one * 3 });
    store.set("a", make("a", 1000));
    store.set("b", make("b", 1000));
    store.set("c", make("c", 1000));
    store.get("a"); // a becomes the most recently used
    store.set("d", make("d", 1000));
    expect(store.keys()).toEqual(["c", "a", "d"]);
    expect(store.bytes).toBeLessThanOrEqual(one * 3);
  });

  it("refuses entries above maxEntryBytes and drops the old one under that key", () => {
    const store = new MemoryCacheStore({ maxBytes: 100_000, maxEntryBytes: 5000 });
    store.set("a", make("a", 10));
    store.set("a", make("a", 6000));
    expect(store.has("a")).toBe(false);
    expect(store.size).toBe(0);
  });

  it("rejects impossible budgets", () => {
    expect(() => new MemoryCacheStore({ maxBytes: 0 })).toThrow(
      expect.objectContaining({ code: "HW_CLIENT_INVALID_OPTION" }),
    );
    expect(() => new MemoryCacheStore({ maxBytes: 10, maxEntryBytes: 20 })).toThrow();
  });

  it("never exceeds its budget and keeps an exact byte count", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("get", "set", "delete"),
            fc.integer({ min: 0, max: 9 }),
            fc.nat(3000),
          ),
          { maxLength: 60 },
        ),
        (ops) => {
          const store = new MemoryCacheStore({ maxBytes: 8000, maxEntryBytes: 4000 });
          for (const [op, k, n] of ops) {
            const key = `k${k}`;
            if (op === "set") store.set(key, make(key, n));
            else if (op === "get") store.get(key);
            else store.delete(key);
            expect(store.bytes).toBeLessThanOrEqual(8000);
          }
          let total = 0;
          for (const key of store.keys()) total += cachedResponseSize(store.get(key)!);
          expect(store.bytes).toBe(total);
        },
      ),
      { numRuns: 200 },
    );
  });
});
