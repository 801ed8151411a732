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
