import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AccessLogRecord,
  formatClfDate,
  formatCombinedLogLine,
  formatCommonLogLine,
} from "./access-log.js";

const FRANK: AccessLogRecord = {
  remoteAddress: "127.0.0.1",
  user: "frank",
  time: Date.UTC(2000, 9, 10, 20, 55, 36),
  method: "GET",
  target: "/apache_pb.gif",
  version: "1.0",
  status: 200,
  bytes: 2326,
};

describe("formatClfDate", () => {
  it("writes the bracketed CLF form with the zone offset", () => {
    const t = Date.UTC(2000, 9, 10, 20, 55, 36);
    expect(formatClfDate(t, { utcOffsetMinutes: -420 })).toBe("[10/Oct/2000:13:55:36 -0700]");
    expect(formatClfDate(new Date(t))).toBe("[10/Oct/2000:20:55:36 +0000]");
    expect(formatClfDate(t, { utcOffsetMinutes: 330 })).toBe("[11/Oct/2000:02:25:36 +0530]");
    expect(formatClfDate(Date.UTC(1999, 11, 31, 23, 59, 59), { utcOffsetMinutes: 60 })).toBe(
      "[01/Jan/2000:00:59:59 +0100]",
    );
    expect(formatClfDate(Number.NaN)).toBe("-");
    expect(formatClfDate(new Date("nope"))).toBe("-");
  });

  it("uses the process zone with 'local'", () => {
    const t = Date.UTC(2020, 0, 1, 12, 0, 0);
    const offset = -new Date(t).getTimezoneOffset();
    expect(formatClfDate(t, { utcOffsetMinutes: "local" })).toBe(
      formatClfDate(t, { utcOffsetMinutes: offset }),
    );
  });
});

describe("formatCommonLogLine / formatCombinedLogLine", () => {
  it("writes Apache's documented example lines", () => {
    expect(formatCommonLogLine(FRANK, { utcOffsetMinutes: -420 })).toBe(
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
    );
    expect(
      formatCombinedLogLine(
        {
          ...FRANK,
          referer: "http://www.example.com/start.html",
          userAgent: "Mozilla/4.08 [en] (Win98; I ;Nav)",
        },
        { utcOffsetMinutes: -420 },
      ),
    ).toBe(
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    );
  });

  it("writes '-' for missing values, zero bytes and odd statuses", () => {
    const line = formatCombinedLogLine({
      time: 0,
      method: "HEAD",
      target: "/",
      version: "HTTP/1.1",
      status: 304,
      bytes: 0,
    });
    expect(line).toBe('- - - [01/Jan/1970:00:00:00 +0000] "HEAD / HTTP/1.1" 304 - "-" "-"');
    expect(formatCommonLogLine({ ...FRANK, status: 1000, bytes: -1, user: "" })).toMatch(
      /^127\.0\.0\.1 - - \[.*\] ".*" - -$/,
    );
  });

  it('writes the request line "-" when the method is "-" (a request it could not read)', () => {
    const record = { time: 0, method: "-", target: "-", version: "-", status: 400, bytes: 12 };
    expect(formatCommonLogLine(record)).toBe('- - - [01/Jan/1970:00:00:00 +0000] "-" 400 12');
    expect(formatCombinedLogLine({ ...record, status: 408, bytes: 0 })).toBe(
      '- - - [01/Jan/1970:00:00:00 +0000] "-" 408 - "-" "-"',
    );
  });

  it("escapes quotes, backslashes, control and non-ASCII bytes", () => {
    const line = formatCombinedLogLine({
      ...FRANK,
      target: '/a"b\\c',
      userAgent: 'x" 200 1 "forged\r\n127.0.0.1 - admin [..] "GET /admin',
      referer: "\u001b[31mred\u001b[0m caf\u00c3\u00a9 €",
      user: "bob smith",
    });
    expect(line).toContain('"GET /a\\"b\\\\c HTTP/1.0"');
    expect(line).toContain(" bob\\x20smith ");
    expect(line).toContain('"x\\" 200 1 \\"forged\\x0d\\x0a127.0.0.1 - admin [..] \\"GET /admin"');
    expect(line).toContain('"\\x1b[31mred\\x1b[0m caf\\xc3\\xa9 \\xe2\\x82\\xac"');
    expect(line).not.toMatch(/[\r\n\u001b]/);
  });

  it("escapes astral characters as UTF-8 and lone surrogates visibly", () => {
    const line = formatCommonLogLine({ ...FRANK, target: "/😀\ud800" });
    expect(line).toContain('"GET /\\xf0\\x9f\\x98\\x80\\ud800 HTTP/1.0"');
  });

  it("a hostile record never forges a line or a field (property)", () => {
    const hostile = fc.string({ unit: "binary", maxLength: 40 });
    fc.assert(
      fc.property(
        hostile,
        hostile,
        hostile,
        hostile,
        hostile,
        hostile,
        (address, user, method, target, referer, ua) => {
          const line = formatCombinedLogLine({
            remoteAddress: address,
            user,
            time: 0,
            method,
            target,
            version: "1.1",
            status: 200,
            bytes: 5,
            referer,
            userAgent: ua,
          });
          // One line of printable ASCII only.
          expect(line).toMatch(/^[\x20-\x7e]*$/);
          // Exactly the fields of the format: two tokens, "-", date, quoted request, status, bytes, two quoted.
          const pattern =
            /^(\S+) - (\S+) \[[^\]]+\] "((?:[^"\\]|\\.)*)" 200 5 "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$/;
          expect(line).toMatch(pattern);
        },
      ),
      { numRuns: 200 },
    );
  });
});
