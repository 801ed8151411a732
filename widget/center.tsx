/**
 * @module
 * The lazily loaded part of the widget, `widget-center.mjs` (vite.config.ts): the preference
 * center (Preact), its styles, and the edge sync. None of it is needed to paint the banner, so a
 * first-time visitor downloads it only on "Customize", or after a choice (the sync); a
 * returning visitor only when something is owed to the edge or the launcher is pressed.
 */
import { render } from "preact";
import { PreferenceCenter, type PreferenceCenterProps } from "./components/preference-center.tsx";
import { applyStyles } from "./styles.ts";

export { createSync } from "./sync.ts";

// Size: hand-minified, as widget/styles.ts CSS (whose custom properties it uses).
export const CENTER_CSS = `.ov{inset:0;background:#0008;display:flex;align-items:center;justify-content:center;padding:1rem}
.dl{position:relative;width:100%;max-width:40rem;max-height:100%;padding:1.25rem}
h3{font-size:1rem;margin-top:1rem}
.b2{background:var(--bg);color:var(--a)}
.dl h2{padding-right:3rem}
.x{position:absolute;top:.5rem;right:.5rem;min-width:44px;min-height:44px;border:0;background:none;font-size:1.5rem}
fieldset{border:1px solid var(--bd);border-radius:var(--r);margin:0 0 .75rem;padding:.5rem .75rem}
legend{font-weight:700}
.sw{display:flex;gap:.75rem;padding:.4rem 0}
.sw input{appearance:none;flex:none;width:2.6rem;height:1.5rem;margin:0;border:2px solid var(--bd);border-radius:1rem;background:var(--bg);position:relative}
.sw input:before{content:"";position:absolute;top:2px;left:2px;width:1rem;height:1rem;border-radius:50%;background:var(--mu)}
.sw input:checked{background:var(--a);border-color:var(--a)}
.sw input:checked:before{left:auto;right:2px;background:var(--af)}
.sw input:disabled{opacity:.6}
.d{color:var(--mu);font-size:.9em;margin:0}
.o{display:inline-flex;gap:.35rem;align-items:center;margin:0 1rem .25rem 0;min-height:24px}
.o input{width:1.1rem;height:1.1rem;margin:0;accent-color:var(--a)}
@media (forced-colors:active){.sw input,.sw input:before{forced-color-adjust:none;border:2px solid CanvasText;background:Canvas}.sw input:before{background:CanvasText;border:0}.sw input:checked{background:Highlight;border-color:Highlight}.sw input:checked:before{background:HighlightText}}`;

const styled = new WeakSet<ShadowRoot>();

/** Renders the preference center into `box` (inside the widget's shadow root), or removes it. */
export function renderCenter(box: HTMLElement, props: PreferenceCenterProps | null): void {
  const root = box.getRootNode();
  if (root instanceof ShadowRoot && !styled.has(root)) {
    styled.add(root);
    applyStyles(root, CENTER_CSS);
  }
  render(props ? <PreferenceCenter {...props} /> : null, box);
}

export type { PreferenceCenterProps };
