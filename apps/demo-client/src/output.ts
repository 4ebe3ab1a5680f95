import { createWriteStream, type WriteStream } from "node:fs";
import { basename } from "node:path";
import type { ClientResponse } from "@hyperwire/client";
import { UsageError } from "./args.js";
import { colorStatus, type Palette } from "./color.js";
import { WriteError } from "./exit-codes.js";

/** A writable byte stream that can say when it accepted a chunk. */
export interface ByteSink {
  write(chunk: Uint8Array | string): void | Promise<void>;
  close(): Promise<void>;
}

/**
 * The file name `-O` derives from a URL: the last segment of its path,
 * percent-decoded, never a path (like curl, no directory part is kept).
 */
export function remoteFileName(url: URL): string {
  const segment = url.pathname.split("/").at(-1) ?? "";
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    name = segment;
  }
  name = basename(name);
  if (name === "" || name === "." || name === "..") {
    throw new UsageError(`-O: the URL ${url.href} has no file name in its path`);
  }
  return name;
}

/** Writes to stdout, resolving after each chunk is flushed (backpressure). */
export function stdoutSink(stream: NodeJS.WritableStream = process.stdout): ByteSink {
  return {
    write: (chunk) =>
      new Promise((resolve, reject) => {
        stream.write(chunk, (error) => (error ? reject(new WriteError(error.message)) : resolve()));
      }),
    close: async () => {},
  };
}

/** Writes to a file, created (or truncated) on the first write. */
export function fileSink(path: string): ByteSink {
  let stream: WriteStream | undefined;
  let failure: Error | undefined;
  const open = (): WriteStream => {
    if (stream === undefined) {
      stream = createWriteStream(path);
      stream.on("error", (error) => {
        failure = error;
      });
    }
    return stream;
  };
  return {
    write: (chunk) =>
      new Promise((resolve, reject) => {
        if (failure !== undefined) {
          reject(new WriteError(`cannot write ${path}: ${failure.message}`));
          return;
        }
        open().write(chunk, (error) =>
          error ? reject(new WriteError(`cannot write ${path}: ${error.message}`)) : resolve(),
        );
      }),
    close: () =>
      new Promise((resolve, reject) => {
        const s = open();
        s.end(() =>
          failure ? reject(new WriteError(`cannot write ${path}: ${failure.message}`)) : resolve(),
        );
      }),
  };
}

/** A raw head as received (CRLFs included), colored for a TTY: status by class, field names bold. */
export function formatRawHead(head: string, palette: Palette): string {
  const lines = head.slice(0, -4).split("\r\n");
  const [statusLine = "", ...fields] = lines;
  const status = Number(statusLine.slice(9, 12));
  const out = [colorStatus(palette, status, statusLine)];
  for (const line of fields) {
    const colon = line.indexOf(":");
    out.push(colon <= 0 ? line : `${palette.bold(line.slice(0, colon))}${line.slice(colon)}`);
  }
  return `${out.join("\r\n")}\r\n\r\n`;
}

/** The head of a response rebuilt from what the client parsed (used when the trace reported no head). */
export function responseHead(response: ClientResponse): string {
  let head = `HTTP/${response.version} ${response.status} ${response.statusText}\r\n`;
  for (const [name, value] of response.headers.lines()) head += `${name}: ${value}\r\n`;
  return `${head}\r\n`;
}
