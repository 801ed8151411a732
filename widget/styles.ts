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

// Size: hand-minified CSS (no build step touches a string), one rule per line for reading.
export const CSS = `:host{all:initial;--a:var(--pf-accent,#0b57d0);--af:var(--pf-accent-fg,#fff);--bg:var(--pf-bg,#fff);--fg:var(--pf-fg,#1b1b1f);--mu:var(--pf-muted,#4a4a52);--bd:var(--pf-border,#767680);--r:var(--pf-radius,8px);font:15px/1.5 var(--pf-font,system-ui,sans-serif);color:var(--fg)}
*{box-sizing:border-box;font:inherit;color:inherit}
.bn,.dl,.ln,.ov{position:fixed;z-index:var(--pf-z,2147483000)}
.bn,.dl,.ln{background:var(--bg);color:var(--fg);border:1px solid var(--bd);border-radius:var(--r);box-shadow:0 4px 24px #0003;overflow:auto}
.bn{inset:auto 1rem 1rem;max-width:44rem;margin:auto;padding:1rem 1.25rem;max-height:calc(100vh - 2rem)}
.ov{inset:0;background:#0008;display:flex;align-items:center;justify-content:center;padding:1rem}
.dl{position:relative;width:100%;max-width:40rem;max-height:100%;padding:1.25rem}
.ln{inset:auto auto 1rem 1rem;padding:.5rem .9rem}
h2,h3{font-size:1.2rem;font-weight:700;margin:0 0 .5rem}
h3{font-size:1rem;margin-top:1rem}
p{margin:0 0 .75rem}
a{color:var(--a)}
.bs{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.75rem}
.b{min-height:44px;padding:.5rem 1.1rem;border:2px solid var(--a);border-radius:var(--r);background:var(--a);color:var(--af);font-weight:600}
.b2{background:var(--bg);color:var(--a)}
.dl h2{padding-right:3rem}
.x{position:absolute;top:.5rem;right:.5rem;min-width:44px;min-height:44px;border:0;background:none;font-size:1.5rem}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
fieldset{border:1px solid var(--bd);border-radius:var(--r);margin:0 0 .75rem;padding:.5rem .75rem}
legend{font-weight:600}
.sw{display:flex;gap:.75rem;padding:.4rem 0}
.sw input{appearance:none;flex:none;width:2.6rem;height:1.5rem;margin:0;border:2px solid var(--bd);border-radius:1rem;background:var(--bg);position:relative}
.sw input:before{content:"";position:absolute;top:2px;left:2px;width:1rem;height:1rem;border-radius:50%;background:var(--mu)}
.sw input:checked{background:var(--a);border-color:var(--a)}
.sw input:checked:before{left:auto;right:2px;background:var(--af)}
.sw input:disabled{opacity:.6}
.d,.n{color:var(--mu);font-size:.9em;margin:0}
.o{display:inline-flex;gap:.35rem;align-items:center;margin:0 1rem .25rem 0;min-height:24px}
.o input{width:1.1rem;height:1.1rem;margin:0;accent-color:var(--a)}
.n{padding:.5rem .75rem;border-left:4px solid var(--a);margin:.5rem 0}
pre{white-space:pre-wrap;word-break:break-all;font:12px ui-monospace,monospace}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
@media (prefers-reduced-motion:no-preference){.bn,.dl{animation:f .2s}@keyframes f{from{opacity:0}}}
@media (forced-colors:active){.sw input:checked:before{background:CanvasText}}`;

/**
 * Applies the styles to a shadow root: a constructable stylesheet where supported, else a
 * `<style>` element.
 */
export function applyStyles(root: ShadowRoot, css: string = CSS): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
  }
}
