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

  it("should leave no text in English", () => {
    for (const lang of WIDGET_LOCALES.filter((l) => l !== "en")) {
      const texts = file(lang);
      for (const [key, en] of Object.entries(EN)) expect(texts[key], `${lang}.${key}`).not.toBe(en);
    }
  });

  it("should use French typography: a no-break space before : and a narrow one before ? ! ;", () => {
    for (const text of Object.values(file("fr"))) {
      // A plain space could break the line before the colon; no space at all is English style.
      expect(text).not.toMatch(/[^\u00a0][:]|[^\u202f\u00a0][?!;]/u);
    }
  });

  /**
   * One form of address per language, as its privacy notices use it: the other form's pronouns
   * must not appear (letters on both sides count as part of the word, for every script).
   */
  const OTHER_FORM: Record<string, RegExp> = {
    // formal: Sie, vous, usted, o senhor (o seu), u, Vy, Ön, dvs., ви, σας, jūs
    de: /(?<!\p{L})(du|dich|dir|dein\p{L}*)(?!\p{L})/iu,
    fr: /(?<!\p{L})(tu|toi|ton|ta|tes)(?!\p{L})/iu,
    es: /(?<!\p{L})(tú|tu|tus|puedes|quieres)(?!\p{L})/iu,
    pt: /(?<!\p{L})(tu|teu|tua|teus|tuas|podes)(?!\p{L})/iu,
    nl: /(?<!\p{L})(je|jij|jou|jouw)(?!\p{L})/iu,
    cs: /(?<!\p{L})(ty|tvůj|tvoje|tvá|tvou|tebe|ti)(?!\p{L})/iu,
    sk: /(?<!\p{L})(ty|tvoj|tvoje|tvoja|teba|ti)(?!\p{L})/iu,
    sl: /(?<!\p{L})(tvoj\p{L}*)(?!\p{L})/iu,
    hr: /(?<!\p{L})(tvoj\p{L}*|ti)(?!\p{L})/iu,
    hu: /(?<!\p{L})(te|téged|neked|tiéd)(?!\p{L})/iu,
    ro: /(?<!\p{L})(tu|tău|ta|tale|tine|acceptă|refuză|salvează|închide|renunță|descarcă|șterge)(?!\p{L})/iu,
    bg: /(?<!\p{L})(ти|твоя|твоят|твоите|теб|изтрий)(?!\p{L})/iu,
    el: /(?<!\p{L})(σου|εσύ)(?!\p{L})/iu,
    lv: /(?<!\p{L})(tu|tavs|tava|tavu|tev)(?!\p{L})/iu,
    lt: /(?<!\p{L})(tu|tavo|tau)(?!\p{L})/iu,
    // informal: tu (it), Ty (pl), du (da, sv), sinä (fi), sina (et); ga and mt know one form
    it: /(?<!\p{L})(Lei|Suo|Sua|Suoi|Sue)(?!\p{L})/u,
    pl: /(?<!\p{L})(Pan|Pani|Państwo|Pana|Pani)(?!\p{L})/u,
    da: /(?<!\p{L})(De|Dem|Deres)(?!\p{L})/u,
    sv: /(?<!\p{L})(Ni|Er|Ert|Era)(?!\p{L})/u,
    fi: /(?<!\p{L})(Te|Teidän|Teitä|Teille)(?!\p{L})/u,
    et: /(?<!\p{L})(Teie|Teid|Teile|Te)(?!\p{L})/u,
  };

  it("should address the visitor in one form throughout each language", () => {
    for (const [lang, other] of Object.entries(OTHER_FORM)) {
      for (const [key, text] of Object.entries(file(lang))) {
        expect(text, `${lang}.${key}`).not.toMatch(other);
      }
    }
  });

  /**
   * The legal words as the GDPR's own text in each language has them (art. 4(11) consent,
   * art. 7(3) withdraw), the same in every text that speaks of them; and one verb for deleting.
   */
  const WORDS: Record<string, [consent: RegExp, withdraw: RegExp, erase: RegExp]> = {
    de: [/einwilligung/i, /widerruf/i, /lösch/i],
    fr: [/consentement/i, /retir/i, /supprim/i],
    es: [/consentimiento/i, /retir/i, /elimin/i],
    it: [/consenso/i, /revoc/i, /elimin/i],
    pt: [/consentimento/i, /retir/i, /apag/i],
    nl: [/toestemming/i, /tr[eo]k/i, /wis/i],
    da: [/samtykke/i, /tr[æu]k/i, /slet/i],
    sv: [/samtyck/i, /återkall/i, /radera/i],
    fi: [/suostumu/i, /peruut/i, /poist/i],
    pl: [/zgod/i, /wycof/i, /usu[nń]/i],
    cs: [/souhlas/i, /odvol/i, /smaz/i],
    sk: [/súhlas/i, /odvola/i, /vymaz/i],
    sl: [/privolit/i, /prekli[cč]/i, /izbri/i],
    hr: [/privol/i, /povu[cč]/i, /izbri/i],
    hu: [/hozzájárulás/i, /visszavon/i, /törö?l/i],
    ro: [/consimțământ/i, /retra/i, /șter/i],
    bg: [/съгласие/i, /оттегл/i, /изтри/i],
    el: [/συγκατάθεσ/i, /αν[άα]κλ/i, /διαγρ/i],
    et: [/nõusolek/i, /tagasi/i, /kustut/i],
    lv: [/piekrišan/i, /atsauk/i, /dzēs/i],
    lt: [/sutikim/i, /atšauk/i, /ištrin/i],
    ga: [/oiliú/i, /tarraing/i, /scrios/i],
    mt: [/kunsens/i, /irtir/i, /ħass/i],
  };

  it("should say consent, withdraw and delete with the GDPR's own words, the same everywhere", () => {
    expect(Object.keys(WORDS).sort()).toEqual(WIDGET_LOCALES.filter((l) => l !== "en"));
    for (const [lang, [consent, withdraw, erase]] of Object.entries(WORDS)) {
      const t = file(lang);
      for (const key of ["asks", "withdraw", "withdrawn", "withdrawnMethod"]) {
        expect(t[key], `${lang}.${key}`).toMatch(consent);
      }
      for (const key of ["withdraw", "withdrawn", "withdrawnMethod"]) {
        expect(t[key], `${lang}.${key}`).toMatch(withdraw);
      }
      for (const key of ["deleteData", "confirmDelete", "confirmYes", "deleted"]) {
        expect(t[key], `${lang}.${key}`).toMatch(erase);
      }
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
