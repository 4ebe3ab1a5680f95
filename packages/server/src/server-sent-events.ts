import { err, ok, type Result } from "@hyperwire/grammar";
import { ServerError, ServerErrorCode } from "./errors.js";

/*
 * Server-Sent Events, WHATWG HTML §9.2 ("Server-sent events"), in particular
 * §9.2.5 "Parsing an event stream" (the grammar below) and §9.2.6
 * "Interpreting an event stream" (what the client does with each field):
 *
 *   stream        = [ bom ] *event
 *   event         = *( comment / field ) end-of-line
 *   comment       = colon *any-char end-of-line
 *   field         = 1*name-char [ colon [ space ] *any-char ] end-of-line
 *   end-of-line   = ( cr lf / cr / lf )
 *   any-char      = %x0000-0009 / %x000B-000C / %x000E-10FFFF   ; not CR or LF
 */

/** The media type of an event stream (WHATWG HTML §9.2.5); always UTF-8, so no charset parameter. */
export const SERVER_SENT_EVENTS_MEDIA_TYPE = "text/event-stream";

/**
 * A comment line plus a blank line: what a server sends every 15–30 s on an
 * idle stream so proxies and load balancers do not time the connection out.
 * Clients ignore comments (§9.2.6: a line starting with ":" is ignored), and
 * the blank line dispatches nothing because no data was buffered.
 */
export const SERVER_SENT_EVENTS_HEARTBEAT = ": ping\n\n";

