/**
 * WCAG 2.2 AA checks a person would make beyond axe-core: reflow at 200 % zoom (a 1280x720
 * window at 200 % is a 640x360 CSS-pixel viewport, WCAG 1.4.10), reduced motion, and the
 * preference center's dialog at that size.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, launch, screenshot } from "./helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const banner = "#preferably section.bn";

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

  it("should not animate when the visitor prefers reduced motion", async () => {
    const animation = async (reducedMotion: "reduce" | "no-preference") => {
      const context = await browser.newContext({ reducedMotion });
      const page = await context.newPage();
      await page.goto(`${baseUrl()}/`);
      await page.locator(banner).waitFor();
      const name = await page.locator(banner).evaluate((el) => getComputedStyle(el).animationName);
      await context.close();
      return name;
    };
    expect(await animation("reduce")).toBe("none");
    expect(await animation("no-preference")).not.toBe("none");
  });
});
