/**
 * The widget's language in real Chromium, chosen from `navigator.languages` (the first one the
 * site has, English as the fallback), and only that language downloaded: the per-site script
 * carries it (no language file at all), the site-independent `/widget.js` fetches the one file it
 * needs and no other. And the tag's launcher options (`data-launcher`, `data-launcher-label`)
 * over the site config's.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launch } from "./helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const shell = (tag: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Shop</title></head><body><main><h1>Shop</h1></main>${tag}</body></html>`;
const PER_SITE = shell('<script src="/v1/sites/demo/widget.js"></script>');
const INDEPENDENT = shell('<script src="/widget.js" data-site="demo" defer></script>');

/** Opens `body` in a browser speaking `languages`; every path the page requested, in order. */
async function visit(
  languages: string[],
  body: string,
): Promise<{ page: Page; requests: string[]; close: () => Promise<void> }> {
  // The visitor's whole list, in navigator.languages and in Accept-Language alike, as a browser
  // sends it (Chromium gives both only the context's locale).
  const context = await browser.newContext({
    locale: languages[0],
    extraHTTPHeaders: { "Accept-Language": languages.join(",") },
  });
  await context.addInitScript(
    `Object.defineProperty(Navigator.prototype, "languages", { get: () => ${JSON.stringify(languages)} });`,
  );
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.route(`${baseUrl()}/shop`, (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body }),
  );
  await page.goto(`${baseUrl()}/shop`);
  await page.locator("#preferably section.bn").waitFor();
  return { page, requests, close: () => context.close() };
}

const button = (page: Page, name: string) =>
  page.locator("#preferably").getByRole("button", { name, exact: true });
const localeFiles = (requests: string[]) => requests.filter((p) => p.startsWith("/locales/"));

describe("languages", () => {
  it("should speak the first of the visitor's languages the site has, from the per-site script alone", async () => {
    // Japanese is not one of the demo's languages; Spanish (es-MX, by its primary tag) is.
    const { page, requests, close } = await visit(["ja", "es-MX", "de"], PER_SITE);
    await button(page, "Aceptar todo").waitFor();
    expect(await page.locator("#preferably").getAttribute("lang")).toBe("es");
    expect(localeFiles(requests)).toEqual([]);
    expect(requests.filter((p) => p.endsWith("/config"))).toEqual([]);
    await close();
  });

  it("should fetch only the visitor's language file with the site-independent script", async () => {
    const german = await visit(["de-DE", "fr"], INDEPENDENT);
    await button(german.page, "Alle akzeptieren").waitFor();
    expect(localeFiles(german.requests)).toEqual(["/locales/de.json"]);
    await german.close();
  });

  it("should fall back to English, with no language file, for a language the site does not have", async () => {
    const polish = await visit(["pl-PL"], INDEPENDENT);
    await button(polish.page, "Accept all").waitFor();
    expect(localeFiles(polish.requests)).toEqual([]);
    await polish.close();
  });
});

describe("the tag's launcher options", () => {
  it("should name and place the launcher as the tag says, or show none when hidden", async () => {
    const labelled = await visit(
      ["en-GB"],
      shell(
        '<script src="/v1/sites/demo/widget.js" data-launcher="bottom-right" data-launcher-label="Cookie settings"></script>',
      ),
    );
    await button(labelled.page, "Reject all").click();
    const launcher = button(labelled.page, "Cookie settings");
    await launcher.waitFor();
    const box = await launcher.boundingBox();
    const width = (await labelled.page.evaluate("innerWidth")) as number;
    expect(box && box.x > width / 2, "bottom-right").toBe(true);
    await labelled.close();

    const hidden = await visit(
      ["en-GB"],
      shell('<script src="/v1/sites/demo/widget.js" data-launcher="hidden"></script>'),
    );
    await button(hidden.page, "Reject all").click();
    await hidden.page.locator("#preferably section.bn").waitFor({ state: "detached" });
    expect(await hidden.page.locator("#preferably button").count()).toBe(0);
    // The page opens the preference center itself.
    await hidden.page.evaluate("window.preferably.open()");
    await hidden.page.locator('#preferably [role="dialog"]').waitFor();
    await hidden.close();
  });
});
