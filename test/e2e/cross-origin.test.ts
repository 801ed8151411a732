/**
 * The widget embedded as site owners embed it: on their own site, another origin than the edge.
 * The shop page is served by Playwright at http://localhost:8787 (one of the demo site's
 * allowedOrigins, worker/sites/demo.json; nothing listens there, the page never leaves the
 * browser), while widget.js, widget.mjs, widget-rules.mjs and the API come from the real Worker
 * on 127.0.0.1. Every cross-origin read the widget makes must pass CORS: the config GET, the
 * assignment POST, and the import() of widget-rules.mjs (module fetches are always CORS-mode,
 * so the static files need Access-Control-Allow-Origin: widget/public/_headers).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageWindow } from "./helpers.ts";
import { type ApiLog, baseUrl, freshContext, launch, logApi } from "./helpers.ts";

/** An allowed origin of the demo site that is not the Worker's own. */
const SHOP = "http://localhost:8787";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Serves `body` as the shop's page at SHOP + path, and collects the page's console errors. */
async function shopPage(path: string, body: string): Promise<{ page: Page; errors: string[] }> {
  const context = await freshContext(browser);
  // A page Playwright fulfils has no address, so Chromium counts it as public, and its Local
  // Network Access check would stop its calls to the Worker on loopback. Deployed, the shop and
  // the edge are both public; the permission stands in for that here.
  await context.grantPermissions(["local-network-access"], { origin: SHOP });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route(SHOP + path, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><main><h1>Shop</h1></main>${body}</body></html>`,
    }),
  );
  await page.goto(SHOP + path);
  return { page, errors };
}

/** Customize, answer "Running", accept all: an assignment with answers, so the compiler loads. */
async function acceptWithAnswer(page: Page): Promise<void> {
  const widget = page.locator("#preferably");
  await widget.getByRole("button", { name: "Customize" }).click();
  await widget.getByRole("checkbox", { name: "Running" }).click();
  await widget.getByRole("dialog").getByRole("button", { name: "Accept all" }).click();
}

/** Waits for the banner, then counts an answer: the POST answers 200 and "runners" is worked out. */
async function countWithAnswer(page: Page): Promise<ApiLog> {
  const log = logApi(page);
  await page.locator("#preferably section.bn").waitFor();
  const counted = page.waitForResponse(
    (r) => r.url().endsWith("/v1/sites/demo/assignments") && r.request().method() === "POST",
  );
  await acceptWithAnswer(page);
  expect((await counted).status()).toBe(200);
  // widget-rules.mjs came from the edge through import() and worked the segments out here.
  await expect.poll(() => segments(page)).toContain("runners");
  await log.settled();
  return log;
}

const segments = (page: Page) =>
  page.evaluate(() => (window as unknown as PageWindow).preferably.getSegments());

describe("embedded on another origin", () => {
  it("should work from the one script tag: config, assignment, the lazily imported compiler, retraction", async () => {
    const { page, errors } = await shopPage(
      "/shop",
      `<script src="${baseUrl()}/widget.js" data-site="demo" defer></script>`,
    );
    const log = await countWithAnswer(page);
    const post = log.find((r) => r.method === "POST");
    expect(post?.headers.origin).toBe(SHOP);
    expect(post?.headers.cookie).toBeUndefined();
    // Delete my data: a DELETE with a JSON body, so a preflighted cross-origin call.
    const widget = page.locator("#preferably");
    await widget.getByRole("button", { name: "Privacy preferences", exact: true }).click();
    const retracted = page.waitForResponse(
      (r) => r.url().endsWith("/v1/sites/demo/assignments") && r.request().method() === "DELETE",
    );
    await widget.getByRole("button", { name: "Delete my data" }).click();
    await widget.getByRole("button", { name: "Yes, delete" }).click();
    expect((await retracted).status()).toBe(200);
    expect(errors).toEqual([]);
    await page.reload();
    await page.locator("#preferably section.bn").waitFor();
    await page.context().close();
  });

  it("should work from the per-site script: banner with no config request, lazy center, assignment", async () => {
    const { page, errors } = await shopPage(
      "/site",
      `<script src="${baseUrl()}/v1/sites/demo/widget.js"></script>`,
    );
    // Customize imports widget-center.mjs from the edge (CORS-mode, widget/public/_headers).
    const log = await countWithAnswer(page);
    expect(log.map((r) => new URL(r.url).pathname)).not.toContain("/v1/sites/demo/config");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("should work as an ES module imported by a single-page app", async () => {
    const { page, errors } = await shopPage(
      "/app",
      `<script type="module">
        import { init, on } from "${baseUrl()}/widget.mjs";
        window.__seen = [];
        on("segments", (s) => window.__seen.push(s));
        window.__shown = await init({ site: "demo", endpoint: "${baseUrl()}" });
      </script>`,
    );
    await page.locator("#preferably section.bn").waitFor();
    expect(await page.evaluate(() => (window as unknown as { __shown: boolean }).__shown)).toBe(
      true,
    );
    // The module does not start itself (no data-site tag) and leaves one global, the API.
    expect(await page.locator("#preferably").count()).toBe(1);
    expect(
      await page.evaluate(() => Object.keys((window as unknown as PageWindow).preferably).sort()),
    ).toEqual(["getConsent", "getSegments", "init", "on", "open", "ready"]);
    await acceptWithAnswer(page);
    await expect.poll(() => segments(page)).toContain("runners");
    expect(
      await page.evaluate(() => (window as unknown as { __seen: string[][] }).__seen.at(-1)),
    ).toContain("runners");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
