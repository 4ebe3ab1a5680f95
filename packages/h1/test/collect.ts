import type { Fields } from "@hyperwire/headers";
import type { H1Error } from "../src/errors.js";
import type { RequestHead, ResponseHead } from "../src/events.js";
import type { ParserOptions } from "../src/parser-options.js";
import { RequestParser } from "../src/request-parser.js";
import { ResponseParser } from "../src/response-parser.js";

/** One recorded parser event, in a form `toEqual` can compare. */
export type ParserEvent =
  | { type: "head"; head: Record<string, unknown> }
  | { type: "informational"; head: Record<string, unknown> }
  | { type: "body"; data: string }
  | { type: "trailers"; fields: [string, string][] }
  | { type: "complete" }
  | { type: "error"; code: string; offset: number | undefined; statusHint: number | undefined };

const decoder = new TextDecoder("latin1");

export function bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function lines(fields: Fields): [string, string][] {
  return [...fields.lines()];
}

function plainHead(head: RequestHead | ResponseHead): Record<string, unknown> {
  const { headers, ...rest } = head;
  return { ...rest, headers: lines(headers) };
}

/** Merges adjacent body events so differently split inputs compare equal. */
function mergeBodies(events: ParserEvent[]): ParserEvent[] {
  const out: ParserEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (event.type === "body" && last?.type === "body") last.data += event.data;
    else if (event.type === "body") out.push({ type: "body", data: event.data });
    else out.push(event);
  }
  return out.filter((e) => e.type !== "body" || e.data.length > 0);
}

function recorder(events: ParserEvent[]) {
  return {
    onHead(head: RequestHead | ResponseHead) {
      events.push({ type: "head", head: plainHead(head) });
    },
    onInformational(head: ResponseHead) {
      events.push({ type: "informational", head: plainHead(head) });
    },
    onBody(chunk: Uint8Array) {
      events.push({ type: "body", data: decoder.decode(chunk) });
    },
    onTrailers(fields: Fields) {
      events.push({ type: "trailers", fields: lines(fields) });
    },
    onMessageComplete() {
      events.push({ type: "complete" });
    },
    onError(error: H1Error) {
      events.push({
        type: "error",
        code: error.code,
        offset: error.offset,
        statusHint: error.statusHint,
      });
    },
  };
}

export interface ParseOutcome {
  /** The events so far, adjacent bodies merged (a snapshot). */
  events: ParserEvent[];
  parser: RequestParser;
  /** The events up to now, for use after more calls on `parser`. */
  current(): ParserEvent[];
}

/** Parses `chunks` (strings are bytes 0–255) as requests and returns the merged events. */
export function parseRequests(
  chunks: (string | Uint8Array)[] | string,
  options?: ParserOptions,
  finish = false,
): ParseOutcome {
  const events: ParserEvent[] = [];
  const parser = new RequestParser(recorder(events), options);
  for (const chunk of typeof chunks === "string" ? [chunks] : chunks) {
    parser.push(typeof chunk === "string" ? bytes(chunk) : chunk);
  }
  if (finish) parser.finish();
  return { events: mergeBodies(events), parser, current: () => mergeBodies(events) };
}

export interface ResponseOutcome {
  events: ParserEvent[];
  parser: ResponseParser;
  current(): ParserEvent[];
}

/** Parses `chunks` as responses to requests with `methods`, in order. */
export function parseResponses(
  chunks: (string | Uint8Array)[] | string,
  methods: string[] = ["GET"],
  options?: ParserOptions,
  finish = false,
): ResponseOutcome {
  const events: ParserEvent[] = [];
  const parser = new ResponseParser(recorder(events), options);
  for (const method of methods) parser.expectResponse(method);
  for (const chunk of typeof chunks === "string" ? [chunks] : chunks) {
    parser.push(typeof chunk === "string" ? bytes(chunk) : chunk);
  }
  if (finish) parser.finish();
  return { events: mergeBodies(events), parser, current: () => mergeBodies(events) };
}

/** The error event of an outcome, if any. */
export function errorOf(
  events: ParserEvent[],
): Extract<ParserEvent, { type: "error" }> | undefined {
  return events.find((e): e is Extract<ParserEvent, { type: "error" }> => e.type === "error");
}
