import { eventStream, type Router } from "@hyperwire/server";
import { LIMITS } from "../limits.js";
import { badRequest, boundedInteger, sleep } from "../responses.js";

/**
 * `/sse?count=&interval=` is a Server-Sent Events stream (WHATWG HTML §9.2):
 * `count` events (default 10, at most `LIMITS.sseEvents`) named `tick`, one
 * every `interval` ms (default 1000, 10 to `LIMITS.sseIntervalMs`), each with
 * an `id` so a reconnecting `EventSource` resumes after `Last-Event-ID`, then
 * an `end` event. `/sse.html` shows them in a browser.
 */
export function registerSseRoutes(router: Router): void {
  router.get("/sse", (request) => {
    const query = new URLSearchParams(request.query);
    const count = boundedInteger("count", query.get("count"), {
      min: 1,
      max: LIMITS.sseEvents,
      fallback: 10,
    });
    if (typeof count === "string") return badRequest(count);
    const interval = boundedInteger("interval", query.get("interval"), {
      min: 10,
      max: LIMITS.sseIntervalMs,
      fallback: 1000,
    });
    if (typeof interval === "string") return badRequest(interval);
    return eventStream(
      request,
      async function* ({ lastEventId, signal }) {
        const first = Math.min(Number(lastEventId ?? 0) || 0, count);
        for (let id = first + 1; id <= count && !signal.aborted; id++) {
          if (id > first + 1) await sleep(interval, signal);
          yield {
            id: String(id),
            event: "tick",
            data: JSON.stringify({ id, of: count, time: new Date().toISOString() }),
          };
        }
        yield { event: "end", data: "done" };
      },
      { heartbeatMs: 15_000, retry: 2_000 },
    );
  });
}
