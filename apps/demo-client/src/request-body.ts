import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { DataArgument } from "./args.js";
import { UsageError } from "./args.js";

/** A body ready to send and the Content-Type it implies (unless -H sets one). */
export interface BuiltBody {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/** Reads `@file` / `@-` (stdin). */
export type ReadSource = (name: string) => Promise<Uint8Array>;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a file, or stdin for "-". A file that cannot be read is a usage error, as in curl. */
export const readSource: ReadSource = async (name) => {
  if (name === "-") return readStdin();
  try {
    return await readFile(name);
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${(error as Error).message}`);
  }
};

/**
 * The body of `-d`/`--data`/`--data-binary`/`--data-raw`: the values joined
 * with `&` (curl's rule), `@file` read from disk (`-d` also drops CR and LF
 * from it, `--data-binary` keeps every byte), sent as
 * `application/x-www-form-urlencoded`.
 */
export async function buildDataBody(
  parts: readonly DataArgument[],
  read: ReadSource = readSource,
): Promise<BuiltBody> {
  const pieces: Buffer[] = [];
  for (const [i, part] of parts.entries()) {
    if (i > 0) pieces.push(Buffer.from("&"));
    if (part.kind !== "raw" && part.value.startsWith("@")) {
      let bytes = Buffer.from(await read(part.value.slice(1)));
      if (part.kind === "ascii") bytes = Buffer.from(bytes.filter((b) => b !== 0x0d && b !== 0x0a));
      pieces.push(bytes);
    } else {
      pieces.push(Buffer.from(part.value, "utf8"));
    }
  }
  return {
    bytes: new Uint8Array(Buffer.concat(pieces)),
    contentType: "application/x-www-form-urlencoded",
  };
}

/**
 * The body of `-F`: `multipart/form-data` (RFC 7578) with one part per
 * value: `name=value` (a text field), `name=@file` (a file upload, with
 * optional `;type=media/type` and `;filename=name`), `name=<file` (a text
 * field read from a file). The boundary and encoding come from the platform's
 * FormData serializer.
 */
export async function buildFormBody(
  values: readonly string[],
  read: ReadSource = readSource,
): Promise<BuiltBody> {
  const form = new FormData();
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new UsageError(`-F expects name=value, got "${value}"`);
    const name = value.slice(0, eq);
    const rest = value.slice(eq + 1);
    if (rest.startsWith("@")) {
      const [file = "", ...params] = rest.slice(1).split(";");
      let type = "application/octet-stream";
      let filename = file === "-" ? "-" : basename(file);
      for (const param of params) {
        const p = param.trim();
        if (p.startsWith("type=")) type = p.slice(5);
        else if (p.startsWith("filename=")) filename = p.slice(9);
      }
      form.append(name, new File([Buffer.from(await read(file))], filename, { type }));
    } else if (rest.startsWith("<")) {
      form.append(name, Buffer.from(await read(rest.slice(1))).toString("utf8"));
    } else {
      form.append(name, rest);
    }
  }
  const encoded = new Response(form);
  return {
    bytes: new Uint8Array(await encoded.arrayBuffer()),
    contentType: encoded.headers.get("content-type") ?? "multipart/form-data",
  };
}