/** One event to send. Every field is optional; an event with no `data` changes `id`/`retry` but dispatches nothing. */
export interface ServerSentEvent {
  /** The payload. Split into one `data:` line per line of text, whatever its line breaks (CRLF, LF or CR). */
  data?: string;
  /** The event type (`addEventListener(type)`); "message" when absent. No CR or LF. */
  event?: string;
  /** The ID the client echoes in `Last-Event-ID` when it reconnects. No NUL, CR or LF. */
  id?: string;
  /** The reconnection delay in milliseconds, a non-negative integer. */
  retry?: number;
  /** Comment lines sent before the fields; ignored by clients. */
  comment?: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

function invalid(message: string): ServerError {
  return new ServerError(ServerErrorCode.SSE_INVALID_FIELD, message);
}

/**
 * Writes one event in the `text/event-stream` format, ending with the blank
 * line that makes the client dispatch it (§9.2.6).
 *
 * `data` is split on every line break — CRLF, LF and lone CR, since the client
 * treats all three as line ends (§9.2.5) — so payload text can never start a
 * new field: a `data` of "x\nevent: logout" stays data. For the same reason
 * `event` and `id` may not hold CR or LF, and `id` may not hold NUL either
 * (§9.2.6: a client ignores such an id, so it would silently not resume);
 * those are programming errors and throw. Each value is written after
 * "field: ", because the client strips exactly one leading space (§9.2.6), so
 * a value that itself starts with a space keeps it.
 *
 * @throws ServerError `HW_SERVER_SSE_INVALID_FIELD` for an `event`/`id` with a
 * forbidden character or a `retry` that is not a non-negative safe integer.
 *
 * @example
 * ```ts
 * formatServerSentEvent({ event: "update", id: "42", data: "line 1\nline 2" });
 * // "event: update\nid: 42\ndata: line 1\ndata: line 2\n\n"
 * ```
 */
export function formatServerSentEvent(event: ServerSentEvent): string {
  let out = "";
  if (event.comment !== undefined) out += formatServerSentEventComment(event.comment);
  if (event.event !== undefined) {
    if (/[\r\n]/.test(event.event)) throw invalid("an SSE event type cannot hold CR or LF");
    out += `event: ${event.event}\n`;
  }
  if (event.id !== undefined) {
    if (/[\0\r\n]/.test(event.id)) throw invalid("an SSE id cannot hold NUL, CR or LF");
    out += `id: ${event.id}\n`;
  }
  if (event.retry !== undefined) {
    // §9.2.6: the client only honours a value of ASCII digits.
    if (!Number.isSafeInteger(event.retry) || event.retry < 0) {
      throw invalid("an SSE retry must be a non-negative integer of milliseconds");
    }
    out += `retry: ${event.retry}\n`;
  }
  if (event.data !== undefined) {
    for (const line of event.data.split(LINE_BREAK)) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}

/**
 * Writes comment lines (": text"), one per line of `text`, split on CRLF, LF
 * and CR so a comment can never smuggle a field. Clients ignore them; use them
 * for heartbeats or debugging. No blank line is added: a comment dispatches
 * nothing.
 *
 * @example
 * ```ts
 * formatServerSentEventComment("ping");   // ": ping\n"
 * formatServerSentEventComment("a\r\nb"); // ": a\n: b\n"
 * ```
 */
export function formatServerSentEventComment(text: string): string {
  let out = "";
  for (const line of text.split(LINE_BREAK)) out += line === "" ? ":\n" : `: ${line}\n`;
  return out;
}

/** Options of {@link parseLastEventId}. */
export interface ParseLastEventIdOptions {
  /**
   * Longest ID accepted, in UTF-16 code units. Default 1024: an ID is usually
   * a counter or a UUID, and the value often ends up in a database query, so
   * an unbounded one is a cheap way to make the server do work.
   */
  maxLength?: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads the `Last-Event-ID` request field a reconnecting `EventSource` sends
 * (WHATWG HTML §9.2.4 "The `Last-Event-ID` header": the last event ID string,
 * encoded as UTF-8, sent when the connection is reestablished per §9.2.3). Returns `undefined` when the field is absent or
 * empty (the client has no ID: replay from the start or the live edge).
 *
 * `value` is the field value as received. When every character is ≤ U+00FF it
 * is read as the field's octets (RFC 9110 §5.5) and decoded as UTF-8, so an ID
 * "é" comes back as "é", not "Ã©"; malformed UTF-8 is refused. A value that
 * holds NUL, CR or LF cannot be an ID a conforming server sent (§9.2.6) and is
 * refused too, as is one over `maxLength`.
 *
 * Never throws.
 *
 * @example
 * ```ts
 * parseLastEventId(request.headers.get("last-event-id")); // ok("42") or ok(undefined)
 * parseLastEventId("a\u0000b");                           // error HW_SERVER_SSE_INVALID_LAST_EVENT_ID
 * ```
 */
export function parseLastEventId(
  value: string | null | undefined,
  options: ParseLastEventIdOptions = {},
): Result<string | undefined, ServerError> {
  if (value === null || value === undefined || value === "") return ok(undefined);
  const maxLength = options.maxLength ?? 1024;
  let text = value;
  let octets = true;
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff) {
      octets = false;
      break;
    }
  }
  if (octets) {
    try {
      text = utf8.decode(Uint8Array.from(value, (c) => c.charCodeAt(0)));
    } catch (cause) {
      return err(
        new ServerError(
          ServerErrorCode.SSE_INVALID_LAST_EVENT_ID,
          "Last-Event-ID is not valid UTF-8",
          { statusHint: 400, cause },
        ),
      );
    }
  }
  const bad = text.search(/[\0\r\n]/);
  if (bad >= 0) {
    return err(
      new ServerError(
        ServerErrorCode.SSE_INVALID_LAST_EVENT_ID,
        "Last-Event-ID holds NUL, CR or LF",
        { statusHint: 400, offset: bad },
      ),
    );
  }
  if (text.length > maxLength) {
    return err(
      new ServerError(
        ServerErrorCode.SSE_INVALID_LAST_EVENT_ID,
        `Last-Event-ID is longer than ${maxLength} characters`,
        { statusHint: 400 },
      ),
    );
  }
  return ok(text);
}
