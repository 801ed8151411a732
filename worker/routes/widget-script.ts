/**
 * @module
 * GET /v1/sites/:site/widget.js: the per-site script (shared/site-script.ts). It is
 * dist/widget.js (the same classic script as /widget.js) wrapped in a function of `__preferably`,
 * which carries the site's public config (read exactly as the config route reads it,
 * worker/routes/config.ts: `c.var.config` through `publicConfig`, less the fields only the edge
 * reads, shared/site-script.ts `widgetConfig`) with its texts in one locale,
 * and the widget's own texts in that locale (dist/locales/LANG.json). So the banner
 * needs no second request before it paints (DESIGN.md data flow 1), and a visitor downloads one
 * language only. The locale is picked from Accept-Language (the list navigator.languages is
 * made from) over the config's locales; the widget checks it against navigator.languages and
 * fetches the full config in the rare case they differ. The header is read, never kept or logged
 * (invariant 2); the answer varies on it, with a strong ETag and the config's public cache.
 */
import { Hono } from "hono";
import type { SiteConfig } from "../../shared/schema.ts";
import { publicConfig } from "../../shared/site-config.ts";
import { type Embedded, siteScript, widgetConfig } from "../../shared/site-script.ts";
import { localizeConfig, pickLocale } from "../../shared/text.ts";
import type { AppEnv } from "../app-env.ts";
import { sha256Hex } from "../counting/encoding.ts";
import { CONFIG_MAX_AGE_SECONDS, MAX_ACCEPT_LANGUAGE_TAGS } from "../limits.ts";
import { etagMatches } from "./config.ts";

/** Accept-Language's tags, most wanted first (RFC 9110 §12.5.4); "*" and q=0 left out. */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .slice(0, MAX_ACCEPT_LANGUAGE_TAGS)
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.tag !== "*" && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}

// Static files of this deployment never change while it runs: read each once per isolate.
const assets = new Map<string, Promise<string | undefined>>();
function asset(env: Env, path: string): Promise<string | undefined> {
  let text = assets.get(path);
  if (!text) {
    text = env.ASSETS.fetch(`https://assets.invalid${path}`).then((r) =>
      r.ok ? r.text() : undefined,
    );
    assets.set(path, text);
  }
  return text;
}

const rendered = new WeakMap<SiteConfig, Map<string, Promise<{ body: string; etag: string }>>>();

async function render(env: Env, config: SiteConfig, locale: string) {
  const core = await asset(env, "/widget.js");
  // A deployment without its built widget is broken: that is a 500, not a visitor's error.
  if (core === undefined) throw new Error("dist/widget.js is missing: run `npm run build`");
  const lang = locale.toLowerCase().split("-")[0] ?? "";
  const texts = lang === "en" ? undefined : await asset(env, `/locales/${lang}.json`);
  const embedded: Embedded = {
    config: widgetConfig(localizeConfig(publicConfig(config), locale)),
    locale,
  };
  if (texts !== undefined) embedded.texts = JSON.parse(texts) as Record<string, string>;
  const body = siteScript(core, embedded);
  return { body, etag: `"${(await sha256Hex(body)).slice(0, 32)}"` };
}

export const widgetScriptRoute = new Hono<AppEnv>().get("/", async (c) => {
  const config = c.var.config;
  const locale = pickLocale(
    acceptedLanguages(c.req.header("Accept-Language")),
    config.locales,
    config.defaultLocale,
  );
  const byLocale = rendered.get(config) ?? new Map<string, ReturnType<typeof render>>();
  rendered.set(config, byLocale);
  let r = byLocale.get(locale);
  if (!r) {
    r = render(c.env, config, locale);
    byLocale.set(locale, r);
    r.catch(() => byLocale.delete(locale));
  }
  const { body, etag } = await r;
  const headers = {
    ETag: etag,
    "Cache-Control": `public, max-age=${CONFIG_MAX_AGE_SECONDS}`,
    Vary: "Accept-Language",
  };
  if (etagMatches(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, "Content-Type": "text/javascript; charset=utf-8" });
});
