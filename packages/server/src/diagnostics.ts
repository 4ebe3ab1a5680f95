import { Buffer } from "node:buffer";
import { channel } from "node:diagnostics_channel";
import { type AccessLogRecord, formatCombinedLogLine, formatCommonLogLine } from "./access-log.js";
import { authenticatedUser } from "./auth.js";
import { toResponseFields } from "./response-fields.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";
import { forwardedClient } from "./trusted-proxy.js";

/**
 * The names of the `node:diagnostics_channel` channels the server publishes
 * to. Subscribing costs nothing when nobody listens: the server checks
 * `hasSubscribers` before building a message.
 *
 * @example
 * ```ts
 * import { subscribe } from "node:diagnostics_channel";
 * subscribe(SERVER_CHANNELS.responseFinish, (message) => {
 *   const { request, status } = message as ResponseFinishMessage;
 *   metrics.count(request.method, status);
 * });
 * ```
 */
export const SERVER_CHANNELS = Object.freeze({
  /** A request head was parsed and is handed to the handler: {@link RequestStartMessage}. */
  requestStart: "hyperwire:server:request:start",
  /** The last byte of a response was handed to the socket: {@link ResponseFinishMessage}. */
  responseFinish: "hyperwire:server:response:finish",
  /** A handler threw or a response stream failed: {@link ServerErrorMessage}. */
  error: "hyperwire:server:error",
  /**
   * The server answered a request the handler never saw: a malformed request
   * (400, 413, 414, 431, 501, 505…) or a head that did not arrive in time
   * (408): {@link RequestRejectedMessage}.
   */
  requestRejected: "hyperwire:server:request:rejected",
} as const);

/** Published on `hyperwire:server:request:start`. */
export interface RequestStartMessage {
  readonly request: ServerRequest;
}

/** Published on `hyperwire:server:response:finish`. */
export interface ResponseFinishMessage {
  readonly request: ServerRequest;
  /** The response as sent (after the server replaced a failed one with a 500). */
  readonly response: ServerResponse;
  /** The status sent. */
  readonly status: number;
  /** Content bytes sent, when known (bytes, strings and files; not other streams); 0 for HEAD. */
  readonly bytes: number | undefined;
  /** `Date.now()` when the request head was complete. */
  readonly startTime: number;
}

/** Published on `hyperwire:server:error`. */
export interface ServerErrorMessage {
  readonly error: unknown;
  readonly request: ServerRequest | null;
}

/** Published on `hyperwire:server:request:rejected`. */
export interface RequestRejectedMessage {
  /** The status sent (the error's `statusHint`: 400, 408, 413, 414, 431, 501, 505…). */
  readonly status: number;
  /** Content bytes sent (the short reason text; 0 for a 408). */
  readonly bytes: number;
  /**
   * Why: the codec's `H1Error` (stable `code`, byte `offset`), or a
   * `ServerError` `HW_SERVER_HEADERS_TIMEOUT` for a head that did not arrive
   * within `headersTimeout`.
   */
  readonly error: unknown;
  /**
   * The request, when its head was complete and the error came later (in
   * chunked content, say); `null` when the head itself was rejected.
   */
  readonly request: ServerRequest | null;
  /** The client's address and port (those a PROXY protocol header named, if enabled). */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** `Date.now()` when the answer was written. */
  readonly time: number;
}

/** What the connection knows of a request it answered itself (the time is added). @internal */
export type Rejection = Omit<RequestRejectedMessage, "time">;

/** The access-log settings of `serve` as the connection uses them. @internal */
export interface AccessLogSettings {
  readonly accessLog: ((line: string, record: AccessLogRecord) => void) | undefined;
  readonly accessLogFormat: "common" | "combined";
}

const requestStart = channel(SERVER_CHANNELS.requestStart);
const responseFinish = channel(SERVER_CHANNELS.responseFinish);
const errorChannel = channel(SERVER_CHANNELS.error);
const requestRejected = channel(SERVER_CHANNELS.requestRejected);
const STARTED = new WeakMap<ServerRequest, number>();

