import { readFile } from "node:fs/promises";
import { Agent, ClientError, type ClientResponse } from "@hyperwire/client";
import { type CliOptions, parseArgs, UsageError } from "./args.js";
import { buildRequest } from "./build-request.js";
import { paletteFor } from "./color.js";
import { loadCookies, saveCookies } from "./cookies.js";
import { ExitCode, exitCodeForError } from "./exit-codes.js";
import { helpText } from "./help.js";
import {
  type ByteSink,
  fileSink,
  formatRawHead,
  remoteFileName,
  responseHead,
  stdoutSink,
} from "./output.js";
import { ProgressBar } from "./progress-bar.js";
import { SessionTrace } from "./session-trace.js";
import { timingsOf, VerboseTrace } from "./verbose-trace.js";
import { VERSION } from "./version.js";
import { formatWriteOut } from "./write-out.js";

/** The streams and environment the command runs with (replaceable in tests). */
export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/**
 * Runs `hyperwire` with the arguments after the program name and resolves
 * with the exit code (see `ExitCode`). Never throws.
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    io.stderr.write(
      `hyperwire: ${(error as Error).message}\nTry 'hyperwire --help' for the options.\n`,
    );
    return ExitCode.USAGE;
  }
  if (options.help) {
    io.stdout.write(helpText());
    return ExitCode.OK;
  }
  if (options.version) {
    io.stdout.write(
      `hyperwire ${VERSION} (@hyperwire/client, HTTP/1.1 and HTTP/1.0, Node ${process.version})\n`,
    );
    return ExitCode.OK;
  }
  return transfer(options, io);
}

async function transfer(o: CliOptions, io: CliIo): Promise<number> {
  const showErrors = !o.silent || o.showError;
  const errPalette = paletteFor(io.stderr, io.env);
  const printer = o.verbose ? new VerboseTrace(io.stderr, errPalette) : undefined;
  // The client's trace hook reports every head, connection and timing of the transfer.
  const session = new SessionTrace(printer);
  const startedAt = performance.now();
  let agent: Agent | undefined;
  let sink: ByteSink | undefined;
  let response: ClientResponse | undefined;
  let received = 0;
  let headerBytes = 0;
  let code: number = ExitCode.OK;
  let cookies: Awaited<ReturnType<typeof loadCookies>> | undefined;
  const progress = new ProgressBar(
    io.stderr,
    !o.silent && (o.output !== undefined || o.remoteName),
  );
  try {
    cookies = await loadCookies(o.cookies, o.cookieJar);
    if (cookies.invalidLines > 0 && showErrors) {
      io.stderr.write(
        `hyperwire: warning: ${cookies.invalidLines} unreadable line(s) in the cookie file\n`,
      );
    }
    const built = await buildRequest(o, cookies.jar, cookies.literal, progress.update);
    const outPath = o.remoteName ? remoteFileName(built.url) : o.output;
    sink = outPath === undefined || outPath === "-" ? stdoutSink(io.stdout) : fileSink(outPath);
    agent = new Agent(built.agentOptions);
    response = await agent.request(built.url, { ...built.options, trace: session.trace });

    if (o.fail && response.status >= 400) {
      await response.body.cancel();
      if (showErrors) {
        io.stderr.write(
          `hyperwire: (22) the server answered ${response.status} ${response.statusText}\n`,
        );
      }
      code = ExitCode.HTTP_ERROR;
    } else {
      if (o.include || o.head) {
        const palette =
          outPath === undefined || outPath === "-" ? paletteFor(io.stdout, io.env) : paletteFor({});
        const heads = session.exchanges.flatMap((x) => x.responseHeads);
        if (heads.length === 0) heads.push(responseHead(response));
        for (const head of heads) {
          headerBytes += head.length;
          await sink.write(formatRawHead(head, palette));
        }
      } else {
        for (const x of session.exchanges)
          for (const head of x.responseHeads) headerBytes += head.length;
      }
      if (o.head) await response.body.dump();
      else {
        for await (const chunk of response.body) {
          received += chunk.byteLength;
          await sink.write(chunk);
        }
      }
    }
  } catch (error) {
    code = exitCodeForError(error);
    if (showErrors) io.stderr.write(`hyperwire: (${code}) ${describeError(error)}\n`);
  }
  const endedAt = performance.now();
  progress.finish();
  printer?.summary(session, startedAt, endedAt, received);
  try {
    await sink?.close();
  } catch (error) {
    if (code === ExitCode.OK) code = exitCodeForError(error);
    if (showErrors) io.stderr.write(`hyperwire: (${code}) ${describeError(error)}\n`);
  }
  if (cookies?.jar !== undefined && o.cookieJar !== undefined) {
    try {
      await saveCookies(cookies.jar, o.cookieJar);
    } catch (error) {
      if (showErrors) io.stderr.write(`hyperwire: cannot write cookies: ${describeError(error)}\n`);
    }
  }
  if (o.writeOut !== undefined) {
    try {
      const format = o.writeOut.startsWith("@")
        ? await readFile(o.writeOut.slice(1), "utf8")
        : o.writeOut;
      const t = timingsOf(session, startedAt, endedAt);
      const s = (n: number | undefined): number => (n === undefined ? 0 : n / 1000);
      io.stdout.write(
        formatWriteOut(
          format,
          {
            httpCode: response?.status ?? 0,
            timeTotal: s(t.total),
            timeNamelookup: s(t.resolvedAfter),
            timeConnect: s(t.connectedAfter),
            timeAppconnect: s(t.secureAfter),
            timeStarttransfer: s(t.firstByte),
            sizeDownload: received,
            sizeHeader: headerBytes,
            urlEffective: response?.url ?? o.url ?? "",
            numRedirects: response?.redirects.length ?? 0,
            contentType: response?.headers.get("content-type") ?? "",
            exitCode: code,
          },
          (name) => {
            if (showErrors)
              io.stderr.write(`hyperwire: warning: -w: unknown variable %{${name}}\n`);
          },
        ),
      );
    } catch (error) {
      if (showErrors) io.stderr.write(`hyperwire: -w: ${describeError(error)}\n`);
    }
  }
  agent?.destroy();
  return code;
}

function describeError(error: unknown): string {
  if (error instanceof ClientError) return `${error.message} [${error.code}]`;
  if (error instanceof UsageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
