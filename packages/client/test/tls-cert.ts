// A throwaway self-signed certificate for localhost and 127.0.0.1, made with openssl.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Generates a P-256 certificate valid for 2 days; the directory is removed at once.
 * With `clientAuth`, the certificate may also serve as a TLS client certificate.
 */
export function makeCertificate(options: { clientAuth?: boolean } = {}): {
  cert: string;
  key: string;
} {
  const dir = mkdtempSync(join(tmpdir(), "hw-client-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ...(options.clientAuth === true
          ? ["-addext", "extendedKeyUsage=serverAuth,clientAuth"]
          : []),
      ],
      { stdio: "ignore", timeout: 10_000 },
    );
    return {
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
      key: readFileSync(join(dir, "key.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
