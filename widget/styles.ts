/**
 * @module
 * The widget's styles, inside its open shadow root so the page's CSS and the widget's never mix.
 * Theming: set these custom properties on the page (they inherit into the shadow root), e.g.
 * `#preferably { --pf-accent: #b00020 }`: --pf-bg, --pf-fg, --pf-muted, --pf-accent,
 * --pf-accent-fg, --pf-border, --pf-radius, --pf-font, --pf-z.
 *
 * CSP: a constructable stylesheet (`adoptedStyleSheets`) is CSSOM, which `style-src` does not
 * govern, so the widget needs no 'unsafe-inline' where browsers support it (all current ones).
 * The `<style>` fallback for older browsers needs style-src 'unsafe-inline' (or nothing, if the
 * page has no CSP). The defaults meet WCAG 2.2 AA contrast (4.5:1 for text, 3:1 for controls).
 */

// Size: hand-minified CSS (no build step touches a string), one rule per line for reading. This
// sheet is what the banner and the launcher need; CENTER_CSS (widget/center.tsx) comes with the
// preference center. Fonts: one family (system-ui) in two weights only, 400 and 700 (the
// heading and the buttons share the bold): each weight is a font lookup in the first layout, an
// IPC to the browser process on Linux, about 3 ms each with the CPU slowed 4x (Chromium trace,
// FontCache::GetFontPlatformData), on the path to the first paint. Dark: the same custom
// properties with dark fallbacks, so a site's --pf-* values still win; `color-scheme` gives
// native controls (scroll bars, radios) the same theme. Motion: the dialog and the notice fade
// in (unless reduced motion is asked for); the banner does not: it is fully drawn in its first
// frame, where a fade from transparent would keep it unseen for frames and add a composited
// layer to the first paint's commit.
export const CSS = `:host{all:initial;color-scheme:light dark;--a:var(--pf-accent,#0b57d0);--af:var(--pf-accent-fg,#fff);--bg:var(--pf-bg,#fff);--fg:var(--pf-fg,#1b1b1f);--mu:var(--pf-muted,#4a4a52);--bd:var(--pf-border,#767680);--r:var(--pf-radius,8px);font:15px/1.5 var(--pf-font,system-ui,sans-serif);color:var(--fg)}
@media (prefers-color-scheme:dark){:host{--a:var(--pf-accent,#a8c7fa);--af:var(--pf-accent-fg,#062e6f);--bg:var(--pf-bg,#1f1f23);--fg:var(--pf-fg,#e8e8ec);--mu:var(--pf-muted,#c0c0c8);--bd:var(--pf-border,#8e8e98)}}
*{box-sizing:border-box;font:inherit;color:inherit}
.bn,.dl,.ln,.ov,.st{position:fixed;z-index:var(--pf-z,2147483000)}
.bn,.dl,.ln,.st{background:var(--bg);color:var(--fg);border:1px solid var(--bd);border-radius:var(--r);box-shadow:0 4px 24px #0003;overflow:auto}
.bn{inset:auto 1rem 1rem;max-width:44rem;margin:auto;padding:1rem 1.25rem;max-height:calc(100vh - 2rem)}
.bn.top{inset:1rem 1rem auto}
.ln{inset:auto auto 1rem 1rem;padding:.5rem .9rem}
.r{inset:auto 1rem 1rem auto}
.st{inset:1rem 1rem auto;max-width:30rem;margin:auto;padding:.6rem 1rem;border-left:4px solid var(--a)}
h2,h3{font-size:1.2rem;font-weight:700;margin:0 0 .5rem}
p{margin:0 0 .75rem}
a{color:var(--a)}
.bs{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.75rem}
.b{min-height:44px;padding:.5rem 1.1rem;border:2px solid var(--a);border-radius:var(--r);background:var(--a);color:var(--af);font-weight:700}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.n{color:var(--mu);font-size:.9em;padding:.5rem .75rem;border-left:4px solid var(--a);margin:.5rem 0}
@media (prefers-reduced-motion:no-preference){.dl,.st{animation:f .2s}@keyframes f{from{opacity:0}}}`;

/**
 * Adds a sheet to a shadow root (after those it has): a constructable stylesheet where supported, else a
 * `<style>` element.
 */
export function applyStyles(root: ShadowRoot, css: string = CSS): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
  }
}
