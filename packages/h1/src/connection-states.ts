import { H1Error } from "./errors.js";

/**
 * The states one direction of an HTTP/1.x connection can be in. Both roles
 * track both directions: the *request stream* (what the client sends) and
 * the *response stream* (what the server sends), as h11 does.
 *
 * - `idle`: no message under way (response stream: no request waiting for an answer).
 * - `send-response`: (response stream) a request waits for its response; 1xx may be sent.
 * - `send-body`: a head was sent; content follows until the end of the message.
 * - `done`: the message ended; the stream decides whether the connection is reused.
 * - `might-switch`: (request stream) a request proposing Upgrade or CONNECT ended; its response decides.
 * - `switched`: the connection left HTTP (101, or 2xx to CONNECT).
 * - `must-close`: no further message may follow; close once the bytes are flushed.
 * - `closed`: the connection is closed in this direction.
 * - `error`: a protocol error; nothing more is parsed or sent but an error response.
 */
export type ConnectionState =
  | "idle"
  | "send-response"
  | "send-body"
  | "done"
  | "might-switch"
  | "switched"
  | "must-close"
  | "closed"
  | "error";

/** Which direction of the connection a transition applies to. */
export type ConnectionStream = "request" | "response";

/** What happens to a stream, driving a transition. */
export type ConnectionStreamEvent =
  | "request"
  | "informational"
  | "head"
  | "end"
  | "end-proposing-switch"
  | "switch"
  | "switch-accepted"
  | "switch-declined"
  | "next-request"
  | "reuse"
  | "close"
  | "abandon"
  | "connection-closed"
  | "protocol-error";

/** One row of {@link CONNECTION_TRANSITIONS}. */
export interface ConnectionTransition {
  readonly stream: ConnectionStream;
  readonly from: ConnectionState;
  readonly event: ConnectionStreamEvent;
  readonly to: ConnectionState;
  /** The rule this row implements. */
  readonly reference: string;
}

function row(
  stream: ConnectionStream,
  from: ConnectionState,
  event: ConnectionStreamEvent,
  to: ConnectionState,
  reference: string,
): ConnectionTransition {
  return { stream, from, event, to, reference };
}

const LIVE_REQUEST_STATES: readonly ConnectionState[] = [
  "idle",
  "send-body",
  "done",
  "might-switch",
  "must-close",
];
const LIVE_RESPONSE_STATES: readonly ConnectionState[] = [
  "idle",
  "send-response",
  "send-body",
  "done",
  "must-close",
];

/**
 * Every legal state transition of an HTTP/1.x connection, one row each with
 * its RFC reference. `ServerConnection` and `ClientConnection` move only along
 * these rows; docs and tests derive the state diagram from this table (see
 * {@link connectionStateDiagram}).
 *
 * @example
 * ```ts
 * CONNECTION_TRANSITIONS.filter((t) => t.stream === "response" && t.from === "send-response");
 * ```
 */
export const CONNECTION_TRANSITIONS: readonly ConnectionTransition[] = [
  // The request stream (client → server).
  row("request", "idle", "head", "send-body", "RFC 9112 §3"),
  row("request", "send-body", "end", "done", "RFC 9112 §6.3"),
  row("request", "send-body", "end-proposing-switch", "might-switch", "RFC 9110 §7.8, §9.3.6"),
  row("request", "might-switch", "switch-accepted", "switched", "RFC 9110 §15.2.2, §9.3.6"),
  row("request", "might-switch", "switch-declined", "done", "RFC 9110 §7.8 ¶9"),
  row("request", "done", "reuse", "idle", "RFC 9112 §9.3, §9.3.2 (pipelining)"),
  row("request", "done", "close", "must-close", "RFC 9112 §9.6"),
  row("request", "idle", "close", "must-close", "RFC 9112 §9.6"),
  row(
    "request",
    "send-body",
    "abandon",
    "must-close",
    "RFC 9110 §10.1.1 (final status before content)",
  ),
  ...["idle", "done", "must-close", "might-switch"].map((from) =>
    row("request", from as ConnectionState, "connection-closed", "closed", "RFC 9112 §9.6"),
  ),
  ...LIVE_REQUEST_STATES.map((from) =>
    row("request", from, "protocol-error", "error", "RFC 9112 §9.6 (errors end the connection)"),
  ),
  // The response stream (server → client).
  row("response", "idle", "request", "send-response", "RFC 9112 §9.3 (answer in order)"),
  row("response", "send-response", "informational", "send-response", "RFC 9110 §15.2"),
  row("response", "send-response", "head", "send-body", "RFC 9112 §4"),
  row("response", "send-response", "switch", "switched", "RFC 9110 §15.2.2, §9.3.6"),
  row("response", "send-body", "end", "done", "RFC 9112 §6.3"),
  row(
    "response",
    "done",
    "next-request",
    "send-response",
    "RFC 9112 §9.3.2 (pipelined request waits)",
  ),
  row("response", "done", "reuse", "idle", "RFC 9112 §9.3"),
  row("response", "done", "close", "must-close", "RFC 9112 §9.6"),
  ...["idle", "done", "must-close", "send-body"].map((from) =>
    row(
      "response",
      from as ConnectionState,
      "connection-closed",
      "closed",
      "RFC 9112 §6.3 ¶8, §9.6",
    ),
  ),
  ...LIVE_RESPONSE_STATES.map((from) =>
    row("response", from, "protocol-error", "error", "RFC 9112 §9.6 (errors end the connection)"),
  ),
];

