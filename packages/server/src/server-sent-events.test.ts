import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ServerErrorCode } from "./errors.js";
import {
  formatServerSentEvent,
  formatServerSentEventComment,
  parseLastEventId,
  SERVER_SENT_EVENTS_HEARTBEAT,
  type ServerSentEvent,
} from "./server-sent-events.js";

interface Dispatched {
  type: string;
  data: string;
  lastEventId: string;
}

/**
 * A test oracle written from WHATWG HTML §9.2.5/§9.2.6: split into lines on
 * CRLF, LF or CR; ignore comments; collect fields; dispatch on a blank line.
 */
function referenceParse(stream: string) {
  const events: Dispatched[] = [];
  let data = "";
  let type = "";
  let lastEventId = "";
  let retry: number | undefined;
  const lines = stream.split(/\r\n|\r|\n/);
  lines.pop(); // the text after the last line break is an incomplete line
  for (const line of lines) {
    if (line === "") {
      if (data === "") {
        type = "";
        continue;
      }
      events.push({
        type: type || "message",
        data: data.endsWith("\n") ? data.slice(0, -1) : data,
        lastEventId,
      });
      data = "";
      type = "";
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "data") data += `${value}\n`;
    else if (name === "event") type = value;
    else if (name === "id" && !value.includes("\0")) lastEventId = value;
    else if (name === "retry" && /^[0-9]+$/.test(value)) retry = Number(value);
  }
  return { events, lastEventId, retry };
}

