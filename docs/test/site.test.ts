/**
 * The docs site as a reader meets it: built by `pnpm run docs`, served by a static host and
 * opened from the file system, in a real browser (Debian's chromium driven by playwright-core,
 * launched by test-support/chromium.ts as the demo server's browser test does).
 *
 * - the pages render without console errors or uncaught exceptions (all of them within a time
 *   budget; each kind of page comes first, so a budget that runs out still checks every template),
 * - every internal link (and stylesheet, script, image) answers 200, and `#fragment`s exist,
 * - the search box finds an exported symbol,
 * - `index.html` opened over file:// lists every package.
 *
 * The browser may only talk to 127.0.0.1: any other request is aborted, so the site is proven
 * to work offline and nothing leaks to the network.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type HeadlessChromium,
  hasChromium,
  isLoopbackUrl,
  launchChromium,
} from "../../test-support/chromium.js";

const docsDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = resolve(docsDir, "..");
const siteDir = join(docsDir, "site");
const indexHtml = join(siteDir, "index.html");

/** Bounds of the crawl, so a growing site cannot make the suite hang. */
const MAX_PAGES = 3000;
const CRAWL_BUDGET_MS = 30_000;
const CRAWL_TABS = 3;
const BUILD_TIMEOUT_MS = 240_000;

/** The exported symbol the search test looks for, and the page it must lead to. */
const SEARCH_SYMBOL = "isToken";
const SEARCH_TARGET = /functions\/_hyperwire_grammar\.isToken\.html$/;

/** Packages the site must document: every workspace package with an entry point. */
function packageNames(): string[] {
  const packagesDir = join(repoRoot, "packages");
  return readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, "src", "index.ts")))
    .map((dir) => JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")).name)
    .sort();
}

/** Newest modification time among the inputs of `pnpm run docs`. */
function newestSourceMtime(): number {
  let newest = 0;
  const visit = (path: string) => {
    if (existsSync(path)) newest = Math.max(newest, statSync(path).mtimeMs);
  };
  for (const file of ["README.md", "typedoc.json", "package.json"]) visit(join(repoRoot, file));
  for (const name of readdirSync(docsDir)) if (name.endsWith(".md")) visit(join(docsDir, name));
  // Images the guides link (the benchmark chart), which typedoc copies into the site.
  const mediaDir = join(docsDir, "media");
  if (existsSync(mediaDir)) for (const name of readdirSync(mediaDir)) visit(join(mediaDir, name));
  const packagesDir = join(repoRoot, "packages");
  for (const pkg of readdirSync(packagesDir)) {
    const dir = join(packagesDir, pkg);
    for (const file of ["package.json", "README.md", "typedoc.json", "tsconfig.json"]) {
      visit(join(dir, file));
    }
    const src = join(dir, "src");
    if (!existsSync(src)) continue;
    for (const file of readdirSync(src, { recursive: true, encoding: "utf8" })) {
      if (file.endsWith(".ts") && !file.endsWith(".test.ts")) visit(join(src, file));
    }
  }
  return newest;
}

