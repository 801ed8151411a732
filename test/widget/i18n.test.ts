import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { EN, fill, loadTexts, textsFile, WIDGET_LOCALES } from "../../widget/i18n.ts";

const DIR = join(import.meta.dirname, "..", "..", "widget", "locales");
const file = (lang: string): Record<string, string> =>
  JSON.parse(readFileSync(join(DIR, `${lang}.json`), "utf8"));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("widget texts", () => {
  it("should speak the 24 official EU languages: English built in, one file for each other", () => {
    expect(WIDGET_LOCALES).toHaveLength(24);
    const files = readdirSync(DIR).map((f) => f.replace(/\.json$/, ""));
    expect(files.sort()).toEqual(WIDGET_LOCALES.filter((l) => l !== "en"));
  });

  it("should name the banner buttons exactly as the design asks in English", () => {
    expect([EN.acceptAll, EN.rejectAll, EN.customize]).toEqual([
      "Accept all",
      "Reject all",
      "Customize",
    ]);
  });

  it("should have every text in every locale, none empty, none extra, placeholders matching", () => {
    for (const lang of WIDGET_LOCALES.filter((l) => l !== "en")) {
      const texts = file(lang);
      expect(Object.keys(texts).sort(), lang).toEqual(Object.keys(EN).sort());
      for (const [key, en] of Object.entries(EN)) {
        const text = texts[key] ?? "";
        expect(text.trim(), `${lang}.${key}`).not.toBe("");
        expect(placeholders(text), `${lang}.${key}`).toEqual(placeholders(en));
      }
    }
  });

  it("should use French typography: a space before the colon and the question mark", () => {
    for (const text of Object.values(file("fr"))) {
      expect(text).not.toMatch(/\S[:?!;]/u);
    }
  });

  it("should pick the file by primary language, and none for English or an unknown one", () => {
    expect(textsFile("de-AT")).toBe("de");
    expect(textsFile("pt-BR")).toBe("pt");
    expect(textsFile("en-GB")).toBeUndefined();
    expect(textsFile("ja")).toBeUndefined();
  });

  it("should fetch only the visitor's language, without credentials, and fall back to English", async () => {
    const seen: string[] = [];
    const fetch = vi.fn(async (url: string, init: RequestInit) => {
      seen.push(`${url} ${init.credentials}`);
      return Response.json(file("de"));
    }) as unknown as typeof globalThis.fetch;
    expect((await loadTexts("https://edge.example/", "de-AT", fetch)).acceptAll).toBe(
      "Alle akzeptieren",
    );
    expect(seen).toEqual(["https://edge.example/locales/de.json omit"]);
    expect(await loadTexts("https://edge.example", "en", fetch)).toBe(EN);
    const down = (async () => {
      throw new TypeError("offline");
    }) as unknown as typeof globalThis.fetch;
    expect(await loadTexts("https://edge.example", "fr", down)).toBe(EN);
  });

  it("should fill placeholders and leave unknown ones", () => {
    expect(fill("Allowed: {list}. {x}", { list: "A, B" })).toBe("Allowed: A, B. {x}");
  });
});
