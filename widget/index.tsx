/**
 * @module
 * The widget's entry, built twice (vite.config.ts): `dist/widget.js`, a classic script that
 * starts itself from its own tag, and `dist/widget.mjs`, an ES module for single-page apps.
 *
 * ```html
 * <script src="https://EDGE/v1/sites/SITE/widget.js"></script>
 * <script src="https://EDGE/widget.js" data-site="SITE" defer></script>
 * ```
 * The first, the per-site script (worker/routes/widget-script.ts), is this same script with the
 * site's public config and the visitor's texts inside (`__preferably`): no config request before
 * the banner. The second fetches the config.
 * ```js
 * import { init, on } from "https://EDGE/widget.mjs";
 * init({ site: "SITE", endpoint: "https://EDGE" });
 * ```
 * The only global is `window.preferably` (these exports). Calling init() twice throws: that is
 * an integrator's mistake, not a visitor's, and the only throw the host page can ever see.
 */
import {
  createWidget,
  type Embedded,
  EVENT_PREFIX,
  type InitOptions,
  type Widget,
} from "./controller.tsx";

export type { InitOptions } from "./controller.tsx";

/** Set only inside the per-site script, which wraps this script in a function of it. */
declare const __preferably: Embedded | undefined;

let started: Promise<Widget | undefined> | undefined;
let current: Widget | undefined;

/** Starts the widget; resolves when it is shown (false: no config, nothing shown). */
export function init(options: InitOptions): Promise<boolean> {
  if (started) throw new Error("preferably: init() twice");
  (window as { preferably?: unknown }).preferably ??= api;
  started = createWidget(options).then(
    (w) => {
      current = w;
      return w;
    },
    () => undefined,
  );
  return started.then(Boolean);
}

/**
 * Resolves once the widget is shown and the device record is read, with the consent then in force
 * (undefined: no decision yet, or no widget). A `preferably:ready` event says the same.
 * @example await preferably.ready(); if (preferably.getConsent()?.analytics) startAnalytics();
 */
export function ready(): Promise<Record<string, boolean> | undefined> {
  return (
    started ??
    new Promise<undefined>((r) =>
      document.addEventListener(`${EVENT_PREFIX}ready`, () => r(undefined), { once: true }),
    )
  ).then(() => getConsent());
}

/** Opens the preference center (once the widget is ready). */
export function open(): void {
  void started?.then((w) => w?.open());
}

/** Per-purpose consent, e.g. `{ necessary: true, analytics: false }`; undefined before a decision. */
export function getConsent(): Record<string, boolean> | undefined {
  return current?.getConsent();
}

/** The visitor's segments, worked out on this device (nothing is sent for them). */
export function getSegments(): string[] {
  return current?.getSegments() ?? [];
}

/**
 * Calls `fn` on every `consent` or `segments` change, and at once if a decision exists.
 * The same news goes out as `preferably:consent` / `preferably:segments` CustomEvents on document.
 * @returns a function that stops the calls.
 */
export function on(event: "consent" | "segments", fn: (detail: unknown) => void): () => void {
  const handler = (e: Event) => fn((e as CustomEvent).detail);
  document.addEventListener(EVENT_PREFIX + event, handler);
  const now = current?.getConsent() && (event === "consent" ? getConsent() : getSegments());
  if (now) fn(now);
  return () => document.removeEventListener(EVENT_PREFIX + event, handler);
}

const api = { init, open, getConsent, getSegments, on, ready };

// Classic script: start from our own tag (document.currentScript is null in modules).
const tag = document.currentScript as HTMLScriptElement | null;
const boot = typeof __preferably === "undefined" ? undefined : __preferably;
const site = tag?.dataset.site ?? boot?.config.site;
if (tag && site) {
  if ((window as { preferably?: unknown }).preferably) {
    throw new Error("preferably: loaded twice");
  }
  const d = tag.dataset;
  const launcher: InitOptions["launcher"] = {};
  if (d.launcher === "hidden") launcher.hidden = true;
  if (d.launcher === "bottom-left" || d.launcher === "bottom-right") launcher.position = d.launcher;
  if (d.launcherLabel) launcher.label = d.launcherLabel;
  // The GTM template injects the script with ?consent-mode=off (it cannot set attributes).
  const src = new URL(tag.src, location.href);
  const consentMode = (d.consentMode ?? src.searchParams.get("consent-mode")) !== "off";
  void init({
    site,
    endpoint: d.endpoint ?? src.origin,
    launcher,
    consentMode,
    ...(boot ? { embedded: boot } : {}),
  });
}
