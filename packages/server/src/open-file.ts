import { Buffer } from "node:buffer";
import { constants, type Stats } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { Readable } from "node:stream";

/** Bytes read per `read()` call: the default high-water mark of `fs.ReadStream`. */
const READ_CHUNK = 64 * 1024;

/**
 * O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer,
 * holding one of libuv's four threads for as long as nobody writes. It does
 * nothing to regular files, the only kind that is read.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** A byte range of a file, first and last byte included (RFC 9110 §14.1.2). */
export interface FileRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A regular file opened once. Its size and times come from `fstat` of the
 * descriptor, and every byte sent is read from that same descriptor, so a
 * file renamed over, rewritten or deleted after the request started either
 * yields the bytes of the file that was opened (the descriptor keeps the old
 * inode) or, if it was truncated in place, a stream error, which the server
 * turns into an aborted response, never into a body that disagrees with its
 * Content-Length.
 *
 * The descriptor has one owner at a time: the code that opened it until it
 * creates a body with {@link OpenFile.stream} or {@link OpenFile.pieces}, the
 * body afterwards. Whoever owns it closes it: {@link OpenFile.close}, or the
 * body when it ends, fails or is destroyed (the server destroys the bodies it
 * does not send: HEAD, 304, a client that left).
 *
 * @internal Used by `serveStatic` and the range support.
 */
export class OpenFile {
  readonly handle: FileHandle;
  readonly info: Stats;
  #closed = false;

  constructor(handle: FileHandle, info: Stats) {
    this.handle = handle;
    this.info = info;
  }

  /** The file's size when it was opened. */
  get size(): number {
    return this.info.size;
  }

  /** Closes the descriptor (once; later calls do nothing). Never throws. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.handle.close().catch(() => {});
  }

  /** A stream of the whole file (none for an empty one); it closes the file when it closes. */
  whole(): Readable {
    return this.pieces(this.info.size > 0 ? [{ start: 0, end: this.info.size - 1 }] : []);
  }

  /** A stream of bytes `start` to `end` (inclusive); it closes the file when it closes. */
  stream(start: number, end: number): Readable {
    return this.pieces([{ start, end }]);
  }

  /**
   * One stream of `pieces` in order: bytes as they are, ranges read from the
   * file (a multipart/byteranges body). It closes the file when it closes.
   */
  pieces(pieces: readonly (Uint8Array | FileRange)[]): Readable {
    const body = Readable.from(this.#read(pieces), { objectMode: false });
    // 'close' follows the end, an error and destroy() alike, read or not.
    body.once("close", () => this.close());
    return body;
  }

  async *#read(pieces: readonly (Uint8Array | FileRange)[]): AsyncGenerator<Uint8Array> {
    for (const piece of pieces) {
      if (piece instanceof Uint8Array) {
        yield piece;
        continue;
      }
      let position = piece.start;
      while (position <= piece.end) {
        const length = Math.min(READ_CHUNK, piece.end - position + 1);
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await this.handle.read(buffer, 0, length, position);
        if (bytesRead === 0) {
          // Truncated in place since it was opened: the announced length cannot be met.
          throw new Error(`the file shrank to ${position} bytes while being sent`);
        }
        position += bytesRead;
        yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
      }
    }
  }
}

/** What {@link openFile} found at a path that is not a regular file it could open. */
export type NotOpened = "directory" | 403 | 404;

/**
 * Opens `path` for reading and `fstat`s the descriptor. A directory comes
 * back as `"directory"`; devices, FIFOs and sockets (not content) as 404; "no
 * such file" as 404 and "no permission" as 403. Any other error throws (the
 * server answers 500).
 *
 * @internal
 */
export async function openFile(path: string): Promise<OpenFile | NotOpened> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EISDIR") return "directory"; // Windows cannot open a directory
    if (code === "EACCES" || code === "EPERM") return 403;
    if (
      code === "ENOENT" ||
      code === "ENOTDIR" ||
      code === "ENAMETOOLONG" ||
      code === "ELOOP" ||
      code === "ENXIO" // a Unix domain socket
    ) {
      return 404;
    }
    throw error;
  }
  let info: Stats;
  try {
    info = await handle.stat();
  } catch (error) {
    handle.close().catch(() => {});
    throw error;
  }
  if (info.isFile()) return new OpenFile(handle, info);
  handle.close().catch(() => {});
  return info.isDirectory() ? "directory" : 404;
}
