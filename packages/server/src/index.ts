export type { AccessLogOptions, AccessLogRecord } from "./access-log.js";
// Self-contained pieces: errors, PROXY protocol, static paths, media types, SSE, access log, cluster.
export { formatClfDate, formatCombinedLogLine, formatCommonLogLine } from "./access-log.js";
// Security headers, CORS, cookies, authentication, SSE streams, trusted proxies, diagnostics.
export type {
  BasicAuthOptions,
  DigestAuthAlgorithm,
  DigestAuthOptions,
  DigestAuthQop,
} from "./auth.js";
export {
  authenticatedUser,
  timingSafeStringEqual,
  withBasicAuth,
  withDigestAuth,
} from "./auth.js";
export type {
  ClusterEvent,
  ClusterRestartOptions,
  ClusterResult,
  ClusterWorkerContext,
  RunClusterOptions,
  StopWorker,
} from "./cluster.js";
export { runCluster } from "./cluster.js";
// Built-in features: (handler) => handler wrappers, composable with compose().
export {
  applyCompression,
  type CompressionEncoding,
  type CompressionOptions,
  withCompression,
} from "./compression.js";
export {
  applyConditionalRequest,
  type ConditionalRequestOptions,
  fileETag,
  notModified,
  preconditionFailed,
  withConditionalRequests,
} from "./conditional.js";
export type { CookieInit } from "./cookies.js";
export {
  deleteCookie,
  formatCookieForRequest,
  getCookie,
  getCookies,
  setCookie,
} from "./cookies.js";
export type { CorsOptions, CorsOrigin } from "./cors.js";
export { withCors } from "./cors.js";
export type {
  RequestRejectedMessage,
  RequestStartMessage,
  ResponseFinishMessage,
  ServerErrorMessage,
} from "./diagnostics.js";
export { SERVER_CHANNELS } from "./diagnostics.js";
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
export { compose, type Middleware } from "./middleware.js";
export type {
  MultipartEvent,
  MultipartField,
  MultipartFile,
  MultipartLimits,
  MultipartPart,
  MultipartPartHead,
} from "./multipart.js";
export { MultipartParser, parseMultipartBoundary, readMultipart } from "./multipart.js";
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
export type { ProxiedConnection, ProxyProtocolOptions } from "./proxy-protocol-accept.js";
export { readProxyProtocolHeader } from "./proxy-protocol-accept.js";
export { applyRanges, type RangeRequestOptions, withRanges } from "./ranges.js";
export type { DotfilePolicy, ResolveStaticPathOptions, StaticPath } from "./resolve-static-path.js";
export { resolveStaticPath } from "./resolve-static-path.js";
export { type ReusePortSetting, supportsReusePort } from "./reuse-port.js";
export { createRouter, type RouteHandler, type RouteParams, Router } from "./router.js";
export type {
  BuildContentSecurityPolicyOptions,
  ContentSecurityPolicyDirectives,
  SecurityHeadersOptions,
  StrictTransportSecurityOptions,
} from "./security-headers.js";
export {
  buildContentSecurityPolicy,
  DEFAULT_CONTENT_SECURITY_POLICY,
  securityHeaderFields,
  withSecurityHeaders,
} from "./security-headers.js";
export {
  type CloseOptions,
  createServer,
  type HandleSocketOptions,
  HttpServer,
  HttpServer as Server,
  serve,
} from "./serve.js";
export {
  type PrecompressedEncoding,
  type ServeStaticOptions,
  serveStatic,
} from "./serve-static.js";
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
export type { EventSourceContext, EventSourceFunction, EventStreamOptions } from "./sse.js";
export { eventStream } from "./sse.js";
export type {
  ForwardedClient,
  ForwardedRequestLike,
  ProxyTrust,
  TrustedProxyOptions,
} from "./trusted-proxy.js";
export {
  compileProxyTrust,
  forwardedClient,
  normalizeIpAddress,
  resolveForwardedClient,
  withTrustedProxy,
} from "./trusted-proxy.js";
