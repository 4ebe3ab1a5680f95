import type { Socket } from "node:net";
import { TLSSocket, type TLSSocketOptions } from "node:tls";

/**
 * Starts the server side of TLS on a TCP connection whose PROXY protocol
 * header has just been read: a load balancer that forwards TLS untouched
 * (HAProxy `mode tcp` with `send-proxy`, AWS NLB with proxy protocol v2)
 * sends its header in clear first, then the client's ClientHello.
 *
 * `head` holds the bytes read after the header: the start of the TLS
 * handshake. They are put back in front of the socket's input, where the
 * TLS socket reads buffered bytes before anything new from the kernel, so
 * SNI and ALPN see the whole ClientHello. `onSecure` receives the TLS socket
 * once the handshake completed; a failed handshake, or one not completed
 * within `handshakeTimeoutMs`, closes the connection unanswered, as
 * `tls.Server` does.
 *
 * @internal Used by `serve({ tls, proxyProtocol })`.
 */
export function startTlsAfterProxyHeader(
  socket: Socket,
  head: Uint8Array,
  options: TLSSocketOptions,
  handshakeTimeoutMs: number,
  onSecure: (tls: TLSSocket) => void,
): void {
  // Called from the socket's "data" event: stop the flow so nothing is
  // emitted to no one, and return the ClientHello bytes to the buffer.
  socket.pause();
  if (head.byteLength > 0) socket.unshift(head);
  const tls = new TLSSocket(socket, { ...options, isServer: true });
  const fail = (): void => {
    clearTimeout(timer);
    tls.destroy();
  };
  const timer = setTimeout(fail, handshakeTimeoutMs);
  tls.on("error", fail);
  // "secure" is the event a server-side TLSSocket emits when its handshake
  // completes (the one tls.Server itself listens to; "secureConnect" is the
  // client side's).
  tls.once("secure", () => {
    clearTimeout(timer);
    tls.off("error", fail);
    onSecure(tls);
  });
  tls.once("close", () => clearTimeout(timer));
}
