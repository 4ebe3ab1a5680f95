import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { expireHttpDate, httpDateNow } from "./http-date-clock.js";

describe("httpDateNow (RFC 9110 §6.6.1)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout"] });
    expireHttpDate(); // whatever an earlier test cached
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("formats the current second as an IMF-fixdate and changes at the next second", () => {
    vi.setSystemTime(Date.UTC(1994, 10, 6, 8, 49, 37, 10));
    expect(httpDateNow()).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
    vi.advanceTimersByTime(989);
    expect(httpDateNow()).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
    vi.advanceTimersByTime(1);
    expect(httpDateNow()).toBe("Sun, 06 Nov 1994 08:49:38 GMT");
  });

  it("reads the clock once per second, not once per call", () => {
    const now = vi.spyOn(Date, "now");
    for (let i = 0; i < 100; i++) httpDateNow();
    expect(now.mock.calls.length).toBe(1);
    now.mockRestore();
  });

  it("follows a clock that was set back within a second instead of keeping a future date", () => {
    vi.setSystemTime(Date.UTC(2030, 0, 1, 12, 0, 0, 500));
    expect(httpDateNow()).toBe("Tue, 01 Jan 2030 12:00:00 GMT");
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 0, 0, 0));
    vi.advanceTimersByTime(500);
    expect(httpDateNow()).toBe("Thu, 01 Jan 2026 12:00:00 GMT");
  });
});
