// The pure pieces: argument parsing, -w formatting, the progress bar, colors,
// heads and timings rebuilt from the client's trace.
import type { ResponseHeadEvent, TracedAttempt } from "@hyperwire/client";
import { Fields } from "@hyperwire/headers";
import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../src/args.js";
import { NO_COLOR, paletteFor } from "../src/color.js";
import { ProgressBar, renderProgress } from "../src/progress-bar.js";
import { describeName, headText, SessionTrace } from "../src/session-trace.js";
import { timingLine, timingsOf } from "../src/verbose-trace.js";
import { formatWriteOut, type WriteOutValues } from "../src/write-out.js";

describe("parseArgs", () => {
  it("clusters flags and lets the first valued option take the rest of the word", () => {
    const o = parseArgs(["-sSLiXPOST", "-ofile.bin", "-H", "A: 1", "--max-redirs=3", "http://h/"]);
    expect(o).toMatchObject({
      silent: true,
      showError: true,
      location: true,
      include: true,
      method: "POST",
      output: "file.bin",
      headers: ["A: 1"],
      maxRedirs: 3,
      url: "http://h/",
    });
  });

  it("keeps -d values in order with their kind, and -- ends options", () => {
    const o = parseArgs(["-d", "a", "--data-binary", "@f", "--data-raw", "@x", "--", "-weird-url"]);
    expect(o.data).toEqual([
      { kind: "ascii", value: "a" },
      { kind: "binary", value: "@f" },
      { kind: "raw", value: "@x" },
    ]);
    expect(o.url).toBe("-weird-url");
  });

  it("rejects unknown options, missing values, bad numbers and conflicts", () => {
    for (const argv of [
      ["-Z", "http://h/"],
      ["--nope", "http://h/"],
      ["http://h/", "-H"],
      ["--retry", "-1", "http://h/"],
      ["--connect-timeout", "x", "http://h/"],
      ["-I", "-d", "a", "http://h/"],
      ["-o", "a", "-O", "http://h/"],
      ["--fail=yes", "http://h/"],
      [],
    ]) {
      expect(() => parseArgs(argv), argv.join(" ")).toThrow(UsageError);
    }
  });

  it("reads -U, --proxy-digest and --http1.0", () => {
    const o = parseArgs(["-U", "u:p", "--proxy-digest", "--http1.0", "-x", "proxy:3128", "h/"]);
    expect(o).toMatchObject({
      proxyUser: "u:p",
      proxyDigest: true,
      http10: true,
      proxy: "proxy:3128",
    });
    expect(parseArgs(["--proxy-digest", "--proxy-basic", "h/"]).proxyDigest).toBe(false);
  });

  it("--help and --version need no URL", () => {
    expect(parseArgs(["--help"]).help).toBe(true);
    expect(parseArgs(["-V"]).version).toBe(true);
  });
});

const values: WriteOutValues = {
  httpCode: 200,
  timeTotal: 0.5,
  timeNamelookup: 0,
  timeConnect: 0.001,
  timeAppconnect: 0,
  timeStarttransfer: 0.25,
  sizeDownload: 42,
  sizeHeader: 100,
  urlEffective: "http://h/x",
  numRedirects: 1,
  contentType: "text/plain",
  exitCode: 0,
};

describe("formatWriteOut", () => {
  it("expands variables, %% and backslash escapes", () => {
    expect(formatWriteOut("%{http_code} %{time_total}s %{size_download}B 100%%\\n", values)).toBe(
      "200 0.500000s 42B 100%\n",
    );
    expect(formatWriteOut("%{url_effective}\\t%{num_redirects}", values)).toBe("http://h/x\t1");
  });

  it("pads a missing status to 000 and reports unknown variables", () => {
    const unknown: string[] = [];
    expect(
      formatWriteOut("%{http_code}%{nope}", { ...values, httpCode: 0 }, (n) => unknown.push(n)),
    ).toBe("000");
    expect(unknown).toEqual(["nope"]);
  });
});

