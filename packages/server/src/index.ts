export type { AccessLogOptions, AccessLogRecord } from "./access-log.js";
// Self-contained pieces: errors, PROXY protocol, static paths, media types, SSE, access log, cluster.
export { formatClfDate, formatCombinedLogLine, formatCommonLogLine } from "./access-log.js";
export type {
  ClusterEvent,
  ClusterRestartOptions,
  ClusterResult,
  RunClusterOptions,
  StopWorker,
} from "./cluster.js";
export { runCluster } from "./cluster.js";
export { ServerError, ServerErrorCode } from "./errors.js";
// Server core: serve/createServer, the handler contract, the router.
export { fromFetchHandler, toServerResponse } from "./fetch-handler.js";
export { httpDateNow } from "./http-date-clock.js";
export type { MediaTypeRow } from "./media-types.js";
export {
  isCompressibleMediaType,
  MEDIA_TYPE_TABLE,
  MEDIA_TYPES,
  mediaTypeForPath,
} from "./media-types.js";
export type {
  ProxyAddressFamily,
  ProxyEndpoint,
  ProxyFeedOutcome,
  ProxyHeader,
  ProxyHeaderParseOptions,
  ProxyParseOutcome,
  ProxySslInfo,
  ProxyTlv,
  ProxyTlvName,
  ProxyTransport,
} from "./proxy-protocol.js";
export {
  crc32c,
  PROXY_V1_MAX_LENGTH,
  PROXY_V2_SIGNATURE,
  ProxyHeaderParser,
  parseProxyHeader,
  parseProxySslTlv,
} from "./proxy-protocol.js";
export type { DotfilePolicy, ResolveStaticPathOptions, StaticPath } from "./resolve-static-path.js";
export { resolveStaticPath } from "./resolve-static-path.js";
export { createRouter, type RouteHandler, type RouteParams, Router } from "./router.js";
export {
  type CloseOptions,
  createServer,
  type HandleSocketOptions,
  HttpServer,
  HttpServer as Server,
  serve,
} from "./serve.js";
export type {
  CertificateAndKey,
  FetchHandler,
  Handler,
  ServeOptions,
  TakeoverHandler,
  TlsOptions,
} from "./server-options.js";
export { ServerRequest } from "./server-request.js";
export type { FileBody, ResponseBody, ResponseHeaders, ServerResponse } from "./server-response.js";
export type { ParseLastEventIdOptions, ServerSentEvent } from "./server-sent-events.js";
export {
  formatServerSentEvent,
  formatServerSentEventComment,
  parseLastEventId,
  SERVER_SENT_EVENTS_HEARTBEAT,
  SERVER_SENT_EVENTS_MEDIA_TYPE,
} from "./server-sent-events.js";