/** Called by the connection for each request it hands to the application. @internal */
export function reportRequestStart(settings: AccessLogSettings, request: ServerRequest): void {
  if (
    settings.accessLog === undefined &&
    !responseFinish.hasSubscribers &&
    !requestStart.hasSubscribers
  )
    return;
  STARTED.set(request, Date.now());
  if (requestStart.hasSubscribers) requestStart.publish({ request } satisfies RequestStartMessage);
}

function contentBytes(request: ServerRequest, response: ServerResponse): number | undefined {
  if (request.method === "HEAD") return 0;
  const body = response.body;
  if (body === undefined || body === null) return 0;
  if (typeof body === "string") return Buffer.byteLength(body);
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return body.byteLength;
  // A stream with a Content-Length (a static file): the codec sends exactly that
  // many bytes or aborts the response, and an aborted response is not reported.
  return declaredLength(response);
}

function declaredLength(response: ServerResponse): number | undefined {
  if (response.headers === undefined) return undefined;
  const value = toResponseFields(response.headers).get("content-length");
  return value !== null && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/**
 * Called by the connection when a response is complete: publishes
 * `response:finish` and writes the access-log line. `bytes` overrides the
 * count taken from the response (a file's size). @internal
 */
export function reportResponseFinish(
  settings: AccessLogSettings,
  request: ServerRequest,
  response: ServerResponse | null,
  bytes?: number | null,
): void {
  const log = settings.accessLog;
  if (log === undefined && !responseFinish.hasSubscribers) return;
  const sent: ServerResponse = response ?? {};
  const status = sent.status ?? 200;
  const count =
    request.method === "HEAD" ? 0 : typeof bytes === "number" ? bytes : contentBytes(request, sent);
  const startTime = STARTED.get(request) ?? Date.now();
  if (responseFinish.hasSubscribers) {
    responseFinish.publish({
      request,
      response: sent,
      status,
      bytes: count,
      startTime,
    } satisfies ResponseFinishMessage);
  }
  if (log !== undefined) {
    const record: AccessLogRecord = {
      remoteAddress: forwardedClient(request).address,
      user: authenticatedUser(request),
      time: startTime,
      method: request.method,
      target: request.target,
      version: request.version,
      status,
      bytes: count,
      referer: request.headers.get("referer") ?? undefined,
      userAgent: request.headers.get("user-agent") ?? undefined,
    };
    writeAccessLog(log, settings.accessLogFormat, record);
  }
}

/**
 * Called by the connection after it answered a request the handler never
 * saw: publishes `request:rejected` and writes an access-log line whose
 * request line is `"-"` when the head could not be read. @internal
 */
export function reportRequestRejected(settings: AccessLogSettings, rejection: Rejection): void {
  const log = settings.accessLog;
  if (log === undefined && !requestRejected.hasSubscribers) return;
  const time = Date.now();
  if (requestRejected.hasSubscribers) {
    requestRejected.publish({ ...rejection, time } satisfies RequestRejectedMessage);
  }
  if (log === undefined) return;
  const request = rejection.request;
  const record: AccessLogRecord = {
    remoteAddress: rejection.remoteAddress,
    time: request === null ? time : (STARTED.get(request) ?? time),
    method: request?.method ?? "-",
    target: request?.target ?? "-",
    version: request?.version ?? "-",
    status: rejection.status,
    bytes: rejection.bytes,
    referer: request?.headers.get("referer") ?? undefined,
    userAgent: request?.headers.get("user-agent") ?? undefined,
  };
  writeAccessLog(log, settings.accessLogFormat, record);
}

/** Formats `record` as the settings ask and hands the line to the logger. */
function writeAccessLog(
  log: NonNullable<AccessLogSettings["accessLog"]>,
  format: AccessLogSettings["accessLogFormat"],
  record: AccessLogRecord,
): void {
  const line = format === "combined" ? formatCombinedLogLine(record) : formatCommonLogLine(record);
  try {
    log(line, record);
  } catch {
    // A failing logger must not take the connection down.
  }
}

/** Called by the connection for an error thrown by the handler or a response stream. @internal */
export function reportServerError(error: unknown, request: ServerRequest | null): void {
  if (errorChannel.hasSubscribers)
    errorChannel.publish({ error, request } satisfies ServerErrorMessage);
}
