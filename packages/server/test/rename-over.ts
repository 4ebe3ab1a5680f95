import { rename, writeFile } from "node:fs/promises";

/**
 * Replaces the file at `path` the way deploys do: writes `content` beside it
 * and renames that over it, so that a descriptor already open on `path`
 * keeps the old file (the old inode) while the path now names the new one.
 */
export async function renameOver(path: string, content: string | Uint8Array): Promise<void> {
  await writeFile(`${path}.new`, content);
  await rename(`${path}.new`, path);
}