/** Where each event leads from one state: a null-prototype object keyed by event. */
type Successors = Readonly<Partial<Record<ConnectionStreamEvent, ConnectionState>>>;

/**
 * The lookup index derived from {@link CONNECTION_TRANSITIONS} once, at module
 * load: `NEXT[stream][from][event]` is the row's `to`. Transitions run on every
 * message, so they cost two property loads instead of building a string key;
 * the table stays the single source.
 */
const NEXT: Readonly<Record<ConnectionStream, Readonly<Record<string, Successors>>>> = (() => {
  const index: Record<ConnectionStream, Record<string, Record<string, ConnectionState>>> = {
    request: Object.create(null),
    response: Object.create(null),
  };
  for (const t of CONNECTION_TRANSITIONS) {
    const byState = index[t.stream];
    // Rows are unique per (stream, from, event): the table test holds that.
    const successors = (byState[t.from] ??= Object.create(null) as Record<string, ConnectionState>);
    successors[t.event] = t.to;
  }
  return index;
})();

/**
 * The state a stream moves to on `event`, or `undefined` when the table has
 * no such row (the move is illegal).
 *
 * @example
 * ```ts
 * nextConnectionState("request", "idle", "head"); // "send-body"
 * nextConnectionState("request", "idle", "end");  // undefined
 * ```
 */
export function nextConnectionState(
  stream: ConnectionStream,
  from: ConnectionState,
  event: ConnectionStreamEvent,
): ConnectionState | undefined {
  return NEXT[stream][from]?.[event];
}

/**
 * The state diagram of {@link CONNECTION_TRANSITIONS} as Mermaid source, for
 * the docs: `stateDiagram-v2` with one edge per row.
 *
 * @example
 * ```ts
 * console.log(connectionStateDiagram("response"));
 * ```
 */
export function connectionStateDiagram(stream: ConnectionStream): string {
  const lines = ["stateDiagram-v2"];
  for (const t of CONNECTION_TRANSITIONS) {
    if (t.stream !== stream) continue;
    lines.push(`  ${t.from.replace(/-/g, "_")} --> ${t.to.replace(/-/g, "_")}: ${t.event}`);
  }
  return lines.join("\n");
}

/**
 * Internal: one stream's current state, moved only along the table.
 * `side` says who is to blame for an illegal move: the local caller (our own
 * sending) or the peer.
 */
export class StreamState {
  state: ConnectionState = "idle";
  readonly #next: Readonly<Record<string, Successors>>;
  constructor(readonly stream: ConnectionStream) {
    this.#next = NEXT[stream];
  }

  apply(event: ConnectionStreamEvent, side: "local" | "peer" = "local"): ConnectionState {
    const to = this.#next[this.state]?.[event];
    if (to === undefined) {
      throw new H1Error(
        "HW_H1_INVALID_STATE",
        `${this.stream} stream cannot "${event}" in state "${this.state}"`,
        { side },
      );
    }
    this.state = to;
    return to;
  }

  /** Applies `event` when the table allows it; reports whether it did. */
  tryApply(event: ConnectionStreamEvent): boolean {
    const to = this.#next[this.state]?.[event];
    if (to === undefined) return false;
    this.state = to;
    return true;
  }
}
