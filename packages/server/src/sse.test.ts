import { describe, expect, it } from "vitest";
import { fakeRequest } from "../test/fake-request.js";
import type { ServerSentEvent } from "./server-sent-events.js";
import { eventStream } from "./sse.js";

async function collect(body: unknown, limit = 100): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of body as AsyncIterable<string>) {
    out.push(chunk);
    if (out.length >= limit) break;
  }
  return out;
}

describe("eventStream", () => {
  it("answers text/event-stream, no-cache, and formats each event", async () => {
    const response = eventStream(fakeRequest(), function* () {
      yield { id: "1", data: "one" };
      yield { event: "update", data: "a\nb" };
      yield ": raw comment\n\n";
    });
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
    });
    expect(await collect(response.body)).toEqual([
      "id: 1\ndata: one\n\n",
      "event: update\ndata: a\ndata: b\n\n",
      ": raw comment\n\n",
    ]);
  });

  it("passes Last-Event-ID to the source, and undefined for a missing or invalid one", async () => {
    const seen: (string | undefined)[] = [];
    const source = ({ lastEventId }: { lastEventId: string | undefined }) => {
      seen.push(lastEventId);
      return [];
    };
    await collect(eventStream(fakeRequest({ headers: { "last-event-id": "42" } }), source).body);
    await collect(eventStream(fakeRequest(), source).body);
    await collect(
      eventStream(fakeRequest({ headers: { "last-event-id": "\u00ff" } /* not UTF-8 */ }), source)
        .body,
    );
    expect(seen).toEqual(["42", undefined, undefined]);
  });

  it("sends retry first, and lets extra headers win", async () => {
    const response = eventStream(fakeRequest(), () => [], {
      retry: 2500,
      headers: { "Cache-Control": "no-store" },
    });
    expect(response.headers).toMatchObject({ "Cache-Control": "no-store" });
    expect(await collect(response.body)).toEqual(["retry: 2500\n\n"]);
  });

  it("fills silences with heartbeat comments while the source is still working", async () => {
    let release: (() => void) | undefined;
    const response = eventStream(
      fakeRequest(),
      async function* () {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        yield { data: "late" };
      },
      { heartbeatMs: 5 },
    );
    const chunks: string[] = [];
    for await (const chunk of response.body as AsyncIterable<string>) {
      chunks.push(chunk);
      if (chunks.length === 2) release!();
      if (chunk.startsWith("data:")) break;
    }
    expect(chunks.slice(0, 2)).toEqual([": ping\n\n", ": ping\n\n"]);
    expect(chunks.at(-1)).toBe("data: late\n\n");
  });

  it("stops when the request's signal aborts and closes the source (its finally runs)", async () => {
    const controller = new AbortController();
    let finished = false;
    let sourceSignal: AbortSignal | undefined;
    const response = eventStream(
      fakeRequest({ signal: controller.signal }),
      async function* ({ signal }): AsyncGenerator<ServerSentEvent> {
        sourceSignal = signal;
        try {
          for (let i = 0; ; i++) {
            yield { data: String(i) };
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
        } finally {
          finished = true;
        }
      },
      { heartbeatMs: 0 },
    );
    const chunks: string[] = [];
    for await (const chunk of response.body as AsyncIterable<string>) {
      chunks.push(chunk);
      if (chunks.length === 3) controller.abort();
    }
    expect(chunks).toHaveLength(3);
    expect(sourceSignal?.aborted).toBe(true);
    for (let i = 0; i < 100 && !finished; i++) await new Promise((r) => setTimeout(r, 5));
    expect(finished).toBe(true);
  });

  it("ends at once for a request already gone", async () => {
    const controller = new AbortController();
    controller.abort();
    const response = eventStream(fakeRequest({ signal: controller.signal }), async function* () {
      await new Promise(() => {});
      yield { data: "never" };
    });
    expect(await collect(response.body)).toEqual([]);
  });

  it("throws through the stream for an event that cannot be sent", async () => {
    const response = eventStream(fakeRequest(), () => [{ id: "a\nb", data: "x" }]);
    await expect(collect(response.body)).rejects.toMatchObject({
      code: "HW_SERVER_SSE_INVALID_FIELD",
    });
  });
});
