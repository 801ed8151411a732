/**
 * @module
 * WCAG 2.2 SC 2.4.11 (Focus Not Obscured): the banner is fixed over the page, so a link the
 * visitor tabs to may sit behind it. When the page's focus lands under the banner, the page is
 * scrolled just enough to show it; where it cannot scroll further (the end of the page), the
 * banner moves to the other edge of the viewport instead.
 */

/** Gap kept between a focused element and the banner, in CSS pixels. */
export const FOCUS_MARGIN_PX = 8;

const overlap = (a: DOMRect, b: DOMRect) => a.bottom > b.top && a.top < b.bottom;

/**
 * Watches the page's focus while `banner()` returns an element; returns the function that stops.
 * @example const stop = keepFocusVisible(() => bannerElement);
 */
export function keepFocusVisible(banner: () => HTMLElement | undefined): () => void {
  const onFocus = (e: FocusEvent) => {
    const b = banner();
    const target = e.target as Element | null;
    // Focus inside the widget's shadow root is retargeted to the host: nothing to move then.
    if (!b || !target?.getBoundingClientRect || target.shadowRoot) return;
    // Scrolls the target clear of the banner where it is; false when the page cannot scroll so far.
    const clear = (): boolean => {
      const r = target.getBoundingClientRect();
      const br = b.getBoundingClientRect();
      if (!overlap(r, br)) return true;
      const top = b.classList.contains("top");
      window.scrollBy(
        0,
        top ? r.top - br.bottom - FOCUS_MARGIN_PX : r.bottom - br.top + FOCUS_MARGIN_PX,
      );
      return !overlap(target.getBoundingClientRect(), br);
    };
    if (!clear()) {
      b.classList.toggle("top");
      clear();
    }
  };
  document.addEventListener("focusin", onFocus);
  return () => document.removeEventListener("focusin", onFocus);
}
