/**
 * Google Consent Mode v2 as Google documents it for consent platforms, in Chromium with the
 * README's head snippet (the per-site script first, then Google's tag snippet): the defaults for
 * all seven types, with wait_for_update, are on dataLayer before the next head script runs; no
 * `update` goes out before the visitor decides; one `update` when they do; and a returning
 * visitor's stored decision is one `update` at load.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, freshContext, launch } from "./helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

// The README's snippet ("Google Consent Mode v2"), with Google's tag replaced by a script that
// copies dataLayer as it finds it (gtag.js itself is not fetched: the test runs offline).
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tagged</title>
<script src="/v1/sites/demo/widget.js"></script>
<script src="/gtag-probe.js"></script>
</head><body><main><h1>Tagged shop</h1></main></body></html>`;
const PROBE = `window.__atGoogleTag = JSON.stringify(window.dataLayer.map((a) => Array.from(a)));
window.dataLayer.push = function (...xs) { window.__later = (window.__later || []).concat(xs.map((a) => Array.from(a))); return Array.prototype.push.apply(this, xs); };`;

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.route(`${baseUrl()}/tagged`, (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: PAGE }),
  );
  await page.route(`${baseUrl()}/gtag-probe.js`, (r) =>
    r.fulfill({ status: 200, contentType: "text/javascript", body: PROBE }),
  );
  await page.goto(`${baseUrl()}/tagged`);
  await page.locator("#preferably").waitFor({ state: "attached" });
  return page;
}
const atGoogleTag = async (page: Page) =>
  JSON.parse((await page.evaluate("window.__atGoogleTag")) as string) as unknown[][];
const later = async (page: Page) =>
  ((await page.evaluate("window.__later || []")) as unknown[][]).filter((c) => c[0] === "consent");

describe("Google Consent Mode v2", () => {
  it("should set the defaults of all seven types before the next head script runs", async () => {
    const context = await freshContext(browser);
    const page = await open(context);
    const first = await atGoogleTag(page);
    expect(first).toEqual([
      [
        "consent",
        "default",
        {
          ad_storage: "denied",
          ad_user_data: "denied",
          ad_personalization: "denied",
          analytics_storage: "denied",
          functionality_storage: "granted",
          personalization_storage: "denied",
          security_storage: "granted",
          wait_for_update: 500,
        },
      ],
    ]);
    await page.locator("#preferably section.bn").waitFor();
    expect(await later(page)).toEqual([]);
    await page.locator("#preferably").getByRole("button", { name: "Accept all" }).click();
    await expect.poll(() => later(page)).toHaveLength(1);
    expect((await later(page))[0]).toEqual([
      "consent",
      "update",
      expect.objectContaining({ ad_storage: "granted", analytics_storage: "granted" }),
    ]);
    // A returning visitor: the stored decision is one update at load, no more.
    await page.reload();
    await page
      .locator("#preferably")
      .getByRole("button", { name: "Privacy preferences" })
      .waitFor();
    await expect.poll(() => later(page)).toHaveLength(1);
    expect((await later(page))[0]?.[1]).toBe("update");
    await context.close();
  });

  it("should deny the sale-or-share types at once under Global Privacy Control", async () => {
    const context = await freshContext(
      browser,
      "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });",
    );
    const page = await open(context);
    await page.locator("#preferably section.bn").waitFor();
    await page.locator("#preferably").getByRole("button", { name: "Accept all" }).click();
    await expect.poll(() => later(page)).toHaveLength(1);
    expect((await later(page))[0]?.[2]).toMatchObject({
      analytics_storage: "granted",
      ad_storage: "denied",
      ad_user_data: "denied",
      ad_personalization: "denied",
    });
    await context.close();
  });
});
