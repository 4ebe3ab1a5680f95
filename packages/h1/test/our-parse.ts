/** Test helper: runs this package's parsers over chunks and records what they report. */
import type { RequestHead, ResponseHead } from "../src/events.js";
import { RequestParser } from "../src/request-parser.js";
import { ResponseParser } from "../src/response-parser.js";
import type { ParsedMessage, ParseOutcome } from "./llhttp-oracle.js";

export interface OurMessage extends ParsedMessage {
  trailers: [string, string][];
  framing: string;
  reason?: string;
}

export interface OurOutcome extends ParseOutcome {
  messages: OurMessage[];
  errorCode: string | null;
}

const latin1 = new TextDecoder("latin1");

export function parseWithOurs(
  kind: "request" | "response",
  input: Uint8Array[],
  methods: string[] = [],
): OurOutcome {
  const messages: OurMessage[] = [];
  let current: OurMessage | null = null;
  let body: number[] = [];
  let error: string | null = null;
  const onHead = (head: RequestHead | ResponseHead) => {
    current = {
      version: head.version,
      fields: [...head.headers.lines()],
      body: "",
      keepAlive: head.keepAlive,
      upgrade:
        head.framing.kind === "tunnel" ||
        ("upgrade" in head && head.upgrade.length > 0) ||
        ("method" in head && head.method === "CONNECT"),
      trailers: [],
      framing: head.framing.kind,
    };
    if ("method" in head) {
      current.method = head.method;
      current.target = head.target;
    } else {
      current.status = head.status;
      current.reason = head.reason;
    }
    body = [];
  };
  const handlers = {
    onHead,
    onBody(chunk: Uint8Array) {
      for (const b of chunk) body.push(b);
    },
    onTrailers(trailers: { lines(): Iterable<[string, string]> }) {
      if (current !== null) current.trailers = [...trailers.lines()];
    },
    onMessageComplete() {
      if (current !== null) {
        current.body = latin1.decode(Uint8Array.from(body));
        messages.push(current);
        current = null;
      }
    },
    onError(e: { code: string }) {
      error ??= e.code;
    },
  };
  if (kind === "request") {
    const parser = new RequestParser(handlers as never);
    for (const chunk of input) {
      if (parser.paused || error !== null) break;
      parser.push(chunk);
    }
    if (!parser.paused && error === null) parser.finish();
  } else {
    const parser = new ResponseParser(handlers as never);
    for (let i = 0; i < 32; i++) parser.expectResponse(methods[i] ?? "GET");
    for (const chunk of input) {
      if (parser.paused || error !== null) break;
      parser.push(chunk);
    }
    if (!parser.paused && error === null) parser.finish();
  }
  // A paused parser stopped at an upgrade/CONNECT head: count the head as a message.
  if (current !== null && error === null && (current as OurMessage).upgrade) messages.push(current);
  return { messages, error, errorCode: error };
}
