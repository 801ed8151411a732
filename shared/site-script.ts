/**
 * @module
 * The per-site script (GET /v1/sites/:site/widget.js, worker/routes/widget-script.ts): the
 * classic widget script, dist/widget.js, inside a function of `__preferably`, the site's public
 * config with every text in one locale and the widget's own texts in it. The widget reads it
 * (widget/index.tsx, widget/controller.tsx `Embedded`) instead of fetching its config. Pure, so
 * the Worker, the widget's types and the benchmark share one definition.
 */
import type { PublicSiteConfig } from "./schema.ts";

/** What the per-site script carries. */
export interface Embedded {
  /** The public config with every text in `locale` only (shared/text.ts localizeConfig). */
  config: PublicSiteConfig;
  locale: string;
  /** The widget's own texts in `locale` (widget/locales/LANG.json); absent for English. */
  texts?: Record<string, string>;
}

/** The per-site script's body: `core` (dist/widget.js) called with the embedded data. */
export function siteScript(core: string, embedded: Embedded): string {
  return `/* Preferably for ${embedded.config.site} (${embedded.locale}) */\n(function(__preferably){\n${core.trim()}\n})(${JSON.stringify(embedded)});\n`;
}
