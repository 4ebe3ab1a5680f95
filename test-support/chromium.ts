/**
 * Headless Chromium for the browser tests of the workspace (the demo server's
 * pages, the docs site): Debian's `/usr/bin/chromium` driven by
 * playwright-core, with a fresh profile, and no way out but loopback.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's chromium, which .ci/run installs; playwright must never download a browser of its own. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether {@link CHROMIUM} is installed; without it, browser tests skip (`describe.skipIf`). */
export const hasChromium = existsSync(CHROMIUM);

/**
 * Whether the browser may load `url`: local schemes (`file:`, `data:`,
 * `blob:`) and the loopback hosts 127.0.0.1, ::1 and localhost.
 */
export function isLoopbackUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "file:" || protocol === "data:" || protocol === "blob:") return true;
  return hostname === "127.0.0.1" || hostname === "[::1]" || hostname === "localhost";
}

/** A running browser: its context, and how to close it and remove its profile. */
export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches {@link CHROMIUM} headless with a fresh profile directory (removed
 * on close). Every request {@link isLoopbackUrl} refuses is aborted, so a
 * test proves a page works offline and nothing reaches the network.
 */
export async function launchChromium(
  options: { readonly viewport?: { width: number; height: number } } = {},
): Promise<HeadlessChromium> {
  const profileDir = mkdtempSync(join(tmpdir(), "hyperwire-chromium-"));
  const removeProfile = (): void => rmSync(profileDir, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    // playwright refuses `--user-data-dir` in `launch()`; a persistent context on a fresh,
    // empty directory is the same thing. The flags keep chromium from calling home: the
    // machine's network is closed and every refused connection would be noise.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
      ],
    });
  } catch (error) {
    removeProfile();
    throw error;
  }
  const close = async (): Promise<void> => {
    await context.close();
    removeProfile();
  };
  try {
    await context.route("**/*", (route) =>
      isLoopbackUrl(route.request().url()) ? route.continue() : route.abort("blockedbyclient"),
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { context, close };
}
