import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A PEM certificate and its key. */
export interface SelfSignedCertificate {
  readonly cert: string;
  readonly key: string;
}

/**
 * Makes a throw-away self-signed certificate for `localhost` (valid one day,
 * P-256 key) with the system's `openssl`, in a temporary directory that is
 * removed again once the PEM text is read:
 *
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
 *  -days 1 -subj /CN=localhost -addext subjectAltName=…`
 *
 * The subjectAltName lists localhost, 127.0.0.1 and ::1, since clients match
 * the name against it and ignore the CN (RFC 6125 §6.4.4).
 *
 * @example
 * ```ts
 * const { cert, key } = await createSelfSignedCertificate();
 * await startDemoServer({ tls: { cert, key } });
 * ```
 */
export async function createSelfSignedCertificate(): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(join(tmpdir(), "hyperwire-demo-tls-"));
  try {
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    await run(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
        "-keyout",
        keyPath,
        "-out",
        certPath,
      ],
      { timeout: 30_000 },
    );
    return { cert: await readFile(certPath, "utf8"), key: await readFile(keyPath, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
