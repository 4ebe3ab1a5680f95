import type { FetchHandler, Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";

const EMPTY = new Uint8Array(0);

/**
 * Adapts a WHATWG fetch handler (`(Request) => Response`, as written for
 * Hono, Bun or Deno) to the server's {@link Handler}. The request content
 * streams into `Request.body` (half duplex); `request.signal` aborts when the
 * client goes away. A response whose content fits in one chunk is sent with
 * Content-Length; longer ones stream with chunked coding. A HEAD request
 * reaches the app as GET and the server drops the content, so the head is
 * exactly the GET head (RFC 9110 §9.3.2).
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * const app = new Hono().get("/", (c) => c.text("hello"));
 * await serve({ port: 8080, handler: fromFetchHandler(app.fetch) }); // same as serve({ fetch: app.fetch })
 * ```
 */
export function fromFetchHandler(fetch: FetchHandler): Handler {
  return async (request: ServerRequest): Promise<ServerResponse> => {
    // RFC 9110 §9.3.2: HEAD is answered with the head GET would have. The app runs GET
    // and the server drops the content, so Content-Length stays what GET would send.
    const method = request.method === "HEAD" ? "GET" : request.method;
    const init: RequestInit & { duplex?: "half" } = {
      method,
      headers: request.headers.toHeaders(),
      signal: request.signal,
    };
    if (method !== "GET" && method !== "HEAD" && request.hasBody) {
      init.body = request.body;
      init.duplex = "half";
    }
    const response = await fetch(new Request(request.url, init));
    return toServerResponse(response);
  };
}

/**
 * Converts a WHATWG `Response` into a {@link ServerResponse}. Reads up to two
 * chunks ahead: a body that ends after its first chunk is sent as bytes with
 * Content-Length rather than chunked (except event streams, which must not be
 * held back).
 */
export async function toServerResponse(response: Response): Promise<ServerResponse> {
  const status = response.status;
  const headers = response.headers;
  const body = response.body;
  if (body === null) return { status, statusText: response.statusText, headers };
  const type = headers.get("content-type") ?? "";
  if (type.startsWith("text/event-stream"))
    return { status, statusText: response.statusText, headers, body };
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done) {
    reader.releaseLock();
    return { status, statusText: response.statusText, headers, body: EMPTY };
  }
  const second = await reader.read();
  if (second.done) {
    reader.releaseLock();
    return { status, statusText: response.statusText, headers, body: first.value };
  }
  return {
    status,
    statusText: response.statusText,
    headers,
    body: rest(first.value, second.value, reader),
  };
}

async function* rest(
  first: Uint8Array,
  second: Uint8Array,
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  let finished = false;
  try {
    yield first;
    yield second;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
