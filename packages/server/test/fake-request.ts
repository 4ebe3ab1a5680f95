import { Fields } from "@hyperwire/headers";
import type { ServerRequest } from "../src/server-request.js";

/** What a fake request may set; the rest gets plain defaults. */
export interface FakeRequestInit {
  method?: string;
  target?: string;
  headers?: Record<string, string | string[]> | [string, string][];
  remoteAddress?: string;
  remotePort?: number;
  secure?: boolean;
  signal?: AbortSignal;
}

/**
 * A stand-in for a {@link ServerRequest} in unit tests of handler wrappers:
 * only the fields the wrappers read (they never touch the content).
 */
export function fakeRequest(init: FakeRequestInit = {}): ServerRequest {
  const headers = new Fields();
  const entries = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers ?? {});
  for (const [name, value] of entries) {
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const target = init.target ?? "/";
  return {
    method: init.method ?? "GET",
    target,
    path: target.split("?")[0],
    version: "1.1",
    headers,
    remoteAddress: init.remoteAddress ?? "127.0.0.1",
    remotePort: init.remotePort ?? 50000,
    secure: init.secure ?? false,
    signal: init.signal ?? new AbortController().signal,
  } as unknown as ServerRequest;
}
