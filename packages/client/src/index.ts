// @hyperwire/client: the policy pieces that stand on their own (sans-IO).
// Curated public surface; everything else is internal. The connection core
// (pools, agents, request(), fetch()) sits beside the policies.

export { Agent, type AgentOptions, type UpgradeOptions } from "./agent.js";
export type { Progress, ProgressCallback } from "./body-pipeline.js";
export {
  type CacheDecision,
  type CachedResponse,
  CachePolicy,
  type CachePolicyOptions,
  type CacheRequest,
  type CacheResponse,
  calculateCurrentAge,
  type NotStorableReason,
  type StorableDecision,
  type ValidationReason,
} from "./cache-policy.js";
export type { CacheStore } from "./cache-store.js";
export type { ClientResponse, InformationalResponse } from "./client-response.js";
export type { TlsOptions } from "./connect-socket.js";
export {
  type Cookie,
  CookieJar,
  type CookieJarJSON,
  type CookieJarOptions,
  type CookieJSON,
  type CookieRejection,
  type CookieSameSite,
  type GetCookiesOptions,
  type NetscapeImportResult,
  type SetCookieOptions,
  type SetCookieOutcome,
} from "./cookie-jar.js";
export { defaultPath, domainMatches, isIpAddressHost, pathMatches } from "./cookie-matching.js";
export {
  createFetch,
  type FetchFunction,
  type FetchInit,
  type RequestSender,
} from "./create-fetch.js";
export { DEFAULT_ACCEPT_ENCODING } from "./decode-body.js";
export {
  ClientError,
  ClientErrorCode,
  type ClientErrorOptions,
  type ClientErrorPhase,
} from "./errors.js";
export type { AuthCredentials } from "./http-auth.js";
export type { CacheOption, CacheOptions, CacheStatus } from "./http-cache.js";
export {
  cachedResponseSize,
  MemoryCacheStore,
  type MemoryCacheStoreOptions,
} from "./memory-cache-store.js";
export type { UpgradeResponse } from "./perform-request.js";
export { Pool, type PoolOptions, type PoolStats } from "./pool.js";
export {
  getProxyForUrl,
  matchesNoProxy,
  type ProxyEnvironment,
  type ProxyFromEnvOptions,
  type ProxySelection,
} from "./proxy-from-env.js";
export type { ProxyCredentials, ProxyOption } from "./proxy-option.js";
export {
  type RedirectDecision,
  type RedirectedRequest,
  type RedirectHop,
  RedirectPolicy,
  type RedirectPolicyOptions,
  type RedirectSourceRequest,
} from "./redirect-policy.js";
export {
  type AgentRequestOptions,
  connectTunnel,
  fetch,
  getGlobalAgent,
  request,
  setGlobalAgent,
  upgrade,
} from "./request.js";
export type { RequestBodyInit } from "./request-body.js";
export { RequestErrorCode } from "./request-error-codes.js";
export type { RequestOptions } from "./request-options.js";
export type {
  AttemptErrorEvent,
  AttemptEvent,
  AttemptTimings,
  ConnectEndEvent,
  ConnectionEvent,
  ConnectStartEvent,
  DnsEndEvent,
  DnsStartEvent,
  RedirectEvent,
  RequestBodyEvent,
  RequestEndEvent,
  RequestHeadEvent,
  RequestTrace,
  ResponseEndEvent,
  ResponseHeadEvent,
  RetryEvent,
  RetryReason,
  TlsEndEvent,
  TraceCertificate,
  TraceConnection,
  TracedAttempt,
  TraceTls,
  TunnelEvent,
} from "./request-trace.js";
export { ResponseBody } from "./response-body.js";
export {
  type NoRetryReason,
  parseRetryAfter,
  type RetryContext,
  type RetryDecision,
  RetryPolicy,
  type RetryPolicyOptions,
} from "./retry-policy.js";
