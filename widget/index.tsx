/**
 * @module
 * The widget's entry, built twice (vite.config.ts): `dist/widget.js`, a classic script that
 * starts itself from its own tag, and `dist/widget.mjs`, an ES module for single-page apps.
 *
 * ```html
 * <script src="https://EDGE/widget.js" data-site="SITE" defer></script>
 * ```
 * ```js
 * import { init, on } from "https://EDGE/widget.mjs";
 * init({ site: "SITE", endpoint: "https://EDGE" });
 * ```
 * The only global is `window.preferably` (these exports). Calling init() twice throws: that is
 * an integrator's mistake, not a visitor's, and the only throw the host page can ever see.
 */
import { createWidget, EVENT_PREFIX, type InitOptions, type Widget } from "./controller.tsx";

export type { InitOptions } from "./controller.tsx";

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

const api = { init, open, getConsent, getSegments, on };

// Classic script: start from our own tag (document.currentScript is null in modules).
const tag = document.currentScript as HTMLScriptElement | null;
if (tag?.dataset.site) {
  if ((window as { preferably?: unknown }).preferably) {
    throw new Error("preferably: loaded twice");
  }
  void init({
    site: tag.dataset.site,
    endpoint: tag.dataset.endpoint ?? new URL(tag.src, location.href).origin,
  });
}
