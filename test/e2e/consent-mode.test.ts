/**
 * Google Consent Mode v2 as Google documents it for consent platforms, in Chromium with the
 * README's head snippet, read from widget/README.md (the per-site script first, then Google's tag
 * snippet): the defaults for
 * all seven types, with wait_for_update, are on dataLayer before the next head script runs; no
 * `update` goes out before the visitor decides; one `update` when they do; and a returning
 * visitor's stored decision is one `update` at load.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
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

/**
 * The README's head snippet itself (widget/README.md "Google Consent Mode v2", its html block),
 * with EDGE and SITE filled in and Google's tag (gtag.js is not fetched: the test runs offline)
 * replaced by a probe that copies dataLayer as it finds it. The probe runs where gtag.js's
 * `async` script sits, so it sees what any later script in the head would; the README's inline
 * gtag snippet then runs as written.
 */
function readmePage(): string {
  const readme = readFileSync(join(import.meta.dirname, "../../widget/README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Google Consent Mode v2"));
  const head = /```html\n(<head>[\s\S]*?<\/head>)\n```/.exec(section)?.[1];
  if (!head) throw new Error("no head snippet under widget/README.md's Google Consent Mode v2");
  const google =
    /<script async src="https:\/\/www\.googletagmanager\.com\/gtag\/js\?id=[^"]+"><\/script>/;
  if (!google.test(head)) throw new Error("the README's head snippet has no Google tag");
  const filled = head
    .replaceAll("https://EDGE", "")
    .replaceAll("/sites/SITE/", "/sites/demo/")
    .replace(google, '<script src="/gtag-probe.js"></script>');
  return `<!doctype html><html lang="en">${filled.replace("<head>", '<head><meta charset="utf-8"><title>Tagged</title>')}
<body><main><h1>Tagged shop</h1></main></body></html>`;
}
const PAGE = readmePage();
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
    // The README's snippet ran after the default: its gtag('config') comes later on dataLayer.
    expect(PAGE).toContain('<script src="/v1/sites/demo/widget.js"></script>');
    expect(
      await page.evaluate("window.dataLayer.map((a) => a[0] === 'consent' ? a[1] : a[0])"),
    ).toEqual(["default", "js", "config"]);
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
