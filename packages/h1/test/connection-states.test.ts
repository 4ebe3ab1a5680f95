import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CONNECTION_TRANSITIONS,
  type ConnectionState,
  type ConnectionStreamEvent,
  connectionStateDiagram,
  nextConnectionState,
  STREAM_EVENT,
  StreamState,
  streamEventId,
} from "../src/connection-states.js";

const scriptUrl = new URL("../scripts/write-state-diagram.mjs", import.meta.url);
const docsPagePath = fileURLToPath(new URL("../../../docs/connection-states.md", import.meta.url));

interface PageWriter {
  renderConnectionStatesPage(h1: {
    CONNECTION_TRANSITIONS: typeof CONNECTION_TRANSITIONS;
    connectionStateDiagram: typeof connectionStateDiagram;
  }): string;
  OUTPUT_PATH: string;
}

describe("CONNECTION_TRANSITIONS", () => {
  it("has one row per (stream, state, event) and a reference on each", () => {
    const keys = CONNECTION_TRANSITIONS.map((t) => `${t.stream}|${t.from}|${t.event}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of CONNECTION_TRANSITIONS) expect(t.reference).toMatch(/RFC \d+/);
  });

  it("looks transitions up", () => {
    expect(nextConnectionState("request", "idle", "head")).toBe("send-body");
    expect(nextConnectionState("response", "send-response", "informational")).toBe("send-response");
    expect(nextConnectionState("response", "send-response", "switch")).toBe("switched");
    expect(nextConnectionState("request", "idle", "end")).toBeUndefined();
    expect(nextConnectionState("response", "closed", "request")).toBeUndefined();
  });

  it("terminal states have no way out", () => {
    for (const t of CONNECTION_TRANSITIONS)
      expect(["closed", "switched", "error"]).not.toContain(t.from);
  });

  it("draws the diagram from the table", () => {
    const diagram = connectionStateDiagram("response");
    expect(diagram.split("\n")[0]).toBe("stateDiagram-v2");
    const rows = CONNECTION_TRANSITIONS.filter((t) => t.stream === "response").length;
    expect(diagram.split("\n")).toHaveLength(rows + 1);
    expect(diagram).toContain("send_response --> switched: switch");
  });

  it("the lookup index holds exactly the rows of the table", () => {
    const states = new Set<ConnectionState>();
    const events = new Set<ConnectionStreamEvent>();
    for (const t of CONNECTION_TRANSITIONS) {
      states.add(t.from).add(t.to);
      events.add(t.event);
    }
    const rows = new Map(
      CONNECTION_TRANSITIONS.map((t) => [`${t.stream}|${t.from}|${t.event}`, t.to]),
    );
    for (const stream of ["request", "response"] as const) {
      for (const from of states) {
        for (const event of events) {
          const expected = rows.get(`${stream}|${from}|${event}`);
          expect(nextConnectionState(stream, from, event)).toBe(expected);
          const machine = new StreamState(stream, from);
          expect(machine.tryApply(streamEventId(event))).toBe(expected !== undefined);
          expect(machine.state).toBe(expected ?? from);
        }
      }
    }
    // Every event of the table has an id, and the ids are the events' (no two share one).
    expect([...events].map(streamEventId).sort((a, b) => a - b)).toEqual(
      Object.values(STREAM_EVENT).sort((a, b) => a - b),
    );
    // Inherited names are not events.
    expect(nextConnectionState("request", "idle", "toString" as ConnectionStreamEvent)).toBe(
      undefined,
    );
  });

  it("an illegal move throws HW_H1_INVALID_STATE naming the side to blame", () => {
    const machine = new StreamState("response");
    expect(() => machine.apply(STREAM_EVENT.end, "peer")).toThrow(
      expect.objectContaining({ code: "HW_H1_INVALID_STATE", side: "peer" }),
    );
    expect(machine.state).toBe("idle");
  });

  it("the committed docs page (docs/connection-states.md) is drawn from the table", async () => {
    const writer = (await import(scriptUrl.href)) as PageWriter;
    expect(writer.OUTPUT_PATH).toBe(docsPagePath);
    const page = writer.renderConnectionStatesPage({
      CONNECTION_TRANSITIONS,
      connectionStateDiagram,
    });
    expect(page).toMatch(/^---\ntitle: Connection states\ngroup: Guides\n---\n/);
    for (const stream of ["request", "response"] as const) {
      expect(page).toContain(`\`\`\`mermaid\n${connectionStateDiagram(stream)}\n\`\`\`\n`);
    }
    // Regenerate with: node packages/h1/scripts/write-state-diagram.mjs (after a build).
    expect(readFileSync(docsPagePath, "utf8")).toBe(page);
  });
});