/** Runs `pnpm run docs` (not `pnpm docs`: that name is taken by pnpm's own `docs` command). */
function buildSite(): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("pnpm", ["run", "docs"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`pnpm run docs failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** A static host in a few lines: what GitHub Pages does with docs/site, without the network. */
function serveSite(): Promise<Server> {
  const server = createServer((request, response) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    let file = normalize(join(siteDir, pathname));
    if (file !== siteDir && !file.startsWith(siteDir + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const body = readFileSync(file);
    response.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolvePromise) => {
    server.listen(0, "127.0.0.1", () => resolvePromise(server));
  });
}

/** Console errors and uncaught exceptions of a page, minus the requests we blocked on purpose. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const source = message.location().url;
    if (source && !isLoopbackUrl(source)) return;
    errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/** Every `.html` file of the built site, as paths relative to docs/site with "/" separators. */
function sitePages(): string[] {
  return readdirSync(siteDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".html"))
    .map((file) => file.split(sep).join("/"))
    .sort();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The anchors a page offers: every `id` and `<a name>`. */
function anchorsIn(html: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of html.matchAll(/\s(?:id|name)="([^"]*)"/g)) {
    anchors.add(decodeEntities(match[1]!));
  }
  return anchors;
}

/**
 * Pages in the order the browser visits them: the landing page, the guides and the package
 * pages first, then the API pages taking turns by kind (a class, an interface, a function, a
 * type…), so a time budget that runs out has still checked every template and a spread of pages.
 */
function visitOrder(pages: string[]): { first: string[]; rest: string[] } {
  const first = ["index.html", "modules.html", "hierarchy.html"].filter((p) => pages.includes(p));
  const byKind = new Map<string, string[]>();
  for (const page of pages) {
    const slash = page.indexOf("/");
    if (slash < 0) continue;
    const kind = page.slice(0, slash);
    if (kind === "documents" || kind === "modules") first.push(page);
    else byKind.set(kind, [...(byKind.get(kind) ?? []), page]);
  }
  const rest: string[] = [];
  for (let round = 0; rest.length < pages.length; round++) {
    let added = false;
    for (const kindPages of byKind.values()) {
      const page = kindPages[round];
      if (page !== undefined) {
        (round === 0 ? first : rest).push(page);
        added = true;
      }
    }
    if (!added) break;
  }
  return { first, rest };
}

let server: Server;
let origin: string;

beforeAll(async () => {
  // HYPERWIRE_DOCS_PREBUILT=1 checks docs/site as it is (say, right after `pnpm run docs`).
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this test, not by a turbo task.
  const prebuilt = process.env.HYPERWIRE_DOCS_PREBUILT === "1" && existsSync(indexHtml);
  if (!prebuilt && (!existsSync(indexHtml) || statSync(indexHtml).mtimeMs < newestSourceMtime())) {
    await buildSite();
  }
  server = await serveSite();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, BUILD_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

/** HTTP status of a URL on the test host, asked once per URL. */
const statusOf = new Map<string, Promise<number>>();
function status(url: string): Promise<number> {
  let answer = statusOf.get(url);
  if (!answer) {
    answer = fetch(url, { method: "HEAD" }).then((response) => response.status);
    statusOf.set(url, answer);
  }
  return answer;
}

it("resolves every internal link and #fragment of every page (served over HTTP)", async () => {
  const pages = sitePages();
  expect(pages).toContain("index.html");
  const anchors = new Map<string, Set<string>>();
  const links: { from: string; target: URL }[] = [];
  for (const page of pages) {
    const html = readFileSync(join(siteDir, page), "utf8");
    const base = new URL(page, `${origin}/`);
    anchors.set(base.href, anchorsIn(html));
    for (const match of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const value = decodeEntities(match[1]!);
      if (value === "" || value === "#" || /^(?:mailto|javascript|data):/i.test(value)) continue;
      const target = new URL(value, base);
      if (target.origin === origin) links.push({ from: page, target });
    }
  }
  const broken: string[] = [];
  for (const { from, target } of links) {
    const fragment = decodeURIComponent(target.hash.slice(1));
    const url = new URL(target.href);
    url.hash = "";
    const code = await status(url.href);
    if (code !== 200) broken.push(`${from} links to ${url.pathname} (${code})`);
    else if (fragment && url.pathname.endsWith(".html") && !anchors.get(url.href)?.has(fragment)) {
      broken.push(`${from} links to ${url.pathname}#${fragment}, which has no such anchor`);
    }
  }
  expect(links.length).toBeGreaterThan(pages.length);
  expect([...new Set(broken)]).toEqual([]);
});

