import { describe, expect, it } from "vitest";
import { WIDGET_LOCALES, widgetTexts } from "../../widget/i18n.ts";

describe("widgetTexts", () => {
  it("should have English, German, French and Spanish", () => {
    expect(WIDGET_LOCALES).toEqual(["en", "de", "fr", "es"]);
  });

  it("should name the banner buttons exactly as the design asks in English", () => {
    const t = widgetTexts("en");
    expect([t.acceptAll, t.rejectAll, t.customize, t.preferences, t.save]).toEqual([
      "Accept all",
      "Reject all",
      "Customize",
      "Privacy preferences",
      "Save choices",
    ]);
    expect(t.deleteData).toBe("Delete my data");
    expect(t.gpc).toContain("Global Privacy Control");
  });

  it("should have every text in every locale, none empty", () => {
    const keys = Object.keys(widgetTexts("en"));
    for (const locale of WIDGET_LOCALES) {
      const t = widgetTexts(locale);
      expect(Object.keys(t)).toEqual(keys);
      for (const k of keys)
        expect(t[k as keyof typeof t].length, `${locale}.${k}`).toBeGreaterThan(0);
    }
  });

  it("should use the primary language for a regional tag and English for an unknown one", () => {
    expect(widgetTexts("de-AT").acceptAll).toBe("Alle akzeptieren");
    expect(widgetTexts("fr").rejectAll).toBe("Tout refuser");
    expect(widgetTexts("es").customize).toBe("Personalizar");
    expect(widgetTexts("ja").acceptAll).toBe("Accept all");
  });
});
