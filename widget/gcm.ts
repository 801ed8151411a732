/**
 * @module
 * Google Consent Mode v2 bridge. Each purpose lists the consent types it grants
 * (`consentMode` in the site config). A type is granted only when every purpose that lists it is
 * granted (the cautious reading when two purposes share a type). Before any choice every type of
 * an optional purpose is 'denied' and those of required purposes (strictly necessary, e.g.
 * security_storage) 'granted' (`gtag('consent', 'default', …)`); each decision sends
 * `gtag('consent', 'update', …)`. Only when the page has `window.gtag` or a `dataLayer`: the
 * widget never loads Google's tag itself.
 */
import type { PublicSiteConfig } from "../shared/schema.ts";

type ConsentState = Record<string, "granted" | "denied">;
interface GtagWindow {
  gtag?: (...args: unknown[]) => void;
  dataLayer?: unknown[];
}

/** The Consent Mode state for `consent` (undefined: no choice yet, only required purposes on). */
export function consentModeState(
  purposes: PublicSiteConfig["purposes"],
  consent: Record<string, boolean> | undefined,
): ConsentState {
  const out: ConsentState = {};
  for (const p of purposes) {
    for (const type of p.consentMode ?? []) {
      const on = p.required || consent?.[p.id] === true;
      const granted = on && out[type] !== "denied";
      out[type] = granted ? "granted" : "denied";
    }
  }
  return out;
}

/** Sends a consent command through gtag, or as gtag would onto dataLayer; false when neither exists. */
export function sendConsentMode(
  command: "default" | "update",
  state: ConsentState,
  win: GtagWindow = window as GtagWindow,
): boolean {
  if (!Object.keys(state).length) return false;
  if (typeof win.gtag === "function") win.gtag("consent", command, state);
  else if (Array.isArray(win.dataLayer)) {
    // gtag.js reads `arguments` objects from dataLayer, not arrays (its own snippet pushes them).
    (function (..._args: unknown[]) {
      // biome-ignore lint/complexity/noArguments: Consent Mode needs the Arguments object itself.
      win.dataLayer?.push(arguments);
    })("consent", command, state);
  } else return false;
  return true;
}
