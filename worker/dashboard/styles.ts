/**
 * @module
 * The dashboard's stylesheet, served from /dashboard/assets/dashboard.css so the page's CSP can
 * say `style-src 'self'` without 'unsafe-inline'. Charts take their colours from SVG
 * presentation attributes (fill, stroke), which CSP does not treat as inline style.
 * Mobile first (issue 14): one column, two from 60rem; each chart comes in a compact layout
 * below 40rem and a wide one above, picked here; wide tables scroll inside a focusable region.
 */
export const DASHBOARD_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad;
  --bg: #ffffff; --panel: #f6f8fa; --high: #a40e26; --medium: #8a4600; --low: #0b5cad; --info: #3d4550; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible,
[tabindex]:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
header, main, footer { max-width: 80rem; margin: 0 auto; padding: 1rem; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline;
  justify-content: space-between; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.5rem; margin: 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
p { max-width: 70ch; }
.muted { color: var(--muted); }
.inline { display: inline; margin: 0; }
button, .button { font: inherit; padding: .45rem .9rem; border: 1px solid var(--accent);
  border-radius: .35rem; background: var(--accent); color: #fff; cursor: pointer;
  text-decoration: none; display: inline-block; }
button.secondary { background: var(--bg); color: var(--accent); }
input, select { font: inherit; padding: .4rem; border: 1px solid var(--muted); border-radius: .3rem;
  max-width: 100%; }
label { font-weight: 600; }
.signin { max-width: 28rem; margin: 3rem auto; }
.signin form { display: grid; gap: .5rem; }
.error { color: var(--high); font-weight: 600; }
.glossary dt { font-weight: 600; margin-top: .5rem; }
.glossary dd { margin: 0 0 0 1rem; }
.notice { padding: .5rem .75rem; background: var(--panel); border-left: .3rem solid var(--medium); }
.headline { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; margin: .5rem 0 0; }
.headline dt { font-weight: 600; }
.headline dd { margin: 0; }
.headline dd.big { font-size: 1.6rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.change.up { color: #1a7f37; } .change.down { color: var(--high); }
.question h3 { margin-top: 1.25rem; }
.lede { margin: 0 0 .75rem; }
.filter-fold { margin: 1rem 0 .5rem; border: 1px solid var(--line); border-radius: .4rem;
  background: var(--panel); }
.filter-fold > summary { cursor: pointer; padding: .6rem .75rem; font-weight: 600; }
.filter-fold > summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.filter-fold .filters { border: 0; border-top: 1px solid var(--line); border-radius: 0 0 .4rem .4rem; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; padding: .75rem;
  background: var(--panel); border: 1px solid var(--line); border-radius: .4rem; }
.filters fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.filters legend { font-weight: 600; padding: 0; }
.checks { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
.checks label { font-weight: 400; white-space: nowrap; }
.links { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; padding: 0; list-style: none; }
.pair { display: grid; gap: 1rem; grid-template-columns: 1fr; align-items: start; }
.pair > * { min-width: 0; }
@media (min-width: 60rem) { .pair { grid-template-columns: 3fr 2fr; } }
figure { margin: 0; }
figure.wide { max-width: 56rem; }
figure svg { width: 100%; height: auto; display: block; }
.only-narrow { display: none; }
@media (max-width: 40rem) { .only-wide { display: none; } .only-narrow { display: block; } }
figcaption { color: var(--muted); font-size: .9rem; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: .5rem 0 0;
  list-style: none; font-size: .9rem; }
.legend svg { width: 1rem; height: .6rem; display: inline-block; margin-right: .3rem; }
.scroll { overflow-x: auto; max-width: 100%; border: 1px solid var(--line); border-radius: .3rem; }
.scroll.tall { max-height: 28rem; overflow-y: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .4rem .5rem; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th { background: var(--panel); position: sticky; top: 0; }
tbody th[scope="row"] { white-space: nowrap; }
td time { white-space: nowrap; }
.suppressed { color: var(--muted); font-style: italic; }
.findings { list-style: none; padding: 0; display: grid; gap: .5rem; }
.findings li { border: 1px solid var(--line); border-left-width: .35rem; border-radius: .3rem;
  padding: .5rem .75rem; }
.findings li.high { border-left-color: var(--high); }
.findings li.medium { border-left-color: var(--medium); }
.findings li.low { border-left-color: var(--low); }
.findings li.info { border-left-color: var(--info); }
.badge { font-size: .8rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.badge.high { color: var(--high); } .badge.medium { color: var(--medium); }
.badge.low { color: var(--low); } .badge.info { color: var(--info); }
code { font-size: .9em; }
/* The console (worker/console/pages.tsx): stacked fields, readable on a phone. */
fieldset.item, fieldset.texts { min-width: 0; }
.outcome code, #diff { overflow-wrap: anywhere; }
fieldset.item { border: 1px solid var(--line); border-radius: .35rem; margin: .75rem 0; padding: .5rem .75rem; }
fieldset.texts { border: 0; padding: 0; margin: .25rem 0; }
.editor label { display: block; margin: .35rem 0; }
.editor label.check { display: inline-block; margin-right: 1rem; }
.editor input:not([type=checkbox]), .editor select, .editor textarea { display: block; width: 100%;
  max-width: 40rem; font: inherit; padding: .3rem; }
.editor table.builder input, .editor table.builder select { width: auto; display: inline-block; }
.editor .row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
table.builder { display: block; overflow-x: auto; }
.actions { margin: 1rem 0; }
.outcome { border-left: 4px solid var(--accent); padding-left: .75rem; }
.notice { font-weight: 600; }
`;
