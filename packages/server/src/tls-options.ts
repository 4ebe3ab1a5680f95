import type { TLSSocketOptions } from "node:tls";
import { createSecureContext, type SecureContext } from "node:tls";
import type { TlsOptions } from "./server-options.js";

/** RFC 7301: offer only HTTP/1.1, so a client that prefers h2 falls back to it. */
const ALPN_PROTOCOLS = ["http/1.1"];

type SniCallback = (
  servername: string,
  callback: (error: Error | null, context?: SecureContext) => void,
) => void;

/** The SNI callback choosing among the `sni` certificates, or undefined without any. */
function sniCallback(tls: TlsOptions): SniCallback | undefined {
  const { sni, ...base } = tls;
  if (sni === undefined) return undefined;
  const contexts = new Map<string, SecureContext>();
  for (const name of Object.keys(sni)) {
    const entry = sni[name]!;
    contexts.set(name.toLowerCase(), createSecureContext({ ...base, ...entry }));
  }
  if (contexts.size === 0) return undefined;
  return (servername, callback) => {
    const name = servername.toLowerCase();
    let context = contexts.get(name);
    if (context === undefined) {
      // A wildcard stands for exactly one leftmost label (RFC 6125 §6.4.3).
      const dot = name.indexOf(".");
      if (dot > 0) context = contexts.get(`*${name.slice(dot)}`);
    }
    // No match: the default certificate (an undefined context keeps it).
    callback(null, context);
  };
}

/**
 * `node:tls` server options for the `tls` option of `serve`: the default
 * certificate and any secure-context option passed through, ALPN
 * `http/1.1`, and SNI over the `sni` certificates (RFC 6066 §3). @internal
 */
export function tlsServerOptions(tls: TlsOptions): Record<string, unknown> {
  const { sni: _sni, ...base } = tls;
  return { ...base, ALPNProtocols: ALPN_PROTOCOLS, SNICallback: sniCallback(tls) };
}

/**
 * The same settings for a server-side `TLSSocket` made by hand (TLS started
 * after a PROXY protocol header): one secure context for the default
 * certificate, the same SNI choice and ALPN. @internal
 */
export function tlsSocketOptions(tls: TlsOptions): TLSSocketOptions {
  const { sni: _sni, ...base } = tls;
  return {
    isServer: true,
    secureContext: createSecureContext(base),
    ALPNProtocols: ALPN_PROTOCOLS,
    SNICallback: sniCallback(tls),
  };
}
