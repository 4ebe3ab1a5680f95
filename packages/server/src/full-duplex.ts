import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";

/**
 * With the server's `fullDuplex` option: whether the content of `request`
 * keeps flowing to the handler while `response` is sent, rather than being
 * read to its end first (half duplex) or dropped.
 *
 * It flows when the handler reads it already, returned it as the response
 * body (an echo: `body: request.body`), or answers 2xx, since a 2xx body may
 * be a stream that reads the request as it goes (a transform written as an
 * async generator over `request` has not read a byte when the response
 * starts). An error status without a read means the handler turned the
 * content down: it is dropped as in half duplex (RFC 9110 §10.1.1: a client
 * waiting for `100 Continue` is then never told to send it).
 *
 * @internal Used by the connection.
 */
export function contentFlowsDuringResponse(
  request: ServerRequest,
  response: ServerResponse | null,
): boolean {
  if (request.touched) return true;
  if (response === null) return false;
  if (request.ownsStream(response.body)) return true;
  const status = response.status ?? 200;
  return status >= 200 && status < 300;
}
