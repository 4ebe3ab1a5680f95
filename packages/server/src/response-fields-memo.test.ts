import { Fields } from "@hyperwire/headers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expireHttpDate } from "./http-date-clock.js";
import { responseFieldsFor } from "./response-fields-memo.js";

const lines = (fields: Fields) => [...fields.lines()];

describe("responseFieldsFor", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("returns the same container for the same pairs, server additions included", () => {
    const a = responseFieldsFor([["Content-Type", "text/plain"]], false, "timeout=5", undefined);
    const b = responseFieldsFor([["Content-Type", "text/plain"]], false, "timeout=5", undefined);
    expect(b).toBe(a);
    expect(lines(b).map(([name]) => name)).toEqual(["Content-Type", "Date", "Keep-Alive"]);
  });

  it("builds afresh when a name, a value, the count or an addition differs", () => {
    const base = responseFieldsFor([["X-A", "1"]], false, null, undefined);
    const otherValue = responseFieldsFor([["X-A", "2"]], false, null, undefined);
    expect(otherValue).not.toBe(base);
    expect(otherValue.get("x-a")).toBe("2");
    const otherName = responseFieldsFor([["X-B", "2"]], false, null, undefined);
    expect(otherName.get("x-a")).toBeNull();
    const more = responseFieldsFor(
      [
        ["X-B", "2"],
        ["X-C", "3"],
      ],
      false,
      null,
      undefined,
    );
    expect(more.get("x-c")).toBe("3");
    const closing = responseFieldsFor(
      [
        ["X-B", "2"],
        ["X-C", "3"],
      ],
      true,
      null,
      undefined,
    );
    expect(closing.get("connection")).toBe("close");
    const typed = responseFieldsFor([], false, null, "image/png");
    expect(typed.get("content-type")).toBe("image/png");
    expect(responseFieldsFor([], false, null, "text/css").get("content-type")).toBe("text/css");
  });

  it("compares plain records by their own keys in order, and builds other shapes every time", () => {
    const a = responseFieldsFor({ "Cache-Control": "no-store" }, false, null, undefined);
    expect(responseFieldsFor({ "Cache-Control": "no-store" }, false, null, undefined)).toBe(a);
    const extra = responseFieldsFor(
      { "Cache-Control": "no-store", Vary: "Accept" },
      false,
      null,
      undefined,
    );
    expect(extra.get("vary")).toBe("Accept");
    const cookies = { "Set-Cookie": ["a=1", "b=2"] };
    const first = responseFieldsFor(cookies, false, null, undefined);
    const again = responseFieldsFor(cookies, false, null, undefined);
    expect(again).not.toBe(first);
    expect(again.getSetCookie()).toEqual(["a=1", "b=2"]);
    const fields = Fields.from([["X-A", "1"]]);
    expect(responseFieldsFor(fields, false, null, undefined)).not.toBe(
      responseFieldsFor(fields, false, null, undefined),
    );
  });

  it("never lets the memo change what the application passed", () => {
    const pairs: [string, string][] = [["Content-Type", "text/plain"]];
    responseFieldsFor(pairs, true, null, undefined);
    responseFieldsFor(pairs, true, null, undefined);
    expect(pairs).toEqual([["Content-Type", "text/plain"]]);
  });

  it("builds afresh when the Date second turns", () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout"] });
    vi.setSystemTime(Date.UTC(2026, 0, 1, 0, 0, 0, 100));
    expireHttpDate(); // a Date cached under the real clock by the tests before
    const before = responseFieldsFor([["X-A", "1"]], false, null, undefined);
    vi.advanceTimersByTime(800);
    expect(responseFieldsFor([["X-A", "1"]], false, null, undefined)).toBe(before);
    vi.advanceTimersByTime(100);
    const after = responseFieldsFor([["X-A", "1"]], false, null, undefined);
    expect(after).not.toBe(before);
    expect(before.get("date")).toBe("Thu, 01 Jan 2026 00:00:00 GMT");
    expect(after.get("date")).toBe("Thu, 01 Jan 2026 00:00:01 GMT");
  });
});
