import { getMethodDefinition, isMethodToken } from "./get-method-definition.js";

/** Facts about a request, beyond its method, that make an automatic retry safe. */
export interface RetryOptions {
  /**
   * The request carries an Idempotency-Key field
   * (draft-ietf-httpapi-idempotency-key-header): the server can recognise a
   * repeat and apply the request at most once, so a non-idempotent method such
   * as POST or PATCH becomes retryable.
   */
  readonly idempotencyKey?: boolean;
}

/**
 * Whether a client may retry a request with method `name` on its own after a
 * failure that left it without a response (a closed connection, say).
 *
 * RFC 9110 §9.2.2: idempotent requests "can be repeated automatically if a
 * communication failure occurs before the client is able to read the server's
 * response"; a client SHOULD NOT automatically retry a non-idempotent request
 * unless it has some means to know the semantics are idempotent. An
 * Idempotency-Key is such a means. Extension methods, the reserved `*` and
 * non-tokens are never retried.
 *
 * What this does not decide: whether the request body can be replayed (a
 * streamed body may be gone), and that a failed automatic retry is not retried
 * again (RFC 9110 §9.2.2, also the client's job).
 *
 * @example
 * ```ts
 * canRetryAutomatically("GET");                            // true
 * canRetryAutomatically("POST");                           // false
 * canRetryAutomatically("POST", { idempotencyKey: true }); // true
 * ```
 */
export function canRetryAutomatically(name: string, options: RetryOptions = {}): boolean {
  const definition = getMethodDefinition(name);
  if (definition?.reserved === true) return false;
  if (definition?.idempotent === true) return true;
  return options.idempotencyKey === true && isMethodToken(name);
}

/**
 * Whether a client may pipeline a request with method `name`: send it, and
 * send later requests behind it, before its response has arrived.
 *
 * hyperwire answers "only safe methods", which is stricter than the RFC.
 * RFC 9112 §9.3.2 says a user agent SHOULD NOT pipeline after a
 * non-idempotent method; pipelined requests are the ones that must be retried
 * when a connection drops mid-sequence, and RFC 9110 §9.2.2 warns that a
 * sequence of idempotent requests need not itself be idempotent (PUT then
 * DELETE, replayed after a partial failure, can undo a third party's write).
 * A sequence of safe requests can be replayed in any state. CONNECT, being
 * unsafe, is excluded as well: its connection becomes a tunnel.
 *
 * @example
 * ```ts
 * canPipeline("GET");   // true
 * canPipeline("HEAD");  // true
 * canPipeline("PUT");   // false: idempotent, but not safe
 * ```
 */
export function canPipeline(name: string): boolean {
  const definition = getMethodDefinition(name);
  return definition?.safe === true && !definition.reserved;
}
