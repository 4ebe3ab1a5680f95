import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { describe, expect, it, vi } from "vitest";
import { fakeRequest } from "../test/fake-request.js";
import {
  type AccessLogSettings,
  reportRequestStart,
  reportResponseFinish,
  reportServerError,
  SERVER_CHANNELS,
} from "./diagnostics.js";

const quiet: AccessLogSettings = { accessLog: undefined, accessLogFormat: "common" };

describe("SERVER_CHANNELS", () => {
  it("names the four channels", () => {
    expect(SERVER_CHANNELS).toEqual({
      requestStart: "hyperwire:server:request:start",
      responseFinish: "hyperwire:server:response:finish",
      error: "hyperwire:server:error",
      requestRejected: "hyperwire:server:request:rejected",
    });
  });
});

describe("reportResponseFinish", () => {
  it("counts content bytes of strings, bytes, nothing and HEAD; streams by their Content-Length, else unknown", () => {
    const seen: unknown[] = [];
    const listener = (message: unknown) => seen.push(message);
    subscribe(SERVER_CHANNELS.responseFinish, listener);
    try {
      const get = fakeRequest();
      reportRequestStart(quiet, get);
      reportResponseFinish(quiet, get, { body: "héllo" });
      reportResponseFinish(quiet, get, { status: 404, body: new Uint8Array(3) });
      reportResponseFinish(quiet, get, { status: 204 });
      reportResponseFinish(quiet, get, { body: (async function* () {})() });
      reportResponseFinish(quiet, get, { body: { file: "/x" } }, 1234);
      reportResponseFinish(quiet, get, {
        headers: { "Content-Length": "42" },
        body: (async function* () {})(),
      });
      reportResponseFinish(quiet, get, {
        headers: [["content-length", "7"]],
        body: (async function* () {})(),
      });
      reportResponseFinish(quiet, fakeRequest({ method: "HEAD" }), { body: "abc" });
      reportResponseFinish(quiet, get, null);
    } finally {
      unsubscribe(SERVER_CHANNELS.responseFinish, listener);
    }
    expect(
      seen.map((m) => [(m as { status: number }).status, (m as { bytes: unknown }).bytes]),
    ).toEqual([
      [200, 6],
      [404, 3],
      [204, 0],
      [200, undefined],
      [200, 1234],
      [200, 42],
      [200, 7],
      [200, 0],
      [200, 0],
    ]);
  });

  it("writes the access log line and survives a throwing logger", () => {
    const log = vi.fn(() => {
      throw new Error("disk full");
    });
    const request = fakeRequest({ target: "/x", remoteAddress: "::ffff:192.0.2.1" });
    reportRequestStart({ accessLog: log, accessLogFormat: "common" }, request);
    expect(() =>
      reportResponseFinish({ accessLog: log, accessLogFormat: "common" }, request, { body: "ok" }),
    ).not.toThrow();
    expect(log).toHaveBeenCalledOnce();
    const [line, record] = log.mock.calls[0] as unknown as [string, { status: number }];
    expect(line).toMatch(/^192\.0\.2\.1 - - \[.*\] "GET \/x HTTP\/1\.1" 200 2$/);
    expect(record.status).toBe(200);
  });

  it("does nothing without a logger or subscribers", () => {
    expect(() => reportResponseFinish(quiet, fakeRequest(), { body: "x" })).not.toThrow();
    expect(() => reportServerError(new Error("x"), null)).not.toThrow();
  });
});

describe("reportServerError", () => {
  it("publishes the error and the request", () => {
    const seen: unknown[] = [];
    const listener = (message: unknown) => seen.push(message);
    subscribe(SERVER_CHANNELS.error, listener);
    try {
      const error = new Error("boom");
      reportServerError(error, null);
      expect(seen).toEqual([{ error, request: null }]);
    } finally {
      unsubscribe(SERVER_CHANNELS.error, listener);
    }
  });
});
