import { describe, expect, it } from "vitest";
import { pickLocale, textIn } from "../../shared/text.ts";

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
