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

/**
 * Internal ids of {@link ConnectionStreamEvent}s for {@link StreamState}: a
 * transition is then an array load by a small integer, monomorphic wherever
 * it is called from, where a string key costs a hashed or megamorphic lookup.
 * @internal
 */
export const STREAM_EVENT = Object.freeze({
  request: 0,
  informational: 1,
  head: 2,
  end: 3,
  endProposingSwitch: 4,
  switch: 5,
  switchAccepted: 6,
  switchDeclined: 7,
  nextRequest: 8,
  reuse: 9,
  close: 10,
  abandon: 11,
  connectionClosed: 12,
  protocolError: 13,
});

/** Event names by id (the inverse of {@link STREAM_EVENT}). */
const EVENT_NAMES: readonly ConnectionStreamEvent[] = [
  "request",
  "informational",
  "head",
  "end",
  "end-proposing-switch",
  "switch",
  "switch-accepted",
  "switch-declined",
  "next-request",
  "reuse",
  "close",
  "abandon",
  "connection-closed",
  "protocol-error",
];

/**
 * One state of one stream in the lookup index derived from
 * {@link CONNECTION_TRANSITIONS} once, at module load: `next[id]` is the node
 * the row for event `id` leads to (undefined: no row, the move is illegal).
 * The table stays the single source.
 */
class StateNode {
  readonly next: (StateNode | undefined)[] = EVENT_NAMES.map(() => undefined);
  constructor(readonly state: ConnectionState) {}
}

/** The {@link STREAM_EVENT} id of an event name, or -1 for a name that is not an event. @internal */
export function streamEventId(event: string): number {
  return EVENT_NAMES.indexOf(event as ConnectionStreamEvent);
}

/** Each stream's nodes by state name (used to build the index and to answer {@link nextConnectionState}). */
const NODES: Readonly<Record<ConnectionStream, ReadonlyMap<ConnectionState, StateNode>>> = (() => {
  const index: Record<ConnectionStream, Map<ConnectionState, StateNode>> = {
    request: new Map(),
    response: new Map(),
  };
  const nodeOf = (stream: ConnectionStream, state: ConnectionState): StateNode => {
    let node = index[stream].get(state);
    if (node === undefined) {
      node = new StateNode(state);
      index[stream].set(state, node);
    }
    return node;
  };
  for (const t of CONNECTION_TRANSITIONS) {
    // Rows are unique per (stream, from, event): the table test holds that.
    nodeOf(t.stream, t.from).next[streamEventId(t.event)] = nodeOf(t.stream, t.to);
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
  const id = streamEventId(event);
  if (id < 0) return undefined;
  const to = NODES[stream].get(from)?.next[id];
  return to?.state;
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
 * sending) or the peer. It starts in `initial` ("idle" unless a test places
 * it elsewhere).
 */
export class StreamState {
  #node: StateNode;
  constructor(
    readonly stream: ConnectionStream,
    initial: ConnectionState = "idle",
  ) {
    // A state without rows in this stream's table allows no move.
    this.#node = NODES[stream].get(initial) ?? new StateNode(initial);
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#node.state;
  }

  /** Moves along the row for `event` (a {@link STREAM_EVENT} id); throws when there is none. */
  apply(event: number, side: "local" | "peer" = "local"): ConnectionState {
    const to = this.#node.next[event];
    if (to === undefined) {
      throw new H1Error(
        "HW_H1_INVALID_STATE",
        `${this.stream} stream cannot "${EVENT_NAMES[event]}" in state "${this.#node.state}"`,
        { side },
      );
    }
    this.#node = to;
    return to.state;
  }

  /** Applies `event` when the table allows it; reports whether it did. */
  tryApply(event: number): boolean {
    const to = this.#node.next[event];
    if (to === undefined) return false;
    this.#node = to;
    return true;
  }
}
