export { encodeChunk, encodeLastChunk } from "./chunked-encoder.js";
export {
  type BodyDecision,
  ClientConnection,
  type ClientConnectionOptions,
  type ClientEvent,
  type SendRequestOptions,
} from "./client-connection.js";
export {
  CONNECTION_TRANSITIONS,
  type ConnectionState,
  type ConnectionStream,
  type ConnectionStreamEvent,
  type ConnectionTransition,
  connectionStateDiagram,
  nextConnectionState,
} from "./connection-states.js";
export { H1_ERROR_CODES, type H1ErrorCode, type H1ErrorCodeDefinition } from "./error-codes.js";
export { H1Error } from "./errors.js";
export type {
  BodyFraming,
  HttpVersion,
  MessageHandlers,
  RequestHead,
  ResponseHead,
} from "./events.js";
export {
  decideRequestFraming,
  decideResponseFraming,
  FRAMING_CHUNKED,
  FRAMING_CLOSE,
  FRAMING_NONE,
  FRAMING_TUNNEL,
  hasConflictingFraming,
} from "./framing.js";
export type { FieldLine } from "./head-writer.js";
export { IncrementalParser } from "./incremental-parser.js";
export {
  decideOutgoingFraming,
  type OutgoingFraming,
  type OutgoingFramingInput,
} from "./outgoing-framing.js";
export {
  DEFAULT_PARSER_OPTIONS,
  type ParserOptions,
  type ResolvedParserOptions,
} from "./parser-options.js";
export { type RequestHandlers, RequestParser } from "./request-parser.js";
export { type ResponseHandlers, ResponseParser } from "./response-parser.js";
export { type OutgoingRequestHead, serializeRequestHead } from "./serialize-request-head.js";
export { type OutgoingResponseHead, serializeResponseHead } from "./serialize-response-head.js";
export {
  type RequestBodyAfterResponse,
  type RequestBodyState,
  type SendResponseOptions,
  ServerConnection,
  type ServerConnectionOptions,
  type ServerEvent,
  type ServerResponse,
} from "./server-connection.js";
