/**
 * e2e helpers: Chromium through playwright-core (test/local.ts finds it), a request log,
 * keyboard-only navigation across the widget's shadow root, and axe-core.
 */

import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  type Request,
} from "playwright-core";
import { inject } from "vitest";
import { solveProof } from "../../shared/proof.ts";
import { CHROMIUM_ARGS, chromiumPath } from "../local.ts";

/** What the tests read from the page's window (widget API and the CSP probe). */
export interface PageWindow {
  preferably: {
    getConsent(): Record<string, boolean> | undefined;
    getSegments(): string[];
  };
  __violations: string[];
}

export const baseUrl = (): string => inject("baseUrl");

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS });
}

export interface Logged {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Every request the page makes to the visitor API, in order; `settled()` waits for their headers. */
export type ApiLog = Logged[] & { settled(): Promise<void> };

export function logApi(page: Page): ApiLog {
  const pending: Promise<void>[] = [];
  const log = Object.assign([] as Logged[], {
    settled: async () => {
      await Promise.all(pending);
    },
  });
  page.on("request", (r: Request) => {
    if (!r.url().includes("/v1/")) return;
    const text = r.postData();
    const entry: Logged = {
      method: r.method(),
      url: r.url(),
      headers: {},
      body: text ? JSON.parse(text) : undefined,
    };
    log.push(entry);
    // allHeaders() includes the Cookie header, which headers() would not show.
    pending.push(
      r.allHeaders().then((h) => {
        entry.headers = h;
      }),
    );
  });
  return log;
}

/** A fresh context (its own IndexedDB) with a cookie on the Worker's origin, so a leak would show. */
export async function freshContext(browser: Browser, init?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: "en-GB" });
  await context.addCookies([{ name: "session", value: "must-not-be-sent", url: baseUrl() }]);
  if (init) await context.addInitScript(init);
  return context;
}

/** The accessible-ish name of the element that has focus, looking inside shadow roots. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement as HTMLElement | null;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
    if (!el) return "";
    const input = el as HTMLInputElement;
    const name =
      el.getAttribute("aria-label") ?? input.labels?.[0]?.textContent ?? el.textContent ?? "";
    return name.trim();
  });
}

/** Presses Tab until the focused element is named `name` (keyboard only, no clicks). */
export async function tabTo(page: Page, name: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached "${name}" (last: "${await focusedName(page)}")`);
}

const require = createRequire(import.meta.url);

/**
 * Waits until every running CSS animation on the page, shadow roots included, has finished. The
 * preference center fades in over 0.2 s (widget/styles.ts); axe's color-contrast rule measures
 * the colours as drawn, so a dialog caught half-faded reads as low contrast (a flaky failure seen
 * in CI at 200 % zoom, stop 16).
 */
export async function animationsFinished(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const roots: Array<Document | ShadowRoot> = [document];
    for (const el of document.querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
    // An endless animation would never finish: only those that end are waited for.
    const running = roots
      .flatMap((r) => r.getAnimations())
      .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime ?? 0)));
    await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
  });
}

/** axe-core violations on the whole page, shadow roots included (WCAG 2.x A and AA rules). */
export async function axeViolations(
  page: Page,
): Promise<Array<{ id: string; nodes: number; help: string }>> {
  // Evaluated through the DevTools protocol, not added as a <script>: the demo page's CSP
  // (script-src 'self') rightly refuses inline scripts, and the audit must not weaken it.
  if (!(await page.evaluate("typeof window.axe === 'object'"))) {
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  }
  await animationsFinished(page);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: unknown,
            o: unknown,
          ): Promise<{ violations: Array<{ id: string; help: string; nodes: unknown[] }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
    });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.length, help: v.help }));
  });
}

/** Saves a screenshot under test-results/ (gitignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(import.meta.dirname, "..", "..", "test-results");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), animations: "disabled" });
}

/** A challenge solved as the widget solves it (shared/proof.ts on Web Crypto). */
export async function solveChallenge(c: {
  challenge: string;
  difficulty: number;
}): Promise<{ challenge: string; solution: number }> {
  const sha256 = async (m: string) =>
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(m)));
  const solution = await solveProof(sha256, c.challenge, c.difficulty);
  if (solution === undefined) throw new Error("no solution");
  return { challenge: c.challenge, solution };
}

/** A fresh solved challenge of `site` at `base`, for tests that post without the widget. */
export async function solvedProof(
  base: string,
  site: string,
): Promise<{ challenge: string; solution: number }> {
  const res = await fetch(`${base}/v1/sites/${site}/challenge`);
  return solveChallenge((await res.json()) as { challenge: string; difficulty: number });
}
