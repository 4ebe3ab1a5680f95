import { readFile } from "node:fs/promises";
import { Fields } from "@hyperwire/headers";
import { openedFileOf } from "../src/opened-file-body.js";
import { toResponseFields } from "../src/response-fields.js";
import { ServerRequest } from "../src/server-request.js";
import type { ServerResponse } from "../src/server-response.js";

/** A request without content, as the connection would build it, for handler-level tests. */
export function fakeRequest(
  method: string,
  target: string,
  headers: Record<string, string> = {},
): ServerRequest {
  const head = {
    method,
    target,
    version: "1.1" as const,
    headers: Fields.from(headers),
    framing: { kind: "none" as const },
    keepAlive: true,
    upgrade: [],
    expectContinue: false,
  };
  const owner = { bodyReadStarted() {}, bodyDrained() {} };
  return new ServerRequest(head, owner, "127.0.0.1", 40000, false, 65536);
}

/** The response's fields as a `Fields` container. */
export function fieldsOf(response: ServerResponse): Fields {
  return toResponseFields(response.headers);
}

/**
 * Reads any body shape to bytes (files read whole: an opened `{ file }` from
 * its descriptor, as the server would, which it then closes).
 */
export async function bodyOf(response: ServerResponse): Promise<Buffer> {
  const body = response.body;
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  const opened = openedFileOf(body);
  if (opened !== undefined) {
    if (opened.size === 0) {
      opened.close();
      return Buffer.alloc(0);
    }
    const parts: Buffer[] = [];
    for await (const chunk of opened.stream(0, opened.size - 1)) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts);
  }
  if (typeof (body as { file?: unknown }).file === "string") {
    return readFile((body as { file: string }).file);
  }
  if (body instanceof ReadableStream) {
    const parts: Buffer[] = [];
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(Buffer.from(value));
    }
    return Buffer.concat(parts);
  }
  const parts: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    parts.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/** The status a response goes out with (200 when unset). */
export function statusOf(response: ServerResponse): number {
  return response.status ?? 200;
}
