export {
  BYTE_CLASS,
  ByteClass,
  hexDigitValue,
  isFieldValue,
  isTchar,
  isToken,
  isWhitespace,
} from "./byte-classes.js";
export {
  GrammarError,
  GrammarErrorCode,
  HyperwireError,
  type HyperwireErrorOptions,
  isHyperwireError,
} from "./errors.js";
export { formatHttpDate } from "./format-http-date.js";
export { formatIpAddress, formatIpv4, formatIpv6 } from "./format-ip-address.js";
export { formatParameters } from "./format-parameters.js";
export { formatQuotedString, formatTokenOrQuotedString } from "./format-quoted-string.js";
export { ipInCidr } from "./ip-in-cidr.js";
export { skipOws, trimOws } from "./ows.js";
export { parseComment } from "./parse-comment.js";
export { type HostAndPort, type HostKind, parseHostAndPort } from "./parse-host-and-port.js";
export { type ParseHttpDateOptions, parseHttpDate } from "./parse-http-date.js";
export { parseIpAddress, parseIpv4, parseIpv6 } from "./parse-ip-address.js";
export { type ParseListOptions, parseList } from "./parse-list.js";
export {
  type Parameter,
  type ParseParametersOptions,
  parseParameters,
} from "./parse-parameters.js";
export { parseQuotedString } from "./parse-quoted-string.js";
export {
  type AbsoluteFormTarget,
  type AsteriskFormTarget,
  type AuthorityFormTarget,
  type OriginFormTarget,
  parseRequestTarget,
  type RequestTarget,
} from "./parse-request-target.js";
export { parseToken } from "./parse-token.js";
export { percentDecode } from "./percent-decode.js";
export { percentEncode } from "./percent-encode.js";
export { err, ok, type Result } from "./result.js";
export { splitList } from "./split-list.js";
