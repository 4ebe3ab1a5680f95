import { isAbsolute, join, resolve, sep } from "node:path";
import { err, ok, percentDecode, type Result } from "@hyperwire/grammar";
import { ServerError, ServerErrorCode } from "./errors.js";

/** How {@link resolveStaticPath} treats a path segment that starts with "." (`.env`, `.git/config`). */
export type DotfilePolicy =
  /** Refuse with `HW_SERVER_PATH_DOTFILE` and status hint 403. The default. */
  | "deny"
  /** Refuse with `HW_SERVER_PATH_NOT_FOUND` and status hint 404, so a client cannot even learn the file exists. */
  | "ignore"
  /** Serve it like any other file (needed for `/.well-known/`, RFC 8615). */
  | "allow";

/** Options of {@link resolveStaticPath}. */
export interface ResolveStaticPathOptions {
  /** What to do with dotfiles and dot-directories. Default "deny". */
  dotfiles?: DotfilePolicy;
}

/** A request path mapped onto the file system. */
export interface StaticPath {
  /** Absolute, normalised file system path, always inside the root (or the root itself). */
  readonly path: string;
  /** The decoded path segments under the root, without empty and "." segments. */
  readonly segments: readonly string[];
  /**
   * Whether the request path ended in "/": the client asked for a directory,
   * so the caller looks for an index file (or answers 404/redirects).
   */
  readonly trailingSlash: boolean;
}

function refuse(
  code: ServerErrorCode,
  statusHint: number,
  message: string,
  offset?: number,
): { readonly ok: false; readonly error: ServerError } {
  return err(
    new ServerError(code, message, offset === undefined ? { statusHint } : { statusHint, offset }),
  );
}

/** "%" HEXDIG HEXDIG still present after one decoding pass. */
const PERCENT_TRIPLET = /%[0-9A-Fa-f]{2}/;

/**
 * Maps the path of a request-target onto a file under `root`, or says why not.
 *
 * **Input:** `requestPath` is the path exactly as it came on the request line,
 * still percent-encoded (e.g. `parseRequestTarget(target).value.path`); a query
 * after "?" is ignored. This function decodes it exactly once, itself, so no
 * caller can decode twice, and it can tell an encoded "/" from a real one.
 *
 * Refused, with the status a server answers:
 * - 400 `HW_SERVER_PATH_INVALID`: not starting with "/"; a fragment ("#");
 *   bad percent-encoding or decoded bytes that are not UTF-8 (overlong
 *   `%c0%af` for "/" is the classic, CVE-2000-0884); NUL or another control
 *   character (a NUL truncates the name in C APIs: "/secret%00.png");
 *   a "%XX" left after decoding (double encoding: `%252e%252e%252f` turns
 *   into `../` in whichever component decodes once more, CVE-2001-0333).
 * - 403 `HW_SERVER_PATH_TRAVERSAL`: a ".." segment, decoded or not
 *   (`/..`, `/%2e%2e/`, `/.%2E/`) — refused rather than resolved, even when
 *   it would stay inside the root, so the server never disagrees with a proxy
 *   in front of it on what a path means; a segment made only of dots
 *   ("...", which Windows trims to ".."); a backslash, raw or `%5c` (a
 *   separator on Windows: `..\..\windows\win.ini`); an encoded "/" (`%2f`),
 *   which would split a segment after the checks.
 * - 403 `HW_SERVER_PATH_DOTFILE` / 404 `HW_SERVER_PATH_NOT_FOUND`: a segment
 *   starting with "." when `dotfiles` is "deny" (default) / "ignore" — keeps
 *   `.env`, `.git/` and `.htpasswd` off the web.
 *
 * Empty and "." segments are dropped (`//a/./b` is `/a/b`, RFC 3986 §5.2.4
 * for "."). Finally the joined path is checked to lie inside the resolved
 * root, a second fence should a rule above ever miss a case.
 *
 * Does not touch the file system: a symbolic link inside the root that points
 * outside it is the caller's to refuse (compare `realpath` with the root).
 * Never throws for any `requestPath`.
 *
 * @example
 * ```ts
 * resolveStaticPath("/srv/www", "/css/site%20main.css?v=3");
 * // ok: { path: "/srv/www/css/site main.css", segments: ["css", "site main.css"], trailingSlash: false }
 * resolveStaticPath("/srv/www", "/%2e%2e/etc/passwd");
 * // error: HW_SERVER_PATH_TRAVERSAL, statusHint 403
 * resolveStaticPath("/srv/www", "/.env", { dotfiles: "ignore" });
 * // error: HW_SERVER_PATH_NOT_FOUND, statusHint 404
 * ```
 */
