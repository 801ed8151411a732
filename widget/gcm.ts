/**
 * @module
 * Google Consent Mode v2, as Google documents it for consent platforms
 * (developers.google.com/tag-platform/security/guides/consent): the widget's script, placed in the
 * head before Google's tag, sets `gtag('consent', 'default', …)` for all seven types at once, with
 * `wait_for_update` (so tags wait for a stored decision) and optionally scoped to regions; then,
 * only once the visitor decides or a stored decision is loaded, one `gtag('consent', 'update', …)`.
 *
 * Each purpose lists the types it grants (`consentMode` in the site config). A type is granted only
 * when every purpose that lists it is granted (the cautious reading when two purposes share a
 * type); a type no purpose lists stays denied. Required purposes grant theirs from the start.
 * Under Global Privacy Control the types of sale-or-share purposes stay denied (invariant 7).
 * The widget never loads Google's tag: it writes onto `dataLayer` (creating it, as gtag's own
 * snippet does) or calls `window.gtag` when the page has one.
 */

import { CONSENT_MODE_TYPES } from "../shared/consent-mode.ts";
import { DEFAULT_WAIT_FOR_UPDATE_MS } from "../shared/limits.ts";
import type { PublicSiteConfig } from "../shared/schema.ts";

export type ConsentState = Record<(typeof CONSENT_MODE_TYPES)[number], "granted" | "denied">;
interface GtagWindow {
  gtag?: (...args: unknown[]) => void;
  dataLayer?: unknown[];
}
type Config = Pick<PublicSiteConfig, "purposes" | "googleConsentMode">;

/** The Consent Mode state of all seven types for `consent` (undefined: no choice yet). */
export function consentModeState(
  purposes: PublicSiteConfig["purposes"],
  consent: Record<string, boolean> | undefined,
  gpc = false,
): ConsentState {
  const out = {} as ConsentState;
  for (const type of CONSENT_MODE_TYPES) out[type] = "denied";
  const seen = new Set<string>();
  for (const p of purposes) {
    for (const type of p.consentMode ?? []) {
      const on = (p.required || consent?.[p.id] === true) && !(gpc && p.saleOrShare && !p.required);
      out[type] = on && (!seen.has(type) || out[type] === "granted") ? "granted" : "denied";
      seen.add(type);
    }
  }
  return out;
}

/** Whether the site uses Consent Mode at all (a purpose maps a type, or settings are given). */
export const usesConsentMode = (c: Config): boolean =>
  !!c.googleConsentMode || c.purposes.some((p) => p.consentMode?.length);

/**
 * The commands the page gets before any choice, in order: the default (with `wait_for_update`,
 * and `region` when the site scopes it, except under GPC, which holds everywhere), then the
 * site's `set` commands.
 */
export function consentModeDefaults(config: Config, gpc: boolean): unknown[][] {
  const s = config.googleConsentMode ?? {};
  const state: Record<string, unknown> = {
    ...consentModeState(config.purposes, undefined, gpc),
    wait_for_update: s.waitForUpdate ?? DEFAULT_WAIT_FOR_UPDATE_MS,
  };
  if (s.regions && !gpc) state.region = s.regions;
  const out: unknown[][] = [["consent", "default", state]];
  if (s.adsDataRedaction) out.push(["set", "ads_data_redaction", true]);
  if (s.urlPassthrough) out.push(["set", "url_passthrough", true]);
  if (s.developerId) out.push(["set", `developer_id.${s.developerId}`, true]);
  return out;
}

/** Sends gtag commands: through `window.gtag`, else onto `dataLayer` as gtag would. */
export function sendConsentMode(
  commands: unknown[][],
  win: GtagWindow = window as GtagWindow,
): void {
  for (const args of commands) {
    if (typeof win.gtag === "function") win.gtag(...args);
    else {
      win.dataLayer ??= [];
      // gtag.js reads `arguments` objects from dataLayer, not arrays (its own snippet pushes them).
      (function (..._args: unknown[]) {
        // biome-ignore lint/complexity/noArguments: Consent Mode needs the Arguments object itself.
        win.dataLayer?.push(arguments);
      })(...args);
    }
  }
}
