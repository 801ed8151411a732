/**
 * @module
 * GET /v1/sites/:site/privacy: the record of processing, JSON by default, a readable HTML page
 * with `Accept: text/html` or `?format=html`.
 */
import { Hono } from "hono";
import { pickLocale } from "../../shared/text.ts";
import type { AppEnv } from "../app-env.ts";
import { toBase64Url } from "../counting/encoding.ts";
import { privacyPage } from "../privacy/page.ts";
import { privacyRecord } from "../privacy/record.ts";

/** Whether the request asks for the HTML page. */
function wantsHtml(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === "html";
  return /\btext\/html\b/.test(accept ?? "");
}

export const privacyRoute = new Hono<AppEnv>().get("/", async (c) => {
  const config = c.var.config;
  // `?locale=de`, else the visitor's Accept-Language, else the site's default locale.
  const wanted = c.req.query("locale") ?? c.req.header("Accept-Language") ?? "";
  const preferred = wanted
    .split(",")
    .map((t) => t.split(";")[0]?.trim() ?? "")
    .filter(Boolean);
  const record = privacyRecord(config, pickLocale(preferred, config.locales, config.defaultLocale));
  c.header("Vary", "Accept, Accept-Language");
  c.header("Cache-Control", "public, max-age=300");
  if (!wantsHtml(c.req.query("format"), c.req.header("Accept"))) return c.json(record);
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  );
  return c.html(await privacyPage(record, nonce));
});
