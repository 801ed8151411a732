/**
 * The marketer dashboard in real headless Chromium against `wrangler dev` (test/e2e/global-setup.ts):
 * sign in, see the charts, filter, download the CSV, sign out; without JavaScript; zero axe-core
 * violations; no CSP violation. Screenshots go to test-results/ for a person to look at.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, launch, solvedProof } from "./helpers.ts";

const RESULTS = join(import.meta.dirname, "..", "..", "test-results");
const base = baseUrl();
const TOKEN = "demo-token";
const K = 10; // worker/sites/demo.json

interface Audience {
  id: string;
  label: string;
  audience: number | null;
  suppressed: boolean;
}

let browser: Browser;

async function api(path: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${base}/dashboard/demo`);
  await page.fill("#token", TOKEN);
  // The URL is the same before and after (POST, 303, GET): wait for the signed-in page itself.
  await page.click("form[action$='/sign-in'] button");
  await page.locator("form[action$='/sign-out']").waitFor();
  await page.waitForLoadState("load");
}

/** Console messages that report a blocked resource (CSP) or an error. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  return problems;
}

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  // Enough contributions for some segments to reach k = 10; "racket-fans" stays below it.
  const post = async (answers: Record<string, unknown>) =>
    fetch(`${base}/v1/sites/demo/assignments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: base },
      body: JSON.stringify({
        proof: await solvedProof(base, "demo"),
        policyVersion: "2026-11-01",
        consent: { analytics: true },
        answers,
      }),
    });
  for (let i = 0; i < K + 2; i++) {
    expect(
      (await post({ interests: ["running", "hiking"], level: "beginner", budget: 5 })).status,
    ).toBe(200);
  }
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("the dashboard in Chromium", () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    // No JavaScript at all: the dashboard must work with forms, links and SVG alone.
    context = await browser.newContext({
      javaScriptEnabled: false,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    problems = watchConsole(page);
  });
  afterAll(async () => {
    await context.close();
  });

  it("should sign in with the token and show charts and tables that match the API", async () => {
    await signIn(page);
    expect(await page.locator("h1").textContent()).toBe("Stride Sports (demo): audiences");
    expect(await page.locator("svg[aria-labelledby='bar-title bar-desc']").isVisible()).toBe(true);
    expect(await page.locator("svg[aria-labelledby='line-title line-desc']").isVisible()).toBe(
      true,
    );
    const api_ = (await (await api("/v1/sites/demo/segments")).json()) as { segments: Audience[] };
    const runners = api_.segments.find((s) => s.id === "runners");
    expect(runners?.audience).toBeGreaterThanOrEqual(K + 2);
    for (const s of api_.segments) {
      const cell = (
        await page.locator(`#current-table tr[data-segment='${s.id}'] td`).first().textContent()
      )?.trim();
      expect(cell, s.id).toBe(
        s.suppressed ? "held back" : (s.audience ?? 0).toLocaleString("en-US"),
      );
    }
    expect(api_.segments.some((s) => s.suppressed)).toBe(true);
    await page.screenshot({ path: join(RESULTS, "dashboard.png"), fullPage: true });
  });

  it("should load everything it needs with no CSP violation and no console error", async () => {
    await page.goto(`${base}/dashboard/demo`);
    expect(problems).toEqual([]);
  });

  it("should filter by date range and segment with the GET form, and by a quick period", async () => {
    const to = await page.locator("#to").inputValue();
    const day = (offset: number) =>
      new Date(Date.parse(`${to}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    // The filters are folded away under a summary that says what is shown (issue 14).
    expect(await page.locator("#from").isVisible()).toBe(false);
    await page.click("details.filter-fold > summary");
    await page.fill("#from", day(-6));
    await page.fill("#to", day(-2));
    await page.check("input[name='segment'][value='runners']");
    await Promise.all([
      page.waitForURL(/from=[\d-]+&to=[\d-]+&segment=runners$/),
      page.click("form.filters button"),
    ]);
    expect(await page.locator("#current-table tbody tr").count()).toBe(1);
    expect(await page.locator("#series-table tbody tr").count()).toBe(5);
    expect(await page.locator("#from").inputValue()).toBe(day(-6));
    expect(await page.locator("#to").inputValue()).toBe(day(-2));
    expect(await page.locator("details.filter-fold > summary").textContent()).toMatch(/, Runners$/);
    // A quick period keeps the ticked segment and ends today.
    await Promise.all([page.waitForURL(/days=7&segment=runners$/), page.click("text=Last 7 days")]);
    expect(await page.locator("#series-table tbody tr").count()).toBe(7);
    expect(await page.locator("#to").inputValue()).toBe(to);
  });

  it("should download the same CSV the API serves", async () => {
    await page.goto(`${base}/dashboard/demo`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("text=Download CSV"),
    ]);
    expect(download.suggestedFilename()).toMatch(/^demo-segments-\d{4}-\d\d-\d\d\.csv$/);
    const file = join(RESULTS, "dashboard-segments.csv");
    await download.saveAs(file);
    const csv = readFileSync(file, "utf8");
    expect(
      csv.startsWith(
        "day,segment,label,audience,added,removed,suppressed,unusual,share,change,change_relative\r\n",
      ),
    ).toBe(true);
    expect(csv).toBe(await (await api("/v1/sites/demo/segments.csv?days=30")).text());
  });

  it("should list the reads in the access log without any client detail", async () => {
    await page.goto(`${base}/dashboard/demo`);
    const rows = await page.locator("#access-table tbody tr").allTextContents();
    expect(rows.some((r) => r.includes("dashboard/segments.csv"))).toBe(true);
    expect(rows.join("\n")).not.toMatch(/127\.0\.0\.1|HeadlessChrome|Mozilla/);
  });

  it("should sign out and be asked for the token again", async () => {
    await page.click("text=Sign out");
    await page.locator("#token").waitFor();
    expect(page.url()).toBe(`${base}/dashboard/demo`);
    expect((await context.cookies()).filter((c) => c.name === "pref_dashboard")).toEqual([]);
  });

  it("should refuse a wrong token", async () => {
    await page.goto(`${base}/dashboard/demo`);
    await page.fill("#token", "wrong-token");
    await page.click("form[action$='/sign-in'] button");
    expect(await page.locator("[role=alert]").textContent()).toBe(
      "That token is not valid for this site.",
    );
  });
});

describe("the dashboard's accessibility and phone layout", () => {
  it("should have zero axe-core violations on the sign-in page and the dashboard", async () => {
    // axe is injected as a script tag, which the dashboard's CSP rightly refuses: bypass it here
    // only (the context above checks the CSP with JavaScript off).
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${base}/dashboard/demo`);
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("should style the page from its own stylesheet under the strict CSP", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page);
    const background = await page
      .locator(".filters")
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe("rgb(246, 248, 250)");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("should fit a 390 px phone: numbers on the first screen, charts in the width, zero axe violations", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      bypassCSP: true, // for axe's injected script only; the CSP itself is checked above
    });
    const page = await context.newPage();
    await signIn(page);
    const layout = await page.evaluate(() => {
      const doc = document.documentElement;
      const box = (sel: string) => document.querySelector(sel)?.getBoundingClientRect();
      const svgs = [...document.querySelectorAll("main svg[role=img]")].filter(
        (s) => s.getBoundingClientRect().width > 0,
      );
      return {
        overflow: doc.scrollWidth - doc.clientWidth,
        width: doc.clientWidth,
        firstNumber: box("#current-table tbody tr td")?.bottom ?? Number.POSITIVE_INFINITY,
        firstBar: box("svg[aria-labelledby='bar-narrow-title bar-narrow-desc'] g.bar")?.bottom,
        formShown: document.querySelector("form.filters")?.checkVisibility() ?? false,
        charts: svgs.map((s) => ({
          id: s.id || s.getAttribute("aria-labelledby"),
          right: s.getBoundingClientRect().right,
          // What 13 units of SVG text become on screen.
          scale: s.getBoundingClientRect().width / (s as SVGSVGElement).viewBox.baseVal.width,
        })),
      };
    });
    expect(layout.overflow).toBe(0);
    // The first segment's bar and number are on the first screen (844 px tall), the form folded.
    expect(layout.firstBar).toBeLessThan(844);
    expect(layout.formShown).toBe(false);
    // Only the compact charts show, inside the width, their text at least 12 px.
    const ids = layout.charts.map((c) => c.id ?? "");
    expect(ids).toContain("bar-narrow-title bar-narrow-desc");
    expect(ids).toContain("line-narrow-title line-narrow-desc");
    expect(ids.some((id) => id.startsWith("answers-"))).toBe(true);
    for (const id of ids) expect(id).toMatch(/-narrow-title \S+-narrow-desc$/);
    for (const c of layout.charts) {
      expect(c.right).toBeLessThanOrEqual(layout.width);
      expect(13 * c.scale).toBeGreaterThanOrEqual(12);
    }
    await page.screenshot({ path: join(RESULTS, "dashboard-phone.png"), fullPage: true });
    await page.screenshot({ path: join(RESULTS, "dashboard-phone-first-screen.png") });
    expect(await axeViolations(page)).toEqual([]);
    // Opened, the filters fit too.
    await page.click("details.filter-fold > summary");
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    ).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
