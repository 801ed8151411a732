/**
 * @module
 * The first-visit banner: non-modal, fixed at the bottom (no layout shift), saying in plain
 * words what is asked and why, with "Accept all", "Reject all" and "Customize" as three buttons
 * of the same style, size and weight (invariant 1: refusing is as easy as accepting).
 */
export interface BannerProps {
  title: string;
  description: string;
  /** "We ask your consent for: …" */
  asks: string;
  gpc?: string;
  noStorage?: string;
  policy?: { url: string; label: string };
  labels: { acceptAll: string; rejectAll: string; customize: string };
  onAccept(): void;
  onReject(): void;
  onCustomize(): void;
}

export function Banner(p: BannerProps) {
  return (
    <section class="bn" aria-labelledby="pf-bt">
      <h2 id="pf-bt">{p.title}</h2>
      <p>{p.description}</p>
      <p>{p.asks}</p>
      {p.gpc ? <p class="n">{p.gpc}</p> : null}
      {p.noStorage ? <p class="n">{p.noStorage}</p> : null}
      {p.policy ? (
        <p>
          <a href={p.policy.url} target="_blank" rel="noopener">
            {p.policy.label}
          </a>
        </p>
      ) : null}
      <div class="bs">
        <button type="button" class="b" onClick={p.onAccept}>
          {p.labels.acceptAll}
        </button>
        <button type="button" class="b" onClick={p.onReject}>
          {p.labels.rejectAll}
        </button>
        <button type="button" class="b" aria-haspopup="dialog" onClick={p.onCustomize}>
          {p.labels.customize}
        </button>
      </div>
    </section>
  );
}
