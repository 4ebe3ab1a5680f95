import type { Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { formatHttpDate, parseRequestTarget } from "@hyperwire/grammar";
import { evaluatePreconditions, Fields, negotiateEncoding } from "@hyperwire/headers";
import { fileETag, notModified, preconditionFailed } from "./conditional.js";
import { mediaTypeForPath } from "./media-types.js";
import { type RangeRequestOptions, rangeResponse } from "./ranges.js";
import { type DotfilePolicy, resolveStaticPath } from "./resolve-static-path.js";
import type { Handler } from "./server-options.js";
import type { ServerRequest } from "./server-request.js";
import type { ServerResponse } from "./server-response.js";

/** A precompressed sibling {@link serveStatic} looks for: `file.br`, `file.gz`. */
export type PrecompressedEncoding = "br" | "gzip";

/** Options of {@link serveStatic}. */
export interface ServeStaticOptions {
  /** Dotfiles and dot-directories: `"deny"` (403, default), `"ignore"` (404) or `"allow"`. */
  readonly dotfiles?: DotfilePolicy;
  /** File names tried, in order, for a path ending in "/". Default `["index.html"]`; `false` for none. */
  readonly index?: readonly string[] | false;
  /**
   * Answer a directory asked for without its trailing slash with
   * `301 Moved Permanently` to the path with "/" (so relative links in its
   * index resolve), else 404. Default true.
   */
  readonly redirect?: boolean;
  /**
   * Only paths under this prefix are served, with the prefix removed before
   * mapping onto `root` (mount the files at `/assets/`, say). Default "/".
   */
  readonly prefix?: string;
  /** A `Cache-Control` value for every file (`"public, max-age=31536000, immutable"` for hashed names). */
  readonly cacheControl?: string;
  /** Send `ETag` built from size and modification time (see `fileETag`). Default true. */
  readonly etag?: boolean;
  /** Send `Last-Modified`. Default true. */
  readonly lastModified?: boolean;
  /** Answer If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since (RFC 9110 §13). Default true. */
  readonly conditional?: boolean;
  /** Answer Range requests (RFC 9110 §14), with these limits when an object. Default true. */
  readonly ranges?: boolean | RangeRequestOptions;
  /**
   * Serve `file.br` / `file.gz` next to `file` with `Content-Encoding`, when
   * the client accepts the coding (`negotiateEncoding` on Accept-Encoding), and
   * `Vary: Accept-Encoding` whenever such a sibling exists. `true` means
   * `["br", "gzip"]` (that order of preference). Default false (it costs a
   * `stat` per coding and request).
   */
  readonly precompressed?: boolean | readonly PrecompressedEncoding[];
  /**
   * Serve files whose real path (symbolic links resolved) lies outside the
   * root. Default false: such links are refused with 403, so a link planted
   * in an upload directory cannot publish `/etc/passwd`.
   */
  readonly followSymlinks?: boolean;
  /** Answers requests that match no file, in place of the plain 404 (a SPA's `index.html`, say). */
  readonly notFound?: Handler;
}

const ALLOW = "GET, HEAD, OPTIONS";
const EXTENSION: Readonly<Record<PrecompressedEncoding, string>> = { br: ".br", gzip: ".gz" };

function plain(status: number, text: string, headers: Record<string, string> = {}): ServerResponse {
  return {
    status,
    headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
    body: `${text}\n`,
  };
}

const NOT_FOUND = (): ServerResponse => plain(404, "Not Found");

/** `stat` that maps "no such file" to null and "no permission" to 403; anything else throws (500). */
async function statOrStatus(path: string): Promise<Stats | number> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") return 403;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ENAMETOOLONG" || code === "ELOOP") {
      return 404;
    }
    throw error;
  }
}

/** The request path, still percent-encoded, from an origin-form or absolute-form target (RFC 9112 §3.2). */
function targetPath(request: ServerRequest): string | undefined {
  const target = request.target;
  if (target.charCodeAt(0) === 0x2f) return request.path;
  const parsed = parseRequestTarget(target);
  if (!parsed.ok || parsed.value.form !== "absolute") return undefined;
  return parsed.value.path === "" ? "/" : parsed.value.path;
}

