/**
 * The widget on a host page that does its own things, in real Chromium: the page's CSS does not
 * reach into the widget's shadow root (nor the widget's out of it), the documented --pf-*
 * custom properties do theme it (widget/styles.ts), and a consent-gated inline script runs under
 * the page's nonce-based CSP with the page's nonce (widget/gate.ts).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, freshContext, launch } from "./helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const NONCE = "host-page-nonce-0123";

/** A page on the Worker's origin with hostile CSS, a theme, and gated scripts, under a nonce CSP. */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title>
<style nonce="${NONCE}">
  button { background: rgb(255, 0, 0) !important; font-size: 40px !important; }
  section { display: none !important; }
  #preferably { --pf-accent: rgb(176, 0, 32); }
</style></head>
<body><main><h1>Host page</h1><button class="b" id="own">The page's own button</button></main>
<script type="text/plain" data-consent="analytics" nonce="${NONCE}">window.__gated = "ran";</script>
<script type="text/plain" data-consent="analytics">window.__unnonced = "ran";</script>
<script src="/widget.js" data-site="demo" nonce="${NONCE}"></script></body></html>`;

async function open(): Promise<{ page: Page; violations: string[] }> {
  const context = await freshContext(browser);
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) violations.push(m.text());
  });
  await page.route(`${baseUrl()}/host-page`, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html",
      headers: {
        "Content-Security-Policy": `script-src 'self' 'nonce-${NONCE}'; style-src 'self' 'nonce-${NONCE}'`,
      },
      body: PAGE,
    }),
  );
  await page.goto(`${baseUrl()}/host-page`);
  await page.locator("#preferably section.bn").waitFor();
  return { page, violations };
}

const style = (page: Page, selector: string, property: string) =>
  page.locator(selector).evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

describe("on a host page", () => {
  it("should keep the page's CSS out, its own CSS in, and take the --pf-* theme", async () => {
    const { page } = await open();
    const accept = '#preferably button:text-is("Accept all")';
    // The page's `section { display: none }` and `button { … !important }` do not apply inside.
    expect(await page.locator("#preferably section.bn").isVisible()).toBe(true);
    expect(await style(page, accept, "font-size")).not.toBe("40px");
    // The theme's accent is the primary button's background.
    expect(await style(page, accept, "background-color")).toBe("rgb(176, 0, 32)");
    // The widget's `.b` class does not style the page's own button of that class.
    expect(await style(page, "#own", "background-color")).toBe("rgb(255, 0, 0)");
    expect(await style(page, "#own", "min-height")).not.toBe("44px");
    await page.context().close();
  });

  it("should run a gated inline script with the page's nonce once its purpose is granted", async () => {
    const { page, violations } = await open();
    const gated = () =>
      page.evaluate(() => (window as unknown as { __gated?: string }).__gated ?? "not yet");
    expect(await gated()).toBe("not yet");
    await page.locator("#preferably").getByRole("button", { name: "Accept all" }).click();
    await expect.poll(gated).toBe("ran");
    // Without the nonce the same kind of script is refused by the page's CSP: the CSP is real.
    expect(
      await page.evaluate(() => (window as unknown as { __unnonced?: string }).__unnonced),
    ).toBeUndefined();
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => !v.includes("widget"))).toBe(true);
    await page.context().close();
  });
});