describe.skipIf(!hasChromium)("docs site in chromium", () => {
  let browser: HeadlessChromium;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
    context = browser.context;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("renders the pages without console errors, and the links they draw resolve", async () => {
    // The links a page draws by script (the sidebar) are the same on every page, so they are
    // read on the first page of each kind only; the static test above reads every page.
    const { first, rest } = visitOrder(sitePages());
    const readLinksOf = new Set(first.map((page) => `${origin}/${page}`));
    const queue = [...first, ...rest].map((page) => `${origin}/${page}`);
    const total = queue.length;
    const problems: string[] = [];
    const deadline = Date.now() + CRAWL_BUDGET_MS;
    let visited = 0;

    const crawl = async () => {
      const page = await context.newPage();
      const errors = watchErrors(page);
      try {
        while (queue.length > 0 && visited < MAX_PAGES && Date.now() < deadline) {
          const url = queue.shift()!;
          visited++;
          errors.length = 0;
          const response = await page.goto(url, { waitUntil: "load" });
          if (response?.status() !== 200) {
            problems.push(`${url} answered ${response?.status()}`);
            continue;
          }
          problems.push(...errors.map((error) => `${url}: ${error}`));
          if (!readLinksOf.has(url)) continue;
          // Links as the page shows them, the sidebar drawn by script included.
          const hrefs = await page.evaluate(() =>
            [...document.querySelectorAll("a[href], link[href], script[src], img[src]")].map(
              (element) =>
                element instanceof HTMLAnchorElement || element instanceof HTMLLinkElement
                  ? element.href
                  : (element as HTMLScriptElement | HTMLImageElement).src,
            ),
          );
          for (const href of hrefs) {
            if (!href) continue;
            const target = new URL(href);
            if (target.origin !== origin) continue;
            target.hash = "";
            const code = await status(target.href);
            if (code !== 200) problems.push(`${url} links to ${target.pathname} (${code})`);
          }
        }
      } finally {
        await page.close();
      }
    };
    await Promise.all(Array.from({ length: CRAWL_TABS }, crawl));

    if (visited < total) {
      // A bound was hit: every kind of page came first, so each template was still checked.
      console.warn(`docs: rendered ${visited} of ${total} pages within the time budget`);
    }
    expect(visited).toBeGreaterThan(packageNames().length);
    expect([...new Set(problems)]).toEqual([]);
  });

  it(`finds ${SEARCH_SYMBOL} with the search box`, async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${origin}/index.html`);
      await page.click("#tsd-search-trigger");
      const input = page.locator("#tsd-search-input");
      const result = page.locator("#tsd-search-results a", { hasText: SEARCH_SYMBOL }).first();
      // The index loads asynchronously; type again until the results show up (bounded).
      await expect
        .poll(
          async () => {
            await input.fill("");
            await input.fill(SEARCH_SYMBOL);
            return result.count();
          },
          { timeout: 15_000, interval: 250 },
        )
        .toBeGreaterThan(0);
      await result.click();
      await page.waitForURL(SEARCH_TARGET);
      expect(await page.locator("h1").first().textContent()).toContain(SEARCH_SYMBOL);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("opens index.html from the file system and lists every package", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(pathToFileURL(indexHtml).href);
      // The sidebar is drawn by a script from data embedded in the site: over file:// no fetch
      // is allowed, so this proves the site needs no server.
      for (const name of packageNames()) {
        await expect
          .poll(() => page.locator(".site-menu a", { hasText: name }).count(), { timeout: 10_000 })
          .toBeGreaterThan(0);
      }
      await expect
        .poll(() => page.locator("#tsd-search-trigger").isVisible(), { timeout: 5_000 })
        .toBe(true);
      // Over file:// chromium refuses the first `<use href="assets/icons.svg#…">` lookups
      // (each file: URL is its own origin) until typedoc's icons script inlines the sprite;
      // those messages are expected and nothing else is.
      const unexpected = errors.filter((error) => !/Unsafe attempt to load URL file:/.test(error));
      expect(unexpected).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