/** Whether `path` is `root` or below it (both real, absolute paths). */
function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * A handler that serves the files under `root` to GET and HEAD.
 *
 * - Paths are mapped by `resolveStaticPath`: decoded once; `..` in any
 *   spelling, `\` and `%5c`, encoded `/`, NUL and invalid UTF-8 are refused
 *   (403 or 400); dotfiles are refused (403) unless `dotfiles` says otherwise.
 * - Symbolic links that resolve outside the root are refused (403) unless
 *   `followSymlinks`.
 * - A directory: with a trailing slash, its first `index` file; without,
 *   `301` to the path with "/" (query kept); never a listing.
 * - `Content-Type` from `mediaTypeForPath`; unknown types are sent as
 *   `application/octet-stream` with `X-Content-Type-Options: nosniff`.
 * - `ETag` (size and mtime), `Last-Modified` (never later than now, RFC 9110
 *   §8.8.2.1), `Cache-Control` from the option.
 * - Conditional requests answered with `evaluatePreconditions` (304, 412) and
 *   ranges as in `withRanges` (206, multipart/byteranges, 416, If-Range),
 *   reading only the requested ranges from disk.
 * - Precompressed `.br` / `.gz` siblings (option `precompressed`).
 * - Other methods: 405 with `Allow: GET, HEAD, OPTIONS` (RFC 9110 §15.5.6);
 *   OPTIONS: 204 with `Allow`. Missing files: 404 (or `notFound`).
 *
 * @example
 * ```ts
 * import { serve, serveStatic, withCompression } from "@hyperwire/server";
 *
 * await serve({
 *   port: 8080,
 *   handler: withCompression(
 *     serveStatic("./public", { cacheControl: "public, max-age=3600", precompressed: true }),
 *   ),
 * });
 * // curl --path-as-is http://localhost:8080/../etc/passwd → 403
 * ```
 */
export function serveStatic(root: string, options: ServeStaticOptions = {}): Handler {
  const rootPath = resolve(root);
  const index = options.index === false ? [] : (options.index ?? ["index.html"]);
  const prefix = options.prefix ?? "/";
  const normalizedPrefix = prefix.endsWith("/") ? prefix : `${prefix}/`;
  const precompressed: readonly PrecompressedEncoding[] =
    options.precompressed === true ? ["br", "gzip"] : options.precompressed || [];
  const rangeOptions: RangeRequestOptions | undefined =
    options.ranges === false ? undefined : options.ranges === true ? {} : (options.ranges ?? {});
  const notFound: Handler = options.notFound ?? NOT_FOUND;
  let realRoot: Promise<string> | undefined;
  const realRootPath = (): Promise<string> => {
    realRoot ??= realpath(rootPath).catch(() => rootPath);
    return realRoot;
  };
  /** Whether the real location of `path` is under the real root. */
  const contained = async (path: string): Promise<boolean> => {
    if (options.followSymlinks === true) return true;
    try {
      return inside(await realpath(path), await realRootPath());
    } catch {
      return false;
    }
  };

  return async (request) => {
    const method = request.method;
    if (method !== "GET" && method !== "HEAD") {
      // RFC 9110 §9.3.7, §15.5.6: name the methods this resource supports.
      if (method === "OPTIONS") return { status: 204, headers: { Allow: ALLOW } };
      return plain(405, "Method Not Allowed", { Allow: ALLOW });
    }
    let rawPath = targetPath(request);
    if (rawPath === undefined) return plain(400, "Bad Request");
    if (normalizedPrefix !== "/") {
      if (rawPath === prefix && !prefix.endsWith("/")) rawPath = "/";
      else if (!rawPath.startsWith(normalizedPrefix)) return notFound(request);
      else rawPath = rawPath.slice(normalizedPrefix.length - 1);
    }
    const resolved = resolveStaticPath(rootPath, rawPath, { dotfiles: options.dotfiles ?? "deny" });
    if (!resolved.ok) {
      const status = resolved.error.statusHint ?? 404;
      if (status === 404) return notFound(request);
      return status === 403 ? plain(403, "Forbidden") : plain(400, "Bad Request");
    }
    let { path } = resolved.value;
    const { segments, trailingSlash } = resolved.value;
    let info = await statOrStatus(path);
    if (info === 404) return notFound(request);
    if (typeof info === "number") return plain(info, "Forbidden");
    if (info.isDirectory()) {
      if (!trailingSlash) {
        if (options.redirect === false) return notFound(request);
        // Built from the decoded segments, re-encoded: never from the raw
        // path, whose "//evil.example" would make an open redirect.
        const base = normalizedPrefix === "/" ? "" : normalizedPrefix.slice(0, -1);
        const query = request.query;
        const location = `${base}/${segments.map((s) => `${encodeURIComponent(s)}/`).join("")}${query === "" ? "" : `?${query}`}`;
        return plain(301, "Moved Permanently", { Location: location });
      }
      let found: Stats | undefined;
      for (const name of index) {
        const candidate = resolve(path, name);
        const candidateInfo = await statOrStatus(candidate);
        if (typeof candidateInfo !== "number" && candidateInfo.isFile()) {
          path = candidate;
          found = candidateInfo;
          break;
        }
      }
      if (found === undefined) return notFound(request);
      info = found;
    } else if (!info.isFile() || trailingSlash) {
      // Devices, sockets and FIFOs are not content; "file.txt/" names no file.
      return notFound(request);
    }
    if (!(await contained(path))) return plain(403, "Forbidden");

    const fields = new Fields();
    const type = mediaTypeForPath(path);
    if (type === undefined) {
      fields.set("Content-Type", "application/octet-stream");
      fields.set("X-Content-Type-Options", "nosniff");
    } else fields.set("Content-Type", type);

    let served = path;
    let servedInfo: Stats = info;
    if (precompressed.length > 0) {
      const available: { coding: PrecompressedEncoding; path: string; info: Stats }[] = [];
      for (const coding of precompressed) {
        const sibling = path + EXTENSION[coding];
        const siblingInfo = await statOrStatus(sibling);
        if (typeof siblingInfo !== "number" && siblingInfo.isFile() && (await contained(sibling))) {
          available.push({ coding, path: sibling, info: siblingInfo });
        }
      }
      if (available.length > 0) {
        // RFC 9110 §12.5.5: the choice depends on Accept-Encoding for every client.
        fields.set("Vary", "Accept-Encoding");
        const accept = request.headers.get("accept-encoding");
        // No Accept-Encoding: identity, which every client understands (RFC 9110 §12.5.3).
        const chosen =
          accept === null
            ? undefined
            : negotiateEncoding(accept, [...available.map((a) => a.coding), "identity"]);
        const variant = available.find((a) => a.coding === chosen);
        if (variant !== undefined) {
          fields.set("Content-Encoding", variant.coding);
          served = variant.path;
          servedInfo = variant.info;
        }
      }
    }
    // Each variant has its own validators: a strong ETag names one exact
    // sequence of bytes (RFC 9110 §8.8.3), and the .br file is another.
    const etag = options.etag === false ? undefined : fileETag(servedInfo.size, servedInfo.mtimeMs);
    const lastModified = Math.min(servedInfo.mtimeMs, Date.now());
    if (etag !== undefined) fields.set("ETag", etag);
    if (options.lastModified !== false) fields.set("Last-Modified", formatHttpDate(lastModified));
    if (options.cacheControl !== undefined) fields.set("Cache-Control", options.cacheControl);

    const response: ServerResponse = { status: 200, headers: fields, body: { file: served } };
    if (options.conditional !== false) {
      const outcome = evaluatePreconditions(request, {
        etag,
        lastModified: options.lastModified === false ? undefined : lastModified,
      });
      if (outcome === "not-modified") return notModified(response);
      if (outcome === "precondition-failed") return preconditionFailed();
    }
    if (rangeOptions === undefined) return response;
    return rangeResponse(request, response, servedInfo.size, { path: served }, rangeOptions);
  };
}
