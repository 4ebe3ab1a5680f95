/** Test helper: serializes generated messages with this package's serializers. */
import { Fields } from "@hyperwire/headers";
import { encodeChunk, encodeLastChunk } from "../src/chunked-encoder.js";
import { decideOutgoingFraming } from "../src/outgoing-framing.js";
import { serializeRequestHead } from "../src/serialize-request-head.js";
import { serializeResponseHead } from "../src/serialize-response-head.js";
import type { GeneratedRequest, GeneratedResponse } from "./arbitraries.js";

export interface Encoded {
  bytes: Uint8Array;
  /** The field lines the head carries, in order, as written. */
  lines: [string, string][];
  keepAlive: boolean;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}

function bodyParts(
  framing: string,
  body: Uint8Array[],
  trailers: [string, string][],
): Uint8Array[] {
  if (framing !== "chunked") return body;
  const parts = body.flatMap((chunk) => encodeChunk(chunk));
  parts.push(encodeLastChunk(trailers.length > 0 ? Fields.from(trailers) : undefined));
  return parts;
}

export function encodeRequest(r: GeneratedRequest): Encoded {
  const headers = new Fields();
  headers.append("Host", "example.com");
  for (const [name, value] of r.fields) headers.append(name, value);
  if (r.close) headers.append("Connection", "close");
  else if (r.version === "1.0") headers.append("Connection", "keep-alive");
  const length = r.body.reduce((n, b) => n + b.byteLength, 0);
  const decision = decideOutgoingFraming({
    role: "request",
    method: r.method,
    headers,
    contentLength: r.framing === "chunked" ? null : length,
    version: r.version,
  });
  const head = serializeRequestHead(
    { method: r.method, target: r.target, version: r.version, headers },
    decision.fields,
  );
  const lines = [
    ...headers.lines(),
    ...decision.fields.map(([n, v]) => [n, v] as [string, string]),
  ];
  return {
    bytes: concat([head, ...bodyParts(decision.framing.kind, r.body, r.trailers)]),
    lines,
    keepAlive: !r.close,
  };
}

export function encodeResponse(r: GeneratedResponse): Encoded {
  const headers = new Fields();
  for (const [name, value] of r.fields) headers.append(name, value);
  const length = r.body.reduce((n, b) => n + b.byteLength, 0);
  const decision = decideOutgoingFraming({
    role: "response",
    method: "GET",
    status: r.status,
    headers,
    contentLength: r.framing === "length" ? length : null,
    version: r.version,
    peerVersion: r.framing === "close" ? "1.0" : r.version,
  });
  const head = serializeResponseHead(
    { status: r.status, reason: r.reason, version: r.version, headers },
    decision.fields,
  );
  const lines = [
    ...headers.lines(),
    ...decision.fields.map(([n, v]) => [n, v] as [string, string]),
  ];
  return {
    bytes: concat([head, ...bodyParts(decision.framing.kind, r.body, r.trailers)]),
    lines,
    keepAlive: r.version === "1.1" && decision.framing.kind !== "close",
  };
}

export const latin1 = (bytes: Uint8Array[]): string =>
  new TextDecoder("latin1").decode(concat(bytes));
