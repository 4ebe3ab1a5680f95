import { type NotOpened, OpenFile, openFile } from "./open-file.js";
import type { FileBody } from "./server-response.js";

/** The key of the descriptor a `{ file }` body carries: private to this module, so no handler sets it. */
const OPENED: unique symbol = Symbol("hyperwire.openedFile");

/**
 * `{ file: path }` content whose file a feature already opened, so that the
 * size, validators and bytes of one response all come from one descriptor.
 *
 * `withRanges`, `withConditionalRequests` and `withCompression` need the size
 * or times of a `{ file }` body before the server sends it; a `stat` of the
 * path then an `open` at send time could meet two different files (one
 * renamed over the other meanwhile). Instead the first of them to need the
 * file opens it ({@link openFileBody}) and passes on a new body that carries
 * the {@link OpenFile}; the others and the server reuse it
 * ({@link openedFileOf}). The public `FileBody` type is unchanged: the
 * descriptor rides on a property keyed by a symbol private to this module,
 * and the handler's own body object is never modified.
 *
 * Ownership: the body that carries the descriptor owns it. Whoever drops
 * such a body without sending it (a 304, 412 or 416 in its place, a HEAD, a
 * client that left) closes it, as `discardBody` and the server do; whoever
 * reads it through {@link OpenFile.stream} hands the descriptor to that
 * stream, which closes it when it closes.
 *
 * @internal
 */
export interface OpenedFileBody extends FileBody {
  readonly [OPENED]: OpenFile;
}

/**
 * The descriptor `body` carries when it is a `{ file }` body a feature
 * opened (see {@link OpenedFileBody}); `undefined` for any other content.
 *
 * @internal
 */
export function openedFileOf(body: OpenedFileBody): OpenFile;
export function openedFileOf(body: unknown): OpenFile | undefined;
export function openedFileOf(body: unknown): OpenFile | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const file = (body as { [OPENED]?: unknown })[OPENED];
  return file instanceof OpenFile ? file : undefined;
}

/**
 * A new `{ file: path }` body carrying `file`, opened from `path`. The body
 * owns the descriptor from then on (see {@link OpenedFileBody}).
 *
 * @internal
 */
export function fileBodyOf(path: string, file: OpenFile): OpenedFileBody {
  return { file: path, [OPENED]: file };
}

/**
 * `body` with its file open: `body` itself when it already carries a
 * descriptor, else a new body carrying the file just opened from its path,
 * which the caller then owns (see {@link OpenedFileBody}). A path that holds
 * no regular file comes back as `openFile` says (`"directory"`, 403, 404),
 * and so does one that fails to open for another reason (as 404, which is
 * what the server answers for it): the caller leaves such a body to the
 * server, as if it had not looked.
 *
 * @internal
 */
export async function openFileBody(body: FileBody): Promise<OpenedFileBody | NotOpened> {
  if (openedFileOf(body) !== undefined) return body as OpenedFileBody;
  let file: OpenFile | NotOpened;
  try {
    file = await openFile(body.file);
  } catch {
    return 404;
  }
  return file instanceof OpenFile ? fileBodyOf(body.file, file) : file;
}
