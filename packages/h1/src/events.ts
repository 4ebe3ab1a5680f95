import type { Fields } from "@hyperwire/headers";
import type { H1Error } from "./errors.js";

/** The protocol versions this codec speaks (RFC 9112 §2.3); "0.9" only when the caller opts in. */
export type HttpVersion = "0.9" | "1.0" | "1.1";

/**
 * How the content of a message is delimited, decided once from its head by the
 * rules of RFC 9112 §6.3 and carried on the head so every layer above agrees.
 */
export type BodyFraming =
  /** No content at all (a request without Content-Length or Transfer-Encoding; HEAD, 1xx, 204, 304 responses). */
  | { readonly kind: "none" }
  /** Exactly `length` bytes of content (Content-Length, RFC 9112 §6.3 ¶6). */
  | { readonly kind: "length"; readonly length: number }
  /** Chunked transfer coding, ending with the last chunk and an optional trailer section (RFC 9112 §7.1). */
  | { readonly kind: "chunked" }
  /** A response whose content runs until the connection closes (RFC 9112 §6.3 ¶8). */
  | { readonly kind: "close" }
  /** The bytes after this head are no longer HTTP: a 2xx to CONNECT or a 101 (RFC 9112 §6.3 ¶2, RFC 9110 §15.2.2). */
  | { readonly kind: "tunnel" };

/** What a request head says, as parsed or as about to be serialized. */
export interface RequestHead {
  /** The method token, case-sensitive (RFC 9110 §9.1). */
  readonly method: string;
  /** The request-target exactly as it appeared on the request line (RFC 9112 §3.2). */
  readonly target: string;
  readonly version: HttpVersion;
  readonly headers: Fields;
  readonly framing: BodyFraming;
  /** Whether this message alone lets the connection persist (RFC 9112 §9.3). */
  readonly keepAlive: boolean;
  /** Protocols named in Upgrade when Connection also nominates "upgrade" (RFC 9110 §7.8), else empty. */
  readonly upgrade: readonly string[];
  /** Whether the request carries `Expect: 100-continue` (RFC 9110 §10.1.1). */
  readonly expectContinue: boolean;
}

/** What a response head says, as parsed or as about to be serialized. */
export interface ResponseHead {
  /** Three-digit status code (RFC 9110 §15). */
  readonly status: number;
  /** The reason phrase as received (may be empty); never interpreted (RFC 9112 §4). */
  readonly reason: string;
  readonly version: HttpVersion;
  readonly headers: Fields;
  readonly framing: BodyFraming;
  /** Whether this message alone lets the connection persist (RFC 9112 §9.3). */
  readonly keepAlive: boolean;
}

/**
 * Callbacks a parser calls as it recognises a message. Body chunks are views
 * into the caller's input and valid only until the callback returns; copy them
 * to keep them.
 */
export interface MessageHandlers<Head> {
  /** A complete head was parsed. */
  onHead(head: Head): void;
  /** A piece of content, after any transfer coding was removed. */
  onBody?(chunk: Uint8Array): void;
  /** The trailer section of a chunked message (RFC 9112 §7.1.2). */
  onTrailers?(trailers: Fields): void;
  /** The message ended; the next byte belongs to the next message (or a tunnel). */
  onMessageComplete?(): void;
  /**
   * The input broke the protocol. The parser accepts no more input afterwards;
   * `error.statusHint` is the status a server answers with before closing.
   */
  onError?(error: H1Error): void;
}
