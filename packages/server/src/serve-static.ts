import { realpath } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { formatHttpDate, parseRequestTarget } from "@hyperwire/grammar";
import { evaluatePreconditions, Fields } from "@hyperwire/headers";
import { fileETag, notModified, preconditionFailed } from "./conditional.js";
import { mediaTypeForPath } from "./media-types.js";
import { OpenFile, openFile } from "./open-file.js";
import { chooseContentCoding } from "./preferred-coding.js";
import { type RangeRequestOptions, rangeResponse } from "./ranges.js";
import { type DotfilePolicy, resolveStaticPath } from "./resolve-static-path.js";
import { responseFields } from "./response-body.js";
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
   * the client accepts the coding (Accept-Encoding; equal weights go to this
   * list's order, not the client's), and `Vary: Accept-Encoding` whenever
   * such a sibling exists. `true` means `["br", "gzip"]` (that order of
   * preference). Default false (it costs an `open` per coding and request).
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
 * - Each file is opened once: size and validators come from `fstat` of the
 *   descriptor and every byte sent (ranges, siblings) is read from it, so a
 *   file renamed over or deleted meanwhile is sent whole as opened, and one
 *   truncated in place ends the response early (never bytes that disagree
 *   with Content-Length). The descriptor is closed on every path: HEAD, 304,
 *   412, 416, a client that leaves (the server destroys unsent bodies).
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
    // One open per file: its size, validators and bytes all come from this
    // descriptor, so nothing can change between a stat and a read (see OpenFile).
    let opened = await openFile(path);
    if (opened === 404) return notFound(request);
    if (opened === 403) return plain(403, "Forbidden");
    if (opened === "directory") {
      if (!trailingSlash) {
        if (options.redirect === false) return notFound(request);
        // Built from the decoded segments, re-encoded: never from the raw
        // path, whose "//evil.example" would make an open redirect.
        const base = normalizedPrefix === "/" ? "" : normalizedPrefix.slice(0, -1);
        const query = request.query;
        const location = `${base}/${segments.map((s) => `${encodeURIComponent(s)}/`).join("")}${query === "" ? "" : `?${query}`}`;
        return plain(301, "Moved Permanently", { Location: location });
      }
      let found: OpenFile | undefined;
      for (const name of index) {
        const candidate = resolve(path, name);
        const candidateFile = await openFile(candidate);
        if (candidateFile instanceof OpenFile) {
          path = candidate;
          found = candidateFile;
          break;
        }
      }
      if (found === undefined) return notFound(request);
      opened = found;
    } else if (trailingSlash) {
      // "file.txt/" names no file.
      opened.close();
      return notFound(request);
    }
    const file = opened;
    // From here every return either closes the files it opened or hands the
    // one it sends to the response body; `owned` is for the unexpected throw.
    const owned: OpenFile[] = [file];
    try {
      if (!(await contained(path))) {
        file.close();
        return plain(403, "Forbidden");
      }
      const fields = new Fields();
      const type = mediaTypeForPath(path);
      if (type === undefined) {
        fields.set("Content-Type", "application/octet-stream");
        fields.set("X-Content-Type-Options", "nosniff");
      } else fields.set("Content-Type", type);

      let served = file;
      if (precompressed.length > 0) {
        const available: { coding: PrecompressedEncoding; file: OpenFile }[] = [];
        for (const coding of precompressed) {
          const sibling = path + EXTENSION[coding];
          const siblingFile = await openFile(sibling);
          if (!(siblingFile instanceof OpenFile)) continue;
          owned.push(siblingFile);
          if (await contained(sibling)) available.push({ coding, file: siblingFile });
        }
        if (available.length > 0) {
          // RFC 9110 §12.5.5: the choice depends on Accept-Encoding for every client.
          fields.set("Vary", "Accept-Encoding");
          const accept = request.headers.get("accept-encoding");
          // No Accept-Encoding: identity, which every client understands (RFC 9110 §12.5.3).
          const chosen =
            accept === null
              ? undefined
              : chooseContentCoding(
                  accept,
                  available.map((a) => a.coding),
                );
          const variant = available.find((a) => a.coding === chosen);
          if (variant !== undefined) {
            fields.set("Content-Encoding", variant.coding);
            served = variant.file;
          }
        }
        // Keep only the file that will be sent open.
        for (const other of owned) if (other !== served) other.close();
      }
      const info = served.info;
      // Each variant has its own validators: a strong ETag names one exact
      // sequence of bytes (RFC 9110 §8.8.3), and the .br file is another.
      const etag = options.etag === false ? undefined : fileETag(info.size, info.mtimeMs);
      const lastModified = Math.min(info.mtimeMs, Date.now());
      if (etag !== undefined) fields.set("ETag", etag);
      if (options.lastModified !== false) fields.set("Last-Modified", formatHttpDate(lastModified));
      if (options.cacheControl !== undefined) fields.set("Cache-Control", options.cacheControl);

      const response: ServerResponse = { status: 200, headers: fields };
      if (options.conditional !== false) {
        const outcome = evaluatePreconditions(request, {
          etag,
          lastModified: options.lastModified === false ? undefined : lastModified,
        });
        if (outcome === "not-modified") {
          served.close();
          return notModified(response);
        }
        if (outcome === "precondition-failed") {
          served.close();
          return preconditionFailed();
        }
      }
      const answered =
        rangeOptions === undefined
          ? response
          : rangeResponse(request, response, info.size, { file: served }, rangeOptions);
      // A 206's body reads from the file and closes it; a 416 needs no content.
      if (answered.status === 206) return answered;
      if (answered.status !== 200) {
        served.close();
        return answered;
      }
      return wholeFile(answered, served);
    } catch (error) {
      for (const each of owned) each.close();
      throw error;
    }
  };
}

/**
 * The 200 with the whole file as its content and an exact Content-Length.
 * To a HEAD request the server sends the head only and destroys the body,
 * which closes the file unread.
 */
function wholeFile(response: ServerResponse, file: OpenFile): ServerResponse {
  if (file.size === 0) {
    file.close();
    return { ...response, body: new Uint8Array(0) };
  }
  const fields = responseFields(response);
  fields.set("Content-Length", String(file.size));
  return { ...response, headers: fields, body: file.stream(0, file.size - 1) };
}
