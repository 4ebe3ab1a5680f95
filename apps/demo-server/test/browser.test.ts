/**
 * The pages in a real browser: Debian's chromium driven by playwright-core
 * (test-support/chromium.ts, shared with the docs site test). The browser may
 * only reach loopback: every other request is aborted.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type HeadlessChromium,
  hasChromium,
  launchChromium,
} from "../../../test-support/chromium.js";
import { type DemoServer, startDemoServer } from "../src/server.js";

/** Where the home page screenshot goes, for a person to look at. */
const SCREENSHOT = "/tmp/demo-home.png";

/** Console errors and uncaught exceptions of a page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

describe.skipIf(!hasChromium)("in headless Chromium", () => {
  let api: DemoServer;
  let site: DemoServer;
  let browser: HeadlessChromium;
  let context: BrowserContext;

  beforeAll(async () => {
    site = await startDemoServer({ port: 0 });
    api = await startDemoServer({ port: 0 });
    browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close(1_000);
    await api?.close(1_000);
  });

  it("renders the home page with its stylesheet and no console errors", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const response = await page.goto(site.url, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe("hyperwire demo server");
    // The stylesheet applied (a CSP mistake would leave the page unstyled, with an error).
    const font = await page.evaluate(() => getComputedStyle(document.body).maxWidth);
    expect(font).toBe("1024px");
    const links = await page.locator("main a[href^='/']").count();
    expect(links).toBeGreaterThanOrEqual(25);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("uploads a file through the form and shows the JSON echo", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}upload`);
    await page.fill("input[name=name]", "Grace");
    await page.setInputFiles("input[name=file]", {
      name: "hello.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("hello from chromium\n"),
    });
    await Promise.all([page.waitForURL(/\/post$/), page.click("button[type=submit]")]);
    const echo = JSON.parse((await page.locator("body").textContent()) ?? "");
    expect(echo.method).toBe("POST");
    expect(echo.form).toEqual({ name: "Grace", comment: "hello from a form" });
    expect(echo.files.file).toMatchObject({
      filename: "hello.txt",
      contentType: "text/plain",
      content: "hello from chromium\n",
    });
    expect(echo.headers["Content-Type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows Server-Sent Events on /sse.html", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}sse.html?count=3&interval=20`);
    await page.waitForSelector("body[data-done=true]", { timeout: 10_000 });
    const items = await page.locator("#events li").allTextContents();
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/^tick 1 of 3 at .* \(id 1\)$/);
    expect(await page.locator("#status").textContent()).toBe("done: 3 event(s) received");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("fetches the API of another origin through CORS, and only the API", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const pageOrigin = `http://127.0.0.1:${site.port}`;
    const apiOrigin = `http://localhost:${api.port}`;
    await page.goto(`${pageOrigin}/cors.html?api=${encodeURIComponent(apiOrigin)}`);
    await page.click("button[type=submit]");
    await page.waitForSelector("body[data-outcome]", { timeout: 10_000 });
    expect(await page.getAttribute("body", "data-outcome")).toBe("ok");
    const echo = JSON.parse((await page.locator("#result").textContent()) ?? "");
    expect(echo.headers.Origin).toBe(pageOrigin);
    expect(echo.headers["x-demo"]).toBe("cors");
    expect(echo.url).toBe(`${apiOrigin}/get?from=cors-page`);
    expect(await page.locator("#status").textContent()).toContain("200 OK");
    expect(errors).toEqual([]);
    // The browser enforces CORS on the answer: the same fetch to a page route of that
    // origin (pages carry no CORS fields) is refused. (With request routing on, playwright
    // answers preflights itself, so the preflight is checked with curl in api-curl.test.ts.)
    const refused = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return "read";
      } catch {
        return "refused";
      }
    }, `${apiOrigin}/static/site.css`);
    expect(refused).toBe("refused");
    // "No 'Access-Control-Allow-Origin' header is present": the answer came, without CORS.
    expect(errors.join("\n")).toContain("No 'Access-Control-Allow-Origin' header");
    await page.close();
  });
});
