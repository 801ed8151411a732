/**
 * @module
 * Picking a text in the visitor's language. Pure: the widget passes navigator.languages in.
 */
import type { Text } from "./schema.ts";

/**
 * The best locale among `available` for the visitor's `preferred` list (navigator.languages):
 * exact tag first, then the primary language ("de-AT" matches "de"), else `fallback`.
 * @example pickLocale(["de-AT", "en"], ["en", "de"], "en") // "de"
 */
export function pickLocale(
  preferred: readonly string[],
  available: readonly string[],
  fallback: string,
): string {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    const exact = available.find((a) => a.toLowerCase() === lower);
    if (exact) return exact;
    const primary = lower.split("-")[0];
    const near = available.find((a) => a.toLowerCase().split("-")[0] === primary);
    if (near) return near;
  }
  return fallback;
}

/** A site text in `locale`, falling back to the default locale, then to any text there is. */
export function textIn(text: Text | undefined, locale: string, defaultLocale: string): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  return text[locale] ?? text[defaultLocale] ?? Object.values(text)[0] ?? "";
}

/** Every visitor-facing text of `config` in `locale` only (with textIn's fallbacks). */
export function localizeConfig<
  C extends {
    name: Text;
    defaultLocale: string;
    banner?: { title?: Text; description?: Text } | undefined;
    launcher?: { label?: Text } | undefined;
    purposes: Array<{ label: Text; description: Text }>;
    questions: Array<{
      label: Text;
      minLabel?: Text | undefined;
      maxLabel?: Text | undefined;
      options?: Array<{ label: Text }> | undefined;
    }>;
    segments: Array<{ label: Text; description?: Text | undefined }>;
  },
>(config: C, locale: string): C {
  const t = (x: Text) => textIn(x, locale, config.defaultLocale);
  // Optional texts stay absent rather than becoming "" (the widget has fallbacks for them).
  const opt = <O extends object>(o: O, ...keys: Array<keyof O>): O => {
    const out = { ...o };
    for (const k of keys) if (o[k] !== undefined) out[k] = t(o[k] as Text) as O[keyof O];
    return out;
  };
  const out: C = {
    ...config,
    name: t(config.name),
    purposes: config.purposes.map((p) => opt(p, "label", "description")),
    questions: config.questions.map((q) => ({
      ...opt(q, "label", "minLabel", "maxLabel"),
      ...(q.options ? { options: q.options.map((o) => opt(o, "label")) } : {}),
    })),
    segments: config.segments.map((s) => opt(s, "label", "description")),
  };
  if (config.banner) out.banner = opt(config.banner, "title", "description");
  if (config.launcher) out.launcher = opt(config.launcher, "label");
  return out;
}
