import { describe, expect, it } from "vitest";
import { checkSiteConfig, publicConfig } from "../../shared/site-config.ts";
import { localizeConfig, pickLocale, textIn } from "../../shared/text.ts";
import demo from "../../worker/sites/demo.json";

describe("pickLocale", () => {
  it("should prefer an exact tag, then the primary language, then the fallback", () => {
    expect(pickLocale(["fr-CA", "de"], ["en", "fr-CA", "fr"], "en")).toBe("fr-CA");
    expect(pickLocale(["de-AT", "en"], ["en", "de"], "en")).toBe("de");
    expect(pickLocale(["ja"], ["en", "de"], "en")).toBe("en");
    expect(pickLocale([], ["en"], "en")).toBe("en");
  });
});

describe("textIn", () => {
  it("should pick the locale, fall back to the default, then to any text", () => {
    expect(textIn({ en: "Hi", de: "Hallo" }, "de", "en")).toBe("Hallo");
    expect(textIn({ en: "Hi", de: "Hallo" }, "es", "en")).toBe("Hi");
    expect(textIn({ de: "Hallo" }, "es", "en")).toBe("Hallo");
    expect(textIn("Plain", "de", "en")).toBe("Plain");
    expect(textIn(undefined, "de", "en")).toBe("");
  });
});

describe("localizeConfig", () => {
  const check = checkSiteConfig(demo);
  if (!check.ok) throw new Error("demo config does not check");
  const config = publicConfig(check.config);

  it("should leave every visitor-facing text in one locale, and nothing else changed", () => {
    const de = localizeConfig(config, "de");
    const texts = [
      de.name,
      de.banner?.title,
      de.banner?.description,
      ...de.purposes.flatMap((p) => [p.label, p.description]),
      ...de.questions.flatMap((q) => [
        q.label,
        q.minLabel,
        q.maxLabel,
        ...(q.options ?? []).map((o) => o.label),
      ]),
      ...de.segments.flatMap((s) => [s.label, s.description]),
    ].filter((t) => t !== undefined);
    expect(texts.every((t) => typeof t === "string")).toBe(true);
    expect(de.banner?.title).toBe("Ihre Wahl bei Stride Sports");
    expect(de.segments.map((s) => s.rule)).toEqual(config.segments.map((s) => s.rule));
    expect(de.locales).toEqual(config.locales);
    expect(de.questions[2]).not.toHaveProperty("options");
    expect(de.segments[0]).not.toHaveProperty("description");
    // A locale the site lacks gets the default locale's texts.
    expect(localizeConfig(config, "ja").banner?.title).toBe("Your choices at Stride Sports");
  });
});

describe("the demo site's texts", () => {
  /** Every text object of the demo config, wherever it is. */
  function texts(x: unknown, out: Array<Record<string, string>> = []) {
    if (Array.isArray(x)) for (const v of x) texts(v, out);
    else if (x && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (typeof o.en === "string") out.push(o as Record<string, string>);
      else for (const v of Object.values(o)) texts(v, out);
    }
    return out;
  }
  const all = texts(demo);

  it("should set French punctuation apart with a space (« : », « ? », « ; »)", () => {
    const fr = all.map((t) => t.fr).filter((t): t is string => t !== undefined);
    expect(fr.length).toBeGreaterThan(20);
    for (const t of fr) expect(t).not.toMatch(/\S[:?!;]/u);
  });

  it("should say in every language that sharing with advertisers is a sale or sharing under CCPA", () => {
    const ads = demo.purposes.find((p) => p.id === "advertising")?.description as Record<
      string,
      string
    >;
    for (const locale of demo.locales) expect(ads[locale], locale).toContain("CCPA");
  });

  it("should write Tennis in Spanish as Tenis", () => {
    const tennis = demo.questions[0]?.options?.find((o) => o.id === "tennis")?.label;
    expect(tennis).toMatchObject({ es: "Tenis" });
  });
});