describe("formatServerSentEvent", () => {
  it("writes fields and the dispatching blank line", () => {
    expect(formatServerSentEvent({ event: "update", id: "42", retry: 3000, data: "hello" })).toBe(
      "event: update\nid: 42\nretry: 3000\ndata: hello\n\n",
    );
    expect(formatServerSentEvent({ data: "" })).toBe("data: \n\n");
    expect(formatServerSentEvent({})).toBe("\n");
    expect(formatServerSentEvent({ comment: "hi", data: "x" })).toBe(": hi\ndata: x\n\n");
  });

  it("splits data on CRLF, LF and CR alike (§9.2.5)", () => {
    expect(formatServerSentEvent({ data: "a\r\nb\nc\rd" })).toBe(
      "data: a\ndata: b\ndata: c\ndata: d\n\n",
    );
    expect(formatServerSentEvent({ data: "\n" })).toBe("data: \ndata: \n\n");
    expect(formatServerSentEvent({ data: "\r\r\n" })).toBe("data: \ndata: \ndata: \n\n");
  });

  it("keeps hostile data from forging fields or events", () => {
    const data = "x\nevent: logout\r\nid: 999\r\n\r\ndata: injected";
    const parsed = referenceParse(formatServerSentEvent({ data }));
    expect(parsed.events).toEqual([
      { type: "message", data: "x\nevent: logout\nid: 999\n\ndata: injected", lastEventId: "" },
    ]);
  });

  it("keeps a leading space of a value (the client strips exactly one)", () => {
    const parsed = referenceParse(formatServerSentEvent({ data: "  two spaces", id: " 1" }));
    expect(parsed.events[0]).toEqual({ type: "message", data: "  two spaces", lastEventId: " 1" });
  });

  it.each<[ServerSentEvent, string]>([
    [{ event: "a\nb" }, "event"],
    [{ event: "a\rb" }, "event"],
    [{ id: "a\nb" }, "id"],
    [{ id: "a\rb" }, "id"],
    [{ id: "a\0b" }, "id"],
    [{ retry: -1 }, "retry"],
    [{ retry: 1.5 }, "retry"],
    [{ retry: Number.NaN }, "retry"],
    [{ retry: 2 ** 53 }, "retry"],
  ])("throws HW_SERVER_SSE_INVALID_FIELD for %j", (event) => {
    expect(() => formatServerSentEvent(event)).toThrow(
      expect.objectContaining({ code: ServerErrorCode.SSE_INVALID_FIELD }),
    );
  });

  it("writes comments one line each; the heartbeat dispatches nothing", () => {
    expect(formatServerSentEventComment("ping")).toBe(": ping\n");
    expect(formatServerSentEventComment("a\r\nb\rc\n")).toBe(": a\n: b\n: c\n:\n");
    expect(SERVER_SENT_EVENTS_HEARTBEAT).toBe(": ping\n\n");
    expect(referenceParse(SERVER_SENT_EVENTS_HEARTBEAT).events).toEqual([]);
    expect(referenceParse(formatServerSentEventComment("x\ndata: y\n\n")).events).toEqual([]);
  });

  it("round trip: the reference parser gives back every field", () => {
    const noBreaks = fc.string({ unit: "binary" }).map((s) => s.replace(/[\r\n]/g, ""));
    const arbitraryEvent = fc.record(
      {
        data: fc.string({ unit: "binary" }),
        event: noBreaks.filter((s) => s !== ""),
        id: noBreaks.map((s) => s.replace(/\0/g, "")),
        retry: fc.nat(),
        comment: fc.string({ unit: "binary" }),
      },
      { requiredKeys: ["data"] },
    );
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { minLength: 1, maxLength: 4 }), (events) => {
        const stream = events.map((e) => formatServerSentEvent(e)).join("");
        const parsed = referenceParse(stream);
        let lastEventId = "";
        const expected = events.map((e) => {
          if (e.id !== undefined) lastEventId = e.id;
          return {
            type: e.event ?? "message",
            data: e.data.replace(/\r\n|\r/g, "\n"),
            lastEventId,
          };
        });
        expect(parsed.events).toEqual(expected);
        const lastRetry = events.filter((e) => e.retry !== undefined).at(-1)?.retry;
        expect(parsed.retry).toBe(lastRetry);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseLastEventId", () => {
  it("returns undefined when absent or empty", () => {
    expect(parseLastEventId(null)).toEqual({ ok: true, value: undefined });
    expect(parseLastEventId(undefined)).toEqual({ ok: true, value: undefined });
    expect(parseLastEventId("")).toEqual({ ok: true, value: undefined });
  });

  it("returns the ID, decoding the field's octets as UTF-8", () => {
    expect(parseLastEventId("42")).toEqual({ ok: true, value: "42" });
    expect(parseLastEventId("evt 7:a/b")).toEqual({ ok: true, value: "evt 7:a/b" });
    // "é" in UTF-8 is C3 A9; a byte-per-char field value shows it as "Ã©".
    expect(parseLastEventId("caf\u00c3\u00a9")).toEqual({ ok: true, value: "café" });
    // Already decoded text (a char above U+00FF) is taken as is.
    expect(parseLastEventId("id-€")).toEqual({ ok: true, value: "id-€" });
  });

  it.each(["a\0b", "a\nb", "a\rb", "\u00ff", "\u00c3"])("refuses %j", (value) => {
    const result = parseLastEventId(value);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(ServerErrorCode.SSE_INVALID_LAST_EVENT_ID);
      expect(result.error.statusHint).toBe(400);
    }
  });

  it("bounds the length", () => {
    expect(parseLastEventId("x".repeat(1024)).ok).toBe(true);
    expect(parseLastEventId("x".repeat(1025)).ok).toBe(false);
    expect(parseLastEventId("x".repeat(10), { maxLength: 9 }).ok).toBe(false);
  });

  it("round trip with formatServerSentEvent's id, through UTF-8 octets", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), (id) => {
        fc.pre(!/[\0\r\n]/.test(id));
        const octets = Array.from(new TextEncoder().encode(id), (b) => String.fromCharCode(b)).join(
          "",
        );
        expect(parseLastEventId(octets)).toEqual({ ok: true, value: id });
      }),
      { numRuns: 200 },
    );
  });
});