export function resolveStaticPath(
  root: string,
  requestPath: string,
  options: ResolveStaticPathOptions = {},
): Result<StaticPath, ServerError> {
  const dotfiles = options.dotfiles ?? "deny";
  const queryAt = requestPath.indexOf("?");
  const raw = queryAt < 0 ? requestPath : requestPath.slice(0, queryAt);
  // RFC 9112 §3.2.1: origin-form starts with "/" (absolute-path).
  if (raw.charCodeAt(0) !== 0x2f) {
    return refuse(ServerErrorCode.PATH_INVALID, 400, 'a request path must start with "/"', 0);
  }
  // RFC 9110 §7.1: a fragment is never sent; one here means a confused client.
  const hashAt = raw.indexOf("#");
  if (hashAt >= 0) {
    return refuse(ServerErrorCode.PATH_INVALID, 400, 'a request path cannot hold "#"', hashAt);
  }
  const backslashAt = raw.indexOf("\\");
  if (backslashAt >= 0) {
    return refuse(
      ServerErrorCode.PATH_TRAVERSAL,
      403,
      "a backslash is a path separator on Windows and is refused",
      backslashAt,
    );
  }
  // Split on the real slashes BEFORE decoding, so "%2f" can be told apart.
  const rawSegments = raw.split("/");
  const trailingSlash = rawSegments.length > 1 && rawSegments[rawSegments.length - 1] === "";
  const segments: string[] = [];
  let offset = 0;
  for (const rawSegment of rawSegments) {
    const segmentOffset = offset;
    offset += rawSegment.length + 1;
    const decoded = percentDecode(rawSegment);
    if (!decoded.ok) {
      return refuse(
        ServerErrorCode.PATH_INVALID,
        400,
        `bad percent-encoding in the request path: ${decoded.error.message}`,
        segmentOffset + (decoded.error.offset ?? 0),
      );
    }
    const segment = decoded.value;
    for (let i = 0; i < segment.length; i++) {
      const code = segment.charCodeAt(i);
      if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
        return refuse(
          ServerErrorCode.PATH_INVALID,
          400,
          "the request path holds NUL or a control character",
          segmentOffset,
        );
      }
      // A lone surrogate has no UTF-8 form; the file system would store
      // U+FFFD, so two different request paths would name one file.
      if (code >= 0xd800 && code <= 0xdfff) {
        const next = segment.charCodeAt(i + 1);
        if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
          return refuse(
            ServerErrorCode.PATH_INVALID,
            400,
            "the request path holds a lone surrogate",
            segmentOffset,
          );
        }
        i++;
        continue;
      }
      if (code === 0x2f || code === 0x5c) {
        return refuse(
          ServerErrorCode.PATH_TRAVERSAL,
          403,
          "an encoded slash or backslash in a path segment is refused",
          segmentOffset,
        );
      }
    }
    if (PERCENT_TRIPLET.test(segment)) {
      return refuse(
        ServerErrorCode.PATH_INVALID,
        400,
        "the request path is percent-encoded twice",
        segmentOffset,
      );
    }
    if (segment === "" || segment === ".") continue;
    if (/^\.+$/.test(segment)) {
      return refuse(
        ServerErrorCode.PATH_TRAVERSAL,
        403,
        'a ".." segment is refused (no path may climb out of the root)',
        segmentOffset,
      );
    }
    if (segment.charCodeAt(0) === 0x2e && dotfiles !== "allow") {
      return dotfiles === "ignore"
        ? refuse(ServerErrorCode.PATH_NOT_FOUND, 404, "dotfiles are not served", segmentOffset)
        : refuse(ServerErrorCode.PATH_DOTFILE, 403, "dotfiles are refused", segmentOffset);
    }
    segments.push(segment);
  }
  const base = resolve(root);
  const path = segments.length === 0 ? base : join(base, ...segments);
  // Second fence: whatever the rules above let through must still lie inside
  // the root. `base + sep` so "/srv/www-private" does not pass for "/srv/www".
  const inside = path === base || path.startsWith(base.endsWith(sep) ? base : base + sep);
  if (!isAbsolute(path) || !inside) {
    return refuse(ServerErrorCode.PATH_TRAVERSAL, 403, "the request path leaves the root");
  }
  return ok({ path, segments, trailingSlash });
}
