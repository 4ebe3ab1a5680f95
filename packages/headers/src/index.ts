export {
  type BasicCredentials,
  formatBasicChallenge,
  formatBasicCredentials,
  parseBasicCredentials,
} from "./basic-auth.js";
export { toHex } from "./digest/hex.js";
export { md5 } from "./digest/md5.js";
export { sha256 } from "./digest/sha256.js";
export { sha512_256 } from "./digest/sha512-256.js";
export {
  computeDigestAuthorization,
  computeDigestHA1,
  computeDigestResponse,
  type DigestAlgorithm,
  type DigestAuthorizationInit,
  type DigestChallenge,
  type DigestChallengeInit,
  type DigestCredentials,
  type DigestQop,
  type DigestResponseInput,
  formatDigestChallenge,
  parseDigestChallenge,
  parseDigestCredentials,
  type VerifyDigestOptions,
  verifyDigestCredentials,
} from "./digest-auth.js";
export { HeadersError } from "./errors.js";
export {
  evaluatePreconditions,
  type HeadersLike,
  type PreconditionOutcome,
} from "./evaluate-preconditions.js";
export { decodeExtValue, type ExtValue, encodeExtValue } from "./ext-value.js";
export {
  type FieldDefinition,
  getFieldDefinition,
  getFieldDefinitionAt,
  isForbiddenInTrailers,
  isSingletonField,
} from "./field-definition.js";
export {
  FIELD_FACTS,
  type FieldContext,
  type FieldFacts,
  type FieldKind,
} from "./field-facts.js";
export {
  FIELD_NAMES_CANONICAL,
  FIELD_NAMES_LOWER,
  findFieldName,
  internFieldName,
  internRawFieldName,
} from "./field-names.js";
export type {
  FieldRegistration,
  FieldRegistrationStatus,
  StructuredFieldType,
} from "./field-registration.js";
export { IANA_FIELD_REGISTRY } from "./field-registry.generated.js";
export { Fields, type FieldsInit } from "./fields.js";
export { isHopByHopField, type StripHopByHopOptions, stripHopByHop } from "./hop-by-hop.js";
export { negotiateCharset, preferredCharsets } from "./negotiate-charset.js";
export {
  type EncodingNegotiationOptions,
  negotiateEncoding,
  preferredEncodings,
} from "./negotiate-encoding.js";
export { negotiateLanguage, preferredLanguages } from "./negotiate-language.js";
export { negotiateMediaType, preferredMediaTypes } from "./negotiate-media-type.js";
// Typed field parsers: content negotiation, caching, conditionals, ranges, cookies, disposition.
export { type AcceptParseOptions, type MediaRange, parseAccept } from "./parse-accept.js";
export { type AcceptedCharset, parseAcceptCharset } from "./parse-accept-charset.js";
export { type AcceptedEncoding, parseAcceptEncoding } from "./parse-accept-encoding.js";
export {
  type AcceptedLanguage,
  isLanguageRange,
  parseAcceptLanguage,
} from "./parse-accept-language.js";
export { formatAcceptRanges, parseAcceptRanges } from "./parse-accept-ranges.js";
export { formatAge, parseAge } from "./parse-age.js";
export { formatAllow, parseAllow } from "./parse-allow.js";
export {
  type CacheControl,
  type CacheDirectiveExtension,
  formatCacheControl,
  parseCacheControl,
} from "./parse-cache-control.js";
export {
  type AuthParam,
  type Challenge,
  type Credentials,
  formatChallenges,
  formatCredentials,
  getAuthParam,
  parseChallenges,
  parseCredentials,
} from "./parse-challenges.js";
export { parseConditionalDate } from "./parse-conditional-date.js";
export { formatConnection, parseConnection } from "./parse-connection.js";
export {
  type ContentDisposition,
  type FormatContentDispositionOptions,
  formatContentDisposition,
  parseContentDisposition,
} from "./parse-content-disposition.js";
export { formatContentEncoding, parseContentEncoding } from "./parse-content-encoding.js";
export { formatContentLength, parseContentLength } from "./parse-content-length.js";
export { type ContentRange, formatContentRange, parseContentRange } from "./parse-content-range.js";
export {
  type ContentSecurityPolicy,
  formatContentSecurityPolicy,
  parseContentSecurityPolicy,
  parseSerializedCsp,
} from "./parse-content-security-policy.js";
export { type CookiePair, formatCookie, parseCookie, parseCookieRecord } from "./parse-cookie.js";
export { parseCookieDate } from "./parse-cookie-date.js";
export {
  corsCheck,
  formatAccessControlRequestHeaders,
  formatOrigin,
  type OriginField,
  parseAccessControlAllowCredentials,
  parseAccessControlAllowHeaders,
  parseAccessControlAllowMethods,
  parseAccessControlAllowOrigin,
  parseAccessControlExposeHeaders,
  parseAccessControlMaxAge,
  parseAccessControlRequestHeaders,
  parseAccessControlRequestMethod,
  parseOrigin,
  type SerializedOrigin,
} from "./parse-cors.js";
export { formatDate, parseDate } from "./parse-date.js";
export { DELTA_SECONDS_MAX, parseDeltaSeconds } from "./parse-delta-seconds.js";
export {
  type EntityTag,
  type EntityTagList,
  formatETag,
  formatETagList,
  parseETag,
  parseETagList,
  strongCompare,
  weakCompare,
} from "./parse-entity-tag.js";
export { type Expectation, type ExpectValue, parseExpect } from "./parse-expect.js";
export { formatExpires, parseExpires } from "./parse-expires.js";
export {
  type ForwardedElement,
  type ForwardedElementInit,
  type ForwardedNode,
  formatForwarded,
  parseForwarded,
  parseForwardedNode,
  parseXForwardedFor,
} from "./parse-forwarded.js";
export { parseHost } from "./parse-host.js";
export {
  evaluateIfRange,
  type IfRange,
  parseIfRange,
  type ResourceValidators,
} from "./parse-if-range.js";
export { formatKeepAlive, type KeepAlive, parseKeepAlive } from "./parse-keep-alive.js";
export { formatLink, type LinkInit, type LinkValue, parseLink } from "./parse-link.js";
export { parseLocation, resolveLocation } from "./parse-location.js";
export {
  type ContentType,
  formatMediaType,
  type MediaType,
  parseContentType,
  parseMediaType,
} from "./parse-media-type.js";
export { type Pragma, parsePragma } from "./parse-pragma.js";
export { formatProducts, type ProductElement, parseProducts } from "./parse-product.js";
export { formatQValue, parseQValue } from "./parse-qvalue.js";
export {
  type ByteRange,
  type ByteRangeSpec,
  DEFAULT_MAX_RANGES,
  formatRange,
  parseRange,
  parseRangeSpecifier,
  type RangeOptions,
  resolveByteRanges,
} from "./parse-range.js";
export { formatRetryAfter, parseRetryAfter, type RetryAfter } from "./parse-retry-after.js";
export {
  type CrossOriginPolicy,
  type EmbedderPolicyValue,
  formatPermissionsPolicy,
  type OpenerPolicyValue,
  type PermissionsAllowlist,
  parseCrossOriginEmbedderPolicy,
  parseCrossOriginOpenerPolicy,
  parseCrossOriginResourcePolicy,
  parsePermissionsPolicy,
  parseReferrerPolicy,
  parseXContentTypeOptions,
  parseXFrameOptions,
  REFERRER_POLICIES,
  type ReferrerPolicy,
} from "./parse-security-fields.js";
export { parseSetCookie, type SetCookie } from "./parse-set-cookie.js";
export {
  formatStrictTransportSecurity,
  parseStrictTransportSecurity,
  type StrictTransportSecurity,
} from "./parse-strict-transport-security.js";
export { formatTE, parseTE, type TECoding, type TEValue } from "./parse-te.js";
export { formatTrailer, parseTrailer } from "./parse-trailer.js";
export {
  formatTransferEncoding,
  parseTransferEncoding,
  type TransferCoding,
} from "./parse-transfer-encoding.js";
export { formatUpgrade, parseUpgrade, type UpgradeProtocol } from "./parse-upgrade.js";
export { formatVary, parseVary, type Vary } from "./parse-vary.js";
export { formatVia, parseVia, type ViaEntry } from "./parse-via.js";
export {
  isCookieName,
  isCookieValue,
  type SerializeSetCookieOptions,
  type SetCookieInit,
  serializeSetCookie,
} from "./serialize-set-cookie.js";
// Structured Field Values (RFC 9651), authentication (RFC 9110 §11, RFC 7617, RFC 7616),
// security response fields, Link, Forwarded, Via, products and CORS.
export {
  parseSfDictionary,
  parseSfItem,
  parseSfList,
  parseStructuredField,
  type SfTypeMap,
} from "./structured/parse-structured-field.js";
export {
  serializeSfBareItem,
  serializeSfDictionary,
  serializeSfItem,
  serializeSfList,
} from "./structured/serialize-structured-field.js";
export {
  isSfInnerList,
  type SfBareItem,
  type SfBoolean,
  type SfByteSequence,
  type SfDate,
  type SfDecimal,
  type SfDictionary,
  type SfDisplayString,
  type SfFieldType,
  type SfInnerList,
  type SfInteger,
  type SfItem,
  type SfList,
  type SfMember,
  type SfParameters,
  type SfString,
  type SfToken,
  sfItem,
} from "./structured/types.js";
