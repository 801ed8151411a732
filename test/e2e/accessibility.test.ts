/**
 * WCAG 2.2 AA checks a person would make beyond axe-core: reflow at 200 % zoom (a 1280x720
 * window at 200 % is a 640x360 CSS-pixel viewport) and at 320 px (WCAG 1.4.10), reduced motion,
 * the preference center's dialog at that size, focus never hidden behind the banner (2.4.11),
 * forced colours (the switch knob stays visible), the dark theme (and widget/README.md's
 * per-scheme example, read from the README), and a page that does not scroll behind the open
 * dialog.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, freshContext, launch, screenshot } from "./helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const banner = "#preferably section.bn";

/** A long page of 60 product links on the Worker's origin, with the per-site script. */
const LONG_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Products</title></head>
<body><main><h1>Products</h1><ul>${Array.from(
  { length: 60 },
  (_, i) => `<li><a href="#p${i}" id="p${i}">Product ${i + 1}</a></li>`,
).join("")}</ul></main><script src="/v1/sites/demo/widget.js"></script></body></html>`;

async function longPage(page: Page): Promise<void> {
  await page.route(`${baseUrl()}/products`, (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: LONG_PAGE }),
  );
  await page.goto(`${baseUrl()}/products`);
  await page.locator(banner).waitFor();
}

describe("accessibility", () => {
  it("should reflow at 200 % zoom: no sideways scrolling, every button reachable", async () => {
    const context = await browser.newContext({ viewport: { width: 640, height: 360 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/`);
    await page.locator(banner).waitFor();
    const box = await page.locator(banner).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 640).toBe(true);
    expect(await page.evaluate("document.documentElement.scrollWidth <= innerWidth")).toBe(true);
    for (const name of ["Accept all", "Reject all", "Customize"]) {
      const button = page.locator("#preferably").getByRole("button", { name, exact: true });
      await button.scrollIntoViewIfNeeded();
      expect(await button.isVisible()).toBe(true);
    }
    await screenshot(page, "banner-200-percent");
    await page.locator("#preferably").getByRole("button", { name: "Customize" }).click();
    const dialog = page.locator('#preferably [role="dialog"]');
    await dialog.waitFor();
    const d = await dialog.boundingBox();
    expect(d && d.width <= 640 && d.height <= 360).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("should not animate when the visitor prefers reduced motion (the banner never does)", async () => {
    const animations = async (reducedMotion: "reduce" | "no-preference") => {
      const context = await browser.newContext({ reducedMotion });
      const page = await context.newPage();
      await page.goto(`${baseUrl()}/`);
      await page.locator(banner).waitFor();
      const name = (el: Element) => getComputedStyle(el).animationName;
      const bannerAnimation = await page.locator(banner).evaluate(name);
      await page.locator("#preferably").getByRole("button", { name: "Customize" }).click();
      const dialog = page.locator('#preferably [role="dialog"]');
      await dialog.waitFor();
      const dialogAnimation = await dialog.evaluate(name);
      await context.close();
      return [bannerAnimation, dialogAnimation];
    };
    // The banner is drawn whole in its first frame; the dialog fades in, but not under "reduce".
    expect(await animations("reduce")).toEqual(["none", "none"]);
    expect(await animations("no-preference")).toEqual([
      "none",
      expect.not.stringMatching(/^none$/),
    ]);
  });

  it("should never hide a focused link behind the banner (2.4.11 Focus Not Obscured)", async () => {
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 320, height: 640 },
    ]) {
      const context = await freshContext(browser);
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await longPage(page);
      const hidden: string[] = [];
      const visited = new Set<string>();
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        const state = (await page.evaluate(`(() => {
          const el = document.activeElement;
          if (!el || el.tagName !== "A") return null;
          const r = el.getBoundingClientRect();
          const b = document.getElementById("preferably").shadowRoot.querySelector(".bn").getBoundingClientRect();
          const covered = r.bottom > b.top && r.top < b.bottom && r.right > b.left && r.left < b.right;
          const off = r.bottom <= 0 || r.top >= innerHeight;
          return { id: el.id, hidden: covered || off };
        })()`)) as { id: string; hidden: boolean } | null;
        if (state) visited.add(state.id);
        if (state?.hidden) hidden.push(state.id);
      }
      // Every one of the 60 links took focus (the widget comes after them in the page), with the
      // banner still up: otherwise the check above would have looked at nothing.
      expect(visited.size, `${viewport.width}px`).toBe(60);
      expect(await page.locator(banner).isVisible()).toBe(true);
      expect(hidden, `${viewport.width}px`).toEqual([]);
      await context.close();
    }
  });

  it("should reflow at 320 px: no sideways scrolling, every banner button reachable", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/`);
    await page.locator(banner).waitFor();
    expect(await page.evaluate("document.documentElement.scrollWidth <= innerWidth")).toBe(true);
    for (const name of ["Accept all", "Reject all", "Customize"]) {
      const button = page.locator("#preferably").getByRole("button", { name, exact: true });
      const box = await button.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 320, name).toBe(true);
    }
    await context.close();
  });

  it("should keep the switch knob visible in forced colours", async () => {
    const context = await browser.newContext({ forcedColors: "active" });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/`);
    await page.locator("#preferably").getByRole("button", { name: "Customize" }).click();
    const sw = page.locator("#preferably").getByRole("switch", { name: "Personalised shop" });
    const colours = async () =>
      sw.evaluate((el) => ({
        knob: getComputedStyle(el, "::before").backgroundColor,
        track: getComputedStyle(el).backgroundColor,
      }));
    const off = await colours();
    expect(off.knob).not.toBe(off.track);
    await sw.check();
    const on = await colours();
    expect(on.knob).not.toBe(on.track);
    await screenshot(page, "forced-colours");
    await context.close();
  });

  it("should follow a dark colour scheme, and let --pf-* properties override it", async () => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/`);
    await page.locator(banner).waitFor();
    const bg = () => page.locator(banner).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await bg()).toBe("rgb(31, 31, 35)");
    expect(await page.locator(banner).evaluate((el) => getComputedStyle(el).colorScheme)).toBe(
      "light dark",
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "banner-dark");
    await page.evaluate(() =>
      document.getElementById("preferably")?.style.setProperty("--pf-bg", "rgb(1, 2, 3)"),
    );
    expect(await bg()).toBe("rgb(1, 2, 3)");
    await context.close();
  });

  it("should take widget/README.md's per-scheme theme example as it is written", async () => {
    const readme = readFileSync(join(import.meta.dirname, "../../widget/README.md"), "utf8");
    const theming = readme.slice(readme.indexOf("**Dark theme.**"));
    const css = /```css\n([\s\S]*?)```/.exec(theming)?.[1];
    expect(css, "the README's dark theme example").toBeDefined();
    const looks = async (colorScheme: "light" | "dark") => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      // A host page of the site's own, the example in its stylesheet (the demo page's CSP
      // refuses inline styles).
      const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Themed</title>
<style>${css}</style></head><body><main><h1>Themed</h1></main>
<script src="/v1/sites/demo/widget.js"></script></body></html>`;
      await page.route(`${baseUrl()}/themed`, (r) =>
        r.fulfill({ status: 200, contentType: "text/html", body }),
      );
      await page.goto(`${baseUrl()}/themed`);
      const accept = page.locator("#preferably").getByRole("button", { name: "Accept all" });
      await accept.waitFor();
      const seen = {
        bg: await page.locator(banner).evaluate((el) => getComputedStyle(el).backgroundColor),
        accent: await accept.evaluate((el) => getComputedStyle(el).backgroundColor),
      };
      await context.close();
      return seen;
    };
    // The example's light accent over the light defaults; its dark values over the dark ones.
    expect(await looks("light")).toEqual({ bg: "rgb(255, 255, 255)", accent: "rgb(176, 0, 32)" });
    expect(await looks("dark")).toEqual({ bg: "rgb(32, 26, 26)", accent: "rgb(255, 180, 171)" });
  });

  it("should not scroll the page behind the open preference center", async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await longPage(page);
    await page.locator("#preferably").getByRole("button", { name: "Customize" }).click();
    await page.locator('#preferably [role="dialog"]').waitFor();
    const before = await page.evaluate("scrollY");
    await page.mouse.move(20, 20);
    await page.mouse.wheel(0, 2000);
    await page.waitForTimeout(200);
    expect(await page.evaluate("scrollY")).toBe(before);
    await page.keyboard.press("Escape");
    await page.locator('#preferably [role="dialog"]').waitFor({ state: "detached" });
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => page.evaluate("scrollY")).toBeGreaterThan(before as number);
    await context.close();
  });
});
