import { afterEach, describe, expect, it, vi } from "vitest";
import { httpDateNow } from "./http-date-clock.js";

describe("httpDateNow (RFC 9110 §6.6.1)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("formats the current second as an IMF-fixdate and follows the clock", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(1994, 10, 6, 8, 49, 37, 10));
    expect(httpDateNow()).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
    vi.setSystemTime(Date.UTC(1994, 10, 6, 8, 49, 37, 999));
    expect(httpDateNow()).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
    vi.setSystemTime(Date.UTC(1994, 10, 6, 8, 49, 38, 0));
    expect(httpDateNow()).toBe("Sun, 06 Nov 1994 08:49:38 GMT");
  });

  it("follows a clock that was set back instead of keeping a future date", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2030, 0, 1, 12, 0, 0));
    expect(httpDateNow()).toBe("Tue, 01 Jan 2030 12:00:00 GMT");
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 0, 0));
    expect(httpDateNow()).toBe("Thu, 01 Jan 2026 12:00:00 GMT");
  });
});
