/**
 * The three visitor journeys in real headless Chromium against the real Worker (`wrangler dev`
 * serving the built dist/widget.js), keyboard only: reject all; customize, answer, save, reload,
 * reopen, delete my data; and Global Privacy Control. Each checks what went over the wire:
 * nothing before a choice (invariant 1) and never a Cookie header (invariant 4).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageWindow } from "./helpers.ts";
import {
  type ApiLog,
  axeViolations,
  baseUrl,
  focusedName,
  freshContext,
  launch,
  logApi,
  screenshot,
  tabTo,
} from "./helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const banner = "#preferably section.bn";
const dialog = '#preferably [role="dialog"]';
const assignments = (log: ApiLog) => log.filter((r) => r.url.includes("/assignments"));

describe("visitor journeys", () => {
  it("should reject all by keyboard, send nothing, and remember it", async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    const log = logApi(page);
    await page.goto(`${baseUrl()}/`);
    await page.locator(banner).waitFor();
    await screenshot(page, "banner");
    expect(await axeViolations(page)).toEqual([]);
    // Before any choice only the per-site script was fetched, config inside (invariant 1).
    expect(log.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "GET /v1/sites/demo/widget.js",
    ]);

    await tabTo(page, "Reject all");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Privacy preferences", exact: true }).last().waitFor();
    // WCAG 2.4.3: focus goes to the launcher, not to <body>, and "Saved" is on screen.
    await expect.poll(() => focusedName(page)).toBe("Privacy preferences");
    expect(await page.locator("#preferably .st").textContent()).toContain("Saved");
    expect(
      await page.evaluate(() => (window as unknown as PageWindow).preferably.getConsent()),
    ).toMatchObject({
      analytics: false,
      personalisation: false,
      advertising: false,
    });
    await page.reload();
    await page.locator("#preferably").waitFor({ state: "attached" });
    await page.waitForFunction(
      () => (window as unknown as PageWindow).preferably?.getConsent() !== undefined,
    );
    expect(await page.locator(banner).count()).toBe(0);
    expect(assignments(log)).toEqual([]);
    await context.close();
  });

  it("should customize by keyboard, count once without cookies, reopen, and delete my data", async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    const log = logApi(page);
    await page.goto(`${baseUrl()}/`);
    await page.locator(banner).waitFor();

    await tabTo(page, "Customize");
    await page.keyboard.press("Enter");
    await page.locator(dialog).waitFor();
    expect(await focusedName(page)).toContain("Privacy preferences");
    await screenshot(page, "preference-center");
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, "Anonymous audience counts");
    await page.keyboard.press("Space");
    await tabTo(page, "Personalised shop");
    await page.keyboard.press("Space");
    await tabTo(page, "Running");
    await page.keyboard.press("Space");
    await tabTo(page, "Save choices");
    const posted = page.waitForResponse(
      (r) => r.url().endsWith("/assignments") && r.request().method() === "POST",
    );
    await page.keyboard.press("Enter");
    expect((await posted).status()).toBe(200);
    // Focus went somewhere sensible: the launcher, since the banner is gone; "Saved" is shown.
    await expect.poll(() => focusedName(page)).toBe("Privacy preferences");
    expect(await page.locator("#preferably .st").textContent()).toContain("Saved");

    await log.settled();
    const post = assignments(log)[0];
    expect(post?.headers.cookie).toBeUndefined();
    expect(post?.body).toMatchObject({
      policyVersion: "2026-11-01",
      consent: { analytics: true, personalisation: true, advertising: false },
      answers: { interests: ["running"] },
    });
    // Segments are worked out once the rule compiler (widget-rules.mjs) has loaded.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as PageWindow).preferably.getSegments()))
      .toContain("runners");
    await expect.poll(() => page.locator("#picks-why").textContent()).toContain("Picked for you");
    expect(await page.locator("#gated").textContent()).toContain("Ran");

    // Reload: no banner, the launcher reopens the preference center, Escape returns focus.
    await page.reload();
    const launcher = page
      .locator("#preferably")
      .getByRole("button", { name: "Privacy preferences" });
    await launcher.waitFor();
    expect(await page.locator(banner).count()).toBe(0);
    await tabTo(page, "Privacy preferences");
    // The page's own button has the same name: make sure focus is on the widget's launcher.
    if (
      !(await launcher.evaluate(
        (el) =>
          el.getRootNode() instanceof ShadowRoot &&
          (el.getRootNode() as ShadowRoot).activeElement === el,
      ))
    ) {
      await page.keyboard.press("Tab");
      await tabTo(page, "Privacy preferences");
    }
    await page.keyboard.press("Enter");
    await page.locator(dialog).waitFor();
    await page.keyboard.press("Escape");
    await page.locator(dialog).waitFor({ state: "detached" });
    expect(await focusedName(page)).toBe("Privacy preferences");

    // Delete my data: the contribution is retracted with the receipt, the device cleared.
    await page.keyboard.press("Enter");
    await page.locator(dialog).waitFor();
    await tabTo(page, "Delete my data");
    const deleted = page.waitForResponse(
      (r) => r.url().endsWith("/assignments") && r.request().method() === "DELETE",
    );
    await page.keyboard.press("Enter");
    // A confirmation step, focused; then the banner is back at once, with a visible notice.
    await expect.poll(() => focusedName(page)).toBe("Yes, delete");
    await page.keyboard.press("Enter");
    expect((await deleted).status()).toBe(200);
    await page.locator(banner).waitFor();
    expect(await page.locator("#preferably .st").textContent()).toContain(
      "Deleted from this device",
    );
    expect(await focusedName(page)).toBe("Accept all");
    await log.settled();
    const del = assignments(log).find((r) => r.method === "DELETE");
    expect(del?.headers.cookie).toBeUndefined();
    expect(Object.keys(del?.body as object)).toEqual(["receipt"]);
    expect(assignments(log).filter((r) => r.method === "POST")).toHaveLength(1);
    await page.reload();
    await page.locator(banner).waitFor();
    await context.close();
  });

  it("should honour Global Privacy Control: sharing stays off and the banner says so", async () => {
    const context = await freshContext(
      browser,
      "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });",
    );
    const page = await context.newPage();
    const log = logApi(page);
    await page.goto(`${baseUrl()}/`);
    await page.locator(banner).waitFor();
    expect(await page.locator(banner).textContent()).toContain("Global Privacy Control");
    await tabTo(page, "Accept all");
    const posted = page.waitForResponse((r) => r.url().endsWith("/assignments"));
    await page.keyboard.press("Enter");
    expect((await posted).status()).toBe(200);
    await log.settled();
    expect(assignments(log)[0]?.body).toMatchObject({
      consent: { analytics: true, advertising: false },
    });
    expect(assignments(log)[0]?.headers.cookie).toBeUndefined();
    expect(
      await page.evaluate(
        () => (window as unknown as PageWindow).preferably.getConsent()?.advertising,
      ),
    ).toBe(false);
    await context.close();
  });
});
