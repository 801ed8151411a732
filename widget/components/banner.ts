/**
 * @module
 * The first-visit banner: non-modal, fixed at the bottom (no layout shift), saying in plain
 * words what is asked and why, with "Accept all", "Reject all" and "Customize" as three buttons
 * of the same style, size and weight (invariant 1: refusing is as easy as accepting).
 */
import { el } from "../dom.ts";

export interface BannerProps {
  title: string;
  description: string;
  /** "We ask your consent for: …" */
  asks: string;
  gpc?: string | undefined;
  noStorage?: string | undefined;
  policy?: { url: string; label: string } | undefined;
  labels: { acceptAll: string; rejectAll: string; customize: string };
  onAccept(): void;
  onReject(): void;
  onCustomize(): void;
}

export function banner(p: BannerProps): HTMLElement {
  const button = (label: string, onclick: () => void, dialog?: boolean) =>
    el(
      "button",
      { type: "button", class: "b", "aria-haspopup": dialog && "dialog", onclick },
      label,
    );
  return el(
    "section",
    { class: "bn", "aria-labelledby": "pf-bt" },
    el("h2", { id: "pf-bt" }, p.title),
    el("p", {}, p.description),
    el("p", {}, p.asks),
    p.gpc && el("p", { class: "n" }, p.gpc),
    p.noStorage && el("p", { class: "n" }, p.noStorage),
    p.policy &&
      el(
        "p",
        {},
        el("a", { href: p.policy.url, target: "_blank", rel: "noopener" }, p.policy.label),
      ),
    el(
      "div",
      { class: "bs" },
      button(p.labels.acceptAll, p.onAccept),
      button(p.labels.rejectAll, p.onReject),
      button(p.labels.customize, p.onCustomize, true),
    ),
  );
}
