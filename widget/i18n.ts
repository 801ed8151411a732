/**
 * @module
 * The widget's own texts (buttons, headings, notices). English is built in; the other official EU
 * languages are one JSON file each, `widget/locales/LANG.json`, served as `/locales/LANG.json`,
 * and a visitor downloads only their own: the per-site script (worker/routes/widget-script.ts)
 * carries the visitor's locale inside it, and widget.js without it fetches the one file it needs.
 * The site's texts (purposes, questions, banner) come from the site config; the widget picks one
 * locale for both (shared/text.ts `pickLocale` over the config's locales), so a visitor never sees
 * two languages mixed. `{name}` placeholders are filled by `fill()`.
 */

/** Every text the widget writes itself. */
export const EN = {
  acceptAll: "Accept all",
  rejectAll: "Reject all",
  customize: "Customize",
  preferences: "Privacy preferences",
  save: "Save choices",
  close: "Close",
  cancel: "Cancel",
  purposes: "Purposes",
  questions: "Your preferences (optional)",
  alwaysOn: "Always on",
  gpc: "Your browser sends Global Privacy Control, and we honor it: we do not sell or share your data.",
  gpcShort: "off under Global Privacy Control",
  noStorage: "This browser does not let us keep your choices: they last until you leave this page.",
  stored: "Stored on this device",
  nothingStored: "Nothing is stored on this device.",
  summary: "You decided on {date} ({method}), under privacy policy version {version}.",
  allowed: "Allowed: {list}.",
  segments: "You are in: {list}.",
  expires: "We will ask again on {date}.",
  acceptedAll: "accepted all",
  rejectedAll: "rejected all",
  custom: "your own choice",
  withdrawnMethod: "consent withdrawn",
  download: "Download as JSON",
  withdraw: "Withdraw consent",
  deleteData: "Delete my data",
  confirmDelete: "Delete your choices and answers from this device? This cannot be undone.",
  confirmYes: "Yes, delete",
  deleted: "Deleted from this device. Choose again whenever you like.",
  saved: "Saved. You can change your choices at any time.",
  withdrawn: "Consent withdrawn. Only what is strictly necessary stays on.",
  noAnswer: "No answer",
  policy: "Privacy policy",
  asks: "We ask your consent for:",
  intro: "We keep your choices on this device and send nothing until you choose.",
};

export type WidgetTexts = typeof EN;

/** The languages the widget speaks: the 24 official languages of the EU. */
export const WIDGET_LOCALES = [
  "bg",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "es",
  "et",
  "fi",
  "fr",
  "ga",
  "hr",
  "hu",
  "it",
  "lt",
  "lv",
  "mt",
  "nl",
  "pl",
  "pt",
  "ro",
  "sk",
  "sl",
  "sv",
] as const;

/** The widget's language file for `locale` ("de-AT" uses de), undefined for English or none. */
export function textsFile(locale: string): string | undefined {
  const lang = locale.toLowerCase().split("-")[0] ?? "";
  return lang !== "en" && (WIDGET_LOCALES as readonly string[]).includes(lang) ? lang : undefined;
}

/** English with `texts` over it (a missing text stays English rather than empty). */
export const withTexts = (
  texts: Partial<WidgetTexts> | Record<string, string> | undefined,
): WidgetTexts => ({
  ...EN,
  ...texts,
});

/**
 * The widget's texts for `locale`, fetched from `endpoint` when not English; English when the
 * file cannot be had (the banner still shows, in English).
 */
export async function loadTexts(
  endpoint: string,
  locale: string,
  fetchFn: typeof fetch = fetch,
): Promise<WidgetTexts> {
  const file = textsFile(locale);
  if (!file) return EN;
  try {
    const res = await fetchFn(`${endpoint.replace(/\/$/, "")}/locales/${file}.json`, {
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
    return withTexts(res.ok ? await res.json() : undefined);
  } catch {
    return EN;
  }
}

/** Fills `{name}` placeholders: `fill("Allowed: {list}.", { list: "A, B" })`. */
export const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
