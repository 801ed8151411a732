/**
 * @module
 * The per-site script (GET /v1/sites/:site/widget.js, worker/routes/widget-script.ts): the
 * classic widget script, dist/widget.js, inside a function of `__preferably`, the site's public
 * config with every text in one locale and the widget's own texts in it. The widget reads it
 * (widget/index.tsx, widget/controller.tsx `Embedded`) instead of fetching its config. Pure, so
 * the Worker, the widget's types and the benchmark share one definition.
 */
import type { PublicSiteConfig } from "./schema.ts";

/**
 * What the widget reads of the public config: all of it but the fields only the edge and the
 * record of processing use (who may embed, counting window and retention, k and noise, the
 * controller, transfers and security measures). The per-site script leaves those out: about
 * 260 B gzipped of the first download (the demo in Greek), and the widget never reads them.
 */
export type WidgetConfig = Omit<
  PublicSiteConfig,
  | "allowedOrigins"
  | "windowDays"
  | "retentionDays"
  | "k"
  | "dpEpsilon"
  | "exactCounts"
  | "controller"
  | "transfers"
  | "security"
  | "rightsContact"
>;

/** The public config without what the widget never reads (see WidgetConfig). */
export function widgetConfig(config: PublicSiteConfig): WidgetConfig {
  const {
    allowedOrigins: _origins,
    windowDays: _window,
    retentionDays: _retention,
    k: _k,
    dpEpsilon: _epsilon,
    exactCounts: _exact,
    controller: _controller,
    transfers: _transfers,
    security: _security,
    rightsContact: _rights,
    ...rest
  } = config;
  return rest;
}

/** What the per-site script carries. */
export interface Embedded {
  /** The widget's part of the public config, every text in `locale` only (localizeConfig). */
  config: WidgetConfig;
  locale: string;
  /** The widget's own texts in `locale` (widget/locales/LANG.json); absent for English. */
  texts?: Record<string, string>;
}

/**
 * V8's explicit compile hint (v8.dev/blog/explicit-compile-hints, Chrome 136+), as the first
 * line of the file: every function in it is compiled eagerly, on the thread that streams the
 * script in, instead of lazily on the main thread at its first call. Everything in the widget's
 * first script runs before the banner is drawn, so that compile work would otherwise sit on the
 * main thread between the script's arrival and the first paint: about 10 ms there with the CPU
 * slowed 4x (22 -> 11 ms of EvaluateScript, Chromium trace, test/bench/widget.bench.ts). Other
 * engines read a comment. On dist/widget.js and widget.mjs (vite.config.ts) and on the per-site
 * script, whose first line it must be.
 */
export const COMPILE_HINTS = "//# allFunctionsCalledOnLoad";

/** The per-site script's body: `core` (dist/widget.js) called with the embedded data. */
export function siteScript(core: string, embedded: Embedded): string {
  return `${COMPILE_HINTS}\n/* Preferably for ${embedded.config.site} (${embedded.locale}) */\n(function(__preferably){\n${core.trim()}\n})(${JSON.stringify(embedded)});\n`;
}