describe("progress bar", () => {
  it("renders a bar with the percentage when the total is known, bytes otherwise", () => {
    expect(renderProgress(512, 1024, 2, 60)).toBe(
      "[##########----------]  50%  512 B / 1.0 KiB  256 B/s",
    );
    expect(renderProgress(2048, undefined, 1, 80)).toBe("2.0 KiB received  2.0 KiB/s");
  });

  it("draws only on a TTY", () => {
    const written: string[] = [];
    const sink = { write: (t: string) => written.push(t) };
    const quiet = new ProgressBar({ ...sink, isTTY: false }, true);
    quiet.update({ loaded: 10, total: 10 });
    quiet.finish();
    expect(written).toEqual([]);
    const tty = new ProgressBar({ ...sink, isTTY: true, columns: 80 }, true);
    tty.update({ loaded: 10, total: 10 });
    tty.finish();
    expect(written[0]).toMatch(/^\r\[#+\] 100%/);
    expect(written.at(-1)).toBe("\n");
  });
});

describe("colors", () => {
  it("only on a TTY, never with NO_COLOR", () => {
    expect(paletteFor({ isTTY: false }, {})).toBe(NO_COLOR);
    expect(paletteFor({ isTTY: true }, { NO_COLOR: "1" })).toBe(NO_COLOR);
    expect(paletteFor({ isTTY: true }, {}).bold("x")).toBe("\u001b[1mx\u001b[22m");
  });
});

describe("the session from the client's trace", () => {
  const timings = {
    start: 100,
    dnsStart: 101,
    dnsEnd: 103,
    connectStart: 103,
    connectEnd: 104.5,
    tlsStart: 104.5,
    tlsEnd: 110,
    requestStart: 111,
    requestEnd: 111,
    firstByte: 120,
    responseHead: 121,
    end: 130,
  };
  const attempt: TracedAttempt = { number: 1, method: "GET", url: "https://h/", timings };

  it("rebuilds a response head: status line, fields in received order and case", () => {
    const event: ResponseHeadEvent = {
      attempt,
      time: 121,
      status: 200,
      statusText: "OK",
      version: "1.1",
      headers: new Fields([
        ["Content-Type", "text/plain"],
        ["x-lower", "a"],
      ]),
    };
    expect(headText(event)).toBe(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nx-lower: a\r\n\r\n",
    );
    expect(describeName({ CN: "localhost", OU: ["a", "b"] })).toBe("CN=localhost, OU=a+b");
  });

  it("times the last exchange's connection setup and first byte", () => {
    const session = new SessionTrace();
    const trace = session.trace;
    trace.onConnection?.({
      attempt,
      time: 111,
      connection: {
        id: 7,
        reused: false,
        previousRequests: 0,
        localAddress: "127.0.0.1",
        localPort: 5000,
        remoteAddress: "127.0.0.1",
        remotePort: 443,
        proxy: undefined,
        tls: undefined,
      },
    });
    trace.onRequestHead?.({
      attempt,
      time: 111,
      head: new TextEncoder().encode("GET / HTTP/1.1\r\nHost: h\r\n\r\n"),
      method: "GET",
      target: "/",
      version: "1.1",
    });
    expect(session.exchanges).toMatchObject([{ connection: 0, reused: false }]);
    const t = timingsOf(session, 100, 130);
    expect(t).toMatchObject({ dns: 2, connect: 1.5, tls: 5.5, firstByte: 20, total: 30 });
    expect(t).toMatchObject({ resolvedAfter: 3, connectedAfter: 4.5, secureAfter: 10 });
    expect(timingLine(t)).toBe(
      "Timing: DNS 2.0 ms | connect 1.5 ms | TLS 5.5 ms | first byte 20.0 ms | total 30.0 ms",
    );
    expect(timingLine(timingsOf(new SessionTrace(), 0, 1))).toBe(
      "Timing: DNS - | connect - | TLS - | first byte - | total 1.0 ms",
    );
  });
});
