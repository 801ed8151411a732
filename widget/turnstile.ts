/**
 * @module
 * The widget's side of Turnstile, for a site whose operator chose it (`proof: "turnstile"`;
 * worker/README.md, "Proof before counting"). Part of the lazily loaded sync (widget/center.tsx),
 * so it adds nothing to the banner's first paint, and called only by the sync, after counting
 * consent: a site that did not choose Turnstile never loads Cloudflare's script. The script is
 * a third-party request to Cloudflare, which is why it is not the default.
 *
 * It renders an explicit widget (Cloudflare's client-side rendering) in a box at the end of the
 * page, shown only if Cloudflare asks the visitor to interact (`appearance: "interaction-only"`),
 * with the error callback set, so Turnstile never throws into the host page; the box is removed
 * once the token, an error or TURNSTILE_TOKEN_TIMEOUT_MS comes.
 */
import { TURNSTILE_ACTION } from "../shared/proof.ts";

/** Cloudflare's script, explicit rendering (the widget renders when the sync asks for a token). */
export const TURNSTILE_SCRIPT_URL =
  "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
/** How long the sync waits for a token before it gives up for this try (and retries later). */
export const TURNSTILE_TOKEN_TIMEOUT_MS = 120_000;

/** The part of Cloudflare's `window.turnstile` this module uses. */
export interface TurnstileApi {
  render(container: HTMLElement, options: Record<string, unknown>): string | null | undefined;
  remove(id: string): void;
}

let loading: Promise<TurnstileApi | undefined> | undefined;

/**
 * Cloudflare's `turnstile` object, loading its script once (undefined when it cannot load: a
 * blocker, offline, a CSP without challenges.cloudflare.com; a later call tries again).
 */
export function loadTurnstile(): Promise<TurnstileApi | undefined> {
  const ready = () => (window as { turnstile?: TurnstileApi }).turnstile;
  if (ready()) return Promise.resolve(ready());
  loading ??= new Promise<TurnstileApi | undefined>((resolve) => {
    const script = document.createElement("script");
    script.src = TURNSTILE_SCRIPT_URL;
    script.async = true;
    script.onload = () => resolve(ready());
    script.onerror = () => {
      script.remove();
      resolve(undefined);
    };
    document.head.append(script);
  }).then((api) => {
    if (!api) loading = undefined;
    return api;
  });
  return loading;
}

/**
 * A fresh Turnstile token for `siteKey` (each is single use), or undefined when none came
 * (script not loaded, an error, or TURNSTILE_TOKEN_TIMEOUT_MS). Never throws.
 */
export async function turnstileToken(
  siteKey: string,
  load: () => Promise<TurnstileApi | undefined> = loadTurnstile,
): Promise<string | undefined> {
  const api = await load().catch(() => undefined);
  if (!api) return undefined;
  const box = document.createElement("div");
  // Bottom right, above the page, and only as large as Cloudflare's widget if it shows at all.
  Object.assign(box.style, {
    position: "fixed",
    right: "1rem",
    bottom: "1rem",
    zIndex: "2147483647",
  });
  document.body.append(box);
  return new Promise<string | undefined>((resolve) => {
    let id: string | null | undefined;
    const done = (token?: string) => {
      clearTimeout(timer);
      try {
        if (id) api.remove(id);
      } catch {
        // Removing is tidying up: nothing to tell the page.
      }
      box.remove();
      resolve(token);
    };
    const timer = setTimeout(() => done(), TURNSTILE_TOKEN_TIMEOUT_MS);
    try {
      id = api.render(box, {
        sitekey: siteKey,
        action: TURNSTILE_ACTION,
        appearance: "interaction-only",
        "response-field": false,
        callback: (token: string) => done(token),
        // Returning true tells Turnstile the error is handled (it would throw otherwise).
        "error-callback": () => {
          done();
          return true;
        },
        "expired-callback": () => done(),
        "timeout-callback": () => done(),
      });
    } catch {
      done();
    }
  });
}
