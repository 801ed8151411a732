/**
 * @module
 * Consent-gated scripts: the site marks a script `<script type="text/plain" data-consent="PURPOSE">`
 * (several purposes separated by spaces: all must be granted), and it runs only once that purpose
 * is granted, at most once per page view. Running means replacing the inert element with a real
 * one with the same attributes and body; a `data-type` attribute gives the type to run it as
 * (e.g. "module"). The copy takes the original's CSP nonce, so gated inline scripts also work
 * under a nonce-based CSP; with `script-src 'self'` only, gate external scripts (`src`).
 */

const SELECTOR = 'script[type="text/plain"][data-consent]';

/**
 * Runs every gated script in `root` whose purposes are all granted; returns how many ran.
 * @example runGatedScripts({ analytics: true }) // runs data-consent="analytics" scripts
 */
export function runGatedScripts(
  consent: Record<string, boolean>,
  root: ParentNode = document,
): number {
  let ran = 0;
  for (const inert of Array.from(root.querySelectorAll<HTMLScriptElement>(SELECTOR))) {
    const purposes = (inert.dataset.consent ?? "").split(/\s+/).filter(Boolean);
    if (!purposes.length || !purposes.every((p) => consent[p] === true)) continue;
    const live = document.createElement("script");
    for (const { name, value } of Array.from(inert.attributes)) {
      if (name !== "type" && name !== "data-type") live.setAttribute(name, value);
    }
    if (inert.dataset.type) live.type = inert.dataset.type;
    // The nonce attribute is hidden from the DOM after parsing; the property keeps it.
    if (inert.nonce) live.nonce = inert.nonce;
    live.text = inert.text;
    inert.replaceWith(live);
    ran++;
  }
  return ran;
}
