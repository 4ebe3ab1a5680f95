import { describe, expect, it } from "vitest";
import { Fields } from "./fields.js";
import { isHopByHopField, stripHopByHop } from "./hop-by-hop.js";

describe("isHopByHopField (RFC 9110 §7.6.1)", () => {
  it("knows the fixed set in any casing", () => {
    for (const name of [
      "connection",
      "Keep-Alive",
      "proxy-connection",
      "TE",
      "transfer-encoding",
      "upgrade",
    ]) {
      expect(isHopByHopField(name)).toBe(true);
    }
    for (const name of ["host", "content-length", "trailer", "x-custom"]) {
      expect(isHopByHopField(name)).toBe(false);
    }
  });
});

describe("stripHopByHop", () => {
  it("removes the fixed set and every field Connection nominates, keeping order and casing", () => {
    const fields = Fields.from([
      ["Host", "example.com"],
      ["Connection", "close, X-Trace"],
      ["connection", "Foo"],
      ["X-Trace", "1"],
      ["foo", "2"],
      ["Keep-Alive", "timeout=5"],
      ["Transfer-Encoding", "chunked"],
      ["TE", "trailers"],
      ["Upgrade", "websocket"],
      ["Proxy-Connection", "keep-alive"],
      ["Accept", "*/*"],
    ]);
    const stripped = stripHopByHop(fields);
    expect([...stripped.lines()]).toEqual([
      ["Host", "example.com"],
      ["Accept", "*/*"],
    ]);
    expect(fields.size).toBe(11); // input untouched
  });

  it("still removes nominated names when the Connection line is malformed", () => {
    const fields = Fields.from([
      ["Connection", "X-A; bad, X-B"],
      ["X-B", "1"],
      ["X-C", "2"],
    ]);
    expect([...stripHopByHop(fields).lines()]).toEqual([["X-C", "2"]]);
  });

  it("keeps protected names but never the fixed set", () => {
    const fields = Fields.from([
      ["Connection", "X-Forwarded-For, Upgrade"],
      ["X-Forwarded-For", "10.0.0.1"],
      ["Upgrade", "h2c"],
    ]);
    const stripped = stripHopByHop(fields, { keep: ["X-Forwarded-For", "upgrade"] });
    expect([...stripped.lines()]).toEqual([["X-Forwarded-For", "10.0.0.1"]]);
  });
});
