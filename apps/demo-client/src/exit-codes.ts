import { ClientError } from "@hyperwire/client";
import { UsageError } from "./args.js";

/**
 * The exit status of `hyperwire`. The numbers are curl's where curl has one,
 * so scripts written for curl keep working.
 */
export const ExitCode = {
  /** The transfer succeeded (with `--fail`: and the status was below 400). */
  OK: 0,
  /** Anything else: a protocol error, a truncated response, a bad redirect… */
  FAILURE: 1,
  /** The command line is wrong: unknown option, missing value, no URL. */
  USAGE: 2,
  /** The connection could not be made: refused, unreachable, DNS failure. */
  CONNECT: 7,
  /** `--fail` and the final status was 400 or above. */
  HTTP_ERROR: 22,
  /** The output file could not be written. */
  WRITE_ERROR: 23,
  /** A timeout: `--connect-timeout`, `--max-time`, or the client's own head/body timeouts. */
  TIMEOUT: 28,
  /** The TLS handshake failed (certificate not trusted, protocol mismatch). */
  TLS: 35,
  /** More redirects than `--max-redirs`, or a redirect loop. */
  TOO_MANY_REDIRECTS: 47,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const TIMEOUT_CODES = new Set([
  "HW_CLIENT_CONNECT_TIMEOUT",
  "HW_CLIENT_HEAD_TIMEOUT",
  "HW_CLIENT_BODY_TIMEOUT",
  "HW_CLIENT_REQUEST_TIMEOUT",
]);

/** The exit status for an error thrown while running a transfer. */
export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.USAGE;
  if (error instanceof WriteError) return ExitCode.WRITE_ERROR;
  if (!(error instanceof ClientError)) return ExitCode.FAILURE;
  if (TIMEOUT_CODES.has(error.code)) return ExitCode.TIMEOUT;
  switch (error.code) {
    case "HW_CLIENT_CONNECT_FAILED":
    case "HW_CLIENT_PROXY_CONNECT_FAILED":
      return ExitCode.CONNECT;
    case "HW_CLIENT_TLS_FAILED":
      return ExitCode.TLS;
    case "HW_CLIENT_TOO_MANY_REDIRECTS":
    case "HW_CLIENT_REDIRECT_LOOP":
      return ExitCode.TOO_MANY_REDIRECTS;
    case "HW_CLIENT_INVALID_URL":
    case "HW_CLIENT_UNSUPPORTED_PROTOCOL":
      return ExitCode.USAGE;
    default:
      return ExitCode.FAILURE;
  }
}

/** Writing the response to a file or stdout failed (exit code 23). */
export class WriteError extends Error {
  override readonly name = "WriteError";
}
