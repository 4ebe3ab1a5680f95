import { randomBytes } from "node:crypto";
import {
  compose,
  type Router,
  type ServerRequest,
  type ServerResponse,
  withConditionalRequests,
  withRanges,
} from "@hyperwire/server";
import { describeRequest } from "../echo.js";
import { LIMITS } from "../limits.js";
import { badRequest, boundedInteger, boundedSeconds, json, sleep } from "../responses.js";

/** `n` bytes of the alphabet, repeated: easy to check by eye which range came back. */
function alphabet(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = 0x61 + (i % 26);
  return bytes;
}

/**
 * Generated content: `/bytes/:n` (random), `/range/:n` (byte ranges, RFC 9110
 * §14), `/stream/:n` (chunked JSON lines, RFC 9112 §7.1), `/drip` and
 * `/delay/:s` (slow answers, to try timeouts). Every number is bounded by
 * {@link LIMITS}.
 */
export function registerDynamicRoutes(router: Router): void {
  router.get("/bytes/:n", (_request, params) => {
    const n = boundedInteger("n", params.n, { min: 0, max: LIMITS.bytes });
    if (typeof n === "string") return badRequest(n);
    return { headers: { "content-type": "application/octet-stream" }, body: randomBytes(n) };
  });

  // Conditional inside ranges: the ETag exists before If-Range is looked at.
  const ranged = compose(
    withRanges,
    withConditionalRequests,
  )((request: ServerRequest): ServerResponse => {
    const n = Number(request.params.n);
    return { headers: { "content-type": "application/octet-stream" }, body: alphabet(n) };
  });
  router.get("/range/:n", (request, params) => {
    const n = boundedInteger("n", params.n, { min: 1, max: LIMITS.rangeBytes });
    if (typeof n === "string") return badRequest(n);
    return ranged(request);
  });

  router.get("/stream/:n", async (request, params) => {
    const n = boundedInteger("n", params.n, { min: 1, max: LIMITS.streamLines });
    if (typeof n === "string") return badRequest(n);
    const count = n;
    const echo = await describeRequest(request, { content: false });
    async function* lines(): AsyncGenerator<string> {
      for (let id = 0; id < count; id++) yield `${JSON.stringify({ id, ...echo })}\n`;
    }
    // A stream without Content-Length goes out chunked to HTTP/1.1 clients.
    return { headers: { "content-type": "application/x-ndjson" }, body: lines() };
  });

  router.get("/drip", (request) => {
    const query = new URLSearchParams(request.query);
    const duration = boundedSeconds("duration", query.get("duration"), {
      max: LIMITS.dripSeconds,
      fallback: 2,
    });
    const delay = boundedSeconds("delay", query.get("delay"), {
      max: LIMITS.delaySeconds,
      fallback: 0,
    });
    const numbytes = boundedInteger("numbytes", query.get("numbytes"), {
      min: 1,
      max: LIMITS.dripBytes,
      fallback: 10,
    });
    const code = boundedInteger("code", query.get("code"), { min: 200, max: 599, fallback: 200 });
    for (const value of [duration, delay, numbytes, code]) {
      if (typeof value === "string") return badRequest(value);
    }
    const bytes = numbytes as number;
    const pause = ((duration as number) * 1000) / bytes;
    const signal = request.signal;
    async function* drip(): AsyncGenerator<Uint8Array> {
      await sleep((delay as number) * 1000, signal);
      for (let i = 0; i < bytes && !signal.aborted; i++) {
        yield new Uint8Array([0x2a]); // "*"
        if (i < bytes - 1) await sleep(pause, signal);
      }
    }
    return {
      status: code as number,
      // Content-Length up front, as httpbin does: a client sees how much is still to come.
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(bytes),
        "cache-control": "no-transform",
      },
      body: drip(),
    };
  });

  const delayed = async (request: ServerRequest, params: Readonly<Record<string, string>>) => {
    const seconds = boundedSeconds("s", params.s, { max: LIMITS.delaySeconds, fallback: 0 });
    if (typeof seconds === "string") return badRequest(seconds);
    await sleep(seconds * 1000, request.signal);
    return json(await describeRequest(request, { content: request.method !== "GET" }));
  };
  for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
    router.on(method, "/delay/:s", delayed);
  }
}
