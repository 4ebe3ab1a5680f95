// @hyperwire/status: the IANA HTTP Status Code Registry and the rules RFC 9110 §15
// attaches to status codes. Curated public surface; everything else is internal.
export {
  getStatusDefinition,
  type ResolvedStatusDefinition,
  reasonPhrase,
} from "./get-status-definition.js";
export { isRedirect, type RedirectRequest, redirectRequest } from "./redirect.js";
export { Status, type StatusConstants } from "./status.js";
export { isInformational, isValidStatusCode, statusClass } from "./status-class.js";
export {
  isHeuristicallyCacheable,
  serverMustNotGenerateContent,
  statusForbidsContent,
} from "./status-properties.js";
export {
  type RegisteredStatusCode,
  STATUS_CODES,
  type StatusClass,
  type StatusDefinition,
  type StatusRegistration,
} from "./status-registry.js";
