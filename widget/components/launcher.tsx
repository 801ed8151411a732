/**
 * @module
 * The small button shown once the visitor has decided: it reopens the preference center. Fixed,
 * so it never shifts the page; a real button, so it is in the tab order and named.
 */
export function Launcher(p: { label: string; onOpen(): void }) {
  return (
    <button type="button" class="ln" aria-haspopup="dialog" onClick={p.onOpen}>
      {p.label}
    </button>
  );
}
