import { describe, expect, it } from "vitest";
import { GrammarErrorCode } from "./errors.js";
import { parseHttpDate } from "./parse-http-date.js";

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const parse = (text: string) => parseHttpDate(text, { now: NOW });
const iso = (text: string) => {
  const r = parse(text);
  return r.ok ? r.value.toISOString() : r.error.code;
};

describe("parseHttpDate (RFC 9110 §5.6.7)", () => {
  it("reads the three examples of §5.6.7 as the same instant", () => {
    expect(iso("Sun, 06 Nov 1994 08:49:37 GMT")).toBe("1994-11-06T08:49:37.000Z");
    expect(iso("Sunday, 06-Nov-94 08:49:37 GMT")).toBe("1994-11-06T08:49:37.000Z");
    expect(iso("Sun Nov  6 08:49:37 1994")).toBe("1994-11-06T08:49:37.000Z");
  });
  it("accepts a two-digit asctime day", () => {
    expect(iso("Sun Nov 06 08:49:37 1994")).toBe("1994-11-06T08:49:37.000Z");
    expect(iso("Thu Dec 31 23:59:59 2099")).toBe("2099-12-31T23:59:59.000Z");
  });
  it("handles leap years and the edges of the 4DIGIT year", () => {
    expect(iso("Tue, 29 Feb 2000 00:00:00 GMT")).toBe("2000-02-29T00:00:00.000Z");
    expect(iso("Thu, 01 Jan 1970 00:00:00 GMT")).toBe("1970-01-01T00:00:00.000Z");
    expect(iso("Fri, 31 Dec 9999 23:59:59 GMT")).toBe("9999-12-31T23:59:59.000Z");
    const r = parse("Sat, 01 Jan 0000 00:00:00 GMT");
    expect(r.ok && r.value.getUTCFullYear()).toBe(0);
    expect(iso("Mon, 01 Jan 0001 00:00:00 GMT")).toBe("0001-01-01T00:00:00.000Z");
  });

  describe("RFC 850 two-digit years (§5.6.7 ¶9)", () => {
    it("places a year more than 50 years ahead in the previous century", () => {
      // now = 2025-06-15: 2094 is 69 years ahead, so 1994.
      expect(iso("Sunday, 06-Nov-94 08:49:37 GMT")).toBe("1994-11-06T08:49:37.000Z");
      // 2076 is 51 years ahead, so 1976.
      expect(iso("Thursday, 01-Jan-76 00:00:00 GMT")).toBe("1976-01-01T00:00:00.000Z");
    });
    it("keeps a year up to 50 years ahead in the current century", () => {
      expect(iso("Wednesday, 01-Jan-25 00:00:00 GMT")).toBe("2025-01-01T00:00:00.000Z");
      expect(iso("Tuesday, 01-Jan-75 00:00:00 GMT")).toBe("2075-01-01T00:00:00.000Z");
    });
    it("compares whole timestamps at the 50-year boundary", () => {
      // 2075-06-15T12:00:00Z is exactly 50 years after NOW: not *more* than 50 years ahead.
      expect(iso("Saturday, 15-Jun-75 12:00:00 GMT")).toBe("2075-06-15T12:00:00.000Z");
      // One second later it is, so the year becomes 1975 (a Sunday that day).
      expect(iso("Sunday, 15-Jun-75 12:00:01 GMT")).toBe("1975-06-15T12:00:01.000Z");
    });
    it("checks the weekday against the year it chose", () => {
      expect(iso("Saturday, 15-Jun-75 12:00:01 GMT")).toBe(GrammarErrorCode.INVALID_DATE);
    });
    it("uses Date.now() when no 'now' is given", () => {
      const r = parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT");
      expect(r.ok && r.value.getUTCFullYear()).toBe(1994);
    });
  });

  describe("strictness: invalid dates are rejected with HW_GRAMMAR_INVALID_DATE", () => {
    it.each([
      ["30 February", "Thu, 30 Feb 1995 00:00:00 GMT"],
      ["29 February of a common year", "Sun, 29 Feb 1900 00:00:00 GMT"],
      ["day 0", "Sun, 00 Nov 1994 08:49:37 GMT"],
      ["31 November", "Sun, 31 Nov 1994 08:49:37 GMT"],
      ["wrong weekday (IMF)", "Mon, 06 Nov 1994 08:49:37 GMT"],
      ["wrong weekday (RFC 850)", "Monday, 06-Nov-94 08:49:37 GMT"],
      ["wrong weekday (asctime)", "Mon Nov  6 08:49:37 1994"],
      ["hour 24", "Sun, 06 Nov 1994 24:00:00 GMT"],
      ["minute 60", "Sun, 06 Nov 1994 08:60:00 GMT"],
      ["second 61", "Sun, 06 Nov 1994 08:49:61 GMT"],
      ["second 60 outside a leap second", "Sun, 06 Nov 1994 08:49:60 GMT"],
      ["double space (IMF)", "Sun,  06 Nov 1994 08:49:37 GMT"],
      ["one-digit day (IMF)", "Sun, 6 Nov 1994 08:49:37 GMT"],
      ["single-space asctime day", "Sun Nov 6 08:49:37 1994"],
      ["leading whitespace", " Sun, 06 Nov 1994 08:49:37 GMT"],
      ["trailing whitespace", "Sun, 06 Nov 1994 08:49:37 GMT "],
      ["lowercase day name", "sun, 06 Nov 1994 08:49:37 GMT"],
      ["lowercase month", "Sun, 06 nov 1994 08:49:37 GMT"],
      ["UTC instead of GMT", "Sun, 06 Nov 1994 08:49:37 UTC"],
      ["lowercase gmt", "Sun, 06 Nov 1994 08:49:37 gmt"],
      ["numeric zone", "Sun, 06 Nov 1994 08:49:37 +0000"],
      ["two-digit IMF year", "Sun, 06 Nov 94 08:49:37 GMT"],
      ["four-digit RFC 850 year", "Sunday, 06-Nov-1994 08:49:37 GMT"],
      ["short day name in RFC 850", "Sun, 06-Nov-94 08:49:37 GMT"],
      ["RFC 850 without GMT", "Sunday, 06-Nov-94 08:49:37"],
      ["asctime with GMT", "Sun Nov  6 08:49:37 1994 GMT"],
      ["ISO 8601", "1994-11-06T08:49:37Z"],
      ["signs in digits", "Sun, +6 Nov 1994 08:49:37 GMT"],
      ["empty", ""],
      ["garbage", "yesterday"],
    ])("%s", (_, text) => {
      const r = parse(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe(GrammarErrorCode.INVALID_DATE);
    });
  });

  describe("leap seconds", () => {
    it("accepts 23:59:60 on 30 June and 31 December, read as 23:59:59", () => {
      expect(iso("Sat, 31 Dec 2016 23:59:60 GMT")).toBe("2016-12-31T23:59:59.000Z");
      expect(iso("Tue, 30 Jun 2015 23:59:60 GMT")).toBe("2015-06-30T23:59:59.000Z");
    });
    it("rejects second 60 at any other time", () => {
      expect(iso("Sat, 31 Dec 2016 22:59:60 GMT")).toBe(GrammarErrorCode.INVALID_DATE);
      expect(iso("Fri, 30 Dec 2016 23:59:60 GMT")).toBe(GrammarErrorCode.INVALID_DATE);
    });
  });

  it("rejects an invalid 'now'", () => {
    const r = parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", { now: Number.NaN });
    expect(!r.ok && r.error.code).toBe(GrammarErrorCode.INVALID_DATE);
  });
});
