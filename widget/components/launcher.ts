/**
 * @module
 * The small button shown once the visitor has decided: it reopens the preference center. Fixed,
 * so it never shifts the page; a real button, so it is in the tab order and named. Its corner
 * and label come from the site config's `launcher` or the tag (`data-launcher`).
 */
import { el } from "../dom.ts";

export function launcher(label: string, right: boolean, onOpen: () => void): HTMLElement {
  return el(
    "button",
    { type: "button", class: right ? "ln r" : "ln", "aria-haspopup": "dialog", onclick: onOpen },
    label,
  );
}
