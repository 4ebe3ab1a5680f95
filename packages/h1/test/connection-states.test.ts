import { describe, expect, it } from "vitest";
import {
  CONNECTION_TRANSITIONS,
  connectionStateDiagram,
  nextConnectionState,
} from "../src/connection-states.js";

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
});
