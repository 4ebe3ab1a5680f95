import { join, resolve, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ServerErrorCode } from "./errors.js";
import { resolveStaticPath } from "./resolve-static-path.js";

const ROOT = resolve("/srv/www");

function expectRefused(path: string, code: string, statusHint: number, options = {}) {
  const result = resolveStaticPath(ROOT, path, options);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.statusHint).toBe(statusHint);
}

describe("resolveStaticPath", () => {
  it.each([
    ["/", ROOT, [], true],
    ["/index.html", join(ROOT, "index.html"), ["index.html"], false],
    [
      "/css/site%20main.css?v=3",
      join(ROOT, "css", "site main.css"),
      ["css", "site main.css"],
      false,
    ],
    ["//a//b/", join(ROOT, "a", "b"), ["a", "b"], true],
    ["/a/./b/%2e/c", join(ROOT, "a", "b", "c"), ["a", "b", "c"], false],
    ["/caf%C3%A9.txt", join(ROOT, "café.txt"), ["café.txt"], false],
    ["/100%25.txt", join(ROOT, "100%.txt"), ["100%.txt"], false],
    ["/a..b/c.d.e", join(ROOT, "a..b", "c.d.e"), ["a..b", "c.d.e"], false],
    ["/docs/", join(ROOT, "docs"), ["docs"], true],
  ])("maps %j inside the root", (path, expected, segments, trailingSlash) => {
    const result = resolveStaticPath(ROOT, path);
    expect(result).toEqual({ ok: true, value: { path: expected, segments, trailingSlash } });
  });

  it.each([
    // plain and encoded ".." segments
    "/..",
    "/../etc/passwd",
    "/a/../../etc/passwd",
    "/a/../b", // refused even though it stays inside the root
    "/%2e%2e/etc/passwd",
    "/%2E%2E/etc/passwd",
    "/.%2e/etc/passwd",
    "/%2e./etc/passwd",
    "/...", // Windows trims trailing dots: "..." is ".."
    "/..../x",
    // encoded separators
    "/..%2fetc%2fpasswd",
    "/a%2F..%2F..%2Fetc",
    "/..%5c..%5cwindows",
    "/a%5Cb",
    // raw backslashes
    "/..\\..\\windows\\win.ini",
    "/a\\b",
  ])("refuses traversal %j with 403", (path) => {
    expectRefused(path, ServerErrorCode.PATH_TRAVERSAL, 403);
  });

  it.each([
    "", // not absolute
    "index.html",
    "../etc/passwd",
    "%2e%2e/etc/passwd",
    "/a#b",
    "/secret%00.png", // NUL truncation
    "/a%0d%0aSet-Cookie:x", // control bytes
    "/a%7f",
    "/a%c2%85", // U+0085 NEL, a C1 control
    "/a\u0000b",
    "/a\tb",
    "/%", // bad percent-encoding
    "/%zz",
    "/%2",
    "/%c0%af", // overlong "/" (CVE-2000-0884)
    "/%c0%ae%c0%ae/etc", // overlong "."
    "/%e0%80%ae",
    "/%ff",
    "/%252e%252e%252fetc", // double encoding (CVE-2001-0333)
    "/%252e%252e/etc",
    "/a%255cb",
    "/%2541",
    "/\ud800", // lone surrogate
    "/a\udc00b",
    "/\ud800\ud800",
  ])("refuses malformed %j with 400", (path) => {
    expectRefused(path, ServerErrorCode.PATH_INVALID, 400);
  });

  it("refuses dotfiles by default, hides them with 'ignore', serves them with 'allow'", () => {
    for (const path of [
      "/.env",
      "/.git/config",
      "/a/.htpasswd",
      "/%2egit/HEAD",
      "/.well-known/x",
    ]) {
      expectRefused(path, ServerErrorCode.PATH_DOTFILE, 403);
      expectRefused(path, ServerErrorCode.PATH_DOTFILE, 403, { dotfiles: "deny" });
      expectRefused(path, ServerErrorCode.PATH_NOT_FOUND, 404, { dotfiles: "ignore" });
      const allowed = resolveStaticPath(ROOT, path, { dotfiles: "allow" });
      expect(allowed.ok).toBe(true);
    }
    // "." and ".." are not dotfiles: they are dropped and refused whatever the policy.
    expectRefused("/../.env", ServerErrorCode.PATH_TRAVERSAL, 403, { dotfiles: "allow" });
    expect(resolveStaticPath(ROOT, "/./a", { dotfiles: "deny" }).ok).toBe(true);
  });

  it("reports the offset of the refused segment", () => {
    const result = resolveStaticPath(ROOT, "/a/b/../c");
    expect(!result.ok && result.error.offset).toBe(5);
    const bad = resolveStaticPath(ROOT, "/abc/%zz");
    expect(!bad.ok && bad.error.offset).toBe(5);
  });

  it("normalises a root given with a trailing separator or dots", () => {
    const result = resolveStaticPath(`${ROOT}${sep}x${sep}..${sep}`, "/a");
    expect(result.ok && result.value.path).toBe(join(ROOT, "a"));
  });

  it("never escapes the root and never throws, for arbitrary strings", () => {
    const pieces = fc.constantFrom(
      "/",
      "..",
      ".",
      "%2e",
      "%2E",
      "%2f",
      "%5c",
      "\\",
      "%00",
      "%25",
      "a",
      ".env",
      "%c0%af",
      "%",
      "?",
      "#",
      " ",
    );
    const hostile = fc.array(pieces, { maxLength: 12 }).map((parts) => `/${parts.join("")}`);
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), hostile),
        fc.constantFrom("deny", "ignore", "allow" as const),
        (path, dotfiles) => {
          const result = resolveStaticPath(ROOT, path, { dotfiles: dotfiles as "deny" });
          if (!result.ok) {
            expect([400, 403, 404]).toContain(result.error.statusHint);
            return;
          }
          const { path: file, segments } = result.value;
          expect(file === ROOT || file.startsWith(ROOT + sep)).toBe(true);
          expect(resolve(file)).toBe(file);
          for (const segment of segments) {
            expect(segment).not.toMatch(/^\.+$/);
            expect(segment).not.toMatch(/[/\\\0]/);
            if (dotfiles !== "allow") expect(segment.startsWith(".")).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
