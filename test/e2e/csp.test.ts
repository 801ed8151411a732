/**
 * The widget under a strict Content-Security-Policy (no 'unsafe-inline', no eval): a page on
 * the Worker's origin served with `script-src 'self'; style-src 'self'` must show a styled
 * banner with no CSP violation (styles come from a constructable stylesheet, widget/styles.ts).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageWindow } from "./helpers.ts";
import { baseUrl, launch } from "./helpers.ts";

/**
 * Customize, answer "Running", save: a decision with answers, so the rule compiler
 * (widget-rules.mjs) is loaded and run under the page's CSP too.
 */
async function saveWithAnswer(page: Page): Promise<void> {
  const widget = page.locator("#preferably");
  await widget.getByRole("button", { name: "Customize" }).click();
  await widget.getByRole("checkbox", { name: "Running" }).click();
  await widget.getByRole("button", { name: "Save choices" }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as PageWindow).preferably.getSegments()))
    .toContain("runners");
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict CSP</title></head>
<body><main><h1>Strict CSP</h1></main><script src="/widget.js" data-site="demo" defer></script></body></html>`;

describe("strict CSP", () => {
  it("should render the banner under script-src 'self'; style-src 'self' with no violation", async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      (window as unknown as PageWindow).__violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as PageWindow).__violations.push(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      );
    });
    const page = await context.newPage();
    const console: string[] = [];
    page.on("console", (m) => console.push(m.text()));
    await page.route(`${baseUrl()}/strict-csp`, (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/html",
        headers: { "Content-Security-Policy": "script-src 'self'; style-src 'self'" },
        body: PAGE,
      }),
    );
    await page.goto(`${baseUrl()}/strict-csp`);
    const banner = page.locator("#preferably section.bn");
    await banner.waitFor();
    expect(await banner.evaluate((el) => getComputedStyle(el).position)).toBe("fixed");
    await saveWithAnswer(page);
    expect(await page.evaluate(() => (window as unknown as PageWindow).__violations)).toEqual([]);
    expect(console.filter((m) => m.includes("Content Security Policy"))).toEqual([]);
    await context.close();
  });

  it("should serve the demo page with a strict CSP and security headers, and run under them", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const console: string[] = [];
    page.on("console", (m) => console.push(m.text()));
    const res = await page.goto(`${baseUrl()}/`);
    const headers = res?.headers() ?? {};
    expect(headers["content-security-policy"]).toContain("script-src 'self';");
    expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    // HSTS on static files too (widget/public/_headers), as on every Worker answer.
    expect(headers["strict-transport-security"]).toBe("max-age=31536000");
    const widget = await fetch(`${baseUrl()}/widget.js`);
    expect(widget.headers.get("Strict-Transport-Security")).toBe("max-age=31536000");
    await page.locator("#preferably section.bn").waitFor();
    await saveWithAnswer(page);
    expect(console.filter((m) => m.includes("Content Security Policy"))).toEqual([]);
    await context.close();
  });
});
