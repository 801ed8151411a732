/**
 * @module
 * The first paint's UI is built with plain DOM calls, not Preact: the banner and the launcher are
 * a few static elements, and leaving Preact (about 4.4 KiB gzipped) to the lazily loaded
 * preference center (widget/center.tsx) is most of what keeps the first download under budget.
 */
type Child = Node | string | null | undefined | false;

/**
 * An element with attributes (`on…` functions become listeners; false and null are left out).
 * @example el("button", { type: "button", class: "b", onclick: accept }, "Accept all")
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v as EventListener);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c) e.append(c);
  return e;
}
