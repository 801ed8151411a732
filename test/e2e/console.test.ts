/**
 * The owner's console in real headless Chromium against `wrangler dev`, without JavaScript and
 * on a phone-sized screen: an owner signs in with the token the operator's POST /v1/sites gave,
 * builds a new segment with the rule builder, previews it (JSON Logic, example matches, diff),
 * publishes it, and the public config serves it. Zero axe-core violations, no CSP violation.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import tiny from "../worker/fixtures/tiny.json" with { type: "json" };
import { axeViolations, baseUrl, launch } from "./helpers.ts";

const RESULTS = join(import.meta.dirname, "..", "..", "test-results");
const base = baseUrl();
const SITE = "e2e-shop";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let ownerToken = "";
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  const { marketerTokenSha256: _, ...config } = tiny;
  const res = await fetch(`${base}/v1/sites`, {
    method: "POST",
    // wrangler dev on loopback without OPERATOR_KEY: the documented local key.
    headers: { Authorization: "Bearer local-operator-key", "Content-Type": "application/json" },
    body: JSON.stringify({
      ...config,
      id: SITE,
      k: 10,
      allowedOrigins: ["https://shop.example"],
      policyUrl: "https://shop.example/privacy",
    }),
  });
  expect(res.status).toBe(201);
  ownerToken = ((await res.json()) as { ownerToken: string }).ownerToken;
  browser = await launch();
  context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 390, height: 844 },
  });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
});

async function signIn(p: Page): Promise<void> {
  await p.goto(`${base}/admin/${SITE}`);
  await p.fill("#token", ownerToken);
  await p.click("form[action$='/sign-in'] button");
  await p.locator("form[action$='/edit']").waitFor();
}

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the console in Chromium", () => {
  it("should sign an owner in without JavaScript", async () => {
    await page.goto(`${base}/admin/${SITE}`);
    expect(await page.locator("label[for='token']").textContent()).toBe("Owner token");
    await signIn(page);
    expect(await page.locator("h1").textContent()).toBe("Tiny test site: console");
    expect(await page.locator("script").count()).toBe(0);
  });

  it("should build a new segment, preview it and publish it", async () => {
    // tiny has 4 segments: the blank one to add is s4.
    await page.fill("input[name='s4.id']", "cat-people-2");
    await page.fill("input[name='s4.label.en']", "Cat people (console)");
    await page.selectOption("select[name='s4.r0.question']", "pets");
    await page.selectOption("select[name='s4.r0.match']", "any");
    await page.selectOption("select[name='s4.r0.options']", ["pets:cat"]);
    await page.click("button[value='preview']");
    await page.locator("#outcome").waitFor();
    expect(await page.locator("#outcome").textContent()).toBe("Preview (not published yet)");
    expect(await page.locator("#diff").textContent()).toContain("segment added: cat-people-2");
    const row = page.locator("#examples tr", { hasText: "cat-people-2" });
    // Nothing answered: no; first options (cat): matches; last options (dog): no; every option: matches.
    expect(await row.locator("td").allTextContents()).toEqual([
      "no",
      "matches",
      "no",
      "matches",
      '{"or":[{"in":["cat",{"var":["pets",[]]}]}]}',
    ]);
    await page.click("button[value='publish']");
    await page.locator("#outcome", { hasText: "Published version 2" }).waitFor();
    expect(await page.locator("#diff").textContent()).toContain("segment added: cat-people-2");
    await page.screenshot({ path: join(RESULTS, "console.png"), fullPage: true });
    const config = (await (await fetch(`${base}/v1/sites/${SITE}/config`)).json()) as {
      segments: { id: string; rule: unknown }[];
    };
    expect(config.segments.find((s) => s.id === "cat-people-2")?.rule).toEqual({
      or: [{ in: ["cat", { var: ["pets", []] }] }],
    });
    const changes = (await (await fetch(`${base}/v1/sites/${SITE}/changes`)).json()) as {
      entries: { version: number; summary: string[] }[];
    };
    expect(changes.entries.at(-1)).toMatchObject({
      version: 2,
      summary: ["segment added: cat-people-2"],
    });
  });

  it("should load everything it needs with no CSP violation and no console error", () => {
    expect(problems).toEqual([]);
  });

  it("should have zero axe-core violations and fit a phone, signed out, signed in and previewing", async () => {
    // axe runs as a script, so this context has JavaScript; the pages themselves have none.
    const audit = await browser.newContext({
      viewport: { width: 375, height: 800 },
      isMobile: true,
      hasTouch: true,
    });
    const p = await audit.newPage();
    const fits = () =>
      p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await p.goto(`${base}/admin/${SITE}`);
    expect(await axeViolations(p)).toEqual([]);
    await signIn(p);
    expect(await axeViolations(p)).toEqual([]);
    expect(await fits()).toBe(0);
    await p.click("button[value='preview']");
    await p.locator("#outcome").waitFor();
    expect(await axeViolations(p)).toEqual([]);
    expect(await fits()).toBe(0);
    await p.screenshot({ path: join(RESULTS, "console-phone.png"), fullPage: true });
    await audit.close();
  });
});
